/**
 * Vega-Lite specifications compiled and rendered to SVG in Node at report time (as vega-cli
 * does: a headless view with no renderer, then `toSVG`). Vega escapes the text it writes; data
 * strings are stripped of control and invisible characters first, and every element id is
 * prefixed with the chart's id so several charts share one page without their gradients or clip
 * paths colliding. Each data mark gets its description as an SVG <title>: the hover text.
 */
import type { TopLevelSpec } from 'vega-lite';
import { sanitizeText } from '../../core/sanitize.js';

/**
 * Vega and Vega-Lite, loaded on the first chart: together they take about half a second to load,
 * which every run paid at start-up when only the HTML report draws charts.
 */
let charting: Promise<{ vega: typeof import('vega'); compile: typeof import('vega-lite').compile; noLoader: ReturnType<typeof import('vega').loader> }> | null =
  null;
function loadCharting() {
  charting ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    /** Loads nothing: every chart's data is inline, and a report must never reach the network or the disk. */
    const noLoader = vega.loader();
    noLoader.load = () => Promise.reject(new Error('charts load no data'));
    noLoader.sanitize = () => Promise.reject(new Error('charts load no data'));
    return { vega, compile: vegaLite.compile, noLoader };
  });
  return charting;
}

/** A logger that keeps Vega and Vega-Lite quiet on stderr: a chart's warnings are not the user's business. */
const silent = {
  level(value?: number) {
    return value === undefined ? 0 : silent;
  },
  error: () => silent,
  warn: () => silent,
  info: () => silent,
  debug: () => silent,
};

function clean(value: unknown): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
  return value;
}

export async function chartSvg(id: string, spec: Record<string, unknown>): Promise<string> {
  const { vega, compile, noLoader } = await loadCharting();
  const compiled = compile(clean(spec) as TopLevelSpec, { logger: silent }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: noLoader, logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    return (
      svg
        .replace(/\sid="([^"]+)"/g, (_, name: string) => ` id="${id}-${name}"`)
        .replace(/url\(#([^)]+)\)/g, (_, name: string) => `url(#${id}-${name})`)
        .replace(/^<svg /, `<svg role="img" aria-labelledby="${id}-caption" `)
        // A data mark's description (its tooltip fields, already escaped) as an SVG title: what a
        // pointer shows on hover without any script (the confusion matrix's counts, say).
        .replace(/<path aria-label="([^"]*)" role="graphics-symbol"([^>]*?)\/>/g, '<path aria-label="$1" role="graphics-symbol"$2><title>$1</title></path>')
    );
  } finally {
    view.finalize();
  }
}
