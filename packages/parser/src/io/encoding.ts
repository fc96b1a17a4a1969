/**
 * Code pages → decoders: the one table of the parser.
 *
 * - Single-byte code pages (Windows 125x/874, DOS, Mac, ISO-8859-x, KOI8): generated 256-entry
 *   tables (code-pages.generated.ts, from iconv-lite's data), applied through a Uint16Array.
 *   TextDecoder is not used for them: WHATWG lacks the DOS and most Mac code pages, maps
 *   undefined bytes differently, and Node 20's TextDecoder('windows-1252') decodes ISO-8859-1.
 * - Double-byte code pages and Unicode (932, 936, 949, 950, 54936, UTF-8, UTF-16): the platform's
 *   TextDecoder (WHATWG encodings).
 * - Anything else by name (a caller's `codePage: 'x-something'`): a fallback the host may install
 *   with `setDecoderFallback` (e.g. iconv-lite, in a Node program); without one, an error.
 *
 * Also the one Windows charset (FFN.chs, RTF \fcharset) → code page table.
 */
import { DocParseError } from '../errors.js';
import { SINGLE_BYTE_CODE_PAGES } from './code-pages.generated.js';

export type Decoder = (bytes: Uint8Array) => string;

/** Code pages TextDecoder serves, by their WHATWG label. */
const TEXT_DECODER_LABELS: Readonly<Record<number, string>> = {
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  54936: 'gb18030',
  65001: 'utf-8',
  1200: 'utf-16le',
  1201: 'utf-16be',
  10001: 'shift_jis', // Mac Japanese: close enough to Shift-JIS for text
  10002: 'big5', // Mac Traditional Chinese
  10003: 'euc-kr', // Mac Korean
  10008: 'gbk', // Mac Simplified Chinese
};

/** Encoding names (normalised: lower case, letters and digits only) → code page. */
const NAMES: Readonly<Record<string, number>> = {
  macintosh: 10000, macroman: 10000, macgreek: 10006, maccyrillic: 10007, macromania: 10010,
  macukraine: 10017, macthai: 10021, maccenteuro: 10029, maciceland: 10079, macturkish: 10081,
  maccroatian: 10082, ascii: 20127, usascii: 20127, latin1: 28591, koi8r: 20866, koi8u: 21866,
  utf8: 65001, utf16le: 1200, ucs2: 1200, utf16be: 1201, shiftjis: 932, sjis: 932,
  windows31j: 932, gbk: 936, gb2312: 936, big5: 950, euckr: 949, gb18030: 54936,
};

/** A Windows code page number for an encoding name, or null ("cp1251", "windows-1251", "ISO-8859-5", "koi8-r" …). */
export function codePageOfName(name: string): number | null {
  const n = name.toLowerCase().replace(/[^0-9a-z]/g, '');
  const numbered = /^(?:cp|windows|win|ibm|ms)?(\d+)$/.exec(n);
  if (numbered) return Number(numbered[1]);
  const iso = /^iso8859(\d+)$/.exec(n);
  if (iso) return 28590 + Number(iso[1]);
  return NAMES[n] ?? null;
}

let fallback: ((name: string) => Decoder | null) | null = null;

/**
 * Installs the decoder source for code pages this module has no table for (e.g. iconv-lite in a
 * Node program). The plain-text path never needs one for code pages read from documents.
 */
export function setDecoderFallback(source: ((name: string) => Decoder | null) | null): void {
  fallback = source;
  cache.clear();
}

/** The 256-entry byte → code unit table of each single-byte decoder, for callers that decode into their own buffer. */
const BYTE_TABLES = new WeakMap<Decoder, Uint16Array>();

const cache = new Map<number | string, Decoder | null>();

/** Byte tables that map every byte outside 0x80-0x9F to itself (Windows-1252, ISO-8859-1). */
const C1_ONLY = new WeakSet<Uint16Array>();

/** The decoder for a code page (number, or an encoding name), or null when there is none. */
export function decoderFor(codePage: number | string): Decoder | null {
  let decoder = cache.get(codePage);
  if (decoder === undefined) {
    decoder = build(codePage);
    cache.set(codePage, decoder);
  }
  return decoder;
}

function build(codePage: number | string): Decoder | null {
  // Code pages are read from files as 16-bit values, so 65001 may arrive as -535.
  const cp = typeof codePage === 'number' ? (codePage < 0 ? codePage & 0xffff : codePage) : codePageOfName(codePage);
  const table = cp !== null ? SINGLE_BYTE_CODE_PAGES[cp] : undefined;
  if (table !== undefined) return tableDecoder(table);
  const label = cp !== null ? TEXT_DECODER_LABELS[cp] : undefined;
  if (label === 'utf-16le') return decodeUtf16le;
  if (label !== undefined) {
    const decoder = new TextDecoder(label, { ignoreBOM: true });
    // A dangling odd byte of UTF-16 is dropped, not read as U+FFFD.
    if (label === 'utf-16be') return (bytes) => decoder.decode(bytes.subarray(0, bytes.length & ~1));
    return (bytes) => decoder.decode(bytes);
  }
  return fallback?.(String(codePage)) ?? null;
}

/** Windows-1252: the code page of Word 97 8-bit text ([MS-DOC] 2.4.1) and everyone's default. */
export const decodeCp1252: Decoder = decoderFor(1252)!;

/** A code page read from a file: its decoder, or Windows-1252 (0 = symbol font, 1361 Johab, garbage). */
export function decoderOrCp1252(codePage: number): Decoder {
  return decoderFor(codePage) ?? decodeCp1252;
}

/**
 * A caller's code page (`ParseOptions.codePage`): a number as `decoderOrCp1252`, a name must be
 * known (UNSUPPORTED_FORMAT otherwise: no text would be right).
 */
export function optionDecoder(codePage: number | string): Decoder {
  if (typeof codePage === 'number' || /^\d+$/.test(codePage)) return decoderOrCp1252(Number(codePage));
  const decoder = decoderFor(codePage);
  if (!decoder) {
    throw new DocParseError('UNSUPPORTED_FORMAT', `No decoder for the code page "${codePage}" (a Windows code page number or an encoding name such as cp1251, koi8-r, macintosh, shift_jis).`);
  }
  return decoder;
}

/** Decodes bytes in a code page read from a file (Windows-1252 when unknown). Pure ASCII is copied as is. */
export function decode(bytes: Uint8Array, codePage: number): string {
  const cp = codePage < 0 ? codePage & 0xffff : codePage;
  if (cp !== 1200 && cp !== 1201 && isAscii(bytes)) return fromCharCodes(bytes);
  return decoderOrCp1252(cp)(bytes);
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** The byte → code unit table of a single-byte code page's decoder; null for others (double-byte, UTF-16, a fallback). */
export function byteTableOf(decoder: Decoder): Uint16Array | null {
  return BYTE_TABLES.get(decoder) ?? null;
}

function tableDecoder(chars: string): Decoder {
  const table = new Uint16Array(256);
  const low = 256 - chars.length; // 128: bytes below 0x80 are ASCII
  for (let i = 0; i < 256; i++) table[i] = i < low ? i : chars.charCodeAt(i - low);
  let c1Only = true;
  for (let i = 0; i < 256; i++) if (table[i] !== i && (i & 0xe0) !== 0x80) c1Only = false;
  if (c1Only) C1_ONLY.add(table);
  const decoder: Decoder = (bytes) => tableString(bytes, table);
  BYTE_TABLES.set(decoder, table);
  return decoder;
}

/**
 * Bytes through a code page's byte table, as a string. Where the table changes only the C1 bytes
 * (0x80-0x9F: Windows-1252, the code page of most 8-bit text) and Node's Buffer is there, text
 * without them is copied natively as Latin-1; otherwise through tableInto.
 */
export function tableString(bytes: Uint8Array, table: Uint16Array): string {
  const n = bytes.length;
  if (NodeBuffer && n > 16 && C1_ONLY.has(table) && firstC1(bytes) === n) return latin1String(bytes);
  const units = scratchArray(Uint16Array, n); // every unit written below
  tableInto(bytes, table, units, 0);
  return unitsToString(units);
}

/**
 * Bytes through a code page's byte table into `out` from `at`: for a table that changes only the
 * C1 bytes, widened natively and only those bytes (found four at a time) looked up; otherwise
 * every byte looked up.
 */
export function tableInto(bytes: Uint8Array, table: Uint16Array, out: Uint16Array, at: number): void {
  const n = bytes.length;
  if (C1_ONLY.has(table)) {
    out.set(bytes, at); // each byte as a unit
    for (let k = firstC1(bytes); k < n; k++) {
      const b = bytes[k]!;
      if ((b & 0xe0) === 0x80) out[at + k] = table[b]!;
    }
  } else for (let k = 0; k < n; k++) out[at + k] = table[bytes[k]!]!;
}

/** The index of the first byte in 0x80-0x9F (`bytes.length` when none): four bytes at a time where aligned. */
function firstC1(bytes: Uint8Array): number {
  const n = bytes.length;
  let k = 0;
  const head = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  for (; k < head; k++) if ((bytes[k]! & 0xe0) === 0x80) return k;
  const count = (n - k) >> 2;
  if (count > 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + k, count);
    let i = 0;
    // A byte is C1 when bit 7 is set and bits 6 and 5 are not: each byte's bit 7, 6 and 5 lined up on bit 7.
    for (; i < count; i++) {
      const w = words[i]!;
      if ((w & ~(w << 1) & ~(w << 2) & 0x80808080) !== 0) break;
    }
    k += 4 * i;
  }
  for (; k < n; k++) if ((bytes[k]! & 0xe0) === 0x80) return k;
  return n;
}

// ---------------------------------------------------------------------------------------------
// UTF-16 and code units

// ignoreBOM: a U+FEFF at the start is a character of the document, not a BOM.
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });

type NodeBufferBytes = Uint8Array & { toString(enc: string, s?: number, e?: number): string };
type NodeBufferLike = {
  from(b: ArrayBufferLike, o?: number, l?: number): { toString(enc: string, s?: number, e?: number): string };
  allocUnsafe(size: number): NodeBufferBytes;
};
/** Node's Buffer, when the host has one (no import: the core runs in browsers too). Its UTF-16 decoder is faster. */
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

/** UTF-16LE bytes to a string (a dangling odd byte is dropped; lone surrogates are kept as they are by Buffer, U+FFFD by TextDecoder). */
export function decodeUtf16le(bytes: Uint8Array): string {
  const even = bytes.length & ~1;
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, even).toString('utf16le');
  return utf16le.decode(bytes.subarray(0, even));
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * UTF-16 code units to a string, unit for unit (lone surrogates kept): through Node's Buffer when
 * there is one (a copy), else String.fromCharCode in bounded chunks. Units all below U+0100 make
 * a one-byte string (V8 keeps Latin-1 strings at a byte per character: half the memory, and
 * faster to join, search and encode); others a two-byte one.
 */
export function unitsToString(units: Uint16Array): string {
  if (NodeBuffer && LITTLE_ENDIAN && units.length > 16) {
    if (units.length >= NARROW_MIN && isLatin1(units)) {
      // Every unit < 0x100: a one-byte string, so that searching, slicing and joining it (the
      // renderer) move half the bytes. Node makes a string this long external and two-byte.
      const narrow = narrowBytes(units.length);
      narrow.set(units); // native, each unit's low byte
      return narrow.toString('latin1', 0, units.length); // a copy: the bytes are free again
    }
    return NodeBuffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
  }
  return fromCharCodes(units);
}

/**
 * The bytes a one-byte decode goes through (unitsToString), kept for the next one, up to
 * NARROW_KEPT bytes (so at most that much stays with a thread after its last large document). A
 * fresh buffer per large document is fresh memory, pages the kernel maps and zeroes on their first
 * write: 1,900 of them for the 16 MB Latin document, which cost 26 of the decode's 53 ms where
 * page faults are dear (12-14 µs each on the bench machine of session 23, a VM that traps them).
 * bench/compare-builds.ts on bench/generated/latin-16mb.doc, 11 alternating rounds: 51.9 → 43.5 ms
 * a document (word-extractor ÷ ours 2.69 → 3.22×).
 */
let narrowKept: NodeBufferBytes | null = null;
const NARROW_KEPT = 16 * 1024 * 1024;

function narrowBytes(length: number): NodeBufferBytes {
  if (length > NARROW_KEPT) return NodeBuffer!.allocUnsafe(length);
  if (narrowKept === null || narrowKept.length < length) narrowKept = NodeBuffer!.allocUnsafe(length);
  return narrowKept;
}

/**
 * Runs of UTF-16 code units, one after another, as one string: unitsToString of their
 * concatenation, put together in the kept bytes (narrowBytes; as bytes when every unit is below
 * U+0100, for a one-byte string), not in fresh memory and with no string per run to make and
 * join. A text across several parts of its stream (sectors not in a row) is made this way: for
 * the 16 MB Latin document, a fresh 7.7 MB buffer a decode was ~700 page faults of the ~4,100 a
 * parse took in a long-lived process.
 */
export function unitRunsToString(runs: readonly Uint16Array[]): string {
  if (runs.length === 1) return unitsToString(runs[0]!);
  let units = 0;
  for (const run of runs) units += run.length;
  if (!NodeBuffer || !LITTLE_ENDIAN || units < NARROW_MIN) return unitsToString(concatUnits(runs, units, new Uint16Array(units)));
  if (runs.every(isLatin1)) {
    const narrow = narrowBytes(units);
    let k = 0;
    for (const run of runs) {
      narrow.set(run, k); // each unit's low byte
      k += run.length;
    }
    return narrow.toString('latin1', 0, units);
  }
  const bytes = narrowBytes(2 * units); // an own buffer from 4 KB up: 2-byte aligned
  const wide = concatUnits(runs, units, new Uint16Array(bytes.buffer, bytes.byteOffset, units));
  return NodeBuffer.from(wide.buffer, wide.byteOffset, wide.byteLength).toString('utf16le');
}

function concatUnits(runs: readonly Uint16Array[], units: number, into: Uint16Array): Uint16Array {
  let k = 0;
  for (const run of runs) {
    into.set(run, k);
    k += run.length;
  }
  into.fill(0, k, units); // nothing when the runs give every unit, as they do
  return into;
}

/**
 * Strings of at least this many units are checked for one-byte text: from Node's EXTERN_APEX
 * (0xFBEE9 bytes, src/string_bytes.cc) up, Buffer#toString makes an external string, which V8
 * keeps two bytes a character; a shorter one V8 copies, one byte a character when it can.
 */
const NARROW_MIN = 0xfbee9 >> 1;

/** Whether every unit is < 0x100: the units OR-ed two at a time, a block at a time (stops at the first block with a wider one). */
export function isLatin1(units: Uint16Array): boolean {
  let k = 0;
  const head = (units.byteOffset & 3) === 0 ? 0 : 1;
  if (head === 1 && units[0]! > 0xff) return false;
  const pairs = new Uint32Array(units.buffer, units.byteOffset + 2 * head, (units.length - head) >> 1);
  while (k < pairs.length) {
    const end = Math.min(pairs.length, k + 1024);
    let any = 0;
    for (; k < end; k++) any |= pairs[k]!;
    if ((any & 0xff00ff00) !== 0) return false;
  }
  return (units.length - head) % 2 === 0 || units[units.length - 1]! <= 0xff;
}

/**
 * A scratch array of `length` elements whose every element the caller writes before reading it:
 * through Node's Buffer when there is one, not zero-filled (a zero-filled one of many megabytes
 * costs a memset, or fresh pages, on every call of a long-lived process), else a plain one. Below
 * 4 KB it is a view of Node's shared pool: no memory of its own to allocate, zero and track (what
 * makes a new typed array cost microseconds whatever its size).
 */
export function scratchArray<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(kind: { new (buffer: ArrayBuffer, offset: number, length: number): T; new (length: number): T; BYTES_PER_ELEMENT: number }, length: number): T {
  if (!NodeBuffer) return new kind(length);
  const bytes = NodeBuffer.allocUnsafe(length * kind.BYTES_PER_ELEMENT); // a pooled slice is 8-byte aligned
  return new kind(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
}

/** `text` with its lone surrogates (half of a pair, alone) replaced by U+FFFD, as UTF-8 output needs. */
export function wellFormed(text: string): string {
  const s = text as string & { isWellFormed?: () => boolean };
  if (s.isWellFormed ? s.isWellFormed() : !SURROGATE.test(text)) return text;
  return text.replace(LONE_SURROGATE, '\ufffd');
}
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Bytes as Latin-1 (U+0000-U+00FF, byte for character): a one-byte string. */
export function latin1String(bytes: Uint8Array): string {
  if (NodeBuffer && bytes.length > 16) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return fromCharCodes(bytes);
}

/** Char codes to a string, in chunks that keep `apply`'s argument count bounded. */
export function fromCharCodes(codes: ArrayLike<number>): string {
  if (codes.length <= 16) {
    let out = '';
    for (let i = 0; i < codes.length; i++) out += String.fromCharCode(codes[i]!);
    return out;
  }
  const CHUNK = 8192;
  let out = '';
  for (let i = 0; i < codes.length; i += CHUNK) {
    const part = (codes instanceof Uint16Array ? codes.subarray(i, i + CHUNK) : Array.prototype.slice.call(codes, i, i + CHUNK)) as number[];
    out += String.fromCharCode.apply(null, part);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Windows character sets (wingdi.h *_CHARSET: FFN.chs [MS-DOC] 2.9.82, RTF \fcharsetN)

export const Charset = {
  ANSI: 0,
  DEFAULT: 1,
  SYMBOL: 2,
  MAC: 77,
  SHIFTJIS: 128,
  HANGUL: 129,
  JOHAB: 130,
  GB2312: 134,
  BIG5: 136,
  GREEK: 161,
  TURKISH: 162,
  VIETNAMESE: 163,
  HEBREW: 177,
  ARABIC: 178,
  BALTIC: 186,
  RUSSIAN: 204,
  THAI: 222,
  EASTEUROPE: 238,
  PC437: 254,
  OEM: 255,
} as const;

const CODE_PAGE_BY_CHARSET: Readonly<Record<number, number>> = {
  [Charset.ANSI]: 1252,
  [Charset.DEFAULT]: 1252,
  [Charset.SYMBOL]: 0,
  [Charset.MAC]: 10000,
  78: 10001, // Mac Shift-JIS (RTF 1.9.1 "Font Table")
  79: 10003, // Mac Hangul
  80: 10008, // Mac GB2312
  81: 10002, // Mac Big5
  83: 10005, // Mac Hebrew
  84: 10004, // Mac Arabic
  85: 10006, // Mac Greek
  86: 10081, // Mac Turkish
  87: 10021, // Mac Thai
  88: 10029, // Mac East Europe
  89: 10007, // Mac Russian
  [Charset.SHIFTJIS]: 932,
  [Charset.HANGUL]: 949,
  [Charset.JOHAB]: 1361,
  [Charset.GB2312]: 936,
  [Charset.BIG5]: 950,
  [Charset.GREEK]: 1253,
  [Charset.TURKISH]: 1254,
  [Charset.VIETNAMESE]: 1258,
  [Charset.HEBREW]: 1255,
  [Charset.ARABIC]: 1256,
  179: 1256, // Arabic Traditional
  180: 1256, // Arabic user
  181: 1255, // Hebrew user
  [Charset.BALTIC]: 1257,
  [Charset.RUSSIAN]: 1251,
  [Charset.THAI]: 874,
  [Charset.EASTEUROPE]: 1250,
  [Charset.PC437]: 437,
  [Charset.OEM]: 437, // the US OEM code page (RTF readers take 850: see formats/rtf.ts)
};

/**
 * The Windows code page of a character set: 1252 for ANSI/DEFAULT (and `unknown`, 1252 by default, for others),
 * 0 for SYMBOL (its bytes are glyph indexes, not text in any code page).
 */
export function codePageForCharset(chs: number, unknown = 1252): number {
  return CODE_PAGE_BY_CHARSET[chs] ?? unknown;
}
