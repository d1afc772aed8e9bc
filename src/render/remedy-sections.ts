/**
 * The remedies as every human-readable report shows them: one section per outcome (accuracy first,
 * ranked by expected gain; then honesty of the measurement, probability quality, process), the
 * remedies whose estimate says they do not help apart at the end of their section, and each gain
 * in one phrase. Outcomes are never mixed in one list.
 */
import type { Report } from '../report/schema.js';
import type { Lang } from '../core/vocabulary.js';
import { REMEDY_OUTCOMES, type ExpectedGain, type RemedyOutcome } from '../checks/types.js';
import { describeGain, outcomeName } from '../remedies/gain.js';

export type ReportRemedy = Report['remedies'][number];

export interface RemedySection {
  outcome: RemedyOutcome;
  title: string;
  /** Remedies that may help (or cannot be estimated), in rank order. */
  remedies: ReportRemedy[];
  /** Remedies measured not to help here. */
  notWorthIt: ReportRemedy[];
}

const SECTION_NOTE: Record<RemedyOutcome, Record<Lang, string>> = {
  accuracy: { en: 'ranked by expected gain', zh: '按预期收益排序' },
  honesty: { en: 'how far the reported accuracy is off', zh: '报告的准确率偏离多少' },
  probability: { en: 'calibration; accuracy does not change', zh: '校准;准确率不变' },
  process: { en: 'advice with no gain of its own', zh: '本身不带来收益的建议' },
};

const outcomeOf = (remedy: ReportRemedy): RemedyOutcome =>
  (REMEDY_OUTCOMES as readonly string[]).includes(String(remedy.outcome)) ? remedy.outcome : 'accuracy';

/** The report's remedies grouped by outcome, in the report's rank order; empty sections left out. */
export function remedySections(report: Report): RemedySection[] {
  const lang = report.options.lang;
  return REMEDY_OUTCOMES.map((outcome) => {
    const mine = report.remedies.filter((r) => outcomeOf(r) === outcome).sort((a, b) => a.rank - b.rank);
    return {
      outcome,
      title: `${outcomeName(outcome, lang)} (${SECTION_NOTE[outcome][lang]})`,
      remedies: mine.filter((r) => r.recommended !== false),
      notWorthIt: mine.filter((r) => r.recommended === false),
    };
  }).filter((section) => section.remedies.length + section.notWorthIt.length > 0);
}

/** The expected gain of a remedy in one phrase, or null (process advice, older reports). */
export function gainPhrase(remedy: ReportRemedy, lang: Lang): string | null {
  const gain = remedy.expectedGain as ExpectedGain | undefined;
  if (!gain || typeof gain !== 'object' || typeof gain.value !== 'number' || typeof gain.basis !== 'string' || typeof gain.method !== 'string') return null;
  return describeGain(gain, lang);
}

export const expectedGainLabel = (lang: Lang) => (lang === 'en' ? 'expected gain' : '预期收益');
export const notWorthItLabel = (lang: Lang) => (lang === 'en' ? 'Not worth it here, by its estimate' : '按其估计，在此不值得做');
