import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { InputError, fileError } from '../errors.js';
import { CR, CRLF, LF, LineBreakLog } from './line-break-log.js';

/** Bytes read from disk at a time: large chunks make line splitting cheap. */
export const CHUNK_BYTES = 1 << 20;

export type Encoding = 'utf8' | 'latin1';

/** Bounds on what one input may expand to, so a decompression bomb fails with a message, not a dead heap. */
export interface InputLimits {
  /** Bytes after decompression, per file. */
  maxInputBytes: number;
  /** Decompressed/compressed bytes at which a gzip file is refused, once past `ratioCheckBytes`. */
  maxCompressionRatio: number;
  /** Characters in one line (or one JSON array element). */
  maxLineChars: number;
}

export const DEFAULT_LIMITS: Readonly<InputLimits> = {
  maxInputBytes: 4 * 1024 ** 3,
  maxCompressionRatio: 200,
  maxLineChars: 256 * 1024 ** 2,
};
const RATIO_CHECK_BYTES = 64 * 1024 ** 2;

let limits: InputLimits = { ...DEFAULT_LIMITS };
let encoding: Encoding = 'utf8';

/** Sets the limits and the text encoding every later read uses (the run's options; workers get them passed). */
export function configureInput(options: Partial<InputLimits> & { encoding?: Encoding }): void {
  const { encoding: chosen, ...given } = options;
  limits = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) };
  encoding = chosen ?? 'utf8';
}

export function inputSettings(): InputLimits & { encoding: Encoding } {
  return { ...limits, encoding };
}

/** What reading a text source saw beside its records: line endings and undecodable bytes. */
export interface SourceStats {
  /** Line breaks of each kind (`\n`, `\r\n`, a lone `\r`), and the first line that ends with each. */
  lineEndings: { lf: number; crlf: number; cr: number };
  firstLineEnding: { lf: number | null; crlf: number | null; cr: number | null };
  /** Bytes that are not valid UTF-8 (each became U+FFFD), and the first lines holding them. */
  undecodable: number;
  undecodableLines: number[];
  encoding: Encoding;
  /** The input as stored (before gunzip): its size and SHA-256, known once every chunk was read. */
  storedBytes: number;
  sha256: string | null;
}

/** Text chunks of a file, decoded, BOM removed, gunzipped when needed, with every line break as `\n`. */
export interface TextSource {
  path: string;
  /** Name shown in messages: the path, or `<stdin>`. */
  label: string;
  /** False for stdin, FIFOs and devices: what can be read only once. */
  rereadable: boolean;
  /** Filled in while `chunks()` runs. */
  stats: SourceStats;
  /** The kind of break ending each line, for a reader that counts only the breaks ending records. */
  lineBreaks: LineBreakLog;
  chunks(): AsyncGenerator<string>;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Checks that `path` can be read and says whether it can be read twice. Only regular files are
 * opened to probe them: opening and closing a FIFO would take its one reader away from the writer.
 */
export async function probeInput(path: string): Promise<{ label: string; rereadable: boolean }> {
  if (path === '-') return { label: '<stdin>', rereadable: false };
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    throw fileError(error, path);
  }
  if (stat.isDirectory()) throw new InputError('is a directory, not a file', path);
  if (!stat.isFile()) return { label: path, rereadable: false };
  try {
    const handle = await fs.open(path, 'r');
    await handle.close();
  } catch (error) {
    throw fileError(error, path);
  }
  return { label: path, rereadable: true };
}

/** Size and SHA-256 of an input as stored (before gunzip), fed by rawChunks' onStored. */
export function storedDigest(): { onStored: (buffer: Buffer) => void; digest: () => { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    onStored: (buffer) => {
      hash.update(buffer);
      bytes += buffer.length;
    },
    digest: () => ({ bytes, sha256: hash.digest('hex') }),
  };
}

/**
 * The bytes of a file (or stdin), gunzipped when they start with the gzip magic, within the
 * input limits. Everything that reads an input goes through here.
 */
export async function* rawChunks(path: string, label: string, stdin: Readable = process.stdin, onStored?: (buffer: Buffer) => void): AsyncGenerator<Buffer> {
  const raw: Readable = path === '-' ? stdin : createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const { maxInputBytes, maxCompressionRatio } = limits;
  try {
    const iterator = raw[Symbol.asyncIterator]();
    const head = await iterator.next();
    if (head.done) return;
    const firstBuffer = head.value as Buffer;
    onStored?.(firstBuffer);
    const gzip = firstBuffer.length >= 2 && firstBuffer[0] === GZIP_MAGIC_0 && firstBuffer[1] === GZIP_MAGIC_1;
    let compressed = firstBuffer.length;
    const rest: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () =>
        ({
          next: async () => {
            const next = await iterator.next();
            if (!next.done) {
              compressed += (next.value as Buffer).length;
              onStored?.(next.value as Buffer);
            }
            return next;
          },
          return: iterator.return ? iterator.return.bind(iterator) : undefined,
        }) as AsyncIterator<Buffer>,
    };
    let stream: AsyncIterable<Buffer>;
    if (gzip) {
      const gunzip = createGunzip();
      // Not awaited: it feeds the gunzip stream as that stream is read, and hands any error to the stream.
      void (async () => {
        try {
          gunzip.write(firstBuffer);
          for await (const buffer of rest) if (!gunzip.write(buffer)) await new Promise((resolve) => gunzip.once('drain', resolve));
          gunzip.end();
        } catch (error) {
          gunzip.destroy(error as Error);
        }
      })();
      stream = gunzip;
    } else {
      stream = (async function* () {
        yield firstBuffer;
        yield* rest;
      })();
    }
    let total = 0;
    for await (const buffer of stream) {
      total += buffer.length;
      if (total > maxInputBytes) {
        throw new InputError(
          `the input is larger than ${formatBytes(maxInputBytes)}${gzip ? ' after decompression' : ''} (raise --max-input-bytes to read it)`,
          label,
        );
      }
      if (gzip && total > RATIO_CHECK_BYTES && total / compressed > maxCompressionRatio) {
        throw new InputError(
          `refusing to decompress further: ${formatBytes(compressed)} of gzip data expanded to over ${formatBytes(total)} (more than ${maxCompressionRatio}:1, as a decompression bomb does; raise maxCompressionRatio in the config to read it)`,
          label,
        );
      }
      yield buffer;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fileError(error, label);
  } finally {
    if (path !== '-') raw.destroy();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** Occurrences of U+FFFD's own UTF-8 bytes (EF BF BD), which are text, not decoding errors. */
function literalReplacements(buffer: Buffer, previousTail: number): number {
  let count = 0;
  // A sequence split across buffers: the previous one ended with EF (1) or EF BF (2).
  if (previousTail === 1 && buffer[0] === 0xbf && buffer[1] === 0xbd) count++;
  else if (previousTail === 2 && buffer[0] === 0xbd) count++;
  let at = buffer.indexOf(0xef);
  while (at >= 0 && at + 2 < buffer.length) {
    if (buffer[at + 1] === 0xbf && buffer[at + 2] === 0xbd) count++;
    at = buffer.indexOf(0xef, at + 1);
  }
  return count;
}

function tailState(buffer: Buffer): number {
  const n = buffer.length;
  if (n >= 1 && buffer[n - 1] === 0xef) return 1;
  if (n >= 2 && buffer[n - 2] === 0xef && buffer[n - 1] === 0xbf) return 2;
  return 0;
}

type BreakKind = 'lf' | 'crlf' | 'cr';
const BREAK_CODE = { lf: LF, crlf: CRLF, cr: CR } as const;

/**
 * Rewrites decoded text with every line break as `\n` (`\r\n`, a lone `\r` and `\n`), counting the
 * breaks and the undecodable characters into a source's stats; a `\r` ending a chunk waits for the next.
 */
class TextNormalizer {
  private pendingCr = false;
  /** The 1-based line the next character is on. */
  private line = 1;

  constructor(
    private readonly stats: SourceStats,
    private readonly lineBreaks: LineBreakLog,
  ) {}

  /** Counts a break of this kind ending the current line, and moves to the next line. */
  private breakLine(kind: BreakKind): void {
    this.stats.lineEndings[kind]++;
    this.stats.firstLineEnding[kind] ??= this.line;
    this.lineBreaks.record(this.line, BREAK_CODE[kind]);
    this.line++;
  }

  normalize(text: string): string {
    let out = '';
    let from = 0;
    let searchFrom = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === 10) {
        // The `\n` of a `\r\n` split across chunks: kept, counted once.
        this.breakLine('crlf');
        searchFrom = 1;
      } else {
        this.breakLine('cr');
        out = '\n';
      }
    }
    let cr = text.indexOf('\r', searchFrom);
    let lf = text.indexOf('\n', searchFrom);
    while (lf >= 0 || cr >= 0) {
      if (cr < 0 || (lf >= 0 && lf < cr)) {
        this.breakLine('lf');
        lf = text.indexOf('\n', lf + 1);
        continue;
      }
      // A `\r` at `cr`.
      out += text.slice(from, cr);
      if (cr + 1 === text.length) {
        this.pendingCr = true;
        from = cr + 1;
        break;
      }
      if (text.charCodeAt(cr + 1) === 10) {
        this.breakLine('crlf');
        from = cr + 1; // keep the `\n`
        lf = text.indexOf('\n', cr + 2);
      } else {
        this.breakLine('cr');
        out += '\n';
        from = cr + 1;
      }
      cr = text.indexOf('\r', cr + 1);
    }
    return from === 0 && out.length === 0 ? text : out + text.slice(from);
  }

  /** Counts the U+FFFD characters of `text` beyond the `literal` ones the input spelt out, with the first lines holding them. */
  countUndecodable(text: string, literal: number): void {
    const stats = this.stats;
    let seen = 0;
    let at = text.indexOf('\ufffd');
    if (at < 0) return;
    let scanLine = this.line;
    let scanFrom = 0;
    while (at >= 0) {
      seen++;
      if (seen > literal) {
        stats.undecodable++;
        if (stats.undecodableLines.length < 10) {
          // The line of this character: count breaks since the chunk's start.
          for (let i = scanFrom; i < at; i++) {
            const code = text.charCodeAt(i);
            if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) scanLine++;
          }
          scanFrom = at;
          if (stats.undecodableLines[stats.undecodableLines.length - 1] !== scanLine) stats.undecodableLines.push(scanLine);
        }
      }
      at = text.indexOf('\ufffd', at + 1);
    }
  }

  /** At the end of the input: the break of a lone `\r` ending the file (`\n`), or nothing. */
  finish(): string {
    if (!this.pendingCr) return '';
    // A lone `\r` ends the file: its break, not counted again as a `\n` below.
    this.pendingCr = false;
    this.breakLine('cr');
    return '\n';
  }
}

/** The text of an input: decoded, BOM removed, checked to be text, with every line break as `\n`; fills `stats` as it goes. */
async function* decodedChunks(source: { path: string; label: string; stdin: Readable }, stats: SourceStats, lineBreaks: LineBreakLog): AsyncGenerator<string> {
  const { path, label, stdin } = source;
  const decoder = new StringDecoder(encoding);
  const utf8 = encoding === 'utf8';
  const normalizer = new TextNormalizer(stats, lineBreaks);
  let first = true;
  let tail = 0;
  // What a baseline report compares: the input's bytes as stored.
  const stored = storedDigest();
  for await (const buffer of rawChunks(path, label, stdin, stored.onStored)) {
    const literal = utf8 ? literalReplacements(buffer, tail) : 0;
    tail = utf8 ? tailState(buffer) : 0;
    let text = decoder.write(buffer);
    if (first) {
      if (text.length === 0) continue;
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      assertText(text, label);
    }
    if (text.length === 0) continue;
    if (utf8) normalizer.countUndecodable(text, literal);
    const normalized = normalizer.normalize(text);
    if (normalized.length > 0) yield normalized;
  }
  ({ bytes: stats.storedBytes, sha256: stats.sha256 } = stored.digest());
  let rest = decoder.end();
  if (utf8 && rest.length > 0) normalizer.countUndecodable(rest, 0);
  const lastBreak = normalizer.finish();
  rest = lastBreak + (rest.length > 0 ? normalizer.normalize(rest) : '');
  if (rest.length > 0) yield rest;
}

/** Opens a file (or `-` for stdin) for streaming; fails early with a clear InputError. */
export async function openSource(path: string, stdin: Readable = process.stdin): Promise<TextSource> {
  const { label, rereadable } = await probeInput(path);
  const stats: SourceStats = {
    lineEndings: { lf: 0, crlf: 0, cr: 0 },
    firstLineEnding: { lf: null, crlf: null, cr: null },
    undecodable: 0,
    undecodableLines: [],
    encoding,
    storedBytes: 0,
    sha256: null,
  };
  const lineBreaks = new LineBreakLog();
  return {
    path,
    label,
    rereadable,
    stats,
    lineBreaks,
    chunks: () => decodedChunks({ path, label, stdin }, stats, lineBreaks),
  };
}

/** Rejects binary input: NUL bytes or mostly undecodable bytes in the first chunk. */
function assertText(text: string, label: string): void {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  // Binary formats read elsewhere: say where, rather than only that this is not text.
  if (sample.startsWith('PAR1'))
    throw new InputError(
      'a Parquet file cannot be read from standard input or a pipe (its index is at the end of the file): give the path of a regular file',
      label,
    );
  if (sample.startsWith('ARROW1')) throw new InputError('an Arrow IPC file is read from the path of a regular file, not from standard input or a pipe', label);
  if (sample.startsWith('\u0093NUMPY') || sample.startsWith('\ufffdNUMPY'))
    throw new InputError('a NumPy .npy array, not a table: give probabilities with --probs FILE.npy', label);
  if (sample.indexOf('\u0000') >= 0)
    throw new InputError(
      'binary data, not text (found a NUL byte); expected CSV, TSV, JSONL or JSON, optionally gzip-compressed (Parquet and Arrow files are read from the path of a regular file)',
      label,
      1,
    );
  let bad = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) bad++;
  if (bad > 8 && bad / sample.length > 0.05)
    throw new InputError('binary data or not UTF-8 text (many undecodable bytes; --encoding latin1 reads Latin-1 files)', label, 1);
}

/**
 * Calls `onLine` for each line with its 1-based number. Lines are split by hand over large
 * chunks (faster than readline). A line spanning chunks is kept as its pieces and joined once, so
 * a long line costs time in proportion to its length.
 */
export async function forEachLine(chunks: AsyncIterable<string>, onLine: (text: string, line: number) => void, label = ''): Promise<number> {
  let pieces: string[] = [];
  let carried = 0;
  let line = 0;
  const maxLine = limits.maxLineChars;
  for await (const chunk of chunks) {
    let start = 0;
    let end = chunk.indexOf('\n');
    while (end >= 0) {
      line++;
      if (pieces.length > 0) {
        pieces.push(chunk.slice(0, end));
        onLine(pieces.join(''), line);
        pieces = [];
        carried = 0;
      } else {
        onLine(chunk.slice(start, end), line);
      }
      start = end + 1;
      end = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) {
      carried += chunk.length - start;
      if (carried > maxLine)
        throw new InputError(
          `line ${line + 1} is longer than ${formatBytes(maxLine).replace(' bytes', '')} characters (raise maxLineChars in the config to read it)`,
          label,
          line + 1,
        );
      pieces.push(start === 0 ? chunk : chunk.slice(start));
    }
  }
  if (pieces.length > 0) {
    line++;
    onLine(pieces.join(''), line);
  }
  return line;
}

/** The source's chunks with the first one already read (for sniffing the format). */
export async function firstChunk(source: TextSource): Promise<{ head: string; chunks: AsyncGenerator<string> } | null> {
  const iterator = source.chunks();
  const first = await iterator.next();
  if (first.done) return null;
  const head = first.value;
  return {
    head,
    chunks: (async function* () {
      yield head;
      yield* iterator;
    })(),
  };
}
