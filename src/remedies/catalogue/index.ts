/**
 * The remedy catalogue: what to do about the findings, built from the seed thread's techniques.
 * Types in types.ts, the publications cited more than once in references.ts, the entries by
 * category; this module assembles them in their fixed order and looks them up.
 */
import { DATA_REMEDIES } from './data.js';
import { TRAINING_REMEDIES } from './training.js';
import { MODEL_REMEDIES } from './model.js';
import { PROCESS_REMEDIES } from './process.js';
import { PROMPTING_REMEDIES } from './prompting.js';
import { DECONTAMINATION_REMEDIES } from './decontaminate.js';
import { EVALUATION_REMEDIES } from './evaluation.js';
import type { CatalogueEntry, Category, Cost, Lang, Reference, RemedyOutcome, Task } from './types.js';

export * from './types.js';

/** Every entry, in the order `audit remedies` lists them: data, evaluation, training, model (prompting last), process. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  ...DATA_REMEDIES,
  ...DECONTAMINATION_REMEDIES,
  ...EVALUATION_REMEDIES,
  ...TRAINING_REMEDIES,
  ...MODEL_REMEDIES,
  ...PROMPTING_REMEDIES,
  ...PROCESS_REMEDIES,
];

/** Ids that must exist with their meaning (issue 6); other tools key on them. */
export const REQUIRED_IDS = [
  'deduplicate',
  'relabel',
  'rebalance',
  'targeted-data',
  'augment',
  'ensemble',
  'calibrate',
  'regularize',
  'hyperparameter-search',
  'distill',
  'more-seeds',
  'fix-leakage',
] as const;

const BY_ID = new Map(CATALOGUE.map((entry) => [entry.id, entry]));

export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return BY_ID.get(id);
}

/** `Authors (year). Title. Venue.` */
export function formatReference(reference: Reference): string {
  return `${reference.authors} (${reference.year}). ${reference.title}. ${reference.venue}.`;
}

/** Does a finding id match an `appliesTo` pattern (`check`, `check/key`, or a trailing `*`)? */
export function matchesPattern(pattern: string, findingId: string, check: string): boolean {
  if (pattern.endsWith('*')) return findingId.startsWith(pattern.slice(0, -1));
  if (!pattern.includes('/')) return pattern === check;
  // A key also matches its instances (`seed-instability/churn` matches `seed-instability/churn:logreg`).
  return pattern === findingId || findingId.startsWith(`${pattern}:`);
}

/** The catalogue as plain data in one language, for `audit remedies`. */
export function catalogueListing(
  lang: Lang,
  task: Task | null = null,
): {
  id: string;
  category: Category;
  outcome: RemedyOutcome;
  title: string;
  summary: string;
  when: string;
  appliesTo: string[];
  cost: Cost;
  steps: string[];
  references: string[];
  domainVariant?: string;
}[] {
  return CATALOGUE.map((entry) => ({
    id: entry.id,
    category: entry.category,
    outcome: entry.outcome,
    title: entry.title[lang],
    summary: entry.summary[lang],
    when: entry.when[lang],
    appliesTo: [...entry.appliesTo],
    cost: entry.cost,
    steps: [...entry.steps[lang]],
    references: entry.references.map(formatReference),
    ...(task ? { domainVariant: entry.variants[task][lang] } : {}),
  }));
}
