/**
 * The code page of a Word 6/95 or Word 1/2 document's 8-bit text: by its language id (FIB.lid),
 * its platform (Mac) and its font table's character sets. Word 97+ 8-bit text is always cp1252.
 */
import { Charset, decoderOrCp1252 } from '../io/encoding.js';
import type { FontEntry } from './fonts.js';

/**
 * Language ids (LCIDs, as in FIB.lid) to the Windows "ANSI" code page Word used for 8-bit text in
 * that language. Word 97+ stores 8-bit text in cp1252 only ([MS-DOC] 2.4.1); Word 6/95 stores
 * all text as 8-bit in the code page of the document's language.
 */
const BY_PRIMARY_LANGUAGE: Record<number, number> = {
  0x01: 1256, // Arabic
  0x02: 1251, // Bulgarian
  0x05: 1250, // Czech
  0x08: 1253, // Greek
  0x0d: 1255, // Hebrew
  0x0e: 1250, // Hungarian
  0x11: 932, // Japanese
  0x12: 949, // Korean
  0x15: 1250, // Polish
  0x18: 1250, // Romanian
  0x19: 1251, // Russian
  0x1a: 1250, // Croatian (Serbian Cyrillic is handled below)
  0x1b: 1250, // Slovak
  0x1c: 1250, // Albanian
  0x1e: 874, // Thai
  0x1f: 1254, // Turkish
  0x20: 1256, // Urdu
  0x22: 1251, // Ukrainian
  0x23: 1251, // Belarusian
  0x24: 1250, // Slovenian
  0x25: 1257, // Estonian
  0x26: 1257, // Latvian
  0x27: 1257, // Lithuanian
  0x29: 1256, // Farsi
  0x2a: 1258, // Vietnamese
  0x2c: 1254, // Azeri (Latin)
  0x2f: 1251, // Macedonian
  0x3f: 1251, // Kazakh
  0x40: 1251, // Kyrgyz
  0x44: 1251, // Tatar
  0x50: 1251, // Mongolian
};

export function codePageForLid(lid: number): number {
  if (lid === 0x0c1a || lid === 0x1c1a) return 1251; // Serbian / Bosnian Cyrillic
  if (lid === 0x0404 || lid === 0x0c04 || lid === 0x1404) return 950; // Chinese (Traditional)
  if ((lid & 0x3ff) === 0x04) return 936; // Chinese (Simplified)
  return BY_PRIMARY_LANGUAGE[lid & 0x3ff] ?? 1252;
}

/** Where the file was written: FibBase.envr 1 or chse 256 say 'mac'. */
export type Platform = 'windows' | 'mac';

/** The platform a Word 6/95 or Word 1/2 FIB's envr (byte 0x12) and chse (0x14) name. */
export function platformOf(envr: number, chse: number): Platform {
  return envr === 1 || chse === 256 ? 'mac' : 'windows';
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
 * 2. the language id's code page (codePageForLid), when it is not 1252;
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
  platform: Platform,
  sample?: Uint8Array,
): number {
  if (platform === 'mac') return 10000;
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
  const text = decoderOrCp1252(codePage)(sample.subarray(0, SAMPLE_LIMIT));
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
