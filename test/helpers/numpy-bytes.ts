/**
 * .npy and .npz bytes built by hand for the tests, with the offsets of every zip field so that a
 * test can change one: a .npy as numpy.lib.format writes it, and a zip archive as Python's zipfile
 * writes numpy.savez's (stored or deflated members, optionally every size in zip64 fields and a
 * zip64 end record).
 */
import { deflateRawSync } from 'node:zlib';

/** CRC-32 as zip computes it. */
export function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/** The dict NumPy writes for a plain array. */
export const npyDict = (descr: string, shape: number[], fortran = false) =>
  `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;

/** A .npy file of format `major`.0 around a header dict (padded to 64 bytes, ending in \n) and data. */
export function npyBytes(dict: string, data: Uint8Array = new Uint8Array(0), major = 1): Buffer {
  const lengthBytes = major === 1 ? 2 : 4;
  const body = Buffer.from(dict, major === 3 ? 'utf8' : 'latin1');
  const pad = (64 - ((8 + lengthBytes + body.length + 1) % 64)) % 64;
  const header = Buffer.concat([body, Buffer.from(' '.repeat(pad) + '\n')]);
  const prefix = Buffer.alloc(8 + lengthBytes);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]).copy(prefix);
  if (major === 1) prefix.writeUInt16LE(header.length, 8);
  else prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, data]);
}

export interface ZipMemberSpec {
  name: string;
  /** The member's uncompressed bytes. */
  data: Uint8Array;
  method?: 0 | 8;
}

/** Where each field of an archive lies, to change one. */
export interface ZipLayout {
  bytes: Buffer;
  members: { local: number; central: number; dataStart: number; compressedSize: number }[];
  /** The end-of-central-directory record, and the zip64 one (-1 when absent). */
  end: number;
  end64: number;
}

/** A zip archive; with `zip64`, every size and offset lives in zip64 extra fields and a zip64 end record. */
export function zipBytes(members: ZipMemberSpec[], options: { zip64?: boolean } = {}): ZipLayout {
  const wide = options.zip64 === true;
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  const layout: ZipLayout['members'] = [];
  let offset = 0;
  for (const member of members) {
    const method = member.method ?? 8;
    const stored = method === 0 ? Buffer.from(member.data) : deflateRawSync(member.data);
    const name = Buffer.from(member.name, 'utf8');
    const crc = crc32(member.data);
    const extra = Buffer.alloc(wide ? 28 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(wide ? 45 : 20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(wide ? 0xffffffff : stored.length, 18);
    local.writeUInt32LE(wide ? 0xffffffff : member.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    if (wide) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(member.data.length), 4);
      extra.writeBigUInt64LE(BigInt(stored.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    local.writeUInt16LE(wide ? 20 : 0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(wide ? 45 : 20, 4);
    central.writeUInt16LE(wide ? 45 : 20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(wide ? 0xffffffff : stored.length, 20);
    central.writeUInt32LE(wide ? 0xffffffff : member.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(wide ? 0xffffffff : offset, 42);
    const localExtra = wide ? Buffer.from(extra.subarray(0, 20)) : Buffer.alloc(0);
    if (wide) localExtra.writeUInt16LE(16, 2);
    parts.push(local, name, localExtra, stored);
    layout.push({ local: offset, central: 0, dataStart: offset + 30 + name.length + localExtra.length, compressedSize: stored.length });
    centrals.push(Buffer.concat([central, name, extra]));
    offset += 30 + name.length + localExtra.length + stored.length;
  }
  let at = offset;
  centrals.forEach((entry, i) => {
    layout[i].central = at;
    at += entry.length;
  });
  const directory = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  let end64 = -1;
  if (wide) {
    end64 = offset + directory.length;
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(members.length), 24);
    record.writeBigUInt64LE(BigInt(members.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(end64), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(wide ? 0xffff : members.length, 8);
  end.writeUInt16LE(wide ? 0xffff : members.length, 10);
  end.writeUInt32LE(wide ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(wide ? 0xffffffff : offset, 16);
  const bytes = Buffer.concat([...parts, directory, ...tail, end]);
  return { bytes, members: layout, end: bytes.length - 22, end64 };
}
