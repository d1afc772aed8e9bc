// Types of columnar_mutations.mjs, for the tests that import it.

/** An integer of a Thrift struct: its path (`4.0.3`), position, width in bytes and value. */
export interface ThriftSlot {
  path: string;
  offset: number;
  width: number;
  zigzag: boolean;
  value: bigint;
}

/** An integer of an Arrow IPC file (32 or 64 bits, little-endian). */
export interface ArrowSlot {
  path: string;
  offset: number;
  width: 4 | 8;
  value: bigint;
}

export function encodeVarint(value: bigint | number, width?: number): Uint8Array;
export function thriftIntegers(bytes: Uint8Array, start: number): { slots: ThriftSlot[]; end: number };
export function parquetFooter(file: Buffer): { start: number; length: number; slots: ThriftSlot[] };
export function setParquetFooter(file: Buffer, path: string, value: bigint | number): Buffer;
export function parquetPageHeaders(file: Buffer): ThriftSlot[];
export function setInPlace(file: Buffer, slot: ThriftSlot, value: bigint | number): Buffer;
export function arrowLayout(file: Buffer): { slots: ArrowSlot[]; ranges: { start: number; end: number }[] };
export function arrowIntegers(file: Buffer): ArrowSlot[];
export function setArrow(file: Buffer, path: string, value: bigint | number): Buffer;
export function overwrite(file: Buffer, offset: number, bytes: ArrayLike<number>): Buffer;
export function namedCases(): Record<string, Buffer>;
