/**
 * Standard output belongs to the report. Plugins run in this process and may print (`console.log`,
 * `process.stdout.write`), which would corrupt `--format json`. Once a plugin is loaded, every write
 * to `process.stdout` that does not come from the report writer (`writeReport`) is kept out of it:
 * forwarded to stderr, each line prefixed with the plugin it came from (at most 64 KiB per plugin),
 * and counted, so that the report can say what was kept out.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sanitizeText } from './sanitize.js';

type WriteCallback = (error?: Error | null) => void;

/** The real stdout writer, taken before any plugin can replace it. */
const stdoutWrite: (chunk: string, callback: WriteCallback) => boolean = process.stdout.write.bind(process.stdout);

/** At most this many bytes of one plugin's stdout are shown on stderr; the rest is counted. */
export const FORWARDED_BYTES_PER_PLUGIN = 64 * 1024;

export interface CapturedOutput {
  /** Writes, lines (a last line without its newline counts) and bytes written to stdout. */
  writes: number;
  lines: number;
  bytes: number;
  /** Bytes shown on stderr (the first FORWARDED_BYTES_PER_PLUGIN). */
  forwarded: number;
}

interface Capture extends Omit<CapturedOutput, 'lines'> {
  /** Newlines written: the lines ended. */
  newlines: number;
  /** A line begun and not yet ended. */
  partial: string;
  /** The last write ended with a newline (or nothing was written). */
  atLineStart: boolean;
}

let installed = false;
/** Who writes: a plugin check's id, kept by the timers and promises it starts (enabled at the first plugin check, after the data is read). */
const owner = new AsyncLocalStorage<string>();
/** The plugin file being imported (module code runs synchronously, so a plain variable serves). */
let importing: string | null = null;
const captures = new Map<string, Capture>();

/** Writes report text to stdout, past the guard. */
export function writeReport(chunk: string, callback: WriteCallback): boolean {
  return stdoutWrite(chunk, callback);
}

function captureOf(name: string): Capture {
  let capture = captures.get(name);
  if (!capture) captures.set(name, (capture = { writes: 0, newlines: 0, bytes: 0, forwarded: 0, partial: '', atLineStart: true }));
  return capture;
}

function forwardLine(name: string, line: string): void {
  process.stderr.write(`[plugin ${sanitizeText(name).replace(/\s+/g, ' ')}] ${sanitizeText(line).replace(/\n/g, '')}\n`);
}

function record(name: string, text: string): void {
  const capture = captureOf(name);
  const bytes = Buffer.byteLength(text);
  capture.writes++;
  capture.bytes += bytes;
  // Lines: each newline ends one; text after the last newline begins one.
  let newlines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) newlines++;
  capture.newlines += newlines;
  if (text.length > 0) capture.atLineStart = text.endsWith('\n');
  const room = FORWARDED_BYTES_PER_PLUGIN - capture.forwarded;
  if (room <= 0) return;
  const shown = bytes <= room ? text : Buffer.from(text).subarray(0, room).toString('utf8');
  capture.forwarded += Math.min(bytes, room);
  const pieces = (capture.partial + shown).split('\n');
  capture.partial = pieces.pop()!;
  for (const piece of pieces) forwardLine(name, piece);
  if (capture.forwarded >= FORWARDED_BYTES_PER_PLUGIN) flushPartial(name, capture);
}

function flushPartial(name: string, capture: Capture): void {
  if (capture.partial !== '') forwardLine(name, capture.partial);
  capture.partial = '';
}

/** From now on, stdout writes other than the report's are kept out of it. Idempotent. */
export function guardStdout(): void {
  if (installed) return;
  installed = true;
  process.stdout.write = function guardedWrite(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    const done = (typeof encoding === 'function' ? encoding : callback) as WriteCallback | undefined;
    const text =
      typeof chunk === 'string'
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8')
          : String(chunk);
    record(owner.getStore() ?? importing ?? 'a plugin', text);
    if (done) process.nextTick(done);
    return true;
  };
}

/** True once a plugin has been loaded (the guard is in place). */
export function stdoutGuarded(): boolean {
  return installed;
}

/** Runs `work` with its stdout writes counted as `name`'s (a check id, or a plugin file while imported). */
export function writingAs<T>(name: string, work: () => Promise<T>): Promise<T> {
  return owner.run(name, work);
}

/** Imports a plugin module with what it prints counted as `path`'s. */
export async function importingAs<T>(path: string, work: () => Promise<T>): Promise<T> {
  importing = path;
  try {
    return await work();
  } finally {
    importing = null;
  }
}

/** What `name` wrote to stdout since the last call (its unfinished line shown now); null when nothing. */
export function takeCaptured(name: string): CapturedOutput | null {
  const capture = captures.get(name);
  if (!capture || capture.writes === 0) return null;
  flushPartial(name, capture);
  captures.delete(name);
  const { writes, bytes, forwarded } = capture;
  const lines = capture.newlines + (capture.atLineStart ? 0 : 1);
  if (forwarded < bytes) process.stderr.write(`[plugin ${sanitizeText(name).replace(/\s+/g, ' ')}] ... ${bytes - forwarded} more bytes not shown\n`);
  return { writes, lines, bytes, forwarded };
}

/** Adds what `from` wrote (a plugin file while imported) to `to` (its first check). */
export function moveCaptured(from: string, to: string): void {
  const source = captures.get(from);
  if (!source) return;
  captures.delete(from);
  const target = captureOf(to);
  target.writes += source.writes;
  target.newlines += source.newlines;
  target.bytes += source.bytes;
  target.forwarded += source.forwarded;
  target.partial = source.partial + target.partial;
  if (source.bytes > 0 && target.writes === source.writes) target.atLineStart = source.atLineStart;
}

/** How the report says what was kept out of it. */
export function describeCaptured(output: CapturedOutput): string {
  const lines = `${output.lines} line${output.lines === 1 ? '' : 's'}`;
  const shown = output.forwarded < output.bytes ? `the first ${output.forwarded} bytes shown on stderr` : 'shown on stderr';
  return `wrote ${lines} (${output.bytes} bytes) to stdout, kept out of the report (${shown})`;
}
