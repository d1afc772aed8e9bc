/**
 * The shape of a check's wording table: each key says one sentence or phrase in English and in
 * Chinese from the same arguments. Logic picks a key and passes arguments (`wording.rows[lang](n)`);
 * only the table knows languages. A key without its Chinese fails to compile.
 */
import type { Lang } from '../../core/vocabulary.js';

export type { Lang };

/** A value a phrase quotes (a number or a name, already formatted where it needs it). */
export type Phrase = string | number;

/** One phrase in every language of the report, from the same arguments. */
export type Bilingual<Args extends unknown[] = []> = { readonly [L in Lang]: (...args: Args) => string };

/** Declares one phrase; the Chinese takes the argument types of the English. */
export function words<Args extends unknown[]>(en: (...args: Args) => string, zh: (...args: Args) => string): Bilingual<Args> {
  return { en, zh };
}

/** A phrase without arguments (a separator, a fixed word). */
export const phrase = (en: string, zh: string): Bilingual =>
  words(
    () => en,
    () => zh,
  );

/** Any wording table, as a constraint and for the coverage test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WordingTable = Record<string, Bilingual<any[]>>;
