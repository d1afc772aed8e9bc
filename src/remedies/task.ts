/**
 * Guesses the task domain (which per-domain variants of the remedies to show) from simple
 * signals about the inputs. Pure; `--task` overrides it.
 */
import { sanitizeInline } from '../core/sanitize.js';
import type { Task } from './catalogue/index.js';

export interface TaskSignals {
  /** A column has the text role. */
  hasText: boolean;
  /** Names of the data columns. */
  columnNames: readonly string[];
  /** Share of the feature columns that are numeric (0 when there are none). */
  numericFeatureShare: number;
  /** The runs carry `correct`/`score` values and no predicted classes or probabilities. */
  scoresOnly: boolean;
  /** Number of feature columns (optional): features without text point to tabular data. */
  featureCount?: number;
  /** A few values per column (optional): values that look like image paths point to vision. */
  sampleValues?: ReadonlyMap<string, readonly string[]>;
  /** The evaluation harness that logged the rows as benchmark items, if any (a prompted language model's evaluation). */
  benchmarkHarness?: string;
}

export interface DetectedTask {
  task: Task | null;
  reason: string;
}

/** Column names that usually hold an image path or URL. */
export const IMAGE_COLUMN =
  /^(image|images|img|image_path|img_path|image_file|image_url|img_url|image_name|filepath|file_path|filename|file_name|path|picture|photo)$/i;
const IMAGE_VALUE = /\.(jpe?g|png|bmp|gif|tiff?|webp|dcm)$/i;
const PROMPT_COLUMN = /^(prompt|instruction|instructions|query)$/i;
const RESPONSE_COLUMN = /^(response|completion|output|answer|generation|model_output|chosen)$/i;

const clean = (name: string) => JSON.stringify(sanitizeInline(name).slice(0, 60));

/**
 * Heuristics, first match wins:
 * 1. runs that carry only per-example correctness/scores, or a prompt column beside a
 *    response column: `llm`;
 * 2. a column whose sampled values are mostly image file paths, or (without a text column) a
 *    column named like one (`image`, `image_path`, `filename`, ...): `vision`;
 * 3. a text column: `nlp`;
 * 4. at least half the feature columns numeric, or feature columns and no text: `tabular`;
 * otherwise no guess.
 */
export function detectTaskWithReason(signals: TaskSignals): DetectedTask {
  const names = signals.columnNames;
  if (signals.benchmarkHarness) return { task: 'llm', reason: `the rows are benchmark items logged by ${signals.benchmarkHarness}` };
  if (signals.scoresOnly) return { task: 'llm', reason: 'the runs carry per-example correct/score values only' };
  const prompt = names.find((name) => PROMPT_COLUMN.test(name));
  const response = names.find((name) => RESPONSE_COLUMN.test(name));
  if (prompt !== undefined && response !== undefined) return { task: 'llm', reason: `prompt and response columns (${clean(prompt)}, ${clean(response)})` };
  const samples = signals.sampleValues;
  if (samples) {
    for (const name of names) {
      const values = (samples.get(name) ?? []).map((v) => v.trim()).filter((v) => v !== '');
      if (values.length > 0 && values.filter((v) => IMAGE_VALUE.test(v)).length / values.length >= 0.8) {
        return { task: 'vision', reason: `column ${clean(name)} holds image file paths` };
      }
    }
  }
  if (!signals.hasText) {
    const imageName = names.find((name) => IMAGE_COLUMN.test(name));
    if (imageName !== undefined) return { task: 'vision', reason: `column ${clean(imageName)} is named like image paths` };
  }
  if (signals.hasText) return { task: 'nlp', reason: 'the data has a text column' };
  if (signals.numericFeatureShare >= 0.5)
    return { task: 'tabular', reason: `${(signals.numericFeatureShare * 100).toFixed(0)}% of the feature columns are numeric` };
  if ((signals.featureCount ?? 0) > 0) return { task: 'tabular', reason: 'feature columns without text or images' };
  return { task: null, reason: 'no text, image, score-only or numeric-feature signal' };
}

/** The detected task, or null when nothing points to one. */
export function detectTask(signals: TaskSignals): Task | null {
  return detectTaskWithReason(signals).task;
}
