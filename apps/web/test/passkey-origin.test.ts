import { describe, expect, it } from "vitest";
import { passkeyHomeFor } from "../src/lib/passkey-origin";

const at = (url: string) => {
  const { protocol, hostname, port } = new URL(url);
  return { protocol, hostname, port };
};

describe("where passkeys can work", () => {
  it("when the page is on the relying party's host or a subdomain, then here is fine", () => {
    expect(passkeyHomeFor("localhost", at("http://localhost:3000/security"))).toBeNull();
    expect(passkeyHomeFor("example.com", at("https://app.example.com/login"))).toBeNull();
  });

  it("when the page is on an IP address, then it names the localhost address to open", () => {
    expect(passkeyHomeFor("localhost", at("http://127.0.0.1:3000/security"))).toBe(
      "http://localhost:3000",
    );
    expect(passkeyHomeFor("localhost", at("http://[::1]:5173/login"))).toBe(
      "http://localhost:5173",
    );
  });

  it("when the page is on another host than APP_URL's, then it names APP_URL's host", () => {
    expect(passkeyHomeFor("app.example.com", at("https://other.example.net/login"))).toBe(
      "https://app.example.com",
    );
  });
});
