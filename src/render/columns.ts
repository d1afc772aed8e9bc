/**
 * Terminal columns: how wide text is on screen (string-width: East Asian width, emoji, zero-width
 * marks) and how to cut it without splitting a character, a surrogate pair or an emoji sequence
 * (Intl.Segmenter graphemes).
 */
import stringWidth from 'string-width';

/** Terminal columns of a string, as a terminal draws it (colour codes count nothing). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

interface Grapheme {
  text: string;
  width: number;
  wide: boolean;
}

function graphemesOf(text: string): Grapheme[] {
  const out: Grapheme[] = [];
  for (const { segment } of graphemeSegmenter.segment(text)) {
    const width = stringWidth(segment);
    out.push({ text: segment, width, wide: width >= 2 });
  }
  return out;
}

/** The text cut to at most `width` columns, ending in "…" when cut; never inside a grapheme. */
export function clipToWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const grapheme of graphemesOf(text)) {
    if (used + grapheme.width > width - 1) break;
    out += grapheme.text;
    used += grapheme.width;
  }
  return `${out}…`;
}

// Chinese text breaks between characters, but not before closing or after opening punctuation.
const NO_LINE_START = new Set('，。、；：？！）》」』】〕…%,.;:?!)]}');
const NO_LINE_END = new Set('（《「『【〔([{');
// Where a long id, path or column name breaks best when it must: after one of these.
const ID_BREAK_AFTER = new Set('/:_-.,=');

/**
 * Where the word may break within `room` columns, as a count of graphemes to keep (0 for
 * nowhere). Soft breaks come next to a wide (CJK) character, which Chinese writes without
 * spaces; with `hard` (the word alone is wider than a line) after id punctuation in the second
 * half, else after the last grapheme that fits.
 */
function breakWithin(graphemes: readonly Grapheme[], room: number, hard: boolean): number {
  let used = 0;
  let soft = 0;
  let punctuation = 0;
  let fits = 0;
  for (let i = 0; i < graphemes.length; i++) {
    if (i > 0) {
      const before = graphemes[i - 1];
      const after = graphemes[i];
      if ((before.wide || after.wide) && !NO_LINE_START.has(after.text) && !NO_LINE_END.has(before.text)) soft = i;
      if (ID_BREAK_AFTER.has(before.text)) punctuation = i;
    }
    if (used + graphemes[i].width > room) break;
    used += graphemes[i].width;
    fits = i + 1;
  }
  if (fits === graphemes.length) return fits;
  if (soft > 0) return soft;
  if (!hard) return 0;
  if (punctuation * 2 >= fits && punctuation > 0) return punctuation;
  // At least one grapheme, so that a line always advances.
  return Math.max(1, fits);
}

const widthOf = (graphemes: readonly Grapheme[]) => graphemes.reduce((sum, g) => sum + g.width, 0);
const textOf = (graphemes: readonly Grapheme[]) => graphemes.map((g) => g.text).join('');

/**
 * Wraps text to `width` terminal columns with a hanging indent. Words are separated by
 * whitespace; a word holding wide (CJK) characters may also break between characters; a word
 * wider than a whole line (a long id, path or URL) is broken where it must be, so no line
 * is wider than `width` unless the indent alone is.
 */
export function wrap(text: string, width: number, indent: string, continuation = indent): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  const prefix = () => (lines.length === 0 ? indent : continuation);
  const flush = () => {
    lines.push(prefix() + current);
    current = '';
    currentWidth = 0;
  };
  for (const word of words) {
    let rest = graphemesOf(word);
    while (rest.length > 0) {
      const gap = current.length > 0 ? 1 : 0;
      const lineRoom = Math.max(1, width - displayWidth(prefix()));
      const room = lineRoom - currentWidth - gap;
      const restWidth = widthOf(rest);
      if (restWidth <= room) {
        current += (gap ? ' ' : '') + textOf(rest);
        currentWidth += gap + restWidth;
        break;
      }
      // Words that fit on a line of their own move there whole; others break where they must.
      const cut = breakWithin(rest, room, restWidth > lineRoom && current.length === 0);
      if (cut > 0 && room > 0) {
        current += (gap ? ' ' : '') + textOf(rest.slice(0, cut));
        rest = rest.slice(cut);
        flush();
      } else if (current.length > 0) {
        flush();
      } else {
        const hard = breakWithin(rest, lineRoom, true);
        current = textOf(rest.slice(0, hard));
        rest = rest.slice(hard);
        flush();
      }
    }
  }
  if (current.length > 0) lines.push(prefix() + current);
  return lines;
}
