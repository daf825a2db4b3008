/**
 * The scale curve as an SVG image: API calls and wall time against invites declared, log-log, one
 * line per command and level. Pure: points in, SVG text out (no fonts or browsers needed to make it).
 */
import type { ScalePoint } from "./context";

const PANEL_W = 420;
const PANEL_H = 300;
const MARGIN = { left: 62, right: 16, top: 34, bottom: 46 };
const COLOURS: Record<ScalePoint["op"], string> = { up: "#1f77b4", refresh: "#2ca02c", destroy: "#d62728" };
const DASH: Record<ScalePoint["level"], string> = { engine: "", host: "6 4" };

function decadeTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) ticks.push(10 ** e);
  return ticks;
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function label(value: number): string {
  return value >= 1000 ? `${value / 1000}k` : String(value);
}

/** One log-log panel of `value(point)` against size, offset `dx` from the image's left edge. */
function panel(
  points: readonly ScalePoint[],
  value: (p: ScalePoint) => number,
  title: string,
  dx: number,
): string {
  const xs = points.map((p) => p.size);
  const ys = points.map(value).filter((v) => v > 0);
  const xTicks = decadeTicks(Math.min(...xs), Math.max(...xs));
  const yTicks = decadeTicks(Math.max(Math.min(...ys), 0.1), Math.max(...ys));
  const [x0, x1] = [Math.log10(xTicks[0]), Math.log10(xTicks[xTicks.length - 1])];
  const [y0, y1] = [Math.log10(yTicks[0]), Math.log10(yTicks[yTicks.length - 1])];
  const w = PANEL_W - MARGIN.left - MARGIN.right;
  const h = PANEL_H - MARGIN.top - MARGIN.bottom;
  const px = (x: number): number => dx + MARGIN.left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * w;
  const py = (y: number): number => MARGIN.top + h - ((Math.log10(y) - y0) / (y1 - y0 || 1)) * h;
  const out: string[] = [
    `<text x="${dx + PANEL_W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    `<rect x="${dx + MARGIN.left}" y="${MARGIN.top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`,
  ];
  for (const t of xTicks) {
    out.push(
      `<line x1="${px(t)}" y1="${MARGIN.top}" x2="${px(t)}" y2="${MARGIN.top + h}" stroke="#eee"/>`,
      `<text x="${px(t)}" y="${MARGIN.top + h + 16}" text-anchor="middle" font-size="11">${label(t)}</text>`,
    );
  }
  for (const t of yTicks) {
    out.push(
      `<line x1="${dx + MARGIN.left}" y1="${py(t)}" x2="${dx + MARGIN.left + w}" y2="${py(t)}" stroke="#eee"/>`,
      `<text x="${dx + MARGIN.left - 6}" y="${py(t) + 4}" text-anchor="end" font-size="11">${label(t)}</text>`,
    );
  }
  out.push(
    `<text x="${dx + MARGIN.left + w / 2}" y="${PANEL_H - 10}" text-anchor="middle" font-size="12">invites declared</text>`,
  );
  for (const level of ["engine", "host"] as const) {
    for (const op of ["up", "refresh", "destroy"] as const) {
      const line = points
        .filter((p) => p.level === level && p.op === op && value(p) > 0)
        .sort((a, b) => a.size - b.size);
      if (line.length === 0) continue;
      const colour = COLOURS[op];
      if (line.length > 1) {
        const d = line.map(
          (p, i) => `${i === 0 ? "M" : "L"}${px(p.size).toFixed(1)},${py(value(p)).toFixed(1)}`,
        );
        out.push(
          `<path d="${d.join(" ")}" fill="none" stroke="${colour}" stroke-width="2"${DASH[level] ? ` stroke-dasharray="${DASH[level]}"` : ""}/>`,
        );
      }
      for (const p of line) {
        const [cx, cy] = [px(p.size).toFixed(1), py(value(p)).toFixed(1)];
        out.push(
          level === "engine"
            ? `<circle cx="${cx}" cy="${cy}" r="4" fill="${colour}"/>`
            : `<rect x="${Number(cx) - 4}" y="${Number(cy) - 4}" width="8" height="8" fill="${colour}"/>`,
        );
      }
    }
  }
  return out.join("\n");
}

/**
 * The chart: left, API calls; right, wall seconds; both against invites declared, log-log. Engine
 * points (the real CLI) are circles on solid lines, host points (the provider host alone) squares on
 * dashed lines; colour is the command.
 */
export function scaleChartSvg(points: readonly ScalePoint[], caption: string): string {
  const width = PANEL_W * 2;
  const height = PANEL_H + 40;
  const legend = (["up", "refresh", "destroy"] as const)
    .map(
      (op, i) =>
        `<rect x="${MARGIN.left + i * 110}" y="${PANEL_H + 8}" width="12" height="12" fill="${COLOURS[op]}"/>` +
        `<text x="${MARGIN.left + i * 110 + 18}" y="${PANEL_H + 18}" font-size="12">${op}</text>`,
    )
    .join("\n");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    panel(points, (p) => p.calls, "API calls", 0),
    panel(points, (p) => p.ms / 1000, "wall time (s)", PANEL_W),
    legend,
    `<text x="${MARGIN.left + 340}" y="${PANEL_H + 18}" font-size="12">● engine (CLI)   ■ host only</text>`,
    `<text x="${width - 8}" y="${height - 6}" text-anchor="end" font-size="10" fill="#666">${esc(caption)}</text>`,
    `</svg>`,
    "",
  ].join("\n");
}
