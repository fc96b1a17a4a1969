/**
 * The piece table ([MS-DOC] 2.9.38 Clx, 2.9.178 Pcdt, 2.8.35 PlcPcd, 2.9.177 Pcd): the map from
 * character positions (CPs) to where their bytes are in the WordDocument stream, and whether each
 * run of text is stored as 8-bit ("compressed") or UTF-16LE.
 *
 * `PieceTable` is the parser's one CP↔FC translator: every lookup of a CP's stream offset, and
 * every conversion of stream-offset (FC) runs to CP ranges, goes through it.
 *
 * Every piece is checked against the stream it points into; pieces that run past the end are cut
 * and the cut is reported in `warnings` — nothing in the file is trusted.
 */
import { ByteReader } from '../io/bytes.js';
import { DocParseError } from '../errors.js';
import { Warnings } from '../warnings.js';
import { CpRuns, CpRunsBuilder, type Overlap } from './cp-runs.js';
import type { FcRanges } from './property-runs.js';
import { Sprm } from './sprm.js';
import { translateWord6Grpprl } from './sprm-word6.js';

export interface Piece {
  /** First CP of the piece. */
  cpStart: number;
  /** CP after the last one of the piece. */
  cpEnd: number;
  /** Byte offset of the first character in the WordDocument stream. */
  offset: number;
  /** true: one byte per character (code page text); false: UTF-16LE, two bytes per character. */
  compressed: boolean;
  /**
   * A fast-saved file's property modifier (2.9.209 Prm): the grpprl of the Clx's Prc a Prm1
   * indexes, or a Prm0's one sprm, applied over the paragraph and character properties of the piece's text. Absent when none.
   */
  prm?: Grpprl;
}

/** A grpprl: sprms at [start, end) of `bytes`. */
export interface Grpprl {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/**
 * What a Pcd's Prm means: 'word97' → a Prm1 indexes a Word 97 grpprl in the Clx's RgPrc, a
 * Prm0 is one sprm (prm.ts); 'word6' → the same with Word 6 sprms (a Prm0's isprm is the Word 6
 * sprm itself), translated to Word 97 sprms (sprm-word6.ts); 'ignore' → not read.
 */
export type PrmKind = 'word97' | 'word6' | 'ignore';

/**
 * How a Pcd's fc addresses its text:
 * - 'fc-compressed': FcCompressed (2.9.73): bit 30 set → 8-bit text at fc/2, else UTF-16 at fc
 *   (Word 97+, and Word 6/95 files with fExtChar);
 * - 'byte-offset': a plain byte offset of 8-bit text (Word 6/95 without fExtChar, Word 1/2).
 */
export type PieceAddressing = 'fc-compressed' | 'byte-offset';

/** The stream offset just past a piece's last byte. */
export function pieceFcEnd(p: Piece): number {
  return p.offset + (p.cpEnd - p.cpStart) * (p.compressed ? 1 : 2);
}

export class PieceTable {
  constructor(
    readonly pieces: Piece[],
    readonly warnings: Warnings = new Warnings(),
  ) {}

  /** The CP after the last one any piece covers. */
  get cpEnd(): number {
    return this.pieces.reduce((max, p) => Math.max(max, p.cpEnd), 0);
  }

  /** Stream offset of a CP, or -1 if no piece covers it. */
  fcOf(cp: number): number {
    const pieces = this.pieces;
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = pieces[mid]!;
      if (cp < p.cpStart) hi = mid - 1;
      else if (cp >= p.cpEnd) lo = mid + 1;
      else return p.offset + (cp - p.cpStart) * (p.compressed ? 1 : 2);
    }
    return -1;
  }

  /**
   * The CP runs whose bytes the FC ranges cover, with `value(k)` for range k. `runs` must be
   * sorted by fcStart and disjoint (fkp.ts), so a piece visits only the ranges that overlap it:
   * O(pieces · log runs + runs), no object per range. `cover` says which CPs a range holds:
   * - 'any-byte': a CP with any of its bytes in the range (hidden text, symbol fonts);
   * - 'first-byte': a CP whose first byte is in the range, i.e. the run PropertyRuns.indexAt(fcOf(cp)) finds (paragraph runs).
   */
  cpRuns<V>(runs: FcRanges, cover: Cover, overlap: Overlap, value: (k: number) => V): CpRuns<V> {
    if (runs.length === 0) return CpRuns.empty<V>();
    const { fcStarts, fcEnds } = runs;
    // Runs are disjoint: most pieces cut at most one run, so there are about runs + pieces ranges.
    const out = new CpRunsBuilder<V>(overlap, runs.length + this.pieces.length);
    const first = cover === 'first-byte';
    for (const p of this.pieces) {
      const w = p.compressed ? 1 : 2;
      const pieceEnd = pieceFcEnd(p);
      let lo = 0;
      let hi = runs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (fcEnds[mid]! <= p.offset) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < runs.length && fcStarts[k]! < pieceEnd; k++) {
        const from = Math.max(fcStarts[k]!, p.offset);
        const to = Math.min(fcEnds[k]!, pieceEnd);
        if (to <= from) continue;
        const a = p.cpStart + (first ? Math.ceil((from - p.offset) / w) : Math.floor((from - p.offset) / w));
        const b = p.cpStart + Math.ceil((to - p.offset) / w);
        out.add(a, b, value(k));
      }
    }
    return out.build();
  }
}

/** Which CPs an FC run holds (PieceTable.cpRuns). */
export type Cover = 'any-byte' | 'first-byte';

/**
 * Parses the Clx found in `tableStream` at [fc, fc+lcb). Prc entries (clxt 0x01, 2.9.209 RgPrc:
 * the property modifiers of fast-saved files) come first; the Pcdt (clxt 0x02) follows.
 */
export function parseClx(tableStream: Uint8Array, fc: number, lcb: number, addressing: PieceAddressing, prms: PrmKind = 'ignore'): PieceTable {
  const r = new ByteReader(tableStream, 'piece table (Clx)');
  if (!r.has(fc, lcb)) {
    throw new DocParseError('TRUNCATED', `The piece table (${lcb} bytes at ${fc}) lies beyond the end of its stream (${r.length} bytes).`);
  }
  const end = fc + lcb;
  let o = fc;
  const grpprls: Grpprl[] = [];
  while (o < end) {
    const clxt = r.u8(o);
    if (clxt === 0x01) {
      // Prc: clxt, cbGrpprl (int16), grpprl
      const cb = r.i16(o + 1);
      if (cb < 0) throw new DocParseError('CORRUPT', `The piece table has a property block of negative size (${cb}).`);
      grpprls.push({ bytes: tableStream, start: o + 3, end: Math.min(end, o + 3 + cb) });
      o += 3 + cb;
    } else if (clxt === 0x02) {
      const lcbPlc = r.u32(o + 1);
      const start = o + 5;
      if (start + lcbPlc > end) {
        throw new DocParseError('TRUNCATED', `The piece descriptor table claims ${lcbPlc} bytes, more than the Clx holds.`);
      }
      return parsePlcPcd(r, start, lcbPlc, addressing, new Warnings(), prms === 'ignore' ? null : { grpprls: prms === 'word6' ? grpprls.map(word97Grpprl) : grpprls, kind: prms });
    } else {
      throw new DocParseError('CORRUPT', `The piece table holds an unknown entry type 0x${clxt.toString(16)} at offset ${o}.`);
    }
  }
  throw new DocParseError('CORRUPT', 'The piece table has no piece descriptors (no Pcdt in the Clx).');
}

/**
 * PlcPcd: (n+1) CPs of 4 bytes, then n Pcds of 8 bytes: flags (2), fc (4), prm (2). A Prm1
 * (fComplex, bit 0) indexes `grpprls` by its bits 1-15 (one past the end is ignored); a Prm0 is
 * isprm (bits 1-7) and val (bits 8-15). `prms` null: Prms not read.
 */
export function parsePlcPcd(
  r: ByteReader,
  start: number,
  lcb: number,
  addressing: PieceAddressing,
  warnings = new Warnings(),
  prms: { grpprls: readonly Grpprl[]; kind: 'word97' | 'word6' } | null = null,
): PieceTable {
  const PCD_SIZE = 8;
  if (lcb < 4 || (lcb - 4) % (4 + PCD_SIZE) !== 0) {
    throw new DocParseError('CORRUPT', `The piece descriptor table has an impossible size (${lcb} bytes).`);
  }
  const n = (lcb - 4) / (4 + PCD_SIZE);
  const pieces: Piece[] = [];
  const pcdBase = start + 4 * (n + 1);
  const plain = addressing === 'byte-offset';
  // A Prm0's grpprl by its 15 bits: made once per value, not once per piece.
  const prm0s = new Map<number, Grpprl | null>();
  const prm0 = (bits: number): Grpprl | null => {
    let grpprl = prm0s.get(bits);
    if (grpprl === undefined) prm0s.set(bits, (grpprl = prm0Grpprl(bits & 0x7f, bits >> 7, prms!.kind)));
    return grpprl;
  };
  let lastCp = 0;
  for (let i = 0; i < n; i++) {
    const cpStart = r.u32(start + 4 * i);
    const cpEnd = r.u32(start + 4 * (i + 1));
    if (cpStart < lastCp || cpEnd < cpStart) {
      if (warnings.keeping) warnings.add(`piece ${i}: CPs out of order (${cpStart}..${cpEnd}); skipped`);
      else warnings.skip();
      continue;
    }
    lastCp = cpEnd;
    if (cpEnd === cpStart) continue;
    const fcRaw = r.u32(pcdBase + PCD_SIZE * i + 2);
    // FcCompressed (2.9.73): bits 0-29 fc, bit 30 fCompressed (then the byte offset is fc/2).
    const compressed = plain || (fcRaw & 0x40000000) !== 0;
    const fc = fcRaw & 0x3fffffff;
    const offset = plain ? fcRaw : compressed ? Math.floor(fc / 2) : fc;
    const prm = prms ? r.u16(pcdBase + PCD_SIZE * i + 6) : 0;
    const grpprl = !prms ? undefined : prm & 1 ? prms.grpprls[prm >> 1] : prm0(prm >> 1);
    pieces.push(grpprl && grpprl.end > grpprl.start ? { cpStart, cpEnd, offset, compressed, prm: grpprl } : { cpStart, cpEnd, offset, compressed });
  }
  return new PieceTable(pieces, warnings);
}

/**
 * Prm0 (2.9.215): one sprm by its isprm, with a 1-byte operand — as a Word 97 grpprl; null for
 * isprms of sprms this parser does not read (the table lists only those it does). In a Word 6/95
 * file the isprm is the Word 6 sprm itself (translated by sprm-word6.ts).
 */
function prm0Grpprl(isprm: number, val: number, kind: 'word97' | 'word6'): Grpprl | null {
  if (kind === 'word6') {
    const bytes = translateWord6Grpprl(Uint8Array.of(isprm, val), 0, 2);
    return bytes.length ? { bytes, start: 0, end: bytes.length } : null;
  }
  const sprm = PRM0_SPRMS.get(isprm);
  return sprm === undefined ? null : { bytes: Uint8Array.of(sprm & 0xff, sprm >> 8, val), start: 0, end: 3 };
}

const PRM0_SPRMS = new Map<number, number>([
  [0x09, Sprm.PFPageBreakBefore],
  [0x0c, Sprm.PIlvl],
  [0x18, Sprm.PFInTable],
  [0x19, Sprm.PFTtp],
  [0x41, Sprm.CFRMarkDel],
  [0x42, Sprm.CFRMarkIns],
  [0x43, Sprm.CFFldVanish],
  [0x55, Sprm.CFBold],
  [0x56, Sprm.CFItalic],
  [0x57, Sprm.CFStrike],
  [0x5c, Sprm.CFVanish],
  [0x5e, Sprm.CKul],
]);

/** A Word 6 grpprl as Word 97 sprms (a copy). */
function word97Grpprl(g: Grpprl): Grpprl {
  const bytes = translateWord6Grpprl(g.bytes, g.start, g.end);
  return { bytes, start: 0, end: bytes.length };
}

/** A file saved without fast-save (no Clx): one 8-bit piece, the text contiguous at fcMin. */
export function contiguousPieceTable(fcMin: number, fcMac: number): PieceTable {
  const len = Math.max(0, fcMac - fcMin);
  return new PieceTable(len ? [{ cpStart: 0, cpEnd: len, offset: fcMin, compressed: true }] : []);
}
