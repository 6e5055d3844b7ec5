import { apiPaths } from "@jwt-auth/shared";
import { describe, expect, it } from "vitest";
import { appOnDialect } from "../../postgres/app-on-dialect.js";
import { mailTo } from "../../accounts/mailbox.js";
import { DIALECTS } from "../../postgres/test-database.js";
import { bearer, registerUser, registerVerifiedUser } from "../../support/test-app.js";

// The fuzz of the OpenAPI document sent its requests four at a time: on PostgreSQL, two
// TOTP setups or two account deletions of one user at once answered 500 (a primary key
// broken by the second insert). A double click must get the answer a single click gets.
describe.each(DIALECTS)("the same request sent several times at once on %s", (dialect) => {
  const on = appOnDialect(dialect);

  it("when TOTP setup is started 6 times at once, then each answers 200 and TOTP stays off until a code confirms it", async () => {
    const user = await registerVerifiedUser(on.app);
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        on.app.http.post(apiPaths.totpSetup).set(bearer(user.accessToken)),
      ),
    );
    expect(replies.map((res) => res.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const status = await on.app.http.get(apiPaths.mfa).set(bearer(user.accessToken)).expect(200);
    expect(status.body.totpEnabled).toBe(false);
  });

  it("when the account is deleted 6 times at once, then it is deleted once: 204s (or 401 once its sessions ended), one notice", async () => {
    const user = await registerUser(on.app);
    const replies = await Promise.all(
      Array.from({ length: 6 }, () =>
        on.app.http.delete(apiPaths.account).set(bearer(user.accessToken)),
      ),
    );
    // A request that reads the token after the first deletion ended its sessions gets 401.
    for (const res of replies) expect([204, 401], res.text).toContain(res.status);
    expect(replies.filter((res) => res.status === 204).length).toBeGreaterThan(0);
    const notices = (await mailTo(on.app, user.email)).filter((mail) =>
      /deleted/i.test(mail.subject),
    );
    expect(notices).toHaveLength(1);
    await on.app.http.get(apiPaths.profile).set(bearer(user.accessToken)).expect(401);
  });
});
