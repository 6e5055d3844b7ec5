import { describe, expect, it } from "vitest";
import { describeUserAgent } from "../../src/security/describe-user-agent.js";

describe("describeUserAgent", () => {
  it("names the browser with its major version and the operating system", () => {
    expect(
      describeUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
    ).toEqual({ browser: "Firefox 128", os: "Linux" });
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      ),
    ).toEqual({ browser: "Chrome 131", os: "Windows 10" });
  });

  it("when the user agent says nothing known, or nothing at all, then both are null", () => {
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null });
    expect(describeUserAgent("curl/8.5.0")).toMatchObject({ os: null });
  });
});
