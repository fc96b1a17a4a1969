/**
 * Property modifiers of fast-saved files ([MS-DOC] 2.9.209 Prm, 2.9.38 Clx RgPrc): a piece's Prm1
 * (or Prm0, one sprm) names a grpprl that applies over the properties of the piece's text, after its FKP's (2.4.6.1,
 * 2.4.6.2: the Prm's sprms come last). `applyPrms` folds them into the FC runs of the FKPs, so
 * every reader of paragraph or character runs sees them: each run overlapping a piece with a Prm
 * is cut to the piece's bytes and gets the Prm's sprms after its own; with 'fill', bytes of such
 * a piece that no run covers get a run of the Prm's sprms alone (character runs: text without a
 * CHPX has the default properties, the Prm applies over them); with 'runs-only' they stay
 * uncovered (paragraph runs: a mark no PAPX covers stays unknown, as without a Prm).
 */
import { u16le } from '../io/bytes.js';
import type { PropertyRun } from './fkp.js';
import type { Grpprl, Piece, PieceTable } from './piece-table.js';
import { Sprm, forEachSprm } from './sprm.js';
import { translateWord6Grpprl } from './sprm-word6.js';

/**
 * `runs` (sorted by fcStart, disjoint: fkp.ts) with the pieces' Prms applied; still sorted and
 * disjoint. Pieces whose bytes overlap an earlier Prm piece's keep their runs as they are.
 */
export function applyPrms(pieceTable: PieceTable, runs: readonly PropertyRun[], gaps: PrmGaps): readonly PropertyRun[] {
  const modified = prmRanges(pieceTable.pieces);
  if (modified.length === 0) return runs;
  const out: PropertyRun[] = [];
  // runs[k] as still to be placed: `head`, a copy when its start was cut (it crossed a piece's edge).
  let k = 0;
  let head: PropertyRun | undefined = runs[0];
  const next = () => (head = runs[++k]);
  for (const { fcStart, fcEnd, prm } of modified) {
    // Runs before this piece's bytes as they are; a run crossing its start is cut there.
    while (head && head.fcStart < fcStart) {
      if (head.fcEnd <= fcStart) {
        out.push(head);
        next();
      } else {
        out.push({ ...head, fcEnd: fcStart });
        head = { ...head, fcStart };
      }
    }
    let at = fcStart;
    while (head && head.fcStart < fcEnd) {
      if (head.fcStart > at && gaps === 'fill') out.push(prmOnly(at, head.fcStart, prm));
      at = Math.min(head.fcEnd, fcEnd);
      out.push(withPrm({ ...head, fcEnd: at }, prm));
      // A run running past the piece's end continues after it.
      if (head.fcEnd > fcEnd) head = { ...head, fcStart: fcEnd };
      else next();
    }
    if (at < fcEnd && gaps === 'fill') out.push(prmOnly(at, fcEnd, prm));
  }
  for (; head; next()) out.push(head);
  return out;
}

/**
 * Prm0 (2.9.215): one sprm by its isprm, with a 1-byte operand — as a Word 97 grpprl; null for
 * isprms of sprms this parser does not read (the table lists only those it does). In a Word 6/95
 * file the isprm is the Word 6 sprm itself (translated by sprm-word6.ts).
 */
export function prm0Grpprl(isprm: number, val: number, kind: 'word97' | 'word6'): Grpprl | null {
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

/** What `applyPrms` does with the bytes of a Prm piece that no run covers. */
export type PrmGaps = 'fill' | 'runs-only';

/** The byte ranges of the pieces with a Prm, sorted and disjoint (an overlapping one is dropped). */
function prmRanges(pieces: readonly Piece[]): Array<{ fcStart: number; fcEnd: number; prm: Grpprl }> {
  const ranges = pieces
    .filter((p): p is Piece & { prm: Grpprl } => p.prm !== undefined)
    .map((p) => ({ fcStart: p.offset, fcEnd: p.offset + (p.cpEnd - p.cpStart) * (p.compressed ? 1 : 2), prm: p.prm }))
    .sort((a, b) => a.fcStart - b.fcStart);
  let end = 0;
  return ranges.filter((r) => {
    if (r.fcStart < end) return false;
    end = r.fcEnd;
    return true;
  });
}

function prmOnly(fcStart: number, fcEnd: number, prm: Grpprl): PropertyRun {
  return withPrm({ fcStart, fcEnd, bytes: prm.bytes, start: prm.start, end: prm.start, istd: 0 }, prm);
}

/** A run with the Prm's sprms after its own, and the paragraph style a sprmPIstd in the Prm names. */
export function withPrm(run: PropertyRun, prm: Grpprl): PropertyRun {
  const bytes = new Uint8Array(run.end - run.start + prm.end - prm.start);
  bytes.set(run.bytes.subarray(run.start, run.end));
  bytes.set(prm.bytes.subarray(prm.start, prm.end), run.end - run.start);
  let istd = run.istd;
  forEachSprm(prm.bytes, prm.start, prm.end, (sprm, o, size) => {
    if (sprm === Sprm.PIstd && size >= 2) istd = u16le(prm.bytes, o);
  });
  return { fcStart: run.fcStart, fcEnd: run.fcEnd, bytes, start: 0, end: bytes.length, istd };
}
