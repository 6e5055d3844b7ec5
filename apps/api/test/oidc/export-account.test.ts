import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, registerVerifiedUser } from "../support/test-app.js";
import { addPasskey } from "../support/add-passkey.js";
import { enableTotp } from "../support/totp.js";
import { linkThroughProvider, PROVIDER_ID, startOidcWorld } from "../support/oidc-world.js";

type World = Awaited<ReturnType<typeof startOidcWorld>>;
let world: World;

beforeAll(async () => {
  world = await startOidcWorld();
});
afterAll(() => world.close());

describe("GET /api/user/export, field by field", () => {
  it("when the account has TOTP, a passkey and a linked provider, then each is in the file without secrets", async () => {
    const user = await registerVerifiedUser(world.app);
    const { secret, backupCodes } = await enableTotp(world.app, user, Date.now());
    const { res: passkey, device } = await addPasskey(world.app, user, { name: "Desk key" });
    expect(passkey.status).toBe(201);
    const who = `exported-${Math.random().toString(36).slice(2, 10)}`;
    await linkThroughProvider(world, user, who);

    const res = await world.app.http
      .get("/api/user/export")
      .set(bearer(user.accessToken))
      .expect(200);

    expect(Object.keys(res.body).sort()).toEqual(
      ["activity", "exportedAt", "identities", "mfa", "passkeys", "profile", "sessions"].sort(),
    );
    expect(res.body.exportedAt).toEqual(expect.any(String));
    expect(res.body.profile).toMatchObject({ id: user.id, email: user.email, name: user.name });
    expect(res.body.sessions).toHaveLength(1);
    expect(res.body.activity.map((e: { type: string }) => e.type)).toContain("mfa_enabled");
    expect(res.body.mfa).toEqual({ totpEnabled: true, backupCodesRemaining: backupCodes.length });
    expect(res.body.passkeys).toEqual([passkey.body]);
    expect(res.body.identities).toEqual([
      {
        id: expect.any(String),
        provider: PROVIDER_ID,
        email: `${who}@example.test`,
        linkedAt: expect.any(String),
      },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(device.id);
    for (const code of backupCodes) expect(text).not.toContain(code);
  });

  it("when the account has none of them, then TOTP is off, no backup codes are left and the lists are empty", async () => {
    const user = await registerVerifiedUser(world.app);

    const res = await world.app.http
      .get("/api/user/export")
      .set(bearer(user.accessToken))
      .expect(200);

    expect(res.body.mfa).toEqual({ totpEnabled: false, backupCodesRemaining: 0 });
    expect(res.body.passkeys).toEqual([]);
    expect(res.body.identities).toEqual([]);
  });
});
