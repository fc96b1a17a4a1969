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
 * The result is the same shape as the Word 97 pipeline's characters: one JS char per CP, control
 * characters intact (CR LF pairs stay two characters; 0x0A has no meaning to the formatter).
 * Write pictures become U+0001 followed by U+0000 (a picture anchor, then "no text"), and Write
 * running heads are moved after the body as the `headers` story.
 */
import { ByteReader, u16le } from '../io/bytes.js';
import { optionDecoder } from '../io/encoding.js';
import { DocParseError } from '../errors.js';
import { Warnings } from '../warnings.js';
import { docInfo, ccpOf, type ReadResult } from '../model/read-result.js';
import { decodePieces } from '../word/characters.js';
import { documentCodePage, platformOf } from '../word/code-page.js';
import { WIDENT } from '../word/fib.js';
import { parseFontTable, type FontEntry } from '../word/fonts.js';
import { parsePlcPcd, type Piece } from '../word/piece-table.js';
import { storyRanges } from '../word/stories.js';
import { STORY_NAMES, type ParseOptions, type StoryName } from '../types.js';
import { readWrite } from './write.js';
import { TextUnits } from '../model/text-units.js';

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

/**
 * Reads a Word for Windows 1.x/2.x or Windows Write file. Throws DocParseError: NOT_WORD when
 * the header is neither, TRUNCATED when the file ends inside the header, ENCRYPTED for an
 * encrypted Word 2 file, CORRUPT for an unusable piece table.
 */
export function readWord2File(bytes: Uint8Array, options: ParseOptions = {}): Word2Document {
  if (bytes.length < 2) throw new DocParseError('TRUNCATED', `The file is ${bytes.length} bytes long, too short for a Word header.`);
  const wIdent = u16le(bytes, 0);
  if (wIdent === WIDENT.write || wIdent === WIDENT.writeOle) return readWrite(bytes, options);
  if (wIdent === WIDENT.word2 || wIdent === WIDENT.word1 || wIdent === WIDENT.word1Os2) return readWinWord(bytes, wIdent, options);
  throw new DocParseError('NOT_WORD', `This is not a Word 1/2 or Write file (it starts with 0x${wIdent.toString(16)}).`);
}

/** The reader of parse.ts's table: readWord2File, as the shared ReadResult. */
export function readWord2(bytes: Uint8Array, options: ParseOptions): ReadResult {
  const doc = readWord2File(bytes, options);
  return {
    info: docInfo({
      format: doc.format,
      nFib: doc.nFib,
      version: doc.format === 'write' ? 'Windows Write' : doc.nFib < 40 ? 'Word for Windows 1.x' : 'Word for Windows 2.0',
      lid: doc.lid,
      codePage: doc.codePage,
      complex: doc.complex,
      template: doc.template,
      pieces: doc.pieces,
      storyLengths: doc.ccp,
      warnings: doc.warnings,
    }),
    characters: TextUnits.ofString(doc.text),
    stories: storyRanges(doc.ccp, doc.text.length),
    formatting: null,
    metadata: () => ({}),
  };
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

function readWinWord(bytes: Uint8Array, wIdent: number, options: ParseOptions): Word2Document {
  const r = new ByteReader(bytes, 'Word 2 FIB');
  if (r.length < W2.minHeader) {
    throw new DocParseError('TRUNCATED', `The file is ${r.length} bytes long, shorter than a Word 2 FIB (${W2.minHeader} bytes).`);
  }
  const word1 = wIdent !== WIDENT.word2;
  const nFib = r.u16(W2.nFib);
  const lid = r.u16(W2.lid);
  const flags = r.u16(W2.flags);
  if (flags & 0x0100) {
    throw new DocParseError('ENCRYPTED', 'This Word 2 document is password-protected (encrypted); its text cannot be read without the password.');
  }
  const complex = (flags & 0x0004) !== 0;
  const warnings = new Warnings();
  const ccp = ccpOf({});
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
    if (complex) warnings.add('the file is marked fast-saved but has no piece table; read the text between fcMin and fcMac');
    let end = fcMac;
    if (end < fcMin) {
      warnings.add(`fcMac (${fcMac}) is before fcMin (${fcMin}); used the story lengths instead`);
      end = fcMin + total;
    }
    pieces = end > fcMin ? [{ cpStart: 0, cpEnd: end - fcMin, offset: fcMin, compressed: true }] : [];
  }
  const covered = pieces.reduce((max, p) => Math.max(max, p.cpEnd), 0);
  if (total > covered) warnings.add(`the FIB counts ${total} characters but the text holds ${covered}`);

  // Code page: an explicit option, else Mac (envr or chse), else language, else the fonts.
  const fonts = word1 ? [] : readFonts(bytes, pair(PAIR_SFFN));
  const platform = platformOf(r.u8(W2.envr), r.u16(W2.chse));
  const sample = pieces.length ? bytes.subarray(Math.min(fcMin, bytes.length), Math.min(Math.max(fcMac, fcMin), bytes.length)) : undefined;
  // Word 1 stored a country code (< 999) where later versions store the language id.
  const lidForCodePage = lid >= 999 ? lid : 0x0409;
  const codePage = options.codePage ?? documentCodePage(fonts, lidForCodePage, platform, sample);

  const text = decodePieces(bytes, pieces, covered, optionDecoder(codePage), warnings);
  return {
    format: 'word2',
    text,
    lid,
    codePage: Number(codePage) || 0,
    nFib,
    complex,
    template: (flags & 0x0001) !== 0,
    ccp,
    pieces: pieces.length,
    fonts,
    warnings: warnings.list(),
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
export function parseWord2Clx(bytes: Uint8Array, fc: number, lcb: number, warnings: Warnings = new Warnings()): Piece[] {
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
      const table = parsePlcPcd(r, start, size, 'byte-offset', warnings);
      return table.pieces;
    } else {
      throw new DocParseError('CORRUPT', `The Word 2 piece table holds an unknown entry type 0x${clxt.toString(16)} at offset ${o}.`);
    }
  }
  throw new DocParseError('CORRUPT', 'The Word 2 piece table has no piece descriptors (no Pcdt in the Clx).');
}

function sumCcp(ccp: Record<StoryName, number>): number {
  let sum = 0;
  for (const name of STORY_NAMES) sum += ccp[name];
  return sum;
}
