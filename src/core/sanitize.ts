/**
 * Text from data files is untrusted. These helpers make it safe for each place it is shown.
 */

// CSI/OSC/other ESC sequences, then any remaining C0/C1 control character except tab and newline.
// eslint-disable-next-line no-control-regex -- matching terminal control sequences is what this pattern is for
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is what this pattern is for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// Invisible characters that hide or reorder text: zero-width space/joiners and marks, the Arabic
// letter mark, word joiner and invisible operators, the BOM, interlinear annotation and tag characters.
// The zero-width joiner is kept inside an emoji sequence (👨‍👩‍👧 is one glyph); noncharacters
// (U+FFFE, U+FFFF and the others) are no text at all, and XML forbids some of them.
const INVISIBLE =
  /[\u200b\u200c\u200e\u200f\u061c\u2060-\u2064\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{e0000}-\u{e007f}]|(?<!\p{Extended_Pictographic}(?:[\u{1f3fb}-\u{1f3ff}]|\ufe0f)?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/** Strips terminal control sequences, control characters (keeps tab and newline) and invisible characters. */
export function sanitizeText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '').replace(INVISIBLE, '');
}

/** One-line form: control characters stripped and all whitespace runs collapsed. */
export function sanitizeInline(text: string): string {
  return sanitizeText(text).replace(/\s+/g, ' ').trim();
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return sanitizeText(text).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/**
 * Escapes data text for Markdown: inline syntax (emphasis, code, links, tables, headings) is
 * backslash-escaped, then HTML-significant characters become entities (in that order, so no
 * entity is escaped twice); words that could become a link or a mention go into code spans.
 */
export function escapeMarkdown(text: string): string {
  // Anything a renderer would turn into a link or a mention (a URL, www., an e-mail, @name) goes
  // into a code span, where no autolink applies; the rest is escaped.
  // Word by word (linear: no pattern can backtrack over a long word).
  return sanitizeInline(text)
    .split(' ')
    .map((word) => (LINKABLE.test(word) ? linkableWord(word) : escapeMarkdownText(word)))
    .join(' ');
}

/** A linkable word in a code span, with the sentence's trailing punctuation left outside it. */
function linkableWord(word: string): string {
  const trailing = /[.,;:!?]+$/.exec(word)?.[0] ?? '';
  const core = word.slice(0, word.length - trailing.length);
  return core.length > 0 && LINKABLE.test(core) ? `${codeSpanOf(core)}${escapeMarkdownText(trailing)}` : codeSpanOf(word);
}

/** A word an autolinker or GitHub would turn into a link or a mention: a scheme, www., a domain name, an @. */
const LINKABLE = /:\/\/|www\.|@|[a-z0-9-]\.[a-z]{2,}(?:[/:?#)\].,;]|$)/i;

function escapeMarkdownText(text: string): string {
  return text
    .replace(/([\\`*_[\]|~#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}

/** A code span around any text: a backtick fence longer than any run inside it, padded when needed; pipes escaped for tables. */
function codeSpanOf(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A Markdown code span for an id or a path; falls back to escaped text when it holds a backtick. */
export function codeSpan(text: string): string {
  const clean = sanitizeInline(text);
  return clean.includes('`') ? escapeMarkdown(clean) : `\`${clean.replace(/\|/g, '\\|')}\``;
}

/** Neutralises spreadsheet formulas: cells starting with = + - @ (or tab/CR) get a leading quote. */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Quotes a CSV cell when needed, after neutralising formulas. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : neutralizeFormula(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
