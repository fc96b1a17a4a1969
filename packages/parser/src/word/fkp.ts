/**
 * Formatted disk pages ([MS-DOC] 2.9.33 ChpxFkp, 2.9.175 PapxFkp) found through the bin tables
 * PlcBteChpx / PlcBtePapx (2.8.x): 512-byte pages of the WordDocument stream that give character
 * and paragraph properties to ranges of stream offsets (FCs). Word 6/95 pages differ in three
 * places: the bin table's page numbers are 2 bytes, a paragraph entry (BX) is 7 bytes, and a PAPX
 * is a word count (cw) then 2·cw bytes (istd, grpprl) without Word 97's cb' escape.
 */
import { u16le, u32le } from '../io/bytes.js';
import { readPlc } from './plc.js';

export interface PropertyRun {
  /** First stream offset covered by the run. */
  fcStart: number;
  /** Stream offset after the run. */
  fcEnd: number;
  /** Bytes holding the run's grpprl: its page (a view of the file where the page lies in one piece). */
  bytes: Uint8Array;
  /** Start and end of the grpprl in `bytes`. */
  start: number;
  end: number;
  /** Paragraph runs: the paragraph style (istd); 0 for character runs. */
  istd: number;
}

const PAGE = 512;

/** The FKP page `pn` of the WordDocument stream (its bytes pn·512 .. pn·512 + 512), or null when the stream does not hold all of it. */
export type FkpPages = (pn: number) => Uint8Array | null;

/** The pages of a stream held in one array. */
export function streamPages(stream: Uint8Array): FkpPages {
  return (pn) => (pn * PAGE + PAGE <= stream.length ? stream.subarray(pn * PAGE, pn * PAGE + PAGE) : null);
}

/**
 * Character property runs, ordered by fcStart and disjoint: in a damaged file runs from different
 * pages overlap, and every walk over them (hidden text, symbol fonts) would become runs × runs.
 */
export function readChpxRuns(pages: FkpPages, tableStream: Uint8Array, fc: number, lcb: number, layout: FkpLayout = 'word97'): PropertyRun[] {
  // rgb: one byte per run, the word offset of its Chpx (cb, grpprl) in the page; 0 = no properties.
  return disjoint(readRuns(pages, tableStream, fc, lcb, layout, 'bin-table', 1, (page, at, run) => {
    const bOffset = page[at]! * 2;
    if (bOffset === 0 || bOffset >= PAGE) return;
    const cb = page[bOffset]!;
    run.start = bOffset + 1;
    run.end = Math.min(PAGE, bOffset + 1 + cb);
  }));
}

/** Paragraph property runs, ordered by fcStart and disjoint (asFoundByRunAt). */
export function readPapxRuns(pages: FkpPages, tableStream: Uint8Array, fc: number, lcb: number, layout: FkpLayout = 'word97'): PropertyRun[] {
  // rgbx: 13-byte BxPap entries (Word 6: 7 bytes) whose first byte is the word offset of the PapxInFkp.
  return asFoundByRunAt(readRuns(pages, tableStream, fc, lcb, layout, 'page', layout === 'word6' ? 7 : 13, (page, at, run) => {
    const bOffset = page[at]! * 2;
    if (bOffset === 0 || bOffset >= PAGE - 1) return;
    // PapxInFkp (2.9.176): cb; if cb is 0, cb' follows and the size is 2*cb', else 2*cb-1 (Word 6: 2*cw).
    let o = bOffset + 1;
    let size = layout === 'word6' ? 2 * page[bOffset]! : 2 * page[bOffset]! - 1;
    if (page[bOffset] === 0 && layout === 'word97') {
      size = 2 * page[o]!;
      o++;
    }
    const end = Math.min(PAGE, o + size);
    if (end - o < 2) return;
    run.istd = u16le(page, o); // GrpPrlAndIstd: istd, then the grpprl
    run.start = o + 2;
    run.end = end;
  }));
}

/** Runs sorted by fcStart, each clipped to start where the previous ends (the earlier start wins). */
function disjoint(runs: PropertyRun[]): PropertyRun[] {
  let kept = 0;
  let end = 0;
  for (const run of runs) {
    if (run.fcEnd <= end) continue;
    if (run.fcStart < end) run.fcStart = end;
    runs[kept++] = run;
    end = run.fcEnd;
  }
  runs.length = kept;
  return runs;
}

/**
 * Runs sorted by fcStart, made disjoint without changing which run holds an offset: where runs
 * overlap (a damaged page claiming a huge range), each offset keeps the run `runAt`'s binary
 * search finds for it. That run changes only at a run's start or end, so one search per
 * boundary: O(n log n), and only for a damaged file.
 */
function asFoundByRunAt(runs: PropertyRun[]): PropertyRun[] {
  let overlapping = false;
  for (let k = 1; k < runs.length && !overlapping; k++) overlapping = runs[k]!.fcStart < runs[k - 1]!.fcEnd;
  if (!overlapping) return runs;
  const bounds = new Float64Array(2 * runs.length);
  runs.forEach((r, k) => ((bounds[2 * k] = r.fcStart), (bounds[2 * k + 1] = r.fcEnd)));
  bounds.sort();
  const out: PropertyRun[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const a = bounds[k]!;
    const b = bounds[k + 1]!;
    if (b <= a) continue;
    const run = runAt(runs, a);
    if (!run) continue;
    const last = out[out.length - 1];
    if (last && last.fcEnd === a && last.bytes === run.bytes && last.start === run.start && last.istd === run.istd) last.fcEnd = b;
    else out.push({ ...run, fcStart: a, fcEnd: b });
  }
  return out;
}

/** Word 97-2003 pages, or Word 6/95 ones (2-byte page numbers, 7-byte BX, PAPX by word count). */
export type FkpLayout = 'word97' | 'word6';

/**
 * Which FCs a page's runs may claim: 'page', what its rgfc says; 'bin-table', no more than the
 * range the bin table gives the page (aFC[i], aFC[i + 1]): one damaged page whose rgfc claims
 * [x, 4 GB) would otherwise swallow every run after x once runs are made disjoint.
 */
type RunBounds = 'page' | 'bin-table';

/**
 * Fills in the grpprl (and istd) of a run of `page` from its entry (rgb / rgbx) at `at`: left as
 * it is (no properties) when the entry points nowhere.
 */
type EntryReader = (page: Uint8Array, at: number, run: PropertyRun) => void;

/**
 * The runs of every page the bin table names (each page once), sorted by fcStart. One object per
 * run (a large document has thousands), one view per page.
 */
function readRuns(pages: FkpPages, tableStream: Uint8Array, fc: number, lcb: number, layout: FkpLayout, bounds: RunBounds, entrySize: number, entry: EntryReader): PropertyRun[] {
  const plc = readPlc(tableStream, fc, lcb, layout === 'word6' ? 2 : 4, 'bin table');
  if (!plc) return [];
  const runs: PropertyRun[] = [];
  const seen = new Set<number>();
  let sorted = true;
  let lastStart = -1;
  for (let i = 0; i < plc.length; i++) {
    const pn = layout === 'word6' ? plc.bytes.u16(plc.dataOffset(i)) : plc.bytes.u32(plc.dataOffset(i)) & 0x3fffff; // PnFkp: 22 bits
    const page = seen.has(pn) ? null : pages(pn);
    if (!page) continue;
    seen.add(pn);
    const crun = page[PAGE - 1]!;
    if (4 * (crun + 1) > PAGE) continue;
    // An empty or inverted bin-table range says nothing about its page: the page's rgfc stands.
    const ranged = bounds === 'bin-table' && plc.positions[i]! < plc.positions[i + 1]!;
    const low = ranged ? plc.positions[i]! : 0;
    const high = ranged ? plc.positions[i + 1]! : Infinity;
    for (let j = 0; j < crun; j++) {
      const fcStart = Math.max(u32le(page, 4 * j), low);
      const fcEnd = Math.min(u32le(page, 4 * (j + 1)), high);
      if (fcEnd <= fcStart) continue;
      const run: PropertyRun = { fcStart, fcEnd, bytes: page, start: 0, end: 0, istd: 0 };
      // The entries follow rgfc; a crun past the spec's (0x65 CHPX, 0x1D PAPX runs) puts the last
      // ones outside the page (whose last byte is crun): those runs have no properties.
      const at = 4 * (crun + 1) + entrySize * j;
      if (at < PAGE - 1) entry(page, at, run);
      if (fcStart < lastStart) sorted = false;
      lastStart = fcStart;
      runs.push(run);
    }
  }
  if (!sorted) runs.sort((a, b) => a.fcStart - b.fcStart);
  return runs;
}

/** The run covering stream offset `fc`, by binary search; null if none. */
export function runAt(runs: readonly PropertyRun[], fc: number): PropertyRun | null {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const run = runs[mid]!;
    if (fc < run.fcStart) hi = mid - 1;
    else if (fc >= run.fcEnd) lo = mid + 1;
    else return run;
  }
  return null;
}
