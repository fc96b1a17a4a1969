/**
 * The ZIP archive under an Office Open XML package (APPNOTE.TXT 6.3): the central directory is
 * read and checked once; an entry is inflated only when a reader asks for it, with fflate's
 * streaming inflater fed in small pieces, so output is counted as it is produced and a "zip bomb"
 * is stopped at the limit, not after it has filled memory (or spent minutes being decoded).
 *
 * Every failure is a DocParseError: TRUNCATED when the archive ends before what it declares,
 * CORRUPT for inconsistent structures, bad data, a CRC mismatch or a limit exceeded.
 */
import { Inflate } from 'fflate';
import { DocParseError } from '../../errors.js';

export interface ZipLimits {
  /** Most entries in the central directory. */
  maxEntries: number;
  /** Largest inflated entry. */
  maxEntryBytes: number;
  /** Most bytes inflated from one archive, all entries read together. */
  maxTotalBytes: number;
}

export const ZIP_LIMITS: Readonly<ZipLimits> = {
  maxEntries: 10_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
};

export interface ZipEntry {
  /** The name as stored (UTF-8; '/' separated). */
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
}

export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  /** An entry by name, case-insensitively (OPC part names are ASCII case-insensitive); null when absent. */
  find(name: string): ZipEntry | null;
  /** The entry's bytes, inflated within the limits and CRC-checked. */
  read(entry: ZipEntry): Uint8Array;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
/** Bytes of compressed input handed to the inflater at a time: bounds one step's output to ~8 MB (deflate's ratio is at most 1032:1). */
const INFLATE_STEP = 8 * 1024;

export function hasZipSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

export function openZip(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const u64 = (o: number) => {
    const v = u32(o) + u32(o + 4) * 0x1_0000_0000;
    if (!Number.isSafeInteger(v)) throw corrupt('a ZIP64 size or offset is too large');
    return v;
  };
  const need = (offset: number, size: number, what: string) => {
    if (offset < 0 || offset + size > bytes.length) {
      throw new DocParseError('TRUNCATED', `The ZIP archive ends before its ${what} (needs bytes ${offset}..${offset + size}, it has ${bytes.length}).`);
    }
  };

  // 4.3.16: the end of central directory record, found from the end (a comment may follow it).
  const eocd = findEocd(bytes, u32);
  if (eocd < 0) {
    throw new DocParseError('TRUNCATED', 'The ZIP archive has no end-of-central-directory record: it is truncated or not a ZIP file.');
  }
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // 4.3.14-15: ZIP64 end of central directory, through its locator just before the EOCD.
    const locator = eocd - 20;
    if (locator < 0 || u32(locator) !== SIG_ZIP64_LOCATOR) throw corrupt('a ZIP64 archive has no ZIP64 locator');
    const z = u64(locator + 8);
    need(z, 56, 'ZIP64 end-of-central-directory record');
    if (u32(z) !== SIG_ZIP64_EOCD) throw corrupt('the ZIP64 end-of-central-directory record has a bad signature');
    count = u64(z + 32);
    cdSize = u64(z + 40);
    cdOffset = u64(z + 48);
  }
  if (count > limits.maxEntries) {
    throw corrupt(`the archive declares ${count} entries, more than the ${limits.maxEntries} a document package may have`);
  }
  // Data prepended to the archive (a self-extractor stub) shifts every offset by the same amount.
  const shift = cdOffset + cdSize <= eocd && bytes.length >= cdOffset + 4 && u32(cdOffset) === SIG_CENTRAL ? 0 : eocd - cdSize - cdOffset;
  need(cdOffset + shift, cdSize, 'central directory');

  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  const names = new TextDecoder('utf-8');
  let p = cdOffset + shift;
  const cdEnd = p + cdSize;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdEnd) throw corrupt(`the central directory holds fewer entries than the ${count} declared`);
    if (u32(p) !== SIG_CENTRAL) throw corrupt(`central directory entry ${i} has a bad signature`);
    const flags = u16(p + 8);
    const nameLength = u16(p + 28);
    const extraLength = u16(p + 30);
    const next = p + 46 + nameLength + extraLength + u16(p + 32);
    if (next > cdEnd) throw corrupt(`central directory entry ${i} runs past the directory`);
    let compressedSize = u32(p + 20);
    let size = u32(p + 24);
    let localHeaderOffset = u32(p + 42);
    // 4.5.3: the ZIP64 extra field holds, in order, the fields whose 32-bit value is 0xFFFFFFFF.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const z = zip64Extra(view, p + 46 + nameLength, extraLength);
      let o = 0;
      const take = () => {
        if (!z || o + 8 > z.length) throw corrupt(`central directory entry ${i} lacks its ZIP64 sizes`);
        const v = u64(z.offset + o);
        o += 8;
        return v;
      };
      if (size === 0xffffffff) size = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
    }
    if (flags & 1) throw new DocParseError('ENCRYPTED', 'The ZIP archive is encrypted (ZIP password protection); its parts cannot be read.');
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    const entry: ZipEntry = { name, method: u16(p + 10), compressedSize, size, crc32: u32(p + 16), localHeaderOffset: localHeaderOffset + shift };
    entries.push(entry);
    const key = normalizeName(name);
    if (!byName.has(key)) byName.set(key, entry);
    p = next;
  }

  let inflatedTotal = 0;
  return {
    entries,
    find: (name) => byName.get(normalizeName(name)) ?? null,
    read(entry) {
      const where = `ZIP entry "${entry.name}"`;
      need(entry.localHeaderOffset, 30, `${where} local header`);
      if (u32(entry.localHeaderOffset) !== SIG_LOCAL) throw corrupt(`the local header of ${where} has a bad signature`);
      const dataStart = entry.localHeaderOffset + 30 + u16(entry.localHeaderOffset + 26) + u16(entry.localHeaderOffset + 28);
      need(dataStart, entry.compressedSize, `${where} data`);
      const raw = bytes.subarray(dataStart, dataStart + entry.compressedSize);
      if (entry.size > limits.maxEntryBytes || inflatedTotal + entry.size > limits.maxTotalBytes) {
        throw corrupt(`${where} declares ${entry.size} bytes, past the limits of ${limits.maxEntryBytes} per part and ${limits.maxTotalBytes} per package (a "zip bomb"?); it is not read`);
      }
      let data: Uint8Array;
      if (entry.method === 0) data = raw;
      else if (entry.method === 8) data = inflateBounded(raw, entry.size, where); // the declared size, already within the limits
      else throw new DocParseError('UNSUPPORTED_FORMAT', `${where} uses ZIP compression method ${entry.method}; only stored and deflated entries are read.`);
      if (data.length !== entry.size) throw corrupt(`${where} holds ${data.length} bytes where its directory entry declares ${entry.size}`);
      if (crc32(data) !== entry.crc32) throw corrupt(`${where} fails its CRC-32 check`);
      inflatedTotal += data.length;
      return data;
    },
  };
}

function corrupt(detail: string): DocParseError {
  return new DocParseError('CORRUPT', `The ZIP archive is damaged: ${detail}.`);
}

/** ZIP names are '/'-separated; OPC compares part names case-insensitively, without a leading '/'. */
export function normalizeName(name: string): string {
  return name.replace(/^\/+/, '').toLowerCase();
}

function findEocd(bytes: Uint8Array, u32: (o: number) => number): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let p = bytes.length - 22; p >= lowest; p--) {
    if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && u32(p) === SIG_EOCD) return p;
  }
  return -1;
}

function zip64Extra(view: DataView, offset: number, length: number): { offset: number; length: number } | null {
  for (let p = offset; p + 4 <= offset + length; ) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) return { offset: p + 4, length: Math.min(size, offset + length - p - 4) };
    p += 4 + size;
  }
  return null;
}

/** Inflates raw DEFLATE data, stopping as soon as it produces more than `limit` bytes. */
function inflateBounded(raw: Uint8Array, limit: number, where: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk: Uint8Array) => {
    total += chunk.length;
    if (total > limit) over = true;
    else chunks.push(chunk);
  });
  try {
    for (let p = 0; p < raw.length && !over; p += INFLATE_STEP) {
      inflater.push(raw.subarray(p, Math.min(p + INFLATE_STEP, raw.length)), p + INFLATE_STEP >= raw.length);
    }
    if (raw.length === 0) inflater.push(raw, true);
  } catch (cause) {
    const truncated = (cause as { code?: number }).code === 0; // fflate: "unexpected EOF"
    throw new DocParseError(
      truncated ? 'TRUNCATED' : 'CORRUPT',
      truncated ? `${where} ends before its compressed data does.` : `${where} holds invalid compressed data.`,
      { cause },
    );
  }
  if (over) throw corrupt(`${where} inflates to more than the ${limit} bytes it declares (stopped after ${total})`);
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) out.set(c, o), (o += c.length);
  return out;
}

let crcTable: Int32Array | null = null;

/** CRC-32 (ISO 3309, as ZIP uses it). */
export function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
