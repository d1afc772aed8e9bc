/**
 * How a generated answer matches its reference: exact, normalised (SQuAD's normalisation:
 * lower case, no punctuation, no articles a/an/the, single spaces), numeric (the last number of the
 * answer equals the reference's number, as math benchmarks score it) and token F1 (SQuAD's partial
 * credit: harmonic mean of the token precision and recall of the normalised texts).
 */

export interface GenerationMatch {
  exact: 0 | 1;
  normalized: 0 | 1;
  /** null when the reference is not a number. */
  numeric: 0 | 1 | null;
  tokenF1: number;
}

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]/g;

/** SQuAD's answer normalisation. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(PUNCTUATION, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter((token) => token.length > 0)
    .join(' ');
}

/** The tokens F1 compares: words of the normalised text, and each CJK character on its own (no spaces separate Chinese words). */
function tokens(text: string): string[] {
  const normalized = normalizeAnswer(text);
  const out: string[] = [];
  for (const word of normalized.split(' ')) {
    if (word === '') continue;
    if (/[\u3400-\u9fff]/.test(word)) for (const ch of word) out.push(ch);
    else out.push(word);
  }
  return out;
}

/** SQuAD token F1 of the normalised texts; 1 when both are empty. */
export function tokenF1(answer: string, reference: string): number {
  const a = tokens(answer);
  const r = tokens(reference);
  if (a.length === 0 || r.length === 0) return a.length === r.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of r) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of a) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      common++;
      counts.set(t, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / a.length;
  const recall = common / r.length;
  return (2 * precision * recall) / (precision + recall);
}

const NUMBER = /-?\d[\d,]*(?:\.\d+)?(?:\/\d+)?|-?\.\d+/g;

/** A number written as text: `1,234`, `-0.5`, `3/4`, `\frac{3}{4}`, `$18`, `\boxed{18}`; null when there is none. */
export function parseNumber(text: string): number | null {
  const cleaned = stripLatex(text).replace(/\$/g, '').trim();
  const match = /^(-?)\s*(\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s*\/\s*(\d+(?:\.\d+)?))?\s*(%|\\%)?\.?$/.exec(cleaned);
  if (!match) return null;
  let value = Number(match[2].replace(/,/g, ''));
  if (match[3] !== undefined) value /= Number(match[3]);
  if (!Number.isFinite(value)) return null;
  return match[1] === '-' ? -value : value;
}

/** `\boxed{x}` to x, `\frac{a}{b}` / `\dfrac{a}{b}` to a/b, `\text{...}`, `\left`/`\right`, `\!` and `^\circ` dropped. */
function stripLatex(text: string): string {
  let out = text.trim();
  const boxed = /\\boxed\s*\{((?:[^{}]|\{[^{}]*\})*)\}/.exec(out);
  if (boxed) out = boxed[1];
  out = out.replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '$1/$2');
  out = out.replace(/\\text\s*\{[^{}]*\}/g, '').replace(/\\left|\\right|\\!|\\,|\^\s*\{?\\circ\}?/g, '');
  return out.replace(/^\$+|\$+$/g, '').trim();
}

/** The last number in a generated text (where chain-of-thought answers put the result), or null. */
export function lastNumber(text: string): number | null {
  const boxed = parseNumber(stripLatex(text));
  if (boxed !== null) return boxed;
  const found = stripLatex(text).match(NUMBER);
  if (!found) return null;
  return parseNumber(found[found.length - 1]);
}

/** Equal as numbers: within 1e-6 relative (1e-9 absolute near zero). */
function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-9, 1e-6 * Math.max(Math.abs(a), Math.abs(b)));
}

/** Every match measure of one generated answer against its reference. */
export function matchGeneration(answer: string, reference: string): GenerationMatch {
  const expected = parseNumber(reference);
  const got = expected === null ? null : lastNumber(answer);
  return {
    exact: answer.trim() === reference.trim() ? 1 : 0,
    normalized: normalizeAnswer(answer) === normalizeAnswer(reference) ? 1 : 0,
    numeric: expected === null ? null : got !== null && sameNumber(got, expected) ? 1 : 0,
    tokenF1: tokenF1(answer, reference),
  };
}

/** The best of several matches (an answer against each accepted reference): each measure's largest; numeric null when no reference is a number. */
export function bestMatch(matches: readonly GenerationMatch[]): GenerationMatch {
  const numeric = matches.filter((m) => m.numeric !== null).map((m) => m.numeric!);
  return {
    exact: Math.max(...matches.map((m) => m.exact)) as 0 | 1,
    normalized: Math.max(...matches.map((m) => m.normalized)) as 0 | 1,
    numeric: numeric.length > 0 ? (Math.max(...numeric) as 0 | 1) : null,
    tokenF1: Math.max(...matches.map((m) => m.tokenF1)),
  };
}

/** The match measures of a run's answers, as a report gives them: means over `samples`, numeric over the answers with a numeric reference. */
export interface GenerationSummary {
  exact: number;
  normalized: number;
  numeric: number | null;
  numericSamples: number;
  tokenF1: number;
}

/** Running sums of match measures, for a GenerationSummary. */
export class GenerationSums {
  private exact = 0;
  private normalized = 0;
  private numeric = 0;
  private numericSamples = 0;
  private tokenF1 = 0;

  add(match: GenerationMatch): void {
    this.exact += match.exact;
    this.normalized += match.normalized;
    this.tokenF1 += match.tokenF1;
    if (match.numeric !== null) {
      this.numeric += match.numeric;
      this.numericSamples++;
    }
  }

  summary(samples: number): GenerationSummary {
    return {
      exact: this.exact / samples,
      normalized: this.normalized / samples,
      numeric: this.numericSamples > 0 ? this.numeric / this.numericSamples : null,
      numericSamples: this.numericSamples,
      tokenF1: this.tokenF1 / samples,
    };
  }
}
