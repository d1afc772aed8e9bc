/**
 * Fixtures whose HTML reports the structure and browser tests open, with the charts each must
 * draw and their data marks where the fixture fixes them: 15 calibration bins, K x K confusion
 * cells, R x R churn cells, R runs plus the ensemble, 10 x 10 data-map cells, one line per curve.
 */
import { fixture } from './cli.js';

export interface ExpectedChart {
  id: string;
  marks?: number;
}

const D = (name: string) => fixture(`training-dynamics/noisy/${name}`);
const P = (name: string) => fixture(`comparison-calibration/planted/${name}`);

export const HTML_CASES = {
  demo: {
    args: [fixture('demo/data.csv'), fixture('demo/preds.jsonl')],
    charts: [
      { id: 'near-duplicates-clusters', marks: 3 },
      { id: 'duplicates-groups', marks: 2 },
      { id: 'seed-instability-churn', marks: 9 },
      { id: 'seed-instability-runs', marks: 4 },
      { id: 'label-noise-per-class', marks: 3 },
      { id: 'calibration-reliability' },
      { id: 'calibration-bin-counts', marks: 15 },
      { id: 'slices-discovered', marks: 1 },
      { id: 'performance-confusion', marks: 9 },
      { id: 'performance-per-class', marks: 9 },
      // Forum posts are rare in training and common in the test split: source drifts (beside its finding), lang, stars and the text length do not.
      { id: 'distribution-shift-test', marks: 4 },
    ] as ExpectedChart[],
  },
  slices: {
    args: [fixture('slices/data.csv'), fixture('slices/preds.jsonl'), '--slice-cols', 'lang,channel'],
    charts: [
      { id: 'slices-groups', marks: 8 },
      { id: 'slices-disparity', marks: 16 },
      { id: 'slices-discovered', marks: 1 },
      { id: 'performance-confusion', marks: 4 },
      { id: 'calibration-bin-counts', marks: 15 },
    ] as ExpectedChart[],
  },
  dynamics: {
    args: [D('data.csv'), D('snapshots.jsonl.gz'), '--logs', D('logs.jsonl')],
    charts: [
      { id: 'training-curves-loss', marks: 10 },
      { id: 'training-curves-metric', marks: 5 },
      { id: 'training-dynamics-data-map', marks: 100 },
      { id: 'performance-confusion', marks: 100 },
      { id: 'seed-instability-churn', marks: 25 },
      { id: 'seed-instability-runs', marks: 6 },
    ] as ExpectedChart[],
  },
  comparison: {
    args: [P('data.csv'), P('candidate-svc-without-D.jsonl'), '--baseline-runs', P('baseline-sgd.jsonl'), '--slice-cols', 'site'],
    // Overall, 10 classes and 4 sites.
    charts: [
      { id: 'comparison-forest', marks: 15 },
      { id: 'slices-groups', marks: 4 },
      { id: 'slices-disparity', marks: 8 },
    ] as ExpectedChart[],
  },
} as const;

export interface ChartInfo {
  id: string;
  marks: number;
  caption: string;
  svg: string;
}

/** The charts of a page as the markup states them (the browser test counts the drawn marks). */
export function chartsOf(page: string): ChartInfo[] {
  return [
    ...page.matchAll(
      /<figure class="chart" id="([^"]+)" data-marks="(\d+)"><div class="svg">([\s\S]*?)<\/div><figcaption[^>]*>([\s\S]*?)<\/figcaption><\/figure>/g,
    ),
  ].map((m) => ({
    id: m[1],
    marks: Number(m[2]),
    svg: m[3],
    caption: m[4].replace(/<[^>]+>/g, ''),
  }));
}
