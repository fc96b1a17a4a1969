/**
 * Property modifiers of fast-saved files ([MS-DOC] 2.9.209 Prm, 2.9.38 Clx RgPrc): a piece's Prm1
 * names a grpprl that applies over the properties of the piece's text, after its FKP's (2.4.6.1,
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

/**
 * `runs` (sorted by fcStart, disjoint: fkp.ts) with the pieces' Prms applied; still sorted and
 * disjoint. Pieces whose bytes overlap an earlier Prm piece's keep their runs as they are.
 */
export function applyPrms(pieceTable: PieceTable, runs: readonly PropertyRun[], gaps: PrmGaps): readonly PropertyRun[] {
  const modified = prmRanges(pieceTable.pieces);
  if (modified.length === 0) return runs;
  const out: PropertyRun[] = [];
  let k = 0;
  for (const { fcStart, fcEnd, prm } of modified) {
    // Runs before this piece's bytes as they are; a run crossing its start is cut there.
    for (; k < runs.length && runs[k]!.fcStart < fcStart; k++) {
      const run = runs[k]!;
      if (run.fcEnd <= fcStart) out.push(run);
      else {
        out.push({ ...run, fcEnd: fcStart });
        break;
      }
    }
    let at = fcStart;
    for (let j = k; j < runs.length && runs[j]!.fcStart < fcEnd; j++) {
      const run = runs[j]!;
      const from = Math.max(run.fcStart, fcStart);
      if (from > at && gaps === 'fill') out.push(prmOnly(at, from, prm));
      at = Math.min(run.fcEnd, fcEnd);
      out.push(withPrm({ ...run, fcStart: from, fcEnd: at }, prm));
    }
    if (at < fcEnd && gaps === 'fill') out.push(prmOnly(at, fcEnd, prm));
    // Runs ending inside the piece are done; one running past its end continues after it.
    while (k < runs.length && runs[k]!.fcEnd <= fcEnd) k++;
    if (k < runs.length && runs[k]!.fcStart < fcEnd) runs = replaceAt(runs, k, { ...runs[k]!, fcStart: fcEnd });
  }
  for (; k < runs.length; k++) out.push(runs[k]!);
  return out;
}

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

function replaceAt(runs: readonly PropertyRun[], k: number, run: PropertyRun): PropertyRun[] {
  const copy = runs.slice();
  copy[k] = run;
  return copy;
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
