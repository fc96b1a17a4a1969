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
import iconv from 'iconv-lite';
import { ByteReader } from './bytes.js';
import { singleByteDecoder } from './characters.js';
import { codePageForLid } from './language.js';

export interface FontEntry {
  /** The font's name (the alternate name, when present, is not included). */
  name: string;
  /** FFN.chs: the Windows character set (ANSI_CHARSET 0, SYMBOL_CHARSET 2, RUSSIAN_CHARSET 204, …). */
  charset: number;
  /** Windows code page for `charset` (see codePageForCharset); 0 for the symbol character set. */
  codePage: number;
}

/** Which FFN layout to read. */
export type FontTableLayout = 'word97' | 'word6' | 'word2';

/** Character sets (wingdi.h *_CHARSET, FFN.chs) with a meaning for text decoding. */
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
  OEM: 255,
} as const;

const CODE_PAGE_BY_CHARSET: Record<number, number> = {
  [Charset.ANSI]: 1252,
  [Charset.DEFAULT]: 1252,
  [Charset.SYMBOL]: 0,
  [Charset.MAC]: 10000,
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
  [Charset.BALTIC]: 1257,
  [Charset.RUSSIAN]: 1251,
  [Charset.THAI]: 874,
  [Charset.EASTEUROPE]: 1250,
  [Charset.OEM]: 437,
};

/**
 * The Windows code page of a character set: 1252 for ANSI/DEFAULT (and anything unknown),
 * 0 for SYMBOL (its bytes are glyph indexes, not text in any code page).
 */
export function codePageForCharset(chs: number): number {
  return CODE_PAGE_BY_CHARSET[chs] ?? 1252;
}

/** Hard caps: a real font table has a few dozen entries; the format allows 0x7FF0. */
const MAX_FONTS = 0x7ff0;

/**
 * Reads the font table at [fc, fc+lcb) of `tableStream` (the table stream for Word 97+, the
 * WordDocument stream for Word 6/95). `word6` selects the 8-bit Word 6/95 layout; pass the layout
 * name instead for Word 1/2 (`'word2'`). Returns the fonts it could read, in ftc order (the index
 * a run's sprmCRgFtc0 / sprmCFtc refers to).
 */
export function parseFontTable(
  tableStream: Uint8Array,
  fc: number,
  lcb: number,
  word6: boolean | FontTableLayout,
): FontEntry[] {
  const layout: FontTableLayout = word6 === true ? 'word6' : word6 === false ? 'word97' : word6;
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
  const codePage = codePageForCharset(charset);
  const name = layout === 'word97' ? readUtf16z(r, nameStart, entryEnd) : read8z(r, nameStart, entryEnd, codePage);
  return { name, charset, codePage };
}

const utf16 = new TextDecoder('utf-16le');

function readUtf16z(r: ByteReader, start: number, end: number): string {
  let stop = start;
  while (stop + 1 < end && (r.bytes[stop]! | r.bytes[stop + 1]!) !== 0) stop += 2;
  return utf16.decode(r.bytes.subarray(start, stop));
}

function read8z(r: ByteReader, start: number, end: number, codePage: number): string {
  let stop = start;
  while (stop < end && r.bytes[stop] !== 0) stop++;
  // Names of fonts with a far-east or other non-ANSI charset are written in that code page.
  return singleByteDecoder(iconvNameForCodePage(codePage))(r.bytes.subarray(start, stop));
}

/**
 * The iconv-lite encoding name for a Windows code page number: `cp<n>` when iconv-lite has it,
 * 'macintosh' for 10000 (Mac Roman), and 'cp1252' for 0 (symbol fonts) and for code pages
 * iconv-lite lacks (1361 Johab).
 */
export function iconvNameForCodePage(codePage: number): string {
  if (codePage === 10000) return 'macintosh';
  const name = `cp${codePage}`;
  return codePage > 0 && iconv.encodingExists(name) ? name : 'cp1252';
}

/**
 * Charsets that say nothing about the text's code page: ANSI/DEFAULT (1252, the default anyway),
 * SYMBOL (glyph indexes), OEM (DOS box-drawing fonts such as Terminal or MS LineDraw).
 */
const NEUTRAL_CHARSETS = new Set<number>([Charset.ANSI, Charset.DEFAULT, Charset.SYMBOL, Charset.OEM]);

/**
 * The code page of a Word 6/95 (or Word 2) document's 8-bit text, by document-level heuristics,
 * in order:
 * 1. Macintosh files (FibBase.envr == 1, byte 0x12 of the FIB, or FIB.chse == 256) → 10000;
 * 2. the language id's code page (language.ts), when it is not 1252;
 * 3. the code page of the non-neutral charset most fonts use, when one charset has more fonts
 *    than all other non-neutral charsets together. When `sample` (the document's 8-bit text
 *    bytes, e.g. [fcMin, fcMac) of the WordDocument stream) is given, the candidate must be
 *    needed and plausible: a sample without bytes ≥ 0x80 reads the same in every code page, so
 *    1252 is kept; a double-byte candidate (932, 936, 949, 950) is dropped unless the sample's
 *    high bytes read as valid double-byte characters (English text, with a stray cp1252 quote,
 *    in a document whose font table lists Chinese fonts);
 * 4. 1252.
 *
 * This is a document-level approximation of what Word (and LibreOffice) do per run: a run's
 * bytes are in the code page of its font's charset.
 */
export function documentCodePage(
  fonts: readonly FontEntry[],
  lid: number,
  envrMac: boolean,
  sample?: Uint8Array,
): number {
  if (envrMac) return 10000;
  const byLid = codePageForLid(lid);
  if (byLid !== 1252) return byLid;
  const byFonts = fontCodePage(fonts);
  if (byFonts === null) return 1252;
  if (sample) {
    if (!sample.some((b) => b >= 0x80)) return 1252;
    if (DOUBLE_BYTE.has(byFonts) && !looksLikeDoubleByte(sample, byFonts)) return 1252;
  }
  return byFonts;
}

const DOUBLE_BYTE = new Set([932, 936, 949, 950]);

/** At most this many bytes of a sample are decoded to check a double-byte code page. */
const SAMPLE_LIMIT = 1 << 16;

/**
 * Whether the bytes ≥ 0x80 of `sample` read as double-byte text in `codePage`: decoding yields
 * some non-ASCII characters and (almost) no U+FFFD or private-use characters (invalid pairs,
 * user-defined lead bytes).
 */
function looksLikeDoubleByte(sample: Uint8Array, codePage: number): boolean {
  const text = iconv.decode(sample.subarray(0, SAMPLE_LIMIT) as unknown as Buffer, `cp${codePage}`);
  let good = 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff)) bad++;
    else good++;
  }
  return good > 0 && bad * 20 <= good;
}

/** The dominant non-neutral code page of the font table, or null when there is none. */
export function fontCodePage(fonts: readonly FontEntry[]): number | null {
  const counts = new Map<number, number>();
  let total = 0;
  for (const font of fonts) {
    if (NEUTRAL_CHARSETS.has(font.charset)) continue;
    const cp = font.codePage;
    if (cp === 0 || cp === 1252) continue;
    counts.set(cp, (counts.get(cp) ?? 0) + 1);
    total++;
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const [cp, n] of counts) {
    if (n > bestCount) {
      best = cp;
      bestCount = n;
    }
  }
  return best !== null && bestCount * 2 > total ? best : null;
}
