import { describe, expect, it } from "vitest";
import { RequestDurations } from "../../src/metrics/request-durations.js";
import { valueOf } from "../operations/scrape.js";

const NAME = "http_request_duration_seconds";
const profile = { route: "/api/user/profile", method: "GET", status: "200" };

describe("request durations", () => {
  it("when durations are observed, then the buckets are cumulative, a bound counts as inside, and +Inf, sum and count agree", () => {
    const durations = new RequestDurations(NAME, "Time to answer", [0.01, 0.1, 1]);
    const series = durations.series(profile);
    for (const seconds of [0.005, 0.01, 0.05, 0.5, 3]) series.observe(seconds);

    const text = durations.exposition();
    const bucket = (le: string) => valueOf(text, `${NAME}_bucket`, { ...profile, le });
    expect([bucket("0.01"), bucket("0.1"), bucket("1"), bucket("+Inf")]).toEqual([2, 3, 4, 5]);
    expect(valueOf(text, `${NAME}_count`, profile)).toBe(5);
    expect(valueOf(text, `${NAME}_sum`, profile)).toBeCloseTo(3.565, 10);
    expect(text).toMatch(new RegExp(`^# HELP ${NAME} Time to answer\n# TYPE ${NAME} histogram\n`));
  });

  it("when two series are kept, then each counts only its own requests", () => {
    const durations = new RequestDurations(NAME, "Time to answer", [0.01]);
    const notFound = { route: "(unmatched)", method: "GET", status: "404" };
    durations.series(profile).observe(0.001);
    const missing = durations.series(notFound);
    missing.observe(0.001);
    missing.observe(0.02);

    const text = durations.exposition();
    expect(valueOf(text, `${NAME}_count`, profile)).toBe(1);
    expect(valueOf(text, `${NAME}_count`, notFound)).toBe(2);
    expect(valueOf(text, `${NAME}_bucket`, { ...notFound, le: "0.01" })).toBe(1);
  });

  it("when a label holds a quote, a backslash or a line feed, then the exposition escapes it", () => {
    const durations = new RequestDurations(NAME, "Time to answer", [1]);
    durations.series({ route: 'a"b\\c\nd', method: "GET", status: "200" }).observe(0.5);

    const text = durations.exposition();
    expect(text).toContain(`${NAME}_count{route="a\\"b\\\\c\\nd",method="GET",status="200"} 1`);
    expect(text.split("\n").every((line) => line === "" || /^(#|\w)/.test(line))).toBe(true);
  });

  it("when nothing was observed, then the exposition holds the help and type lines only", () => {
    const text = new RequestDurations(NAME, "Time to answer", [1]).exposition();
    expect(text).toBe(`# HELP ${NAME} Time to answer\n# TYPE ${NAME} histogram\n`);
  });
});
