/**
 * Every wording table (the files named wording.ts or <name>.wording.ts under src/) says every key in
 * Chinese: a non-empty text that is not the English one whenever the English has words. Each phrase
 * is called with stand-in arguments, so a key whose Chinese is missing, empty or a copy of the
 * English fails here (a missing `zh` already fails to compile). The checks' findings tables too.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../src/checks/registry.js';
import type { ObjectFindingTable } from '../src/checks/types.js';

const SRC = join(import.meta.dirname, '..', 'src');

function tableFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tableFiles(path);
    return entry.name === 'wording.ts' || entry.name.endsWith('.wording.ts') ? [path] : [];
  });
}

type Phrase = { en: (...args: unknown[]) => unknown; zh: (...args: unknown[]) => unknown };
const isPhrase = (value: unknown): value is Phrase =>
  typeof value === 'object' && value !== null && typeof (value as Phrase).en === 'function' && typeof (value as Phrase).zh === 'function';

/**
 * A stand-in for any argument: a number (7) in arithmetic, the text "7" in a template, a list of two
 * stand-ins when iterated, and a stand-in for every property and call (`x.toFixed(3)`, `a.run.name`).
 */
const standIns = new WeakSet<object>();
function anything(): unknown {
  const stand = new Proxy(function () {}, {
    get(_target, prop) {
      if (prop === Symbol.toPrimitive) return (hint: string) => (hint === 'number' ? 7 : '7');
      if (prop === Symbol.iterator)
        return function* () {
          yield anything();
          yield anything();
        };
      if (prop === 'length') return 2;
      if (typeof prop === 'symbol') return undefined;
      return anything();
    },
    apply: () => anything(),
  });
  standIns.add(stand);
  return stand;
}

/** A phrase's text: a string, or a stand-in passed through (`list.slice(0, 5).join(', ')` of a stand-in list), as a template would write it. */
function text(value: unknown, what: string): string {
  if (typeof value === 'function' && standIns.has(value)) return String(value);
  expect(typeof value, what).toBe('string');
  return value as string;
}

/** English words left once the stand-ins (digits) are out. */
const LETTERS = /[A-Za-z]{2,}/;
const CJK = /[\u4e00-\u9fff]/;

/** Every phrase of every table in a module: `[name, phrase]`, a table's keys as `table.key`. */
function phrasesOf(module: Record<string, unknown>): [string, Phrase][] {
  return Object.entries(module).flatMap(([name, value]): [string, Phrase][] => {
    if (isPhrase(value)) return [[name, value]];
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value)
      .filter((entry): entry is [string, Phrase] => isPhrase(entry[1]))
      .map(([key, phrase]) => [`${name}.${key}`, phrase]);
  });
}

const files = tableFiles(SRC);

describe('wording tables', () => {
  it('are found (one per check that words evidence, charts, export reasons or skip reasons)', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    it(`${relative(SRC, file)}: every key has Chinese, not a copy of the English`, async () => {
      const phrases = phrasesOf((await import(file)) as Record<string, unknown>);
      expect(phrases.length, 'the file exports a wording table').toBeGreaterThan(0);
      for (const [key, phrase] of phrases) {
        const args = Array.from({ length: Math.max(phrase.en.length, phrase.zh.length) }, anything);
        const en = text(phrase.en(...args), `${key} en`);
        const zh = text(phrase.zh(...args), `${key} zh`);
        // A separator may be nothing in Chinese (sentences run on); a phrase may not.
        if (en.trim() !== '') expect(zh.trim(), `${key} zh is empty`).not.toBe('');
        if (LETTERS.test(en)) {
          expect(zh, `${key}: the Chinese is the English`).not.toBe(en);
          expect(zh, `${key}: the Chinese has no Chinese`).toMatch(CJK);
        }
      }
    });
  }
});

describe('findings tables', () => {
  for (const check of builtinChecks) {
    // The text of real findings is checked against their numbers in findings-zh.test.ts; here every key, with stand-in
    // arguments where its wording can take them (a key that looks its argument up in a table, say, cannot).
    it(`${check.id}: every finding key has a Chinese title and summary`, () => {
      for (const [key, spec] of Object.entries((check.findings ?? {}) as ObjectFindingTable)) {
        expect(spec.zh, `${check.id}/${key} has zh`).toBeDefined();
        const args = anything() as never;
        let en: { title: string; summary: string };
        try {
          en = spec.en(args);
        } catch {
          continue;
        }
        const zh = spec.zh!(args);
        expect(zh.title, `${check.id}/${key} title`).toMatch(CJK);
        expect(zh.summary, `${check.id}/${key} summary`).toMatch(CJK);
        expect(zh.title).not.toBe(en.title);
      }
    });
  }
});
