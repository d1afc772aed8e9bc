/**
 * Vega-Lite specifications of the few chart shapes the checks draw: a heatmap, points with
 * intervals against a reference (a forest plot), lines, bars and a reliability diagram. Plain
 * JSON: the HTML renderer compiles them to SVG. The layer holding the data marks is named
 * `data` (its SVG group carries the class `data_marks`), so a page test can count them.
 */
import type { Chart } from '../types.js';

/** Width of every chart in CSS pixels; the page scales it down on narrow screens. */
const WIDTH = 460;
const FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif';

type Base = Omit<Chart, 'spec' | 'marks'>;
type Spec = Record<string, unknown>;

function top(base: Base, body: Spec): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: base.description,
    title: { text: base.title, anchor: 'start', fontSize: 13 },
    config: { font: FONT, view: { stroke: null }, axis: { labelLimit: 160 } },
    ...body,
  };
}

/** A K x K (or any) grid of cells coloured by `value` in [0, 1], each labelled with its text. */
export function heatmap(
  base: Base,
  cells: { x: string; y: string; value: number; label: string; count?: number }[],
  axes: { x: string; y: string; color: string; order?: string[]; max?: number },
): Chart {
  const cell = Math.max(14, Math.min(40, Math.floor(WIDTH / Math.max(1, new Set(cells.map((c) => c.x)).size))));
  const encoding = {
    x: { field: 'x', type: 'nominal', title: axes.x, sort: axes.order ?? null },
    y: { field: 'y', type: 'nominal', title: axes.y, sort: axes.order ?? null },
  };
  // Each cell's hover text and accessible name: "row → column: label (count)".
  const described = cells.map((c) => ({
    ...c,
    description: `${c.y} → ${c.x}: ${c.label}${c.count !== undefined && String(c.count) !== c.label ? ` (${c.count})` : ''}`,
  }));
  return {
    ...base,
    marks: cells.length,
    spec: top(base, {
      data: { values: described },
      width: { step: cell },
      height: { step: cell },
      encoding,
      layer: [
        {
          name: 'data',
          mark: 'rect',
          encoding: {
            color: { field: 'value', type: 'quantitative', title: axes.color, scale: { domain: [0, axes.max ?? 1], scheme: 'blues' } },
            description: { field: 'description' },
            tooltip: [
              { field: 'y', title: axes.y },
              { field: 'x', title: axes.x },
              { field: 'label', title: axes.color },
              ...(cells.some((c) => c.count !== undefined) ? [{ field: 'count' }] : []),
            ],
          },
        },
        ...(cell >= 24
          ? [
              {
                mark: { type: 'text', fontSize: 9 },
                encoding: { text: { field: 'label' }, color: { condition: { test: `datum.value > ${(axes.max ?? 1) / 2}`, value: 'white' }, value: 'black' } },
              },
            ]
          : []),
      ],
    }),
  };
}

/**
 * One row per item: a point at `value` with its interval [lo, hi], against a reference line
 * (the overall rate, zero difference) and an optional shaded band (the 0.8-1.25 disparity band).
 */
export function forest(
  base: Base,
  rows: { name: string; value: number; lo: number | null; hi: number | null; group?: string }[],
  axes: { x: string; y: string; reference?: number; band?: [number, number]; percent?: boolean },
): Chart {
  const format = axes.percent ? '.0%' : '.3~g';
  const layers: Spec[] = [];
  if (axes.band)
    layers.push({
      data: { values: [{ lo: axes.band[0], hi: axes.band[1] }] },
      mark: { type: 'rect', color: '#e8f0e0' },
      encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
    });
  if (axes.reference !== undefined)
    layers.push({
      data: { values: [{ ref: axes.reference }] },
      mark: { type: 'rule', color: '#888', strokeDash: [4, 3] },
      encoding: { x: { field: 'ref', type: 'quantitative' } },
    });
  const withInterval = rows.filter((r) => r.lo !== null && r.hi !== null);
  if (withInterval.length > 0)
    layers.push({
      data: { values: withInterval },
      mark: { type: 'rule', color: '#4a6fa5' },
      encoding: { y: { field: 'name', type: 'nominal', sort: null, title: axes.y }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
    });
  layers.push({
    name: 'data',
    data: { values: rows },
    mark: { type: 'point', filled: true, size: 50, color: '#1f4e8c' },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: null, title: axes.y },
      x: { field: 'value', type: 'quantitative', title: axes.x, axis: { format }, scale: { zero: false } },
      ...(rows.some((r) => r.group !== undefined) ? { shape: { field: 'group', type: 'nominal', title: null } } : {}),
      tooltip: [
        { field: 'name', title: axes.y },
        { field: 'value', title: axes.x, format },
        { field: 'lo', format },
        { field: 'hi', format },
      ],
    },
  });
  return { ...base, marks: rows.length, spec: top(base, { width: WIDTH - 160, height: { step: 18 }, layer: layers }) };
}

/** Lines of `y` against `x`, one per series, with optional vertical rules (an onset, a best step). */
export function lines(
  base: Base,
  points: { series: string; x: number; y: number }[],
  axes: { x: string; y: string; series: string; rules?: { x: number; label: string }[]; logY?: boolean },
): Chart {
  const series = new Set(points.map((p) => p.series)).size;
  const layers: Spec[] = [
    {
      name: 'data',
      data: { values: points },
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: axes.x },
        y: { field: 'y', type: 'quantitative', title: axes.y, scale: axes.logY ? { type: 'log' } : { zero: false } },
        color: { field: 'series', type: 'nominal', title: axes.series },
      },
    },
  ];
  if (axes.rules && axes.rules.length > 0) {
    layers.push({
      data: { values: axes.rules },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#b03a2e' },
      encoding: { x: { field: 'x', type: 'quantitative' }, tooltip: [{ field: 'label' }] },
    });
  }
  return { ...base, marks: series, spec: top(base, { width: WIDTH - 120, height: 200, layer: layers }) };
}

/** Bars, one per category. */
export function bars(base: Base, rows: { category: string; value: number }[], axes: { x: string; y: string; percent?: boolean }): Chart {
  const format = axes.percent ? '.0%' : ',~g';
  return {
    ...base,
    marks: rows.length,
    spec: top(base, {
      width: WIDTH - 160,
      height: { step: 18 },
      layer: [
        {
          name: 'data',
          data: { values: rows },
          mark: 'bar',
          encoding: {
            y: { field: 'category', type: 'nominal', sort: null, title: axes.y },
            x: { field: 'value', type: 'quantitative', title: axes.x, axis: { format } },
            tooltip: [
              { field: 'category', title: axes.y },
              { field: 'value', title: axes.x, format },
            ],
          },
        },
      ],
    }),
  };
}

/**
 * A reliability diagram: one point per non-empty bin at (mean confidence, accuracy), sized by its
 * count, lines per series, against the diagonal of perfect calibration.
 */
export function reliability(
  base: Base,
  bins: { series: string; confidence: number; accuracy: number; count: number }[],
  axes: { x: string; y: string; series: string; count: string },
): Chart {
  return {
    ...base,
    marks: bins.length,
    spec: top(base, {
      width: 300,
      height: 300,
      layer: [
        {
          data: { values: [{ a: 0 }, { a: 1 }] },
          mark: { type: 'line', color: '#bbb', strokeDash: [4, 3] },
          encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } },
        },
        {
          data: { values: bins },
          mark: { type: 'line', strokeWidth: 1 },
          encoding: {
            x: { field: 'confidence', type: 'quantitative' },
            y: { field: 'accuracy', type: 'quantitative' },
            color: { field: 'series', type: 'nominal', title: axes.series },
          },
        },
        {
          name: 'data',
          data: { values: bins },
          mark: { type: 'point', filled: true },
          encoding: {
            x: { field: 'confidence', type: 'quantitative', title: axes.x, scale: { domain: [0, 1] } },
            y: { field: 'accuracy', type: 'quantitative', title: axes.y, scale: { domain: [0, 1] } },
            color: { field: 'series', type: 'nominal', title: axes.series },
            size: { field: 'count', type: 'quantitative', title: axes.count },
            tooltip: [{ field: 'series' }, { field: 'confidence', format: '.3f' }, { field: 'accuracy', format: '.3f' }, { field: 'count', title: axes.count }],
          },
        },
      ],
    }),
  };
}
