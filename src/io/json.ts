import { InputError } from '../errors.js';
import { forEachLine, formatBytes, inputSettings } from './source.js';

export type RecordHandler = (record: Record<string, unknown>, line: number) => void;

/** Parses one JSON text into an object record, or throws an InputError naming the line. */
export function parseRecord(text: string, label: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(describeJsonError(text, error), label, line);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`, label, line);
  }
  return value as Record<string, unknown>;
}

function describeJsonError(text: string, error: unknown): string {
  if (/(^|[\s,:[])-?(NaN|Infinity)([\s,\]}]|$)/.test(text)) {
    return 'invalid JSON: NaN and Infinity are not JSON numbers (a probability or score is NaN or infinite)';
  }
  const message = error instanceof Error ? error.message.replace(/^Unexpected/, 'unexpected') : String(error);
  return `invalid JSON: ${message.length > 160 ? `${message.slice(0, 160)}...` : message}`;
}

/**
 * Hands a parsed record on. Values nested thousands of levels deep overflow the stack of any
 * recursive walk (JSON.parse copes, the column builder's JSON.stringify does not): one clear error.
 */
function deliver(onRecord: RecordHandler, record: Record<string, unknown>, label: string, line: number): void {
  try {
    onRecord(record, line);
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message))
      throw new InputError('a value is nested too deeply to read (thousands of levels of arrays or objects)', label, line);
    throw error;
  }
}

/** JSON Lines: one object per line; blank lines are skipped. */
export async function parseJsonLines(chunks: AsyncIterable<string>, label: string, onRecord: RecordHandler): Promise<number> {
  return forEachLine(
    chunks,
    (text, line) => {
      if (text.length === 0 || (text.length < 8 && text.trim() === '')) return;
      deliver(onRecord, parseRecord(text, label, line), label, line);
    },
    label,
  );
}

/**
 * A JSON array of objects, streamed: the scanner tracks strings and nesting depth and hands
 * each top-level element to JSON.parse, so the whole file is never one string.
 */
export async function parseJsonArray(chunks: AsyncIterable<string>, label: string, onRecord: RecordHandler): Promise<number> {
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let finished = false;
  let element: string[] = [];
  let elementStart = -1; // index in the current chunk where the element began, -1 if not in one
  let elementLine = 0;
  let elementChars = 0;
  const maxElement = inputSettings().maxLineChars;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code === 10) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (code === 92) escaped = true;
        else if (code === 34) inString = false;
        continue;
      }
      if (code === 32 || code === 10 || code === 13 || code === 9) continue;
      if (finished) throw new InputError('unexpected text after the closing ] of the JSON array', label, line);
      if (!started) {
        if (code !== 91) throw new InputError('expected a JSON array of objects ("[" at the start)', label, line);
        started = true;
        continue;
      }
      if (code === 34) {
        inString = true;
        if (depth === 0) throw new InputError('expected a JSON object as an array element, got a string', label, line);
        continue;
      }
      if (code === 123 || code === 91) {
        if (depth === 0) {
          if (code === 91) throw new InputError('expected a JSON object as an array element, got an array', label, line);
          elementStart = i;
          elementLine = line;
          elementChars = 0;
          element = [];
        }
        depth++;
      } else if (code === 125 || code === 93) {
        if (depth === 0) {
          if (code === 93) {
            finished = true;
            continue;
          }
          throw new InputError('unbalanced } in the JSON array', label, line);
        }
        depth--;
        if (depth === 0) {
          element.push(chunk.slice(elementStart, i + 1));
          deliver(onRecord, parseRecord(element.join(''), label, elementLine), label, elementLine);
          element = [];
          elementStart = -1;
        }
      } else if (depth === 0 && code !== 44) {
        throw new InputError('expected a JSON object as an array element', label, line);
      }
    }
    if (elementStart >= 0 && depth > 0) {
      element.push(chunk.slice(elementStart));
      elementChars += chunk.length - elementStart;
      if (elementChars > maxElement)
        throw new InputError(
          `a JSON array element is longer than ${formatBytes(maxElement).replace(' bytes', '')} characters (raise maxLineChars in the config to read it)`,
          label,
          elementLine,
        );
      elementStart = 0;
    }
  }
  if (!started) throw new InputError('the file is empty', label);
  if (depth > 0 || inString) throw new InputError('the JSON array ends in the middle of an element', label, elementLine);
  if (!finished) throw new InputError('the JSON array is not closed with ]', label, line);
  return line;
}
