/** One figure from DESIGN.md's list, measured: the value, its goal, and whether it was met. */
export interface Figure {
  name: string;
  /** The measured value, as printed ("0.91 x bare express"). */
  value: string;
  goal: string;
  /** undefined when the figure could not be measured here (e.g. no web build yet). */
  ok: boolean | undefined;
  note?: string;
}

export interface CaseResult {
  figures: Figure[];
  /** Everything measured, for bench/results/latest.json. */
  details: Record<string, unknown>;
}

export function summaryLine(figure: Figure): string {
  const verdict = figure.ok === undefined ? "not measured" : figure.ok ? "ok" : "MISSED";
  return `${figure.name}: ${figure.value} (goal ${figure.goal}) ${verdict}${figure.note ? ` — ${figure.note}` : ""}`;
}
