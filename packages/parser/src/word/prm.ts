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
import { pieceFcEnd, type Grpprl, type Piece, type PieceTable } from './piece-table.js';
import { Sprm, forEachSprm } from './sprm.js';

/**
 * `runs` (sorted by fcStart, disjoint: fkp.ts) with the pieces' Prms applied; still sorted and
 * disjoint. Pieces whose bytes overlap an earlier Prm piece's keep their runs as they are.
 */
export function applyPrms(pieceTable: PieceTable, runs: readonly PropertyRun[], gaps: PrmGaps): readonly PropertyRun[] {
  const modified = prmRanges(pieceTable.pieces);
  if (modified.length === 0) return runs;
  const out: PropertyRun[] = [];
  const merged = new MergedGrpprls();
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
      if (head.fcStart > at && gaps === 'fill') out.push(prmOnly(at, head.fcStart, prm, merged));
      at = Math.min(head.fcEnd, fcEnd);
      out.push(withPrm(head, head.fcStart, at, prm, merged));
      // A run running past the piece's end continues after it.
      if (head.fcEnd > fcEnd) head = { ...head, fcStart: fcEnd };
      else next();
    }
    if (at < fcEnd && gaps === 'fill') out.push(prmOnly(at, fcEnd, prm, merged));
  }
  for (; head; next()) out.push(head);
  return out;
}

/** What `applyPrms` does with the bytes of a Prm piece that no run covers. */
export type PrmGaps = 'fill' | 'runs-only';

/** The byte ranges of the pieces with a Prm, sorted and disjoint (an overlapping one is dropped). */
function prmRanges(pieces: readonly Piece[]): Array<{ fcStart: number; fcEnd: number; prm: Grpprl }> {
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

function prmOnly(fcStart: number, fcEnd: number, prm: Grpprl, merged: MergedGrpprls): PropertyRun {
  return withPrm({ fcStart, fcEnd, bytes: prm.bytes, start: prm.start, end: prm.start, istd: 0 }, fcStart, fcEnd, prm, merged);
}

/** Run `run` over [fcStart, fcEnd), with the Prm's sprms after its own, and the paragraph style a sprmPIstd in the Prm names. */
function withPrm(run: PropertyRun, fcStart: number, fcEnd: number, prm: Grpprl, merged: MergedGrpprls): PropertyRun {
  const { bytes, istd } = merged.of(run, prm);
  return { fcStart, fcEnd, bytes, start: 0, end: bytes.length, istd };
}

/**
 * A run's grpprl followed by a Prm's, made once per (grpprl, Prm): the runs of a piece share a
 * few CHPXs and PAPXs, and a fast-saved file has thousands of runs.
 */
class MergedGrpprls {
  /** Per Prm, per array the runs' grpprls are in (an FKP page): by `start · 65536 + istd`. */
  private readonly byPrm = new Map<Grpprl, Map<Uint8Array, Map<number, { end: number; bytes: Uint8Array; istd: number }>>>();

  of(run: PropertyRun, prm: Grpprl): { bytes: Uint8Array; istd: number } {
    if (run.istd >= 65536) return merge(run, prm);
    let pages = this.byPrm.get(prm);
    if (!pages) this.byPrm.set(prm, (pages = new Map()));
    let cache = pages.get(run.bytes);
    if (!cache) pages.set(run.bytes, (cache = new Map()));
    const key = run.start * 65536 + run.istd;
    const hit = cache.get(key);
    if (hit && hit.end === run.end) return hit;
    const made = merge(run, prm);
    cache.set(key, { end: run.end, ...made });
    return made;
  }
}

function merge(run: PropertyRun, prm: Grpprl): { bytes: Uint8Array; istd: number } {
  const bytes = new Uint8Array(run.end - run.start + prm.end - prm.start);
  bytes.set(run.bytes.subarray(run.start, run.end));
  bytes.set(prm.bytes.subarray(prm.start, prm.end), run.end - run.start);
  let istd = run.istd;
  forEachSprm(prm.bytes, prm.start, prm.end, (sprm, o, size) => {
    if (sprm === Sprm.PIstd && size >= 2) istd = u16le(prm.bytes, o);
  });
  return { bytes, istd };
}
