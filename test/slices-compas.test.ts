import { readFileSync } from 'node:fs';
import { runCheckSync } from './helpers/run-check.js';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { makeInputs } from './helpers/inputs.js';
import { slices } from '../src/checks/slices/check.js';
import type { CheckResult } from '../src/checks/types.js';

/**
 * The COMPAS two-year recidivism data published by ProPublica (propublica/compas-analysis).
 * Label: two_year_recid. Prediction: the COMPAS risk category, Medium or High (score_text != 'Low')
 * counting as predicted to reoffend, as in ProPublica's truth tables. Slice: race.
 *
 * ProPublica's published false positive/negative rates ("Compas Analysis.ipynb", section
 * "Directions of the Racial Bias", cells 54-55, computed by truth_tables.py) are for all 7,214
 * people of this file: Black defendants FPR 44.85% / FNR 27.99% (990/805/532/1369), white
 * defendants 23.45% / 47.72% (1139/349/461/505). The filter of the notebook's first section
 * (days_b_screening_arrest within +-30, is_recid != -1, c_charge_degree != 'O', score_text !=
 * 'N/A'; 6,172 rows) feeds its logistic regression, not those tables; it is checked separately
 * against the notebook's published group sizes and against rates computed independently in Python.
 */
const PATH = new URL('../fixtures/compas/compas-scores-two-years.csv', import.meta.url);

function compasRows(filtered: boolean): { header: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(readFileSync(PATH, 'utf8'), { header: false, skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const at = (name: string) => header.indexOf(name);
  if (!filtered) return { header, rows };
  const keep = rows.filter((row) => {
    const days = row[at('days_b_screening_arrest')];
    return (
      days !== '' &&
      Number(days) >= -30 &&
      Number(days) <= 30 &&
      row[at('is_recid')] !== '-1' &&
      row[at('c_charge_degree')] !== 'O' &&
      row[at('score_text')] !== 'N/A'
    );
  });
  return { header, rows: keep };
}

function audit(filtered: boolean, options: Record<string, unknown> = {}, sliceCols = ['race'], sliceDepth = 1) {
  const { header, rows } = compasRows(filtered);
  const scoreText = header.indexOf('score_text');
  const predictions = rows.map((row, index) => ({ id: index, pred: row[scoreText] !== 'Low' ? '1' : '0' }));
  const inputs = makeInputs({ header, rows, roles: { idCol: null, labelCol: 'two_year_recid', sliceCols }, predictions, settings: { sliceDepth } });
  return runCheckSync(slices, inputs, options);
}

interface Group {
  column: string;
  value: string;
  size: number;
  fpr: number;
  fnr: number;
  accuracy: number;
  disparity: Record<string, number>;
}

const group = (result: CheckResult, column: string, value: string) =>
  (result.metrics.groups as unknown as Group[]).find((g) => g.column === column && g.value === value)!;

// The covariates of ProPublica's logistic model, plus the label (which the search must leave out).
const SEARCH = { searchColumns: ['sex', 'age_cat', 'race', 'priors_count', 'c_charge_degree', 'two_year_recid'] };

describe('slices on COMPAS (ProPublica)', () => {
  const full = audit(false, SEARCH);

  it("matches ProPublica's published FPR and FNR by race to 1e-3", () => {
    const black = group(full, 'race', 'African-American');
    const white = group(full, 'race', 'Caucasian');
    expect(black.size).toBe(3696);
    expect(white.size).toBe(2454);
    expect(Math.abs(black.fpr - 0.4485)).toBeLessThan(1e-3);
    expect(Math.abs(black.fnr - 0.2799)).toBeLessThan(1e-3);
    expect(Math.abs(white.fpr - 0.2345)).toBeLessThan(1e-3);
    expect(Math.abs(white.fnr - 0.4772)).toBeLessThan(1e-3);
    // The exact truth tables: Survived 990 Low / 805 High, Recidivated 532 / 1369 (Black); 1139 / 349, 461 / 505 (white).
    expect(black.fpr).toBe(805 / (990 + 805));
    expect(black.fnr).toBe(532 / (532 + 1369));
    expect(white.fpr).toBe(349 / (1139 + 349));
    expect(white.fnr).toBe(461 / (461 + 505));
    expect(full.metrics.overallErrorRate).toBe((1282 + 1216) / 7214); // notebook cell 51: FP 1282, FN 1216
  });

  it("reproduces ProPublica's ratios as disparities against a chosen reference group", () => {
    const result = audit(false, { ...SEARCH, referenceGroups: { race: 'Caucasian' } });
    const black = group(result, 'race', 'African-American');
    // Notebook cell 56: 44.85 / 23.45 = 1.91 ("91% more likely"); cell 57 is the FNR the other way round.
    expect(black.disparity.fpr).toBeCloseTo(805 / 1795 / (349 / 1488), 12);
    expect(Math.abs(black.disparity.fpr - 44.85 / 23.45)).toBeLessThan(1e-3);
    expect(Math.abs(1 / black.disparity.fnr - 47.72 / 27.99)).toBeLessThan(2e-3);
    const finding = result.findings.find((f) => f.key === 'disparity:race=African-American:fpr')!;
    expect(finding.severity).toBe('medium');
    expect(finding.metrics.ratio).toBeCloseTo(1.91209, 5);
    expect(finding.metrics.value).toBe(805 / 1795);
    expect(finding.metrics.referenceValue).toBe(349 / 1488);
    expect(finding.summary).toContain('race = "African-American" (3696 rows) the false positive rate is 44.8%');
    expect(finding.summary).toContain('reference group race = "Caucasian" (2454 rows): a ratio of 1.91');
  });

  it('computes the Fairlearn differences over groups of at least 30 rows', () => {
    // Python (same data, groups >= 30 rows): selection rates max - min; max(TPR range, FPR range).
    const column = (
      full.metrics.columns as {
        column: string;
        reference: string | null;
        referenceMode: string;
        demographicParityDifference: number;
        equalizedOddsDifference: number;
      }[]
    )[0];
    // Each group is compared with the rest of the data unless a reference group is declared.
    expect([column.reference, column.referenceMode]).toEqual([null, 'rest']);
    expect(column.demographicParityDifference).toBeCloseTo(0.378654391585426, 12);
    expect(column.equalizedOddsDifference).toBeCloseTo(0.39683902022283485, 12);
  });

  it("reports ProPublica's headline as a disparity of the declared column, and never slices on the label", () => {
    const { header, rows } = compasRows(false);
    const at = (name: string) => header.indexOf(name);
    // Independent count: false positives among non-reoffenders, Black defendants against everyone else.
    let fp = 0;
    let negatives = 0;
    let restFp = 0;
    let restNegatives = 0;
    for (const row of rows) {
      if (row[at('two_year_recid')] !== '0') continue;
      const flagged = row[at('score_text')] !== 'Low' ? 1 : 0;
      if (row[at('race')] === 'African-American') {
        negatives++;
        fp += flagged;
      } else {
        restNegatives++;
        restFp += flagged;
      }
    }
    expect([fp, negatives]).toEqual([805, 1795]);
    const fpr = full.findings.find((f) => f.key === 'disparity:race=African-American:fpr')!;
    expect(fpr.severity).toBe('high');
    expect(fpr.metrics).toMatchObject({
      direction: 'worse',
      referenceMode: 'rest',
      value: 805 / 1795,
      referenceValue: restFp / restNegatives,
      events: 805,
      trials: 1795,
    });
    expect(fpr.summary).toContain(`against ${((100 * restFp) / restNegatives).toFixed(1)}% for the rest of the data`);
    // A group doing better than the rest is low, whatever its ratio: white defendants' FPR.
    const white = full.findings.find((f) => f.key === 'disparity:race=Caucasian:fpr')!;
    expect([white.metrics.direction, white.severity]).toEqual(['better', 'low']);
    // The label is searchable by name here, but never searched.
    const discovered = full.metrics.discovered as { predicates: Record<string, string>; size: number; errorRate: number }[];
    expect((full.metrics.search as { columns: string[] }).columns).not.toContain('two_year_recid');
    for (const slice of discovered) expect(Object.keys(slice.predicates)).not.toContain('two_year_recid');
    // The top three, each checked by an independent count of its rows and errors.
    const errorsOf = (where: (row: string[]) => boolean) => {
      const inside = rows.filter(where);
      return [inside.length, inside.filter((row) => (row[at('score_text')] !== 'Low' ? '1' : '0') !== row[at('two_year_recid')]).length / inside.length];
    };
    const priors = (row: string[]) => Number(row[at('priors_count')]);
    expect(discovered.slice(0, 3).map((slice) => [slice.predicates, slice.size, slice.errorRate])).toEqual([
      [{ age_cat: '25 - 45', priors_count: '[2, 6)' }, ...errorsOf((row) => row[at('age_cat')] === '25 - 45' && priors(row) >= 2 && priors(row) < 6)],
      [{ race: 'African-American', c_charge_degree: 'M' }, ...errorsOf((row) => row[at('race')] === 'African-American' && row[at('c_charge_degree')] === 'M')],
      [{ age_cat: 'Less than 25', priors_count: '[0, 1)' }, ...errorsOf((row) => row[at('age_cat')] === 'Less than 25' && priors(row) === 0)],
    ]);
  });

  it('reports the columns that give the outcome or the score away; searches the outcome ones on their own, judged by their class mix, and leaves the score out', () => {
    const everything = audit(false);
    const proxies = everything.findings.filter((f) => f.key.startsWith('target-proxy:'));
    const byColumn = Object.fromEntries(proxies.map((f) => [f.metrics.column, [f.metrics.target, f.severity]]));
    // Recorded after the outcome (is_recid, the recidivism charge and its date, the survival event and time)...
    for (const column of ['is_recid', 'r_charge_degree', 'r_days_from_arrest', 'event', 'end']) expect(byColumn[column], column).toEqual(['label', 'medium']);
    // ... and the COMPAS score the predictions are made from.
    for (const column of ['score_text', 'decile_score']) expect(byColumn[column], column).toEqual(['prediction', 'low']);
    const event = proxies.find((f) => f.metrics.column === 'event')!;
    expect(event.title).toBe('Column "event" predicts the label almost on its own: possible target leakage');
    expect(event.summary).toMatch(/and beats the model itself \(65\.4% accuracy\)/);
    expect(event.summary).toContain('It stays in the slice search');
    const search = everything.metrics.search as { columns: string[]; proxyColumnsLeftOut: string[]; proxyColumnsAlone: string[] };
    // The score restates the prediction, which no class mix accounts for: left out. The label never searched.
    for (const column of ['score_text', 'decile_score', 'two_year_recid']) expect(search.columns).not.toContain(column);
    expect(search.proxyColumnsLeftOut).toEqual(expect.arrayContaining(['score_text', 'decile_score']));
    expect(proxies.find((f) => f.metrics.column === 'score_text')!.summary).toContain('It is left out of the slice search');
    // The outcome columns are searched, each on its own: joined to another column they would cut a
    // class by a feature the score follows (reoffenders whom the violent-risk score rates low).
    expect(search.proxyColumnsAlone).toEqual(expect.arrayContaining(['is_recid', 'event', 'end']));
    for (const column of ['is_recid', 'event', 'end']) expect(search.columns).toContain(column);
    const alone = new Set(search.proxyColumnsAlone);
    const weak = everything.findings.find((f) => f.key === 'weak-slices')!;
    const listed = [
      ...(everything.metrics.discovered as { predicates: Record<string, string> }[]),
      ...(everything.metrics.explainedByClassMix as { predicates: Record<string, string> }[]),
    ];
    for (const slice of listed) {
      const columns = Object.keys(slice.predicates);
      if (columns.some((column) => alone.has(column))) expect(columns).toHaveLength(1);
      expect(columns).not.toContain('two_year_recid');
    }
    // A slice on them is weak only beyond its class mix: is_recid = 1, nearly the reoffenders, is not.
    for (const slice of weak.metrics.slices as { classMix: { z: number } }[]) expect(slice.classMix.z).toBeGreaterThanOrEqual(2);
    const recid = (everything.metrics.explainedByClassMix as { predicates: Record<string, string>; classMix: { z: number } }[]).find(
      (slice) => slice.predicates.is_recid === '1',
    );
    expect(recid?.classMix.z).toBeLessThan(2);
    // Every one put back on request, in conjunctions too; none with false.
    const kept = audit(false, { searchProxyColumns: true });
    expect((kept.metrics.search as { columns: string[] }).columns).toEqual(expect.arrayContaining(['event', 'score_text']));
    expect((kept.metrics.search as { proxyColumnsAlone: string[] }).proxyColumnsAlone).toEqual([]);
    const none = audit(false, { searchProxyColumns: false });
    for (const column of ['event', 'end', 'is_recid', 'score_text']) expect((none.metrics.search as { columns: string[] }).columns).not.toContain(column);
  });

  it("on the notebook's filtered rows matches its group sizes and the rates computed in Python", () => {
    const result = audit(true, SEARCH, ['race', 'sex'], 2);
    expect(result.metrics.rows).toBe(6172); // notebook cell 3
    const sizes = Object.fromEntries((result.metrics.groups as unknown as Group[]).filter((g) => g.column === 'race').map((g) => [g.value, g.size]));
    expect(sizes).toEqual({ 'African-American': 3175, Caucasian: 2103, Hispanic: 509, Other: 343, Asian: 31, 'Native American': 11 }); // cell 6
    const black = group(result, 'race', 'African-American');
    const white = group(result, 'race', 'Caucasian');
    expect([black.fpr, black.fnr]).toEqual([641 / 1514, 473 / 1661]);
    expect([white.fpr, white.fnr]).toEqual([282 / 1281, 408 / 822]);
    // Intersections with sex (cell 9: 549 Black women, 1621 white men).
    expect(group(result, 'race & sex', 'African-American & Female').size).toBe(549);
    expect(group(result, 'race & sex', 'Caucasian & Male').size).toBe(1621);
    const discovered = result.metrics.discovered as { predicates: Record<string, string>; size: number; errorRate: number }[];
    expect(discovered.slice(0, 3).map((slice) => slice.predicates)).toEqual([
      { age_cat: '25 - 45', priors_count: '[2, 5)' },
      { age_cat: 'Less than 25' },
      { age_cat: 'Less than 25', priors_count: '[0, 1)' },
    ]);
  });
});
