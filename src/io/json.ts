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

/**
 * A JSON object whose values are objects (`{"0": {...}, "1": {...}}`, as OpenCompass writes its
 * predictions), streamed like `parseJsonArray`: each value goes to JSON.parse on its own, with its key.
 */
export async function parseJsonObjectEntries(
  chunks: AsyncIterable<string> | Iterable<string>,
  label: string,
  onEntry: (key: string, value: Record<string, unknown>, line: number) => void,
): Promise<number> {
  const scanner = new ObjectEntryScanner(label, onEntry);
  for await (const chunk of chunks) scanner.feed(chunk);
  return scanner.finish();
}

/** The scanner's state across chunks: strings and nesting depth, the current key and the value being collected. */
class ObjectEntryScanner {
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  private finished = false;
  private expect: 'key' | 'colon' | 'value' | 'comma' = 'key';
  private keyParts: string[] = [];
  private keyStart = -1;
  private key = '';
  private element: string[] = [];
  private elementStart = -1;
  private elementLine = 0;
  private elementChars = 0;
  private readonly maxElement = inputSettings().maxLineChars;

  constructor(
    private readonly label: string,
    private readonly onEntry: (key: string, value: Record<string, unknown>, line: number) => void,
  ) {}

  feed(chunk: string): void {
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code === 10) this.line++;
      if (this.inString) this.inStringChar(code, chunk, i);
      else if (code === 32 || code === 10 || code === 13 || code === 9) continue;
      else if (this.finished) throw new InputError('unexpected text after the closing } of the JSON object', this.label, this.line);
      else if (!this.started) {
        if (code !== 123) throw new InputError('expected a JSON object ("{" at the start)', this.label, this.line);
        this.started = true;
        this.depth = 1;
      } else if (this.depth === 1) this.topLevel(code, i);
      else this.inValue(code, chunk, i);
    }
    if (this.inString && this.depth === 1 && this.keyStart >= 0) {
      this.keyParts.push(chunk.slice(this.keyStart));
      this.keyStart = 0;
    }
    if (this.elementStart >= 0 && this.depth > 1) {
      this.element.push(chunk.slice(this.elementStart));
      this.elementChars += chunk.length - this.elementStart;
      if (this.elementChars > this.maxElement)
        throw new InputError(
          `a JSON object value is longer than ${formatBytes(this.maxElement).replace(' bytes', '')} characters (raise maxLineChars in the config to read it)`,
          this.label,
          this.elementLine,
        );
      this.elementStart = 0;
    }
  }

  finish(): number {
    if (!this.started) throw new InputError('the file is empty', this.label);
    if (!this.finished) throw new InputError('the JSON object ends before its closing }', this.label, this.elementLine || this.line);
    return this.line;
  }

  private inStringChar(code: number, chunk: string, i: number): void {
    if (this.escaped) this.escaped = false;
    else if (code === 92) this.escaped = true;
    else if (code === 34) {
      this.inString = false;
      if (this.depth === 1) {
        // The closing quote of a key (values are objects, so strings at this depth are keys).
        this.keyParts.push(chunk.slice(this.keyStart, i + 1));
        this.key = JSON.parse(this.keyParts.join('')) as string;
        this.keyParts = [];
        this.keyStart = -1;
        this.expect = 'colon';
      }
    }
  }

  /** Between the values: a key, its colon, the start of its value, a comma or the closing brace. */
  private topLevel(code: number, i: number): void {
    const { label, line, key } = this;
    if (this.expect === 'key') {
      if (code === 34) {
        this.inString = true;
        this.keyStart = i;
      } else if (code === 125) this.close();
      else throw new InputError('expected a key (a JSON string) in the JSON object', label, line);
    } else if (this.expect === 'colon') {
      if (code !== 58) throw new InputError(`expected ":" after the key "${key}"`, label, line);
      this.expect = 'value';
    } else if (this.expect === 'value') {
      if (code !== 123) throw new InputError(`expected a JSON object as the value of "${key}"`, label, line);
      this.elementStart = i;
      this.elementLine = line;
      this.elementChars = 0;
      this.element = [];
      this.depth = 2;
    } else if (code === 44) this.expect = 'key';
    else if (code === 125) this.close();
    else throw new InputError(`expected "," or "}" after the value of "${key}"`, label, line);
  }

  private close(): void {
    this.finished = true;
    this.depth = 0;
  }

  private inValue(code: number, chunk: string, i: number): void {
    if (code === 34) this.inString = true;
    else if (code === 123 || code === 91) this.depth++;
    else if (code === 125 || code === 93) {
      this.depth--;
      if (this.depth !== 1) return;
      this.element.push(chunk.slice(this.elementStart, i + 1));
      const key = this.key;
      deliver((record, at) => this.onEntry(key, record, at), parseRecord(this.element.join(''), this.label, this.elementLine), this.label, this.elementLine);
      this.element = [];
      this.elementStart = -1;
      this.expect = 'comma';
    }
  }
}
