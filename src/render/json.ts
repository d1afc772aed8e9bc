import type { Report } from '../report/schema.js';

/** The versioned JSON report: keys in a fixed order, two-space indent, trailing newline. */
export function renderJson(report: Report): string {
  return renderJsonChunks(report).join('');
}

const CHUNK_CHARS = 1 << 16;
/** Containers are walked to this depth, and deeper when they hold more than WALK_WIDTH entries. */
const WALK_DEPTH = 3;
const WALK_WIDTH = 256;

/** True for what JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * JSON.stringify(value, null, 2) as it reads at this indent inside a larger text: stringified
 * inside arrays nested that deep, so that JSON.stringify indents it, and cut out.
 */
function stringifyAt(value: unknown, indent: string): string {
  const depth = indent.length / 2;
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each wrapper adds "[\n" + its inner indent before, and "\n" + its indent + "]" after.
  let before = 0;
  let after = 0;
  for (let i = 0; i < depth; i++) {
    before += 2 + 2 * (i + 1);
    after += 2 + 2 * i;
  }
  return text.slice(before, text.length - after);
}

/**
 * The same text as `JSON.stringify(value, null, 2) + "\n"`, as pieces of about 64 KiB: a report
 * of a million columns is longer than the longest string V8 can hold, so it is never one string.
 */
export function renderJsonChunks(value: unknown): string[] {
  const chunks: string[] = [];
  let buffer = '';
  const emit = (text: string) => {
    buffer += text;
    if (buffer.length >= CHUNK_CHARS) {
      chunks.push(buffer);
      buffer = '';
    }
  };
  const write = (item: unknown, indent: string): void => {
    if (item !== null && typeof item === 'object' && typeof (item as { toJSON?: unknown }).toJSON === 'function') {
      item = (item as { toJSON: () => unknown }).toJSON();
    }
    if (item === null || typeof item !== 'object') {
      emit(isSkipped(item) ? 'null' : JSON.stringify(item));
      return;
    }
    // Small containers deep in the report are left to JSON.stringify (ten times faster than this
    // walk); a JSON text has no raw line breaks inside strings, so re-indenting it is safe.
    const width = Array.isArray(item) ? item.length : ArrayBuffer.isView(item) ? 0 : Object.keys(item).length;
    if (indent.length >= 2 * WALK_DEPTH && width <= WALK_WIDTH) {
      emit(stringifyAt(item, indent));
      return;
    }
    const inner = `${indent}  `;
    if (Array.isArray(item) && indent.length >= 2 * WALK_DEPTH) {
      // A long list deep in the report: JSON.stringify a block of entries at a time.
      for (let start = 0; start < item.length; start += WALK_WIDTH) {
        // The block is "[\n<inner>a,\n<inner>b\n<indent>]": keep its entries.
        const block = stringifyAt(item.slice(start, start + WALK_WIDTH), indent);
        emit(`${start === 0 ? '[' : ','}${block.slice(1, -(indent.length + 2))}`);
      }
      emit(`\n${indent}]`);
      return;
    }
    if (Array.isArray(item)) {
      if (item.length === 0) return emit('[]');
      emit('[');
      for (let i = 0; i < item.length; i++) {
        emit(i === 0 ? `\n${inner}` : `,\n${inner}`);
        if (isSkipped(item[i])) emit('null');
        else write(item[i], inner);
      }
      emit(`\n${indent}]`);
      return;
    }
    // Plain objects, and typed arrays, which JSON.stringify writes as objects keyed by index.
    let first = true;
    for (const [key, entry] of Object.entries(item as Record<string, unknown>)) {
      if (isSkipped(entry)) continue;
      emit(`${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
      first = false;
      write(entry, inner);
    }
    emit(first ? '{}' : `\n${indent}}`);
  };
  write(value, '');
  chunks.push(`${buffer}\n`);
  return chunks;
}
