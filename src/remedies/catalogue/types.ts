/**
 * The remedy catalogue: one entry per technique practitioners name in the forum thread the
 * product started from (each entry's `seedTerms` quote it; README, "Remedies"), plus the data
 * fixes the checks call for (leakage, missing values, input integrity). Plain data, no logic:
 * `rank.ts` maps findings to entries and orders them; `audit remedies` lists the catalogue as it is.
 *
 * `appliesTo` lists the findings that trigger an entry, as patterns on finding ids
 * (`<check>/<key>`): `check` alone matches every finding of that check, `check/key` one finding,
 * and a trailing `*` a prefix (`missing-values/missing:*`). An entry with an empty `appliesTo`
 * is about cost or speed rather than accuracy (or nothing here measures what it fixes): it is
 * listed in the catalogue but never ranked, since a ranked remedy needs a finding behind it.
 *
 * `measuredBy` names the headroom measures (each computed by the check that declares it in its
 * `remedies.headroom`) that size the entry when a finding of that check is behind it; entries
 * without one are ranked by severity and cost only.
 */

import { TASKS, type Lang, type Task } from '../../core/vocabulary.js';

export { TASKS, type Lang, type Task };
export type Cost = 'low' | 'medium' | 'high';
export type Category = 'data' | 'training' | 'model' | 'process';

/** Text in every language of the human-readable output. */
export type Text = Record<Lang, string>;

/** A publication: authors as cited, year, title, venue. */
export interface Reference {
  authors: string;
  year: number;
  title: string;
  venue: string;
}

import type { HeadroomKind, RemedyOutcome } from '../../checks/types.js';
import type { FindingPattern } from '../../checks/registry.js';

export type { HeadroomKind, RemedyOutcome };

export interface CatalogueEntry {
  /** Stable id (kebab-case); other tools key on it. */
  id: string;
  category: Category;
  /**
   * What it improves: `accuracy` (ranked by expected gain), `honesty` (how far the reported
   * accuracy is off), `probability` (calibration) or `process` (advice with no gain of its own).
   */
  outcome: RemedyOutcome;
  title: Text;
  summary: Text;
  /** When it applies, in words (the machine form is `appliesTo`). */
  when: Text;
  /** Finding-id patterns that trigger it (see the module comment); checked against the checks' tables by tsc. */
  appliesTo: FindingPattern[];
  /** Headroom measures that size it when their check has a finding behind it. */
  measuredBy: HeadroomKind[];
  cost: Cost;
  /** The terms the seed thread uses for it. */
  seedTerms: string[];
  variants: Record<Task, Text>;
  steps: { en: string[]; zh: string[] };
  /**
   * Its wording when every finding behind it concerns repeats of a prompted model's evaluation
   * (runs of one configuration, never seeds of a training): nothing was trained between them.
   */
  forEvaluationRepeats?: { title: Text; summary: Text; steps: { en: string[]; zh: string[] } };
  references: Reference[];
}

// References used by more than one entry.
