/**
 * The File Information Block ([MS-DOC] 2.5.1): the header of the WordDocument stream that says
 * which version wrote the file, how it is flagged, how long each story is, and where every other
 * structure lives.
 *
 * Word 97-2003 FIBs are variable-length (FibBase, then FibRgW97 / FibRgLw97 / FibRgFcLcb and
 * FibRgCswNew, each prefixed by its count) and are read by those counts. Word 6/95 FIBs
 * (nFib 101..105) have one fixed layout whose FcLcb pairs keep the same order as Word 97's.
 */
import { ByteReader, u16le } from '../io/bytes.js';
import { DocParseError } from '../errors.js';
import type { StoryName } from '../types.js';

/**
 * wIdent, the first 16 bits of every Word file: the one list of these magic numbers.
 * Word 97+ 0xA5EC, Word 6/95 0xA5DC ([MS-DOC] 2.5.2); Word for Windows 2.x 0xA5DB, 1.x 0xA59B
 * (0xA59C from OS/2); Windows Write 0xBE31 (0xBE32 with OLE objects), whose header Word for DOS shares.
 */
export const WIDENT = {
  word97: 0xa5ec,
  word6: 0xa5dc,
  word2: 0xa5db,
  word1: 0xa59b,
  word1Os2: 0xa59c,
  write: 0xbe31,
  writeOle: 0xbe32,
} as const;

/** The kind of bare (non-OLE) Word file its wIdent names, or null. */
export function bareWordKind(bytes: Uint8Array): 'word2' | 'write' | null {
  if (bytes.length < 2) return null;
  const wIdent = u16le(bytes, 0);
  if (wIdent === WIDENT.word2 || wIdent === WIDENT.word1 || wIdent === WIDENT.word1Os2) return 'word2';
  if (wIdent === WIDENT.write || wIdent === WIDENT.writeOle) return 'write';
  return null;
}

/** FibBase.nFib of a WordDocument stream, or -1 when it is too short to hold one. */
export function peekNFib(wordDocument: Uint8Array): number {
  return wordDocument.length >= 4 ? u16le(wordDocument, 2) : -1;
}

/** nFib 101..105: Word 6.0 / Word 95. */
export function isWord6NFib(nFib: number): boolean {
  return nFib >= 101 && nFib <= 105;
}

export type FibVersion = 'word97' | 'word6';

/** Indexes of the FcLcb pairs this parser uses (same order in Word 6 and Word 97, 2.5.6). */
export const FcLcb = {
  Stshf: 1,
  PlcffndRef: 2,
  PlcffndTxt: 3,
  PlcfandRef: 4,
  PlcfandTxt: 5,
  PlcfSed: 6,
  PlcfHdd: 11,
  PlcfBteChpx: 12,
  PlcfBtePapx: 13,
  SttbfFfn: 15,
  PlcfFldMom: 16,
  Dop: 31,
  Clx: 33,
  PlcSpaMom: 40,
  PlcSpaHdr: 41,
  PlcfendRef: 46,
  PlcfendTxt: 47,
  DggInfo: 50,
  PlcftxbxTxt: 56,
  PlcfHdrtxbxTxt: 58,
  PlcfLst: 73,
  PlfLfo: 74,
} as const;

export interface Fib {
  version: FibVersion;
  /** FibBase.nFib, superseded by FibRgCswNew.nFibNew when present. */
  nFib: number;
  lid: number;
  fDot: boolean;
  fComplex: boolean;
  fEncrypted: boolean;
  fObfuscated: boolean;
  /** FibBase.lKey (0x0E): the encryption header's size in the table stream (RC4), or the XOR key and verifier; 0 when unprotected. */
  lKey: number;
  /** 1 → "1Table", 0 → "0Table" (Word 97+ only). */
  fWhichTblStm: 0 | 1;
  fFarEast: boolean;
  /** fExtChar: a Word 6/95-format file whose pieces may hold UTF-16 text (FcCompressed, as Word 97). */
  fExtChar: boolean;
  /** FibBase.envr (byte 0x12): 1 when the file was written on a Macintosh. */
  envr: number;
  /** Word 6/95 chse (0x14): character set of the text, 256 = Macintosh (0 in Word 97 files, where this is reserved). */
  chse: number;
  /** Word 6/95: start and end of the text in the WordDocument stream (used when there is no Clx). */
  fcMin: number;
  fcMac: number;
  /** Story lengths in CPs, in CP order ([MS-DOC] 2.3). */
  ccp: Record<StoryName, number>;
  /** FcLcb pairs: [fc, lcb] by index (missing pairs read as [0, 0]). */
  fcLcb(index: number): { fc: number; lcb: number };
}

/** Reads the FIB from the start of the WordDocument stream. */
export function parseFib(wordDocument: Uint8Array): Fib {
  const r = new ByteReader(wordDocument, 'FIB (start of the WordDocument stream)');
  if (r.length < 32) {
    throw new DocParseError('TRUNCATED', `The WordDocument stream is ${r.length} bytes long, shorter than a FIB header.`);
  }
  const wIdent = r.u16(0);
  const baseNFib = r.u16(2);
  // Word itself does not insist on wIdent (fast-saved files with other values open): nFib decides.
  if (wIdent !== WIDENT.word97 && wIdent !== WIDENT.word6 && !(baseNFib >= 101 && baseNFib <= 0x1ff)) {
    throw new DocParseError('NOT_WORD', `The WordDocument stream does not start with a Word FIB (wIdent 0x${wIdent.toString(16)}, nFib ${baseNFib}).`);
  }
  const word6 = isWord6NFib(baseNFib);
  if (!word6 && baseNFib < 101) {
    throw new DocParseError('UNSUPPORTED_VERSION', `This Word file has FIB version ${baseNFib}, older than Word 6, which is not supported.`);
  }
  const tail = word6 ? parseWord6Tail(r, baseNFib) : parseWord97Tail(r, baseNFib);
  const flags = r.u16(0x0a);
  // One literal (no spread of parts): every Fib has one shape, made without copying.
  return {
    version: word6 ? 'word6' : 'word97',
    nFib: tail.nFib,
    lid: r.u16(0x06),
    fDot: (flags & 0x0001) !== 0,
    fComplex: (flags & 0x0004) !== 0,
    fEncrypted: (flags & 0x0100) !== 0,
    fWhichTblStm: (flags & 0x0200) !== 0 ? 1 : 0,
    fFarEast: (flags & 0x4000) !== 0,
    fExtChar: (flags & 0x1000) !== 0,
    fObfuscated: (flags & 0x8000) !== 0,
    lKey: r.u32(0x0e),
    envr: r.u8(0x12),
    chse: word6 ? r.u16(0x14) : 0,
    fcMin: r.u32(0x18),
    fcMac: r.u32(0x1c),
    ccp: tail.ccp,
    fcLcb: tail.fcLcb,
  };
}

/** Word 6/95 FIB: fixed offsets; ccpText..ccpHdrTxbx at 0x34..0x50, FcLcb pairs from 0x58. */
function parseWord6Tail(r: ByteReader, nFib: number): Pick<Fib, 'ccp' | 'fcLcb' | 'nFib'> {
  const ccp = readCcps((i) => (r.has(0x34 + 4 * i, 4) ? r.i32(0x34 + 4 * i) : 0));
  return { ccp, nFib, fcLcb: (i) => readPair(r, 0x58 + 8 * i) };
}

/** Word 97+: FibBase (32 bytes), then csw/FibRgW97, cslw/FibRgLw97, cbRgFcLcb/FibRgFcLcb, cswNew/FibRgCswNew (2.5.1). */
function parseWord97Tail(r: ByteReader, baseNFib: number): Pick<Fib, 'ccp' | 'fcLcb' | 'nFib'> {
  let o = 32;
  const csw = r.u16(o);
  o += 2 + 2 * csw;
  const cslw = r.u16(o);
  const rgLw = o + 2;
  o = rgLw + 4 * cslw;
  const cbRgFcLcb = r.u16(o);
  const rgFcLcb = o + 2;
  o = rgFcLcb + 8 * cbRgFcLcb;
  let nFib = baseNFib;
  if (r.has(o, 4)) {
    const cswNew = r.u16(o);
    if (cswNew > 0) nFib = r.u16(o + 2); // FibRgCswNew.nFibNew
  }
  // FibRgLw97 (2.5.4): cbMac, reserved1, reserved2, ccpText, ccpFtn, ccpHdd, reserved3 (ccpMcr), ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
  const ccp = readCcps((i) => (3 + i < cslw && r.has(rgLw + 4 * (3 + i), 4) ? r.i32(rgLw + 4 * (3 + i)) : 0));
  return {
    ccp,
    nFib,
    fcLcb: (i) => (i < cbRgFcLcb ? readPair(r, rgFcLcb + 8 * i) : { fc: 0, lcb: 0 }),
  };
}

function readCcps(at: (i: number) => number): Record<StoryName, number> {
  // A negative count is nonsense: treat it as an empty story.
  const v = (i: number) => Math.max(0, at(i));
  return {
    body: v(0),
    footnotes: v(1),
    headers: v(2),
    macros: v(3),
    comments: v(4),
    endnotes: v(5),
    textboxes: v(6),
    headerTextboxes: v(7),
  };
}

function readPair(r: ByteReader, offset: number): { fc: number; lcb: number } {
  if (!r.has(offset, 8)) return { fc: 0, lcb: 0 };
  return { fc: r.u32(offset), lcb: r.u32(offset + 4) };
}

export function describeVersion(nFib: number): string {
  if (nFib >= 101 && nFib <= 103) return 'Word 6.0';
  if (nFib >= 104 && nFib <= 105) return 'Word 95';
  if (nFib === 0x0101) return 'Word 2002 (XP)';
  if (nFib === 0x010c) return 'Word 2003';
  if (nFib === 0x0112) return 'Word 2007';
  if (nFib >= 0x00c1 && nFib <= 0x00d9) return 'Word 97/2000';
  if (nFib > 0x0112) return 'Word 2007 or later';
  return 'Word 97-2003';
}
