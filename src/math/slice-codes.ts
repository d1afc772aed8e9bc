/** Column codes packed with a binary target, and the counting passes of the slice search over them (see slice-search.ts). */

export type CodeArray = Uint8Array | Uint16Array | Int32Array;

/**
 * A column's codes packed with the target, (code << 1) | hit, in the narrowest array that holds
 * them, so a scan touches one small array per row; `none` marks rows without a value.
 */
export function packCodes(source: Int32Array, levels: number, target: Uint8Array): { packed: CodeArray; none: number } {
  let packed: CodeArray;
  let none: number;
  if (levels < 127) {
    packed = new Uint8Array(source.length);
    none = 255;
  } else if (levels < 32767) {
    packed = new Uint16Array(source.length);
    none = 65535;
  } else {
    packed = new Int32Array(source.length);
    none = -1;
  }
  for (let i = 0; i < source.length; i++) packed[i] = source[i] < 0 ? none : (source[i] << 1) | target[i];
  return { packed, none };
}

/** Adds the rows of `members` to per-value sizes and hits (the hot loop of the search). */
export function countValues(packed: CodeArray, none: number, members: Int32Array, sizes: Int32Array, hits: Int32Array): void {
  for (let i = 0; i < members.length; i++) {
    const v = packed[members[i]];
    if (v === none) continue;
    sizes[v >> 1]++;
    hits[v >> 1] += v & 1;
  }
}

/** Per-value start offsets (length levels + 1) of `members` sorted by value. */
export function valueOffsets(packed: CodeArray, none: number, members: Int32Array, levels: number): Int32Array {
  const offsets = new Int32Array(levels + 1);
  for (let i = 0; i < members.length; i++) {
    const v = packed[members[i]];
    if (v !== none) offsets[(v >> 1) + 1]++;
  }
  for (let c = 0; c < levels; c++) offsets[c + 1] += offsets[c];
  return offsets;
}

/** Counting sort of `members` by value into `buffer` at `offsets` (rows without a value dropped; order kept). */
export function sortByValue(packed: CodeArray, none: number, members: Int32Array, offsets: Int32Array, buffer: Int32Array): void {
  const fill = offsets.slice(0, offsets.length - 1);
  for (let i = 0; i < members.length; i++) {
    const row = members[i];
    const v = packed[row];
    if (v !== none) buffer[fill[v >> 1]++] = row;
  }
}
