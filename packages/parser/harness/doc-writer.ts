/**
 * A tiny, TEST-ONLY writer of Word 97 binary (.doc) files, for crafting edge cases that no real
 * writer produces on demand: several pieces, mixed 8-bit/UTF-16 pieces, pieces out of order in the
 * stream, broken pieces, Prc entries before the Pcdt, odd stream names, encryption flags, …
 *
 * What it writes follows [MS-DOC] (Fib 2.5.1, FibBase 2.5.2, FibRgW97 2.5.3, FibRgLw97 2.5.4,
 * FibRgFcLcb97 2.5.6, FibRgCswNew 2.5.11, Clx 2.9.38, Prc 2.9.209, Pcdt 2.9.178, PlcPcd 2.8.35,
 * Pcd 2.9.177, FcCompressed 2.9.73) inside a compound file written with the `cfb` package:
 *
 *   WordDocument stream: Fib at 0 | zeros | piece bytes from `textOffset` (0x800), in stream order
 *   0Table / 1Table:     zeros | Clx at `clxOffset` (0x200): [Prc…] Pcdt(0x02, lcb, PlcPcd)
 *
 * Only what text extraction needs is written: every FibRgFcLcb pair except fcClx/lcbClx is 0/0
 * (no stylesheet, no FKPs, no Dop, no SttbfFfn), so Word itself would refuse these files; text
 * readers (catdoc, antiword's piece-table path, our parser) need nothing more.
 *
 * Never use this outside tests: it writes no formatting and trusts its input.
 */
import CFB from 'cfb';
import iconv from 'iconv-lite';

export interface SyntheticPiece {
  /** The piece's characters, one JS char (UTF-16 code unit) per CP. Paragraph mark = '\r'. */
  text: string;
  /** true: an 8-bit piece (FcCompressed.fCompressed = 1), encoded in `encoding` (cp1252 unless told). */
  compressed: boolean;
  /** iconv-lite encoding of a compressed piece (default 'cp1252'). Must round-trip `text`. */
  encoding?: string;
  /** Pcd.prm (default 0 = no properties; 0x0001 = Prm1 pointing at Clx.RgPrc[0]). */
  prm?: number;
  /** The 16-bit flags word that opens the Pcd (fNoParaLast bit 0, fR1, fDirty, fR2). Default 0. */
  pcdFlags?: number;
}

/** One Pcd as it will be written; `mutatePieces` may change these before the Clx is built. */
export interface WrittenPcd {
  /** CP at which the piece starts (the PlcPcd CP array gets one more entry: the end CP). */
  cpStart: number;
  /**
   * Byte offset of the piece's text in the WordDocument stream. For a compressed piece this is the
   * real byte offset; the writer stores it doubled (FcCompressed.fc = 2 × offset) with bit 30 set.
   */
  fc: number;
  compressed: boolean;
  prm: number;
  pcdFlags: number;
}

export interface SyntheticDoc {
  /** Concatenated in CP order, the pieces make the whole document text (all stories). */
  pieces: SyntheticPiece[];
  /**
   * Story lengths (FibRgLw97 ccp*). Default: every story but `text` is 0, and `text` is the total
   * length minus the other stories (minus 1 more when any other story is non-empty: [MS-DOC] 2.4.1
   * puts one extra paragraph mark after the last story).
   */
  ccp?: Partial<{ text: number; ftn: number; hdd: number; mcr: number; atn: number; edn: number; txbx: number; hdrTxbx: number }>;
  fComplex?: boolean;
  fEncrypted?: boolean;
  fObfuscated?: boolean;
  fDot?: boolean;
  /** FibBase.cQuickSaves (0-15). */
  cQuickSaves?: number;
  /** FibBase.lKey (the encryption header size or XOR verifier when fEncrypted). Default 0. */
  lKey?: number;
  /** fWhichTblStm: 1 → the Clx goes into "1Table" (default), 0 → "0Table". */
  whichTable?: 0 | 1;
  /** FibBase.nFib (default 0x00C1). */
  nFib?: number;
  /** FibBase.lid and FibRgW97.lidFE (default 0x0409, English US). */
  lid?: number;
  /** FibRgCswNew.nFibNew; when set, cswNew = 2 (5 for 0x0112) and cbRgFcLcb follows the spec's table. */
  nFibNew?: 0x00d9 | 0x0101 | 0x010c | 0x0112;
  /** FibRgFcLcb size in 64-bit pairs (default 0x5D for Word 97, or the one nFibNew needs). */
  cbRgFcLcb?: number;
  /** Change the Pcds (e.g. point one past the end of the stream) before the Clx is written. */
  mutatePieces?: (pcds: WrittenPcd[]) => void;
  /** Order in which piece bytes are laid out in the WordDocument stream (indices; default CP order). */
  streamOrder?: number[];
  /** Case of the stream names: WordDocument/1Table (normal), worddocument/1table, WORDDOCUMENT/1TABLE. */
  streamNameCase?: 'normal' | 'lower' | 'upper';
  /** Put Prc entries (clxt 0x01) before the Pcdt. true = one Prc holding sprmCFBold. */
  prcBeforePcdt?: boolean;
  /** The grpprls of the Prc entries to write (implies prcBeforePcdt). */
  prcs?: Uint8Array[];
  /** Offset of the first piece's text in the WordDocument stream (default 0x800). */
  textOffset?: number;
  /** Offset of the Clx in the table stream (default 0x200). */
  clxOffset?: number;
  /**
   * Pad the WordDocument stream with zeros to at least this many bytes. Default 4096, the mini-stream
   * cutoff, so the stream lives in regular sectors: catdoc 0.95 and antiword print nothing for these
   * files when WordDocument is in the mini stream (LibreOffice reads both). 0 = no padding.
   */
  minWordDocumentSize?: number;
  /**
   * Also write PlcfFldMom (FibRgFcLcb97 pair 16) for the 0x13/0x14/0x15 field characters of the main
   * body, as Word does; field types come from the instruction's first word (HYPERLINK, PAGE, DATE,
   * TIME). Default false: the field characters are then in the text with no PlcFld describing them.
   */
  fieldPlc?: boolean;
  /** Write the Word-97-era fcMin/fcMac into FibBase.reserved5/reserved6 (default true; see below). */
  legacyFcMinMac?: boolean;
}

/** Offsets of FIB fields in the WordDocument stream (Word 97 layout: csw = 14, cslw = 22). */
export const FIB = {
  wIdent: 0x00,
  nFib: 0x02,
  lid: 0x06,
  pnNext: 0x08,
  flags: 0x0a,
  nFibBack: 0x0c,
  lKey: 0x0e,
  envr: 0x12,
  flags2: 0x13,
  reserved5: 0x18, // fcMin in the Word 97 spec
  reserved6: 0x1c, // fcMac in the Word 97 spec
  csw: 0x20,
  fibRgW: 0x22,
  lidFE: 0x22 + 13 * 2,
  cslw: 0x3e,
  fibRgLw: 0x40,
  cbMac: 0x40,
  ccpText: 0x4c,
  ccpFtn: 0x50,
  ccpHdd: 0x54,
  ccpMcr: 0x58,
  ccpAtn: 0x5c,
  ccpEdn: 0x60,
  ccpTxbx: 0x64,
  ccpHdrTxbx: 0x68,
  cbRgFcLcb: 0x98,
  /** fcPlcfFldMom/lcbPlcfFldMom: pair 16 of FibRgFcLcb97. */
  fcPlcfFldMom: 0x9a + 16 * 8,
  fibRgFcLcb: 0x9a,
  /** Index of the fcClx/lcbClx pair in FibRgFcLcb97. */
  clxPairIndex: 33,
  fcClx: 0x9a + 33 * 8,
  lcbClx: 0x9a + 33 * 8 + 4,
} as const;

/** FibBase flag bits (the 16-bit word at offset 0x0A). */
export const FIB_FLAGS = {
  fDot: 1 << 0,
  fGlsy: 1 << 1,
  fComplex: 1 << 2,
  fHasPic: 1 << 3,
  // cQuickSaves: bits 4-7
  fEncrypted: 1 << 8,
  fWhichTblStm: 1 << 9,
  fReadOnlyRecommended: 1 << 10,
  fWriteReservation: 1 << 11,
  fExtChar: 1 << 12,
  fLoadOverride: 1 << 13,
  fFarEast: 1 << 14,
  fObfuscated: 1 << 15,
} as const;

/** cbRgFcLcb and cswNew that [MS-DOC] 2.5.1 requires for each nFib(New). */
const FIB_SIZES: Record<number, { cbRgFcLcb: number; cswNew: number }> = {
  0x00c1: { cbRgFcLcb: 0x5d, cswNew: 0 },
  0x00d9: { cbRgFcLcb: 0x6c, cswNew: 2 },
  0x0101: { cbRgFcLcb: 0x88, cswNew: 2 },
  0x010c: { cbRgFcLcb: 0xa4, cswNew: 2 },
  0x0112: { cbRgFcLcb: 0xb7, cswNew: 5 },
};

const STREAM_NAMES = {
  normal: { doc: 'WordDocument', t0: '0Table', t1: '1Table' },
  lower: { doc: 'worddocument', t0: '0table', t1: '1table' },
  upper: { doc: 'WORDDOCUMENT', t0: '0TABLE', t1: '1TABLE' },
} as const;

/** sprmCFBold (0x0835) with operand 1: a plausible grpprl for a Prc. */
const DEFAULT_PRC = Uint8Array.of(0x35, 0x08, 0x01);

/** Flt values ([MS-DOC] 2.9.90) of the field types buildPlcFld knows. */
const FLT: Record<string, number> = { DATE: 0x1f, TIME: 0x20, PAGE: 0x21, HYPERLINK: 0x58 };

/** PlcFld ([MS-DOC] 2.8.25): CPs of every field character of `story`, then a 2-byte Fld for each. */
function buildPlcFld(story: string, storyLength: number): Uint8Array {
  const cps: number[] = [];
  const flds: [number, number][] = [];
  const open: { fld: number; hasSep: boolean }[] = [];
  for (let cp = 0; cp < story.length; cp++) {
    const ch = story.charCodeAt(cp);
    if (ch === 0x13) {
      const word = /^\s*([A-Za-z]+)/.exec(story.slice(cp + 1))?.[1]?.toUpperCase() ?? '';
      const flt = FLT[word];
      if (flt === undefined) throw new Error(`doc-writer: unknown field type ${JSON.stringify(word)}`);
      open.push({ fld: flds.length, hasSep: false });
      cps.push(cp);
      flds.push([0x13, flt]);
    } else if (ch === 0x14) {
      const top = open[open.length - 1];
      if (top) top.hasSep = true;
      cps.push(cp);
      flds.push([0x14, 0xff]); // "MUST be ignored"; LibreOffice and Word write 0xFF
    } else if (ch === 0x15) {
      const top = open.pop();
      cps.push(cp);
      flds.push([0x15, top?.hasSep ? 0x80 : 0x00]); // grffldEnd.fHasSep
    }
  }
  const n = cps.length;
  const out = new Uint8Array(4 * (n + 1) + 2 * n);
  const v = new DataView(out.buffer);
  cps.forEach((cp, i) => v.setUint32(4 * i, cp, true));
  v.setUint32(4 * n, storyLength, true);
  flds.forEach(([a, b], i) => {
    out[4 * (n + 1) + 2 * i] = a;
    out[4 * (n + 1) + 2 * i + 1] = b;
  });
  return out;
}

function encodePiece(piece: SyntheticPiece): Uint8Array {
  if (!piece.compressed) {
    const out = new Uint8Array(piece.text.length * 2);
    for (let i = 0; i < piece.text.length; i++) {
      const u = piece.text.charCodeAt(i); // code units, so lone surrogates survive
      out[2 * i] = u & 0xff;
      out[2 * i + 1] = u >> 8;
    }
    return out;
  }
  const encoding = piece.encoding ?? 'cp1252';
  const bytes = new Uint8Array(iconv.encode(piece.text, encoding));
  if (bytes.length !== piece.text.length || iconv.decode(Buffer.from(bytes), encoding) !== piece.text) {
    throw new Error(`doc-writer: ${JSON.stringify(piece.text)} cannot be written as an 8-bit ${encoding} piece`);
  }
  return bytes;
}

/** Builds the bytes of a Word 97 .doc file from `spec`. */
export function writeDoc(spec: SyntheticDoc): Uint8Array {
  const pieces = spec.pieces;
  const total = pieces.reduce((n, p) => n + p.text.length, 0);

  // ---- story lengths ----
  const c = spec.ccp ?? {};
  const others = (c.ftn ?? 0) + (c.hdd ?? 0) + (c.mcr ?? 0) + (c.atn ?? 0) + (c.edn ?? 0) + (c.txbx ?? 0) + (c.hdrTxbx ?? 0);
  const ccpText = c.text ?? total - others - (others > 0 ? 1 : 0);

  // ---- FIB layout ----
  const nFib = spec.nFib ?? 0x00c1;
  const sizes = spec.nFibNew !== undefined ? FIB_SIZES[spec.nFibNew] : FIB_SIZES[0x00c1];
  if (!sizes) throw new Error(`doc-writer: unknown nFibNew ${spec.nFibNew}`);
  const cbRgFcLcb = spec.cbRgFcLcb ?? sizes.cbRgFcLcb;
  const cswNew = spec.nFibNew !== undefined ? sizes.cswNew : 0;
  const cswNewAt = FIB.fibRgFcLcb + cbRgFcLcb * 8;
  const fibSize = cswNewAt + 2 + cswNew * 2;
  const textOffset = spec.textOffset ?? 0x800;
  if (textOffset < fibSize) throw new Error(`doc-writer: textOffset ${textOffset} overlaps the FIB (${fibSize} bytes)`);

  // ---- piece bytes, laid out in stream order ----
  const encoded = pieces.map(encodePiece);
  const order = spec.streamOrder ?? pieces.map((_, i) => i);
  if (order.length !== pieces.length || [...order].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new Error('doc-writer: streamOrder must be a permutation of the piece indices');
  }
  const offsets: number[] = new Array(pieces.length);
  let at = textOffset;
  for (const i of order) {
    at += at % 2; // keep every piece 2-byte aligned (UTF-16 pieces must be; harmless for 8-bit ones)
    offsets[i] = at;
    at += encoded[i].length;
  }
  const textEnd = at;
  const docSize = Math.max(textEnd, spec.minWordDocumentSize ?? 4096);
  const doc = new Uint8Array(docSize);
  const dv = new DataView(doc.buffer);
  for (let i = 0; i < pieces.length; i++) doc.set(encoded[i], offsets[i]);

  // ---- FibBase (32 bytes) ----
  let flags = FIB_FLAGS.fExtChar; // [MS-DOC]: fExtChar MUST be 1
  if (spec.fDot) flags |= FIB_FLAGS.fDot;
  if (spec.fComplex) flags |= FIB_FLAGS.fComplex;
  flags |= ((spec.cQuickSaves ?? 0) & 0xf) << 4;
  if (spec.fEncrypted) flags |= FIB_FLAGS.fEncrypted;
  if ((spec.whichTable ?? 1) === 1) flags |= FIB_FLAGS.fWhichTblStm;
  if (spec.fObfuscated) flags |= FIB_FLAGS.fObfuscated;
  const lid = spec.lid ?? 0x0409;
  dv.setUint16(FIB.wIdent, 0xa5ec, true);
  dv.setUint16(FIB.nFib, nFib, true);
  dv.setUint16(FIB.lid, lid, true);
  dv.setUint16(FIB.flags, flags, true);
  dv.setUint16(FIB.nFibBack, 0x00bf, true);
  dv.setUint32(FIB.lKey, spec.lKey ?? 0, true);
  // envr = 0 (Windows), flags2 = 0, reserved3/4 = 0.
  // reserved5/6 are "undefined, MUST be ignored" in [MS-DOC]; Word 97 wrote fcMin/fcMac (the text's
  // byte range) there and old readers (catdoc) still use them, so write them unless told not to.
  if (spec.legacyFcMinMac ?? true) {
    dv.setUint32(FIB.reserved5, textOffset, true);
    dv.setUint32(FIB.reserved6, textEnd, true);
  }

  // ---- csw + FibRgW97 (14 × 16 bits; all reserved except lidFE) ----
  dv.setUint16(FIB.csw, 14, true);
  dv.setUint16(FIB.lidFE, lid, true);

  // ---- cslw + FibRgLw97 (22 × 32 bits) ----
  dv.setUint16(FIB.cslw, 22, true);
  dv.setUint32(FIB.cbMac, docSize, true);
  dv.setInt32(FIB.ccpText, ccpText, true);
  dv.setInt32(FIB.ccpFtn, c.ftn ?? 0, true);
  dv.setInt32(FIB.ccpHdd, c.hdd ?? 0, true);
  dv.setInt32(FIB.ccpMcr, c.mcr ?? 0, true);
  dv.setInt32(FIB.ccpAtn, c.atn ?? 0, true);
  dv.setInt32(FIB.ccpEdn, c.edn ?? 0, true);
  dv.setInt32(FIB.ccpTxbx, c.txbx ?? 0, true);
  dv.setInt32(FIB.ccpHdrTxbx, c.hdrTxbx ?? 0, true);

  // ---- cbRgFcLcb + FibRgFcLcb (all zero but fcClx/lcbClx) ----
  dv.setUint16(FIB.cbRgFcLcb, cbRgFcLcb, true);

  // ---- cswNew (+ FibRgCswNew: nFibNew, then cQuickSavesNew and the rest zero) ----
  dv.setUint16(cswNewAt, cswNew, true);
  if (cswNew > 0) dv.setUint16(cswNewAt + 2, spec.nFibNew ?? 0, true);

  // ---- Clx ----
  const pcds: WrittenPcd[] = [];
  let cp = 0;
  for (let i = 0; i < pieces.length; i++) {
    pcds.push({ cpStart: cp, fc: offsets[i], compressed: pieces[i].compressed, prm: pieces[i].prm ?? 0, pcdFlags: pieces[i].pcdFlags ?? 0 });
    cp += pieces[i].text.length;
  }
  const cpEnd = cp;
  spec.mutatePieces?.(pcds);

  const prcs = spec.prcs ?? (spec.prcBeforePcdt ? [DEFAULT_PRC] : []);
  const n = pcds.length;
  const plcPcdSize = 4 * (n + 1) + 8 * n;
  const clxSize = prcs.reduce((s, g) => s + 3 + g.length, 0) + 5 + plcPcdSize;
  const clxOffset = spec.clxOffset ?? 0x200;
  const table = new Uint8Array(clxOffset + clxSize);
  const tv = new DataView(table.buffer);
  let p = clxOffset;
  for (const grpprl of prcs) {
    table[p] = 0x01; // Prc.clxt
    tv.setInt16(p + 1, grpprl.length, true); // PrcData.cbGrpprl
    table.set(grpprl, p + 3);
    p += 3 + grpprl.length;
  }
  table[p] = 0x02; // Pcdt.clxt
  tv.setUint32(p + 1, plcPcdSize, true); // Pcdt.lcb
  p += 5;
  for (let i = 0; i < n; i++) tv.setUint32(p + 4 * i, pcds[i].cpStart, true);
  tv.setUint32(p + 4 * n, cpEnd, true);
  const pcdAt = p + 4 * (n + 1);
  for (let i = 0; i < n; i++) {
    const pcd = pcds[i];
    const q = pcdAt + 8 * i;
    tv.setUint16(q, pcd.pcdFlags, true);
    const fc = pcd.compressed ? ((pcd.fc * 2) & 0x3fffffff) | 0x40000000 : pcd.fc & 0x3fffffff;
    tv.setUint32(q + 2, fc >>> 0, true);
    tv.setUint16(q + 6, pcd.prm, true);
  }
  dv.setUint32(FIB.fcClx, clxOffset, true);
  dv.setUint32(FIB.lcbClx, clxSize, true);

  let tableBytes = table;
  if (spec.fieldPlc) {
    const body = pieces.map((x) => x.text).join('').slice(0, ccpText);
    const plc = buildPlcFld(body, ccpText);
    tableBytes = new Uint8Array(table.length + plc.length);
    tableBytes.set(table);
    tableBytes.set(plc, table.length);
    dv.setUint32(FIB.fcPlcfFldMom, table.length, true);
    dv.setUint32(FIB.fcPlcfFldMom + 4, plc.length, true);
  }

  // ---- compound file ----
  const names = STREAM_NAMES[spec.streamNameCase ?? 'normal'];
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/' + names.doc, Buffer.from(doc));
  CFB.utils.cfb_add(cfb, '/' + ((spec.whichTable ?? 1) === 1 ? names.t1 : names.t0), Buffer.from(tableBytes));
  const bytes = CFB.write(cfb, { type: 'array' }) as ArrayLike<number>;
  return removeCfbPlaceholder(Uint8Array.from(bytes));
}

// ---------------------------------------------------------------------------------------------
// The `cfb` package always adds a 4-byte "\u0001Sh33tJ5" stream (a SheetJS marker) when it writes,
// even after cfb_del, because write() re-seeds it. Real Word files have no such stream, so it is
// taken out of the written bytes here: its directory entry is unlinked from the sibling chain and
// removed (later entries move down one
// slot), and its mini-stream sector is freed and zeroed ([MS-CFB] 2.2, 2.3, 2.6).
// ---------------------------------------------------------------------------------------------

const PLACEHOLDER = '\u0001Sh33tJ5';
const NOSTREAM = 0xffffffff;
const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;

export function removeCfbPlaceholder(file: Uint8Array): Uint8Array {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const sectorSize = 1 << v.getUint16(0x1e, true);
  const miniSectorSize = 1 << v.getUint16(0x20, true);
  const sectorAt = (s: number) => (s + 1) * sectorSize;

  // FAT: sector numbers from the header's 109 DIFAT slots (then the DIFAT chain, if any).
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = v.getUint32(0x4c + 4 * i, true);
    if (s !== FREESECT) fatSectors.push(s);
  }
  let difat = v.getUint32(0x44, true);
  while (difat !== ENDOFCHAIN && difat !== FREESECT) {
    const base = sectorAt(difat);
    for (let i = 0; i < sectorSize / 4 - 1; i++) {
      const s = v.getUint32(base + 4 * i, true);
      if (s !== FREESECT) fatSectors.push(s);
    }
    difat = v.getUint32(base + sectorSize - 4, true);
  }
  const fatNext = (s: number) => {
    const perSector = sectorSize / 4;
    return v.getUint32(sectorAt(fatSectors[Math.floor(s / perSector)]) + 4 * (s % perSector), true);
  };
  const chain = (start: number) => {
    const out: number[] = [];
    for (let s = start; s !== ENDOFCHAIN && s !== FREESECT && out.length < 1 << 20; s = fatNext(s)) out.push(s);
    return out;
  };

  // Directory entries (128 bytes each).
  const entryAt: number[] = [];
  for (const s of chain(v.getUint32(0x30, true))) {
    for (let i = 0; i < sectorSize / 128; i++) entryAt.push(sectorAt(s) + 128 * i);
  }
  const nameOf = (e: number) => {
    const len = v.getUint16(e + 0x40, true);
    let name = '';
    for (let i = 0; i + 2 < len; i += 2) name += String.fromCharCode(v.getUint16(e + i, true));
    return name;
  };
  const victim = entryAt.findIndex((e) => v.getUint8(e + 0x42) === 2 && nameOf(e) === PLACEHOLDER);
  if (victim < 0) return file;
  const ve = entryAt[victim];
  const left = v.getUint32(ve + 0x44, true);
  const right = v.getUint32(ve + 0x48, true);
  if (left !== NOSTREAM && right !== NOSTREAM) throw new Error('doc-writer: cannot unlink the cfb placeholder entry');
  const replacement = left !== NOSTREAM ? left : right;
  let relinked = false;
  for (const e of entryAt) {
    for (const field of [0x44, 0x48, 0x4c]) {
      if (v.getUint8(e + 0x42) !== 0 && v.getUint32(e + field, true) === victim) {
        v.setUint32(e + field, replacement, true);
        relinked = true;
      }
    }
  }
  if (!relinked) throw new Error('doc-writer: the cfb placeholder entry has no parent');

  // Free (and zero) its data: in the mini stream when smaller than the cutoff, else in the FAT.
  const start = v.getUint32(ve + 0x74, true);
  const size = v.getUint32(ve + 0x78, true);
  if (size > 0 && size < v.getUint32(0x38, true)) {
    const miniFat = chain(v.getUint32(0x3c, true));
    const miniStream = chain(v.getUint32(entryAt[0] + 0x74, true));
    const perSector = sectorSize / 4;
    const miniFatSlot = (m: number) => sectorAt(miniFat[Math.floor(m / perSector)]) + 4 * (m % perSector);
    const perBig = sectorSize / miniSectorSize;
    for (let m = start; m !== ENDOFCHAIN && m !== FREESECT; ) {
      const slot = miniFatSlot(m);
      const next = v.getUint32(slot, true);
      v.setUint32(slot, FREESECT, true);
      const pos = sectorAt(miniStream[Math.floor(m / perBig)]) + (m % perBig) * miniSectorSize;
      file.fill(0, pos, pos + miniSectorSize);
      m = next;
    }
  } else if (size > 0) {
    throw new Error('doc-writer: unexpected large cfb placeholder stream');
  }

  // Close the gap: move the later entries down one slot (renumbering every pointer past it) and
  // leave an unused entry at the end (all zero but the three pointers, which are NOSTREAM). Old
  // readers such as catdoc stop walking the directory at the first unused entry.
  const renumber = (e: number) => {
    for (const field of [0x44, 0x48, 0x4c]) {
      const id = v.getUint32(e + field, true);
      if (id !== NOSTREAM && id > victim) v.setUint32(e + field, id - 1, true);
    }
  };
  for (let i = 0; i < entryAt.length; i++) if (i !== victim && v.getUint8(entryAt[i] + 0x42) !== 0) renumber(entryAt[i]);
  for (let i = victim; i + 1 < entryAt.length; i++) file.copyWithin(entryAt[i], entryAt[i + 1], entryAt[i + 1] + 128);
  const last = entryAt[entryAt.length - 1];
  file.fill(0, last, last + 128);
  v.setUint32(last + 0x44, NOSTREAM, true);
  v.setUint32(last + 0x48, NOSTREAM, true);
  v.setUint32(last + 0x4c, NOSTREAM, true);
  return file;
}
