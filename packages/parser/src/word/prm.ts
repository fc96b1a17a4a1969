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
import { pieceFcEnd, type Grpprl, type Piece, type PieceTable } from './piece-table.js';
import { PropertyRunsBuilder, type PropertyRuns } from './property-runs.js';
import { Sprm, forEachSprm } from './sprm.js';

/**
 * `runs` (sorted by fcStart, disjoint: fkp.ts) with the pieces' Prms applied; still sorted and
 * disjoint. Pieces whose bytes overlap an earlier Prm piece's keep their runs as they are.
 */
export function applyPrms(pieceTable: PieceTable, runs: PropertyRuns, gaps: PrmGaps): PropertyRuns {
  const modified = prmRanges(pieceTable.pieces);
  if (modified.length === 0) return runs;
  const out = new PropertyRunsBuilder(runs.length + 2 * modified.length);
  const merged = new MergedGrpprls();
  // Run k is still to be placed from `headStart` (past its fcStart when it crossed a piece's edge).
  let k = 0;
  let headStart = runs.length > 0 ? runs.fcStarts[0]! : 0;
  const next = () => {
    if (++k < runs.length) headStart = runs.fcStarts[k]!;
  };
  for (const { fcStart, fcEnd, prm } of modified) {
    // Runs before this piece's bytes as they are; a run crossing its start is cut there.
    while (k < runs.length && headStart < fcStart) {
      const headEnd = runs.fcEnds[k]!;
      if (headEnd <= fcStart) {
        out.addPart(runs, k, headStart, headEnd);
        next();
      } else {
        out.addPart(runs, k, headStart, fcStart);
        headStart = fcStart;
      }
    }
    let at = fcStart;
    while (k < runs.length && headStart < fcEnd) {
      if (headStart > at && gaps === 'fill') addMerged(out, at, headStart, prm.bytes, prm.start, prm.start, 0, prm, merged);
      const headEnd = runs.fcEnds[k]!;
      at = Math.min(headEnd, fcEnd);
      addMerged(out, headStart, at, runs.bytes(k), runs.starts[k]!, runs.ends[k]!, runs.istds[k]!, prm, merged);
      // A run running past the piece's end continues after it.
      if (headEnd > fcEnd) headStart = fcEnd;
      else next();
    }
    if (at < fcEnd && gaps === 'fill') addMerged(out, at, fcEnd, prm.bytes, prm.start, prm.start, 0, prm, merged);
  }
  for (; k < runs.length; next()) out.addPart(runs, k, headStart, runs.fcEnds[k]!);
  return out.build();
}

/** What `applyPrms` does with the bytes of a Prm piece that no run covers. */
export type PrmGaps = 'fill' | 'runs-only';

/** The byte ranges of the pieces with a Prm, sorted and disjoint (an overlapping one is dropped). */
function prmRanges(pieces: readonly Piece[]): Array<{ fcStart: number; fcEnd: number; prm: Grpprl }> {
  if (!pieces.some((p) => p.prm !== undefined)) return []; // most files: no array made per pass
  const ranges = pieces
    .filter((p): p is Piece & { prm: Grpprl } => p.prm !== undefined)
    .map((p) => ({ fcStart: p.offset, fcEnd: pieceFcEnd(p), prm: p.prm }))
    .sort((a, b) => a.fcStart - b.fcStart);
  let end = 0;
  return ranges.filter((r) => {
    if (r.fcStart < end) return false;
    end = r.fcEnd;
    return true;
  });
}

/** A run over [fcStart, fcEnd) whose grpprl is [start, end) of `bytes` then the Prm's sprms, with the paragraph style a sprmPIstd in the Prm names. */
function addMerged(out: PropertyRunsBuilder, fcStart: number, fcEnd: number, bytes: Uint8Array, start: number, end: number, istd: number, prm: Grpprl, merged: MergedGrpprls): void {
  const made = merged.of(bytes, start, end, istd, prm);
  out.add(fcStart, fcEnd, made.bytes, 0, made.bytes.length, made.istd);
}

/**
 * A run's grpprl followed by a Prm's, made once per (grpprl, Prm): the runs of a piece share a
 * few CHPXs and PAPXs, and a fast-saved file has thousands of runs.
 */
class MergedGrpprls {
  /** Per Prm, per array the runs' grpprls are in (an FKP page): by `start · 65536 + istd`. */
  private readonly byPrm = new Map<Grpprl, Map<Uint8Array, Map<number, { end: number; bytes: Uint8Array; istd: number }>>>();

  of(grpprl: Uint8Array, start: number, end: number, istd: number, prm: Grpprl): { bytes: Uint8Array; istd: number } {
    if (istd >= 65536) return merge(grpprl, start, end, istd, prm);
    let pages = this.byPrm.get(prm);
    if (!pages) this.byPrm.set(prm, (pages = new Map()));
    let cache = pages.get(grpprl);
    if (!cache) pages.set(grpprl, (cache = new Map()));
    const key = start * 65536 + istd;
    const hit = cache.get(key);
    if (hit && hit.end === end) return hit;
    const made = merge(grpprl, start, end, istd, prm);
    cache.set(key, { end, ...made });
    return made;
  }
}

function merge(grpprl: Uint8Array, start: number, end: number, istd: number, prm: Grpprl): { bytes: Uint8Array; istd: number } {
  const bytes = new Uint8Array(end - start + prm.end - prm.start);
  bytes.set(grpprl.subarray(start, end));
  bytes.set(prm.bytes.subarray(prm.start, prm.end), end - start);
  forEachSprm(prm.bytes, prm.start, prm.end, (sprm, o, size) => {
    if (sprm === Sprm.PIstd && size >= 2) istd = u16le(prm.bytes, o);
  });
  return { bytes, istd };
}
