import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { InputError, fileError } from '../errors.js';

/** Bytes read from disk at a time: large chunks make line splitting cheap. */
export const CHUNK_BYTES = 1 << 20;

/** Text chunks of a file, decoded as UTF-8 (split characters handled), BOM removed, gunzipped when needed. */
export interface TextSource {
  path: string;
  /** Name shown in messages: the path, or `<stdin>`. */
  label: string;
  chunks(): AsyncGenerator<string>;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Opens a file (or `-` for stdin) for streaming; fails early with a clear InputError. */
export async function openSource(path: string, stdin: Readable = process.stdin): Promise<TextSource> {
  const label = path === '-' ? '<stdin>' : path;
  if (path !== '-') {
    let stat;
    try {
      stat = await fs.stat(path);
    } catch (error) {
      throw fileError(error, label);
    }
    if (stat.isDirectory()) throw new InputError('is a directory, not a file', label);
    try {
      const handle = await fs.open(path, 'r');
      await handle.close();
    } catch (error) {
      throw fileError(error, label);
    }
  }
  return {
    path,
    label,
    async *chunks(): AsyncGenerator<string> {
      const raw: Readable = path === '-' ? stdin : createReadStream(path, { highWaterMark: CHUNK_BYTES });
      const decoder = new StringDecoder('utf8');
      let first = true;
      let stream: AsyncIterable<Buffer> = raw;
      try {
        const iterator = raw[Symbol.asyncIterator]();
        const head = await iterator.next();
        if (head.done) return;
        const firstBuffer = head.value as Buffer;
        const gzip = firstBuffer.length >= 2 && firstBuffer[0] === GZIP_MAGIC_0 && firstBuffer[1] === GZIP_MAGIC_1;
        const rest: AsyncIterable<Buffer> = {
          [Symbol.asyncIterator]: () => ({
            next: iterator.next.bind(iterator),
            return: iterator.return ? iterator.return.bind(iterator) : undefined,
          }) as AsyncIterator<Buffer>,
        };
        if (gzip) {
          const gunzip = createGunzip();
          (async () => {
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
        for await (const buffer of stream) {
          let text = decoder.write(buffer);
          if (first) {
            if (text.length === 0) continue;
            first = false;
            if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
            assertText(text, label);
          }
          if (text.length > 0) yield text;
        }
        const tail = decoder.end();
        if (tail.length > 0) yield tail;
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw fileError(error, label);
      } finally {
        if (path !== '-') raw.destroy();
      }
    },
  };
}

/** Rejects binary input: NUL bytes or mostly undecodable bytes in the first chunk. */
function assertText(text: string, label: string): void {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  if (sample.indexOf('\u0000') >= 0) throw new InputError('binary data, not text (found a NUL byte); expected CSV, TSV, JSONL or JSON, optionally gzip-compressed', label, 1);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) bad++;
  if (bad > 8 && bad / sample.length > 0.05) throw new InputError('binary data or not UTF-8 text (many undecodable bytes)', label, 1);
}

/**
 * Calls `onLine` for each line with its 1-based number. Lines are split by hand over large
 * chunks (faster than readline); a trailing `\r` is removed.
 */
export async function forEachLine(chunks: AsyncIterable<string>, onLine: (text: string, line: number) => void): Promise<number> {
  let carry = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = carry.length > 0 ? carry + chunk : chunk;
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end >= 0) {
      line++;
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      onLine(text.slice(start, stop), line);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    carry = start < text.length ? text.slice(start) : '';
  }
  if (carry.length > 0) {
    line++;
    onLine(carry.charCodeAt(carry.length - 1) === 13 ? carry.slice(0, -1) : carry, line);
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
