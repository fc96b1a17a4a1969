/**
 * Word for Windows 1.x/2.x and Windows Write: the pre-OLE formats. Both are a bare file with a
 * header at offset 0 (no compound file), 8-bit text in one code page, and CR LF paragraph ends.
 *
 * Word for Windows 1.x/2.x (wIdent 0xA59B / 0xA59C Word 1, 0xA5DB Word 2; nFib 33..45). The FIB
 * header has the Word 6 layout up to the story lengths (what antiword's wordwin.c and LibreOffice's
 * WW8Fib read):
 *   0x00 wIdent   0x02 nFib   0x06 lid (Word 1: < 999 is a country code, not a language id)
 *   0x0A flags: fDot 0x0001, fComplex 0x0004, cQuickSaves 0x00F0, fEncrypted 0x0100
 *   0x12 envr (1 = Mac)   0x14 chse (256 = Mac character set)
 *   0x18 fcMin, 0x1C fcMac: the text's byte range when the file is not fast-saved
 *   0x34 ccpText, 0x38 ccpFtn, 0x3C ccpHdd, 0x40 ccpMcr, 0x44 ccpAtn (Word 2 has no endnotes or
 *        text boxes: 0x48..0x57 are spare)
 *   0x58 FC/LCB pairs of 6 bytes (fc u32, lcb u16), in Word 6 order: SttbfFfn is pair 15 (0xB2),
 *        Clx pair 33 (0x11E) in Word 2; Word 1 has one printer pair instead of three, so its Clx
 *        is pair 31 (0x112).
 * A fast-saved file (fComplex) has a Clx like Word 6's, except that the Pcdt length is 16-bit;
 * piece fcs are plain byte offsets (8-bit text only).
 *
 * Windows Write (wIdent 0xBE31, 0xBE32 with OLE objects; wTool 0xAB00 at offset 4). Header in
 * 16-bit words: fcMac (u32 at byte 14) = 128 + the text's length; pnPara (byte 18) and pnFntb
 * (byte 20) bound the paragraph-property pages; pnMac (byte 96) is 0 when Word for DOS wrote the
 * file (same header, IBM PC character set). The text runs from byte 128 to fcMac. Each paragraph
 * has one FOD (fcLim u32, bfprop u16) on a 128-byte page (fcFirst u32 at 0, FODs from 4, cfod in
 * the last byte); its FPROP (cch, then PAP bytes) holds, at PAP byte 16, the rhc flags: 0x10 the
 * paragraph is a picture or OLE object (binary data, not text), 0x06 a running head (header or
 * footer, 0x01 = footer).
 *
 * The result is the same shape as the Word 97 pipeline's characters: one JS char per CP, control
 * characters intact (CR LF pairs stay two characters; 0x0A has no meaning to the formatter).
 * Write pictures become U+0001 followed by U+0000 (a picture anchor, then "no text"), and Write
 * running heads are moved after the body as the `headers` story.
 */
import { ByteReader } from './bytes.js';
import { decodePieces } from './characters.js';
import { DocParseError } from './errors.js';
import { documentCodePage, iconvNameForCodePage, parseFontTable, type FontEntry } from './fonts.js';
import { parsePlcPcd, type Piece } from './piece-table.js';
import { STORY_NAMES, type StoryName } from './types.js';

export const WIDENT_WORD1 = 0xa59b;
export const WIDENT_WORD1_OS2 = 0xa59c;
export const WIDENT_WORD2 = 0xa5db;
export const WIDENT_WRITE = 0xbe31;
export const WIDENT_WRITE_OLE = 0xbe32;

export interface Word2Document {
  /** 'word2' for Word for Windows 1.x/2.x, 'write' for Windows Write (and Word for DOS). */
  format: 'word2' | 'write';
  /** Every CP's character (stories in CP order: body, footnotes, headers, macros, comments). */
  text: string;
  /** FIB lid (0 for Write). */
  lid: number;
  /** Windows code page the 8-bit text was decoded with (10000 = Mac Roman, 437 = IBM PC). */
  codePage: number;
  /** FIB nFib (0 for Write). */
  nFib: number;
  /** fComplex: the file was fast-saved and its text is read through a piece table. */
  complex: boolean;
  /** fDot: the file is a template. */
  template: boolean;
  /** Story lengths in CPs; stories Word 2 and Write do not have are 0. */
  ccp: Record<StoryName, number>;
  /** Number of pieces the text was read from (1 for a file that is not fast-saved). */
  pieces: number;
  /** The font table (Word 2 only; empty when absent or unreadable). */
  fonts: FontEntry[];
  /** Problems repaired or worked around (clamped ranges, skipped picture data, …). */
  warnings: string[];
}

export interface Word2Options {
  /** Code page (iconv-lite name or Windows number) overriding the one the file implies. */
  codePage?: string | number;
}

/** True when `bytes` start like a Word 1/2 or Write file (what readWord2 accepts). */
export function isWord2OrWrite(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  const wIdent = bytes[0]! | (bytes[1]! << 8);
  return (
    wIdent === WIDENT_WORD2 ||
    wIdent === WIDENT_WORD1 ||
    wIdent === WIDENT_WORD1_OS2 ||
    wIdent === WIDENT_WRITE ||
    wIdent === WIDENT_WRITE_OLE
  );
}

/**
 * Reads a Word for Windows 1.x/2.x or Windows Write file. Throws DocParseError: NOT_WORD when
 * the header is neither, TRUNCATED when the file ends inside the header, ENCRYPTED for an
 * encrypted Word 2 file, CORRUPT for an unusable piece table.
 */
export function readWord2(bytes: Uint8Array, options: Word2Options = {}): Word2Document {
  try {
    if (bytes.length < 2) throw new DocParseError('TRUNCATED', `The file is ${bytes.length} bytes long, too short for a Word header.`);
    const wIdent = bytes[0]! | (bytes[1]! << 8);
    if (wIdent === WIDENT_WRITE || wIdent === WIDENT_WRITE_OLE) return readWrite(bytes, options);
    if (wIdent === WIDENT_WORD2 || wIdent === WIDENT_WORD1 || wIdent === WIDENT_WORD1_OS2) return readWinWord(bytes, wIdent, options);
    throw new DocParseError('NOT_WORD', `This is not a Word 1/2 or Write file (it starts with 0x${wIdent.toString(16)}).`);
  } catch (error) {
    if (error instanceof DocParseError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new DocParseError('CORRUPT', `The document is damaged in a way the parser did not expect (${detail}).`, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------
// Word for Windows 1.x / 2.x

/** Offsets in the Word 1/2 FIB. */
const W2 = {
  nFib: 0x02,
  lid: 0x06,
  flags: 0x0a,
  envr: 0x12,
  chse: 0x14,
  fcMin: 0x18,
  fcMac: 0x1c,
  ccpText: 0x34,
  rgfclcb: 0x58,
  /** Bytes of the FIB up to ccpAtn included: shorter is a truncated header. */
  minHeader: 0x48,
} as const;

const PAIR_SFFN = 15;
const PAIR_CLX_WORD2 = 33;
const PAIR_CLX_WORD1 = 31;

function readWinWord(bytes: Uint8Array, wIdent: number, options: Word2Options): Word2Document {
  const r = new ByteReader(bytes, 'Word 2 FIB');
  if (r.length < W2.minHeader) {
    throw new DocParseError('TRUNCATED', `The file is ${r.length} bytes long, shorter than a Word 2 FIB (${W2.minHeader} bytes).`);
  }
  const word1 = wIdent !== WIDENT_WORD2;
  const nFib = r.u16(W2.nFib);
  const lid = r.u16(W2.lid);
  const flags = r.u16(W2.flags);
  if (flags & 0x0100) {
    throw new DocParseError('ENCRYPTED', 'This Word 2 document is password-protected (encrypted); its text cannot be read without the password.');
  }
  const complex = (flags & 0x0004) !== 0;
  const warnings: string[] = [];
  const ccp = emptyCcp();
  const ccpAt = (i: number) => Math.max(0, r.i32(W2.ccpText + 4 * i));
  ccp.body = ccpAt(0);
  ccp.footnotes = ccpAt(1);
  ccp.headers = ccpAt(2);
  ccp.macros = ccpAt(3);
  ccp.comments = ccpAt(4);
  const pair = (i: number): { fc: number; lcb: number } => {
    const o = W2.rgfclcb + 6 * i;
    return r.has(o, 6) ? { fc: r.u32(o), lcb: r.u16(o + 4) } : { fc: 0, lcb: 0 };
  };

  // Pieces: the Clx of a fast-saved file, else [fcMin, fcMac).
  const fcMin = r.u32(W2.fcMin);
  const fcMac = r.u32(W2.fcMac);
  const total = sumCcp(ccp);
  let pieces: Piece[];
  const clx = pair(word1 ? PAIR_CLX_WORD1 : PAIR_CLX_WORD2);
  if (complex && clx.lcb > 0) {
    pieces = parseWord2Clx(bytes, clx.fc, clx.lcb, warnings);
  } else {
    if (complex) warnings.push('the file is marked fast-saved but has no piece table; read the text between fcMin and fcMac');
    let end = fcMac;
    if (end < fcMin) {
      warnings.push(`fcMac (${fcMac}) is before fcMin (${fcMin}); used the story lengths instead`);
      end = fcMin + total;
    }
    pieces = end > fcMin ? [{ cpStart: 0, cpEnd: end - fcMin, offset: fcMin, compressed: true }] : [];
  }
  const covered = pieces.reduce((max, p) => Math.max(max, p.cpEnd), 0);
  if (total > covered) warnings.push(`the FIB counts ${total} characters but the text holds ${covered}`);

  // Code page: an explicit option, else Mac (envr or chse), else language, else the fonts.
  const fonts = word1 ? [] : readFonts(bytes, pair(PAIR_SFFN));
  const mac = r.u8(W2.envr) === 1 || r.u16(W2.chse) === 256;
  const sample = pieces.length ? bytes.subarray(Math.min(fcMin, bytes.length), Math.min(Math.max(fcMac, fcMin), bytes.length)) : undefined;
  // Word 1 stored a country code (< 999) where later versions store the language id.
  const lidForCodePage = lid >= 999 ? lid : 0x0409;
  const codePage = options.codePage ?? documentCodePage(fonts, lidForCodePage, mac, sample);

  const decoded = decodePieces(bytes, pieces, covered, encodingName(codePage));
  warnings.push(...decoded.warnings);
  return {
    format: 'word2',
    text: decoded.text,
    lid,
    codePage: Number(codePage) || 0,
    nFib,
    complex,
    template: (flags & 0x0001) !== 0,
    ccp,
    pieces: pieces.length,
    fonts,
    warnings,
  };
}

function readFonts(bytes: Uint8Array, sttbfFfn: { fc: number; lcb: number }): FontEntry[] {
  try {
    return parseFontTable(bytes, sttbfFfn.fc, sttbfFfn.lcb, 'word2');
  } catch (error) {
    if (error instanceof DocParseError) return [];
    throw error;
  }
}

/**
 * The Clx of a fast-saved Word 1/2 file: Prc entries (clxt 1, u16 size, grpprl) to skip, then the
 * Pcdt (clxt 2, 16-bit size, PlcPcd of (n+1) CPs and n 8-byte Pcds whose fc is a byte offset).
 * A few writers put a 32-bit size there (the Word 6 layout); that is accepted when it is the one
 * that fits.
 */
export function parseWord2Clx(bytes: Uint8Array, fc: number, lcb: number, warnings: string[] = []): Piece[] {
  const r = new ByteReader(bytes, 'Word 2 piece table (Clx)');
  if (!r.has(fc, lcb)) {
    throw new DocParseError('TRUNCATED', `The piece table (${lcb} bytes at ${fc}) lies beyond the end of the file (${r.length} bytes).`);
  }
  const end = fc + lcb;
  let o = fc;
  while (o < end) {
    const clxt = r.u8(o);
    if (clxt === 0x01) {
      o += 3 + r.u16(o + 1);
    } else if (clxt === 0x02) {
      const fits = (size: number, header: number) => size >= 4 && (size - 4) % 12 === 0 && o + header + size <= end;
      const size16 = r.has(o + 1, 2) ? r.u16(o + 1) : -1;
      const size32 = r.has(o + 1, 4) ? r.u32(o + 1) : -1;
      let start: number;
      let size: number;
      // The Pcdt ends the Clx: prefer the reading that ends exactly there, then one that fits.
      const exact16 = fits(size16, 3) && o + 3 + size16 === end;
      const exact32 = fits(size32, 5) && o + 5 + size32 === end;
      if (exact16 || (!exact32 && fits(size16, 3))) {
        start = o + 3;
        size = size16;
      } else if (exact32 || fits(size32, 5)) {
        start = o + 5;
        size = size32;
      } else {
        throw new DocParseError('CORRUPT', `The Word 2 piece descriptor table has an impossible size (${size16} bytes).`);
      }
      const table = parsePlcPcd(r, start, size, true);
      warnings.push(...table.warnings);
      return table.pieces;
    } else {
      throw new DocParseError('CORRUPT', `The Word 2 piece table holds an unknown entry type 0x${clxt.toString(16)} at offset ${o}.`);
    }
  }
  throw new DocParseError('CORRUPT', 'The Word 2 piece table has no piece descriptors (no Pcdt in the Clx).');
}

// ---------------------------------------------------------------------------------------------
// Windows Write (and Word for DOS, which shares its header)

const WRITE = {
  wTool: 4,
  fcMac: 14,
  pnPara: 18,
  pnFntb: 20,
  pnMac: 96,
  textStart: 128,
  page: 128,
} as const;

/** rhc flags (PAP byte 16). */
const RHC_PICTURE = 0x10;
const RHC_RUNNING_HEAD = 0x06;

function readWrite(bytes: Uint8Array, options: Word2Options): Word2Document {
  const r = new ByteReader(bytes, 'Write header');
  if (r.length < WRITE.textStart) {
    throw new DocParseError('TRUNCATED', `The file is ${r.length} bytes long, shorter than a Write header (128 bytes).`);
  }
  const warnings: string[] = [];
  const wordForDos = r.u16(WRITE.pnMac) === 0;
  let fcMac = r.u32(WRITE.fcMac);
  if (fcMac < WRITE.textStart) {
    warnings.push(`fcMac (${fcMac}) is inside the header; no text`);
    fcMac = WRITE.textStart;
  }
  if (fcMac > bytes.length) {
    warnings.push(`the text (to byte ${fcMac}) runs past the end of the file (${bytes.length} bytes); cut`);
    fcMac = bytes.length;
  }
  const codePage = options.codePage ?? (wordForDos ? 437 : 1252);
  const decode = (from: number, to: number) => decodePieces(bytes, [{ cpStart: 0, cpEnd: to - from, offset: from, compressed: true }], to - from, encodingName(codePage)).text;

  // Paragraphs: their extents and rhc flags, from the FODs. Word for DOS files keep text only.
  const paragraphs = wordForDos ? [] : readWriteParagraphs(r, fcMac, warnings);
  let body = '';
  let heads = '';
  let pictures = 0;
  let at: number = WRITE.textStart;
  for (const p of paragraphs) {
    if (p.start > at) body += decode(at, p.start); // a gap the FODs do not describe: keep it as text
    const len = p.end - p.start;
    if (p.rhc & RHC_PICTURE) {
      body += '\x01' + '\0'.repeat(len - 1);
      pictures++;
    } else if (p.rhc & RHC_RUNNING_HEAD) {
      heads += decode(p.start, p.end);
    } else {
      body += decode(p.start, p.end);
    }
    at = p.end;
  }
  if (at < fcMac) body += decode(at, fcMac);
  if (pictures) warnings.push(`${pictures} picture or object paragraph(s) skipped`);
  if (wordForDos) warnings.push('the file was written by Word for DOS (Write header with pnMac 0); read as text in the IBM PC code page');

  const ccp = emptyCcp();
  ccp.body = body.length;
  ccp.headers = heads.length;
  return {
    format: 'write',
    text: body + heads,
    lid: 0,
    codePage: Number(codePage) || 0,
    nFib: 0,
    complex: false,
    template: false,
    ccp,
    pieces: 1,
    fonts: [],
    warnings,
  };
}

interface WriteParagraph {
  start: number;
  end: number;
  rhc: number;
}

/**
 * The paragraphs the FOD pages describe, in text order, clamped to [128, fcMac). Stops at the
 * first page that contradicts the previous ones (FCs going backwards); what was read is kept.
 */
function readWriteParagraphs(r: ByteReader, fcMac: number, warnings: string[]): WriteParagraph[] {
  const pnPara = r.u16(WRITE.pnPara);
  const pnFntb = r.u16(WRITE.pnFntb);
  const firstPage = pnPara * WRITE.page;
  // Pages run from pnPara to pnFntb (the next section); if that is unset, to the end of the file.
  const lastPage = pnFntb > pnPara ? pnFntb : Math.floor(r.length / WRITE.page);
  const paragraphs: WriteParagraph[] = [];
  if (pnPara === 0 || firstPage < fcMac) {
    if (pnPara !== 0) warnings.push(`the paragraph table (page ${pnPara}) overlaps the text; paragraph properties ignored`);
    return paragraphs;
  }
  let prev: number = WRITE.textStart;
  for (let pn = pnPara; pn < lastPage && prev < fcMac; pn++) {
    const page = pn * WRITE.page;
    if (!r.has(page, WRITE.page)) {
      warnings.push(`paragraph page ${pn} lies past the end of the file`);
      break;
    }
    const cfod = Math.min(r.u8(page + 127), 20); // 123 bytes hold at most 20 FODs of 6 bytes
    const fodBase = page + 4;
    for (let i = 0; i < cfod; i++) {
      const fod = fodBase + 6 * i;
      const fcLim = Math.min(r.u32(fod), fcMac);
      const bfprop = r.u16(fod + 4);
      if (fcLim <= prev) {
        if (fcLim < prev) warnings.push(`paragraph page ${pn}: FOD ${i} goes backwards (${fcLim} < ${prev}); ignored`);
        continue;
      }
      let rhc = 0;
      // bfprop 0xFFFF: default properties. Otherwise an FPROP at fodBase + bfprop: cch, PAP bytes.
      if (bfprop !== 0xffff && bfprop + 1 < 123) {
        const fprop = fodBase + bfprop;
        const cch = r.u8(fprop);
        if (cch >= 17 && fprop + 1 + 16 < page + WRITE.page) rhc = r.u8(fprop + 1 + 16);
      }
      paragraphs.push({ start: prev, end: fcLim, rhc });
      prev = fcLim;
    }
  }
  return paragraphs;
}

// ---------------------------------------------------------------------------------------------

function emptyCcp(): Record<StoryName, number> {
  return Object.fromEntries(STORY_NAMES.map((n) => [n, 0])) as Record<StoryName, number>;
}

function sumCcp(ccp: Record<StoryName, number>): number {
  let sum = 0;
  for (const name of STORY_NAMES) sum += ccp[name];
  return sum;
}

function encodingName(codePage: string | number): string {
  if (typeof codePage === 'number') return iconvNameForCodePage(codePage);
  return /^\d+$/.test(codePage) ? iconvNameForCodePage(Number(codePage)) : codePage;
}
