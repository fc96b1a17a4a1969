/**
 * The font table ([MS-DOC] 2.9.286 SttbfFfn, 2.9.81 FFN, 2.9.82 FFID) and the Windows code page
 * of each font's character set.
 *
 * Word 6/95 (and Word 2) store all text as 8-bit characters in the code page of the font each run
 * uses, so the font table is the best document-level clue to that code page when the language id
 * says nothing (an English-installed Word typing Cyrillic in a "Times New Roman Cyr" font).
 *
 * Layouts, by version:
 * - Word 97+: cData u16 (count of fonts), cbExtra u16 (0), then FFNs: cbFfnM1 u8, FFID u8,
 *   wWeight i16, chs u8, ixchSzAlt u8, panose[10], fs[24], xszFfn (UTF-16LE, NUL-terminated,
 *   optionally followed by the alternate name).
 * - Word 6/95: cbSttbf u16 (total size, this field included), then FFNs: cbFfnM1 u8, FFID u8,
 *   wWeight i16, chs u8, ixchSzAlt u8, szFfn (8-bit, NUL-terminated, optionally alternate name).
 * - Word 1/2: cbSttbf u16, then FFNs: cbFfnM1 u8, FFID u8, chs u8, szFfn (8-bit).
 *
 * Everything is bounded by the [fc, fc+lcb) range and the stream; a damaged table yields the
 * fonts read before the damage, never an exception other than DocParseError.
 */
import { ByteReader } from '../io/bytes.js';
import { codePageForCharset, decoderOrCp1252 } from '../io/encoding.js';

export interface FontEntry {
  /** The font's name (the alternate name, when present, is not included). */
  name: string;
  /** FFN.chs: the Windows character set (ANSI_CHARSET 0, SYMBOL_CHARSET 2, RUSSIAN_CHARSET 204, …). */
  charset: number;
  /** Windows code page for `charset` (io/encoding.ts codePageForCharset); 0 for the symbol character set. */
  codePage: number;
}

/** Which FFN layout to read. */
export type FontTableLayout = 'word97' | 'word6' | 'word2';

/** Hard caps: a real font table has a few dozen entries; the format allows 0x7FF0. */
const MAX_FONTS = 0x7ff0;

/**
 * Reads the font table at [fc, fc+lcb) of `tableStream` (the table stream for Word 97+, the
 * WordDocument stream for Word 6/95 and Word 1/2) in the given layout. Returns the fonts it could
 * read, in ftc order (the index a run's sprmCRgFtc0 / sprmCFtc refers to).
 */
export function parseFontTable(tableStream: Uint8Array, fc: number, lcb: number, layout: FontTableLayout): FontEntry[] {
  if (!Number.isInteger(fc) || !Number.isInteger(lcb) || fc < 0 || lcb <= 0) return [];
  // Clamp to the stream: a table cut by the end of the stream still yields its first fonts.
  const end = Math.min(fc + lcb, tableStream.length);
  if (end - fc < 2) return [];
  const r = new ByteReader(tableStream.subarray(0, end), 'font table (SttbfFfn)');
  const fonts: FontEntry[] = [];
  let count = MAX_FONTS;
  let o: number;
  if (layout === 'word97') {
    // cData may be 0xFFFF for an extended STTB (never for SttbfFfn, but be lenient): cData follows.
    let cData = r.u16(fc);
    o = fc + 2;
    if (cData === 0xffff && r.has(o, 2)) {
      cData = r.u16(o);
      o += 2;
    }
    if (!r.has(o, 2)) return [];
    const cbExtra = r.u16(o);
    o += 2;
    count = Math.min(cData, MAX_FONTS);
    return readEntries(r, o, end, count, cbExtra, layout, fonts);
  }
  // Word 1/2/6/95: cbSttbf (total byte size); entries run to its end (or to lcb, if smaller).
  const cbSttbf = r.u16(fc);
  const limit = cbSttbf >= 2 && fc + cbSttbf < end ? fc + cbSttbf : end;
  o = fc + 2;
  return readEntries(r, o, limit, count, 0, layout, fonts);
}

function readEntries(
  r: ByteReader,
  start: number,
  end: number,
  count: number,
  cbExtra: number,
  layout: FontTableLayout,
  fonts: FontEntry[],
): FontEntry[] {
  let o = start;
  while (fonts.length < count && o < end) {
    const size = r.u8(o) + 1; // cbFfnM1 + 1: the whole FFN, this byte included
    if (size < 2 || o + size > end) break; // damaged or cut entry: keep what was read
    const entry = readFfn(r, o, size, layout);
    if (entry) fonts.push(entry);
    else break;
    o += size + cbExtra;
  }
  return fonts;
}

function readFfn(r: ByteReader, o: number, size: number, layout: FontTableLayout): FontEntry | null {
  const entryEnd = o + size;
  let charset: number;
  let nameStart: number;
  if (layout === 'word2') {
    if (size < 3) return null;
    charset = r.u8(o + 2);
    nameStart = o + 3;
  } else if (layout === 'word6') {
    if (size < 6) return null;
    charset = r.u8(o + 4);
    nameStart = o + 6;
  } else {
    if (size < 40) return null;
    charset = r.u8(o + 4);
    nameStart = o + 40;
  }
  return new StoredFont(charset, codePageForCharset(charset), r.bytes, nameStart, entryEnd, layout === 'word97');
}

/** A font read from its FFN: the name is decoded when first asked for (a document's runs name a few of its fonts). */
class StoredFont implements FontEntry {
  private decoded: string | undefined;

  constructor(
    readonly charset: number,
    readonly codePage: number,
    /** Where the name is: [nameStart, entryEnd) of `bytes`, UTF-16 (`wide`) or 8-bit, NUL-terminated. */
    private readonly bytes: Uint8Array,
    private readonly nameStart: number,
    private readonly entryEnd: number,
    private readonly wide: boolean,
  ) {}

  get name(): string {
    return (this.decoded ??= this.wide ? readUtf16z(this.bytes, this.nameStart, this.entryEnd) : read8z(this.bytes, this.nameStart, this.entryEnd, this.codePage));
  }
}

function readUtf16z(bytes: Uint8Array, start: number, end: number): string {
  let stop = start;
  while (stop + 1 < end && (bytes[stop]! | bytes[stop + 1]!) !== 0) stop += 2;
  return utf16.decode(bytes.subarray(start, stop));
}

const utf16 = new TextDecoder('utf-16le');

function read8z(bytes: Uint8Array, start: number, end: number, codePage: number): string {
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  // Names of fonts with a far-east or other non-ANSI charset are written in that code page.
  return decoderOrCp1252(codePage)(bytes.subarray(start, stop));
}
