import { scaleLinear } from "d3-scale";
import { line } from "d3-shape";

export interface Series {
  name: string;
  points: Array<{ t: number; v: number }>;
}

export interface Panel {
  title: string;
  unit: string;
  series: Series[];
  /** The top of the y axis; from the data when absent. */
  max?: number;
  threshold?: { value: number; label: string };
}

const WIDTH = 960;
const PANEL_HEIGHT = 200;
const MARGIN = { top: 34, right: 150, bottom: 26, left: 56 };
const COLOURS: Record<string, string> = {
  success: "#2e7d32",
  failure: "#c62828",
  shed: "#ef6c00",
  "failed / all": "#c62828",
  "hashes waiting": "#6a1b9a",
  "login p99 (s)": "#1565c0",
};
const FALLBACK = ["#37474f", "#00838f", "#ad1457"];

/**
 * Stacked line charts sharing one time axis (seconds from the start), with a shaded band
 * for the attack, as one self-contained SVG (no script, no external font or style).
 */
export function drawPanels(
  panels: Panel[],
  options: { seconds: number; band: { from: number; to: number; label: string } },
): string {
  const height = panels.length * PANEL_HEIGHT;
  const x = scaleLinear()
    .domain([0, options.seconds])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const parts = panels.map((panel, index) =>
    drawPanel(panel, index * PANEL_HEIGHT, x, options.band),
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

function drawPanel(
  panel: Panel,
  top: number,
  x: ReturnType<typeof scaleLinear<number, number>>,
  band: { from: number; to: number; label: string },
): string {
  const values = panel.series.flatMap((s) => s.points.map((p) => p.v)).filter(Number.isFinite);
  const top_ = panel.max ?? Math.max(1, ...values) * 1.1;
  const y = scaleLinear()
    .domain([0, top_])
    .range([top + PANEL_HEIGHT - MARGIN.bottom, top + MARGIN.top])
    .nice();
  const [x0, x1] = x.range() as [number, number];
  const [yBottom, yTop] = y.range() as [number, number];
  const out: string[] = [];
  out.push(
    `<text x="${MARGIN.left}" y="${top + 20}" font-size="14" font-weight="bold" fill="#212121">${escape(panel.title)}</text>`,
  );
  out.push(
    `<rect x="${x(band.from).toFixed(1)}" y="${yTop}" width="${(x(band.to) - x(band.from)).toFixed(1)}" height="${yBottom - yTop}" fill="#c62828" fill-opacity="0.08"/>`,
  );
  if (top === 0)
    out.push(
      `<text x="${((x(band.from) + x(band.to)) / 2).toFixed(1)}" y="${yTop + 12}" text-anchor="middle" fill="#c62828">${escape(band.label)}</text>`,
    );
  for (const tick of y.ticks(4)) {
    const ty = y(tick).toFixed(1);
    out.push(`<line x1="${x0}" x2="${x1}" y1="${ty}" y2="${ty}" stroke="#e0e0e0"/>`);
    out.push(
      `<text x="${x0 - 6}" y="${ty}" dy="4" text-anchor="end" fill="#616161">${escape(format(tick) + panel.unit)}</text>`,
    );
  }
  for (const tick of x.ticks(10)) {
    const tx = x(tick).toFixed(1);
    out.push(`<line x1="${tx}" x2="${tx}" y1="${yBottom}" y2="${yBottom + 4}" stroke="#9e9e9e"/>`);
    out.push(
      `<text x="${tx}" y="${yBottom + 16}" text-anchor="middle" fill="#616161">${tick} s</text>`,
    );
  }
  out.push(`<line x1="${x0}" x2="${x1}" y1="${yBottom}" y2="${yBottom}" stroke="#9e9e9e"/>`);
  if (panel.threshold) {
    const ty = y(panel.threshold.value).toFixed(1);
    out.push(
      `<line x1="${x0}" x2="${x1}" y1="${ty}" y2="${ty}" stroke="#c62828" stroke-dasharray="6 4"/>`,
    );
    out.push(
      `<text x="${x1 + 8}" y="${ty}" dy="4" fill="#c62828">${escape(panel.threshold.label)}</text>`,
    );
  }
  const path = line<{ t: number; v: number }>()
    .defined((p) => Number.isFinite(p.v))
    .x((p) => x(p.t))
    .y((p) => y(p.v));
  panel.series.forEach((series, i) => {
    const colour = COLOURS[series.name] ?? FALLBACK[i % FALLBACK.length]!;
    out.push(
      `<path d="${path(series.points) ?? ""}" fill="none" stroke="${colour}" stroke-width="2"/>`,
    );
    const legendY = top + MARGIN.top + 16 * i + (panel.threshold ? 24 : 0);
    out.push(
      `<line x1="${x1 + 8}" x2="${x1 + 26}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="2"/>`,
    );
    out.push(
      `<text x="${x1 + 32}" y="${legendY}" dy="4" fill="#212121">${escape(series.name)}</text>`,
    );
  });
  return out.join("\n");
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 2 : 1);
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
