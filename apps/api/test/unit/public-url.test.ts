import { describe, expect, it } from "vitest";
import { publicUrl } from "../../src/http/public-url.js";

describe("the URL the start-up line tells people to open", () => {
  it("when APP_URL is the default, then it is localhost on the bound port", () => {
    expect(publicUrl("http://localhost:3000", 3000, 3000)).toBe("http://localhost:3000");
    expect(publicUrl("http://localhost:0", 0, 41234)).toBe("http://localhost:41234");
  });

  it("when APP_URL is set, then it is APP_URL, whatever the socket", () => {
    expect(publicUrl("https://app.example.com", 3000, 3000)).toBe("https://app.example.com");
    expect(publicUrl("http://localhost:5173", 3000, 3000)).toBe("http://localhost:5173");
  });
});
