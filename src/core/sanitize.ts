/**
 * Text from data files is untrusted. These helpers make it safe for each place it is shown.
 */

// CSI/OSC/other ESC sequences, then any remaining C0/C1 control character except tab and newline.
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Strips terminal control sequences and control characters (keeps tab and newline). */
export function sanitizeText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
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
 * entity is escaped twice), and `@` becomes an entity so that text cannot mention users.
 */
export function escapeMarkdown(text: string): string {
  return sanitizeInline(text)
    .replace(/([\\`*_\[\]|~#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
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
