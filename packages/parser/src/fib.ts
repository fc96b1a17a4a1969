/**
 * The File Information Block ([MS-DOC] 2.5.1): the header of the WordDocument stream that says
 * which version wrote the file, how it is flagged, how long each story is, and where every other
 * structure lives.
 *
 * Word 97-2003 FIBs are variable-length (FibBase, then FibRgW97 / FibRgLw97 / FibRgFcLcb and
 * FibRgCswNew, each prefixed by its count) and are read by those counts. Word 6/95 FIBs
 * (nFib 101..105) have one fixed layout whose FcLcb pairs keep the same order as Word 97's.
 */
import { ByteReader } from './bytes.js';
import { DocParseError } from './errors.js';
import type { StoryName } from './types.js';

/** wIdent ([MS-DOC] 2.5.2): Word 6 and later. Word 2 and earlier use 0xA5DB. */
export const WIDENT_WORD = 0xa5ec;
export const WIDENT_WORD6 = 0xa5dc;
export const WIDENT_WORD2 = 0xa5db;

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
  PlcfendRef: 46,
  PlcfendTxt: 47,
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
  /** 1 → "1Table", 0 → "0Table" (Word 97+ only). */
  fWhichTblStm: 0 | 1;
  fFarEast: boolean;
  /** fExtChar: a Word 6/95-format file whose pieces may hold UTF-16 text (FcCompressed, as Word 97). */
  fExtChar: boolean;
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
  if (wIdent !== WIDENT_WORD && wIdent !== WIDENT_WORD6 && !(baseNFib >= 101 && baseNFib <= 0x1ff)) {
    throw new DocParseError('NOT_WORD', `The WordDocument stream does not start with a Word FIB (wIdent 0x${wIdent.toString(16)}, nFib ${baseNFib}).`);
  }
  const flags = r.u16(0x0a);
  const common = {
    lid: r.u16(0x06),
    fDot: (flags & 0x0001) !== 0,
    fComplex: (flags & 0x0004) !== 0,
    fEncrypted: (flags & 0x0100) !== 0,
    fWhichTblStm: ((flags & 0x0200) !== 0 ? 1 : 0) as 0 | 1,
    fFarEast: (flags & 0x4000) !== 0,
    fExtChar: (flags & 0x1000) !== 0,
    fObfuscated: (flags & 0x8000) !== 0,
    fcMin: r.u32(0x18),
    fcMac: r.u32(0x1c),
  };
  if (baseNFib >= 101 && baseNFib <= 105) return { ...common, ...parseWord6Tail(r), nFib: baseNFib, version: 'word6' };
  if (baseNFib < 101) {
    throw new DocParseError('UNSUPPORTED_VERSION', `This Word file has FIB version ${baseNFib}, older than Word 6, which is not supported.`);
  }
  return { ...common, ...parseWord97Tail(r, baseNFib), version: 'word97' };
}

/** Word 6/95 FIB: fixed offsets; ccpText..ccpHdrTxbx at 0x34..0x50, FcLcb pairs from 0x58. */
function parseWord6Tail(r: ByteReader): Pick<Fib, 'ccp' | 'fcLcb'> {
  const ccp = readCcps((i) => (r.has(0x34 + 4 * i, 4) ? r.i32(0x34 + 4 * i) : 0));
  return { ccp, fcLcb: (i) => readPair(r, 0x58 + 8 * i) };
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
