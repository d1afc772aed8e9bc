/**
 * Checks the pages of a Parquet column chunk before hyparquet decodes them. Their headers must
 * hold together: each page inside its chunk, sizes within the limits, data-page values adding up
 * to the chunk's. And the runs hyparquet reads from a page must fit the page: hyparquet writes
 * every value of a run-length-encoded run, past the end of its array, so a schema edited to call
 * a column REPEATED (its pages then read as repetition levels that are not there) grew an array
 * to 150 million entries and aborted V8 after 12 s. So, page by page, the repetition and
 * definition levels and the dictionary indices (or RLE booleans) are walked as hyparquet will
 * read them: every run inside its bytes, no run past the values the page holds, no level above
 * the column's highest. Compressed pages are decompressed for this, as hyparquet will again.
 */
import type { ColumnMetaData } from 'hyparquet';
import { snappyUncompress } from 'hyparquet';
import { compressors, decompressZstd } from 'hyparquet-compressors';
import { InputError } from '../errors.js';
import { ThriftReader } from './parquet-footer.js';
import { checkExpansion, type ChunkLayout, type LayoutLimits, type LeafColumn } from './parquet-layout.js';
import { formatBytes } from './source.js';

/** The integer (and boolean, as 1 or 0) fields of a Thrift struct by id (nested ones as `5.1`), skipping the rest. */
function integers(reader: ThriftReader, prefix = '', out = new Map<string, number>(), depth = 0): Map<string, number> {
  if (depth > 4) throw new RangeError('page header nests too deeply');
  let id = 0;
  for (let next = reader.field(id); next; next = reader.field(id)) {
    const [field, type] = next;
    id = field;
    if (type >= 4 && type <= 6) out.set(`${prefix}${field}`, reader.zigzag());
    else if (type === 1 || type === 2) out.set(`${prefix}${field}`, type === 1 ? 1 : 0);
    else if (type === 12) integers(reader, `${prefix}${field}.`, out, depth + 1);
    else reader.skip(type);
  }
  return out;
}

const DATA_PAGE = 0;
const INDEX_PAGE = 1;
const DICTIONARY_PAGE = 2;
const DATA_PAGE_V2 = 3;
/** Encodings whose values are RLE/bit-packed runs: PLAIN_DICTIONARY, RLE, RLE_DICTIONARY. */
const PLAIN_DICTIONARY = 2;
const RLE = 3;
const RLE_DICTIONARY = 8;

const bitWidth = (value: number) => 32 - Math.clz32(value);

/** An unsigned varint as hyparquet's readVarInt reads it (32-bit). */
function varint(bytes: Uint8Array, at: number, end: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (at >= end) throw new RangeError('a run header runs past its bytes');
    const byte = bytes[at++];
    result |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [result, at];
    shift += 7;
  }
}

/**
 * Walks the RLE/bit-packed hybrid runs of `count` values of `width` bits in bytes[start, end)
 * as hyparquet reads them. Throws a RangeError for a run outside the bytes, an RLE run past
 * `count`, or (when `max` is given) a value above `max`; returns how many values are below `max`
 * (the nulls, for definition levels).
 */
function walkRuns(bytes: Uint8Array, start: number, end: number, width: number, count: number, max?: number): number {
  let at = start;
  let seen = 0;
  let below = 0;
  const valueBytes = (width + 7) >> 3;
  const check = (value: number, times: number) => {
    if (max === undefined) return;
    if (value > max) throw new RangeError(`a level of ${value} is above the column's highest, ${max}`);
    if (value < max) below += times;
  };
  while (seen < count) {
    let header: number;
    [header, at] = varint(bytes, at, end);
    if (header & 1) {
      const groups = header >>> 1;
      if (at + groups * width > end) throw new RangeError(`a bit-packed run of ${groups * 8} values runs past its bytes`);
      const take = Math.min(groups * 8, count - seen);
      if (max !== undefined) {
        for (let i = 0; i < take; i++) {
          let value = 0;
          for (let b = 0; b < width; b++) {
            const bit = i * width + b;
            value |= ((bytes[at + (bit >> 3)] >> (bit & 7)) & 1) << b;
          }
          check(value, 1);
        }
      }
      at += groups * width;
      seen += take;
    } else {
      const run = header >>> 1;
      if (seen + run > count) throw new RangeError(`a run of ${run} values passes the ${count} the page holds`);
      if (at + valueBytes > end) throw new RangeError('a run runs past its bytes');
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += bytes[at + i] * 2 ** (8 * i);
      check(value, run);
      at += valueBytes;
      seen += run;
    }
  }
  return below;
}

/** Runs preceded by their length in 4 bytes (levels of a v1 page, RLE booleans): returns where they end and the count below `max`. */
function walkPrefixedRuns(bytes: Uint8Array, at: number, width: number, count: number, max?: number): [number, number] {
  if (at + 4 > bytes.length) throw new RangeError('a run length runs past the page');
  const length = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, true);
  if (at + 4 + length > bytes.length) throw new RangeError(`runs said to take ${length} bytes pass the end of the page`);
  return [at + 4 + length, walkRuns(bytes, at + 4, at + 4 + length, width, count, max)];
}

/** Decompresses a page as hyparquet will (ZSTD into a buffer of the declared size, not the frame's). */
function decompress(bytes: Uint8Array, size: number, codec: ColumnMetaData['codec']): Uint8Array {
  if (codec === 'UNCOMPRESSED') return bytes;
  let page: Uint8Array;
  if (codec === 'ZSTD') page = decompressZstd(bytes, new Uint8Array(size));
  else if (compressors[codec]) page = compressors[codec](bytes, size);
  else if (codec === 'SNAPPY') {
    page = new Uint8Array(size);
    snappyUncompress(bytes, page);
  } else throw new RangeError(`the codec ${codec} is not supported`);
  if (page.length !== size) throw new RangeError(`it decompresses to ${page.length} bytes, not the ${size} its header says`);
  return page;
}

/**
 * The values section of a data page, where its values are runs (dictionary indices, RLE
 * booleans): those runs must stay within `values`. hyparquet reads RLE booleans of a v1 page,
 * and RLE values of a v2 page, as 1-bit runs after their length; dictionary indices as runs of
 * the width given by their first byte.
 */
function walkValues(page: Uint8Array, at: number, encoding: number, leaf: LeafColumn, values: number, version: 1 | 2): void {
  if (values <= 0 || (encoding !== PLAIN_DICTIONARY && encoding !== RLE && encoding !== RLE_DICTIONARY)) return;
  if (version === 1 ? leaf.type === 'BOOLEAN' : encoding === RLE) {
    walkPrefixedRuns(page, at, 1, values);
    return;
  }
  if (at >= page.length) throw new RangeError('its values are missing');
  // A v1 page of width 0 holds no runs (every index is 0); a v2 page's are read all the same.
  if (version === 1 && page[at] === 0) return;
  walkRuns(page, at + 1, page.length, page[at], values);
}

/** A v1 data page: levels (each with its length in 4 bytes), then values. */
function walkPageV1(page: Uint8Array, count: number, encoding: number, leaf: LeafColumn): void {
  let at = 0;
  if (leaf.maxRepetition > 0) [at] = walkPrefixedRuns(page, at, bitWidth(leaf.maxRepetition), count, leaf.maxRepetition);
  let nulls = 0;
  if (leaf.maxDefinition > 0) [at, nulls] = walkPrefixedRuns(page, at, bitWidth(leaf.maxDefinition), count, leaf.maxDefinition);
  walkValues(page, at, encoding, leaf, count - nulls, 1);
}

/**
 * Checks the page headers of one column chunk (its bytes, from its first page) and the runs of
 * its data pages, as the module comment says.
 */
export function checkPages(
  bytes: Uint8Array,
  chunk: ChunkLayout,
  leaf: LeafColumn,
  codec: ColumnMetaData['codec'],
  where: string,
  path: string,
  limits: LayoutLimits,
): void {
  const refuse = (what: string) => new InputError(`not a readable Parquet file: column "${leaf.name}" of ${where}: ${what}`, path);
  let at = 0;
  let values = 0;
  let pages = 0;
  let dictionary = false;
  /** A dictionary-encoded page needs the chunk's dictionary page before it (hyparquet would give the indices as values). */
  const needsDictionary = (encoding: number | undefined) => {
    if ((encoding === PLAIN_DICTIONARY || encoding === RLE_DICTIONARY) && !dictionary)
      throw new RangeError('its values are dictionary indices, and the column chunk has no dictionary before it');
  };
  while (values < chunk.values || (!leaf.flat && at < bytes.length - 1)) {
    if (at >= bytes.length) throw refuse(`its pages hold ${values} of the ${chunk.values} values its footer declares`);
    const reader = new ThriftReader(bytes, at);
    const page = `page ${pages} (byte ${chunk.start + at})`;
    let fields: Map<string, number>;
    try {
      fields = integers(reader);
    } catch (error) {
      throw refuse(`${page}: ${(error as Error).message}`);
    }
    const get = (key: string, what: string) => {
      const value = fields.get(key);
      if (value === undefined || !Number.isSafeInteger(value) || value < 0) throw refuse(`${page} has ${what} ${value ?? '(none)'}`);
      return value;
    };
    const type = get('1', 'page type');
    const compressed = get('3', 'compressed size');
    const uncompressed = get('2', 'uncompressed size');
    const body = bytes.subarray(reader.offset, reader.offset + compressed);
    if (reader.offset + compressed > bytes.length) throw refuse(`${page} says ${compressed} bytes, past the end of its column chunk`);
    checkExpansion(uncompressed, compressed, `column "${leaf.name}" of ${where}: ${page} says ${formatBytes(uncompressed)} uncompressed`, path, limits);
    try {
      if (type === DATA_PAGE) {
        const count = get('5.1', 'value count');
        needsDictionary(fields.get('5.2'));
        if (count > 0) walkPageV1(decompress(body, uncompressed, codec), count, fields.get('5.2') ?? 0, leaf);
        values += count;
      } else if (type === DATA_PAGE_V2) {
        const count = get('8.1', 'value count');
        needsDictionary(fields.get('8.4'));
        const nulls = get('8.2', 'null count');
        const definitionBytes = get('8.5', 'definition-level size');
        const repetitionBytes = fields.get('8.6') === undefined ? 0 : get('8.6', 'repetition-level size');
        if (nulls > count || get('8.3', 'row count') > count) throw new RangeError('it says more nulls or rows than values');
        if (definitionBytes + repetitionBytes > Math.min(compressed, uncompressed))
          throw new RangeError('its levels are said to take more bytes than the page');
        if (count > 0) {
          if (leaf.maxRepetition > 0) walkRuns(body, 0, repetitionBytes, bitWidth(leaf.maxRepetition), count, leaf.maxRepetition);
          if (leaf.maxDefinition > 0)
            walkRuns(body, repetitionBytes, repetitionBytes + definitionBytes, bitWidth(leaf.maxDefinition), count, leaf.maxDefinition);
          const data = body.subarray(repetitionBytes + definitionBytes);
          const size = uncompressed - repetitionBytes - definitionBytes;
          walkValues(fields.get('8.7') === 0 ? data : decompress(data, size, codec), 0, fields.get('8.4') ?? 0, leaf, count - nulls, 2);
        }
        values += count;
      } else if (type === DICTIONARY_PAGE) {
        if (pages > 0) throw new RangeError('it is a dictionary page after the first page');
        if (get('7.1', 'dictionary size') > uncompressed) throw new RangeError(`its dictionary says more values than its ${uncompressed} bytes can hold`);
        dictionary = true;
      } else if (type !== INDEX_PAGE) throw new RangeError(`it has an unknown page type ${type}`);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw refuse(`${page}: ${(error as Error).message}`);
    }
    if (values > chunk.values) throw refuse(`its pages hold more values than the ${chunk.values} its footer declares`);
    at = reader.offset + compressed;
    pages++;
  }
}
