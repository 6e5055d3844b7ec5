import type { Page } from "@playwright/test";

/**
 * Gives `page` a platform authenticator through Chromium's DevTools protocol: resident
 * keys, user verification that always succeeds. It answers WebAuthn ceremonies with real
 * attestations and signatures, which the API verifies as it would a phone's or laptop's.
 * With presence on, it also accepts a passkey offered in autofill (conditional UI) at once.
 */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}
