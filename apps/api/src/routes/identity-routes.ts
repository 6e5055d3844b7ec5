import { apiPaths, IdentitiesResponse, LinkIdentityResponse, pathTo } from "@jwt-auth/shared";
import { z } from "zod";
import type { CredentialEvents } from "../credentials/credential-events.js";
import { DomainError } from "../errors/domain-error.js";
import { requestContext } from "../http/request-context.js";
import { requireVerifiedEmail } from "../auth/require-verified-email.js";
import { defineRoute, type Route } from "../http/route.js";
import { emailNotVerified } from "../openapi/common-responses.js";
import { LINK_TTL_MS, type FlowCookies } from "../oidc/flow-cookie.js";
import { listIdentities } from "../oidc/list-identities.js";
import type { ProviderRegistry } from "../oidc/provider-registry.js";
import { unlinkIdentity } from "../oidc/unlink-identity.js";
import type { Db } from "../store/db.js";

export interface IdentityRouteDeps {
  db: Db;
  providers: ProviderRegistry;
  flowCookies: FlowCookies;
  credentials: CredentialEvents;
  now: () => number;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** The provider identities linked to the signed-in account: list, link, unlink. */
export function identityRoutes(deps: IdentityRouteDeps): Route[] {
  return [
    defineRoute({
      method: "get",
      path: apiPaths.identities,
      operationId: "listIdentities",
      tag: "user",
      summary: "The provider identities linked to this account",
      description: "Each identity is named by the id of its configured provider.",
      auth: "bearer",
      responses: { 200: { description: "The linked identities", body: IdentitiesResponse } },
      handler: async ({ res, user }) => {
        const identities = await listIdentities(deps.db, user.id, deps.providers.idOfIssuer);
        res.json({ identities });
      },
    }),

    defineRoute({
      method: "post",
      path: apiPaths.identity,
      operationId: "linkIdentity",
      tag: "user",
      summary: "Start linking a provider to this account",
      description:
        "`id` is the provider's id. Needs a fresh login. Answers the same-origin URL to navigate the browser to (it goes through the provider and back to the security page), and sets a short-lived cookie that only this browser can use to finish the link.",
      auth: "fresh",
      // Pre-hijacking: nothing may be attached to an address before its owner proved it.
      throttle: [requireVerifiedEmail],
      params: IdParams,
      responses: {
        403: emailNotVerified,
        200: { description: "Where to send the browser", body: LinkIdentityResponse },
        404: { description: "No such provider", problems: ["not_found"] },
      },
      handler: ({ res, params, user }) => {
        const provider = deps.providers.get(params.id);
        if (!provider) throw new DomainError("not_found");
        const now = deps.now();
        deps.flowCookies.writeLink(
          res,
          { provider: provider.id, userId: user.id, expiresAt: now + LINK_TTL_MS },
          now,
        );
        const url = `${pathTo(apiPaths.oidcStart, { provider: provider.id })}?intent=link&returnTo=%2Fsecurity`;
        res.json({ url });
      },
    }),

    defineRoute({
      method: "delete",
      path: apiPaths.identity,
      operationId: "unlinkIdentity",
      tag: "user",
      summary: "Unlink a provider identity",
      description:
        "`id` is the identity's id from the list. Needs a fresh login. Refused while it is the account's last way to log in.",
      auth: "fresh",
      params: IdParams,
      responses: {
        204: { description: "Unlinked" },
        404: { description: "No such identity on this account", problems: ["not_found"] },
        409: { description: "The last way to log in", problems: ["last_credential"] },
      },
      handler: async ({ req, res, params, user }) => {
        await unlinkIdentity(deps, user.id, params.id, requestContext(req));
        res.status(204).end();
      },
    }),
  ];
}
