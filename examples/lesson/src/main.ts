import { randomBytes } from "node:crypto";
import { createLessonApp, newUser } from "./lesson.js";

// `npm run build -w @jwt-auth/lesson && npm start -w @jwt-auth/lesson`, then:
//   curl -s localhost:3001/login -H 'Content-Type: application/json' \
//     -d '{"email":"ada@example.com","password":"correct horse battery"}'
//   curl -s localhost:3001/profile -H "Authorization: Bearer <the token>"
const secret = process.env.LESSON_SECRET ?? randomBytes(32).toString("base64url");
const port = Number(process.env.PORT ?? 3001);
const users = [newUser("1", "ada@example.com", "correct horse battery")];
createLessonApp(secret, users).listen(port, "127.0.0.1", () => {
  process.stdout.write(`The lesson's API on http://127.0.0.1:${port}: POST /login, GET /profile\n`);
});
