/**
 * Formatted disk pages ([MS-DOC] 2.9.33 ChpxFkp, 2.9.175 PapxFkp) found through the bin tables
 * PlcBteChpx / PlcBtePapx (2.8.x): 512-byte pages of the WordDocument stream that give character
 * and paragraph properties to ranges of stream offsets (FCs). Word 6/95 pages differ in three
 * places: the bin table's page numbers are 2 bytes, a paragraph entry (BX) is 7 bytes, and a PAPX
 * is a word count (cw) then 2·cw bytes (istd, grpprl) without Word 97's cb' escape.
 */
import { u16le, u32le } from '../io/bytes.js';
import { readPlc } from './plc.js';
import { PropertyRuns, PropertyRunsBuilder } from './property-runs.js';

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
export function readChpxRuns(pages: FkpPages, tableStream: Uint8Array, fc: number, lcb: number, layout: FkpLayout = 'word97'): PropertyRuns {
  // rgb: one byte per run, the word offset of its Chpx (cb, grpprl) in the page; 0 = no properties.
  return disjoint(readRuns(pages, tableStream, fc, lcb, layout, 'bin-table', 1, (page, at, grpprl) => {
    const bOffset = page[at]! * 2;
    if (bOffset === 0 || bOffset >= PAGE) return;
    const cb = page[bOffset]!;
    grpprl.start = bOffset + 1;
    grpprl.end = Math.min(PAGE, bOffset + 1 + cb);
  }));
}

/** Paragraph property runs, ordered by fcStart and disjoint (asFoundByRunAt). */
export function readPapxRuns(pages: FkpPages, tableStream: Uint8Array, fc: number, lcb: number, layout: FkpLayout = 'word97'): PropertyRuns {
  // rgbx: 13-byte BxPap entries (Word 6: 7 bytes) whose first byte is the word offset of the PapxInFkp.
  return asFoundByRunAt(readRuns(pages, tableStream, fc, lcb, layout, 'page', layout === 'word6' ? 7 : 13, (page, at, grpprl) => {
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
    grpprl.istd = u16le(page, o); // GrpPrlAndIstd: istd, then the grpprl
    grpprl.start = o + 2;
    grpprl.end = end;
  }));
}

/** Runs sorted by fcStart, each clipped to start where the previous ends (the earlier start wins): in place. */
function disjoint(runs: PropertyRuns): PropertyRuns {
  const { fcStarts, fcEnds, sources, starts, ends, istds } = runs;
  let kept = 0;
  let end = 0;
  for (let k = 0; k < runs.length; k++) {
    if (fcEnds[k]! <= end) continue;
    fcStarts[kept] = Math.max(fcStarts[k]!, end);
    fcEnds[kept] = fcEnds[k]!;
    sources[kept] = sources[k]!;
    starts[kept] = starts[k]!;
    ends[kept] = ends[k]!;
    istds[kept] = istds[k]!;
    kept++;
    end = fcEnds[k]!;
  }
  if (kept === runs.length) return runs;
  const cut = (a: Float64Array) => a.subarray(0, kept);
  return new PropertyRuns(cut(fcStarts), cut(fcEnds), cut(sources), runs.arrays, cut(starts), cut(ends), cut(istds));
}

/**
 * Runs sorted by fcStart, made disjoint without changing which run holds an offset: where runs
 * overlap (a damaged page claiming a huge range), each offset keeps the run `indexAt`'s binary
 * search finds for it. That run changes only at a run's start or end, so one search per
 * boundary: O(n log n), and only for a damaged file.
 */
function asFoundByRunAt(runs: PropertyRuns): PropertyRuns {
  let overlapping = false;
  for (let k = 1; k < runs.length && !overlapping; k++) overlapping = runs.fcStarts[k]! < runs.fcEnds[k - 1]!;
  if (!overlapping) return runs;
  const bounds = new Float64Array(2 * runs.length);
  bounds.set(runs.fcStarts);
  bounds.set(runs.fcEnds, runs.length);
  bounds.sort();
  const out = new PropertyRunsBuilder(runs.length);
  let last = -1;
  let lastEnd = -1;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const a = bounds[k]!;
    const b = bounds[k + 1]!;
    if (b <= a) continue;
    const r = runs.indexAt(a);
    if (r < 0) continue;
    if (last >= 0 && lastEnd === a && runs.bytes(last) === runs.bytes(r) && runs.starts[last] === runs.starts[r] && runs.istds[last] === runs.istds[r]) out.extendLast(b);
    else {
      out.addPart(runs, r, a, b);
      last = r;
    }
    lastEnd = b;
  }
  return out.build();
}

/** Word 97-2003 pages, or Word 6/95 ones (2-byte page numbers, 7-byte BX, PAPX by word count). */
export type FkpLayout = 'word97' | 'word6';

/**
 * Which FCs a page's runs may claim: 'page', what its rgfc says; 'bin-table', no more than the
 * range the bin table gives the page (aFC[i], aFC[i + 1]): one damaged page whose rgfc claims
 * [x, 4 GB) would otherwise swallow every run after x once runs are made disjoint.
 */
type RunBounds = 'page' | 'bin-table';

/** Where an entry reader puts a run's grpprl (and istd): one object per read, reset for each run. */
interface EntryGrpprl {
  start: number;
  end: number;
  istd: number;
}

/**
 * Fills in the grpprl (and istd) of a run of `page` from its entry (rgb / rgbx) at `at`: left as
 * it is (no properties: 0, 0, 0) when the entry points nowhere.
 */
type EntryReader = (page: Uint8Array, at: number, grpprl: EntryGrpprl) => void;

/**
 * The runs of every page the bin table names (each page once), sorted by fcStart, in flat arrays
 * sized by a first pass over the pages (their crun).
 */
function readRuns(pages: FkpPages, tableStream: Uint8Array, fc: number, lcb: number, layout: FkpLayout, bounds: RunBounds, entrySize: number, entry: EntryReader): PropertyRuns {
  const plc = readPlc(tableStream, fc, lcb, layout === 'word6' ? 2 : 4, 'bin table');
  if (!plc) return PropertyRuns.EMPTY;
  // The pages, each once, with the FC range [lows[k], highs[k]) their runs may claim.
  const found: Uint8Array[] = [];
  const lows: number[] = [];
  const highs: number[] = [];
  const seen = new Set<number>();
  let count = 0;
  for (let i = 0; i < plc.length; i++) {
    const pn = layout === 'word6' ? plc.bytes.u16(plc.dataOffset(i)) : plc.bytes.u32(plc.dataOffset(i)) & 0x3fffff; // PnFkp: 22 bits
    const page = seen.has(pn) ? null : pages(pn);
    if (!page) continue;
    seen.add(pn);
    const crun = page[PAGE - 1]!;
    if (4 * (crun + 1) > PAGE) continue;
    // An empty or inverted bin-table range says nothing about its page: the page's rgfc stands.
    const ranged = bounds === 'bin-table' && plc.positions[i]! < plc.positions[i + 1]!;
    found.push(page);
    lows.push(ranged ? plc.positions[i]! : 0);
    highs.push(ranged ? plc.positions[i + 1]! : Infinity);
    count += crun;
  }
  const out = new PropertyRunsBuilder(count);
  const grpprl: EntryGrpprl = { start: 0, end: 0, istd: 0 };
  let sorted = true;
  let lastStart = -1;
  for (let k = 0; k < found.length; k++) {
    const page = found[k]!;
    const low = lows[k]!;
    const high = highs[k]!;
    const crun = page[PAGE - 1]!;
    for (let j = 0; j < crun; j++) {
      const fcStart = Math.max(u32le(page, 4 * j), low);
      const fcEnd = Math.min(u32le(page, 4 * (j + 1)), high);
      if (fcEnd <= fcStart) continue;
      grpprl.start = grpprl.end = grpprl.istd = 0;
      // The entries follow rgfc; a crun past the spec's (0x65 CHPX, 0x1D PAPX runs) puts the last
      // ones outside the page (whose last byte is crun): those runs have no properties.
      const at = 4 * (crun + 1) + entrySize * j;
      if (at < PAGE - 1) entry(page, at, grpprl);
      if (fcStart < lastStart) sorted = false;
      lastStart = fcStart;
      out.add(fcStart, fcEnd, page, grpprl.start, grpprl.end, grpprl.istd);
    }
  }
  return sorted ? out.build() : sortedByStart(out.build());
}

/** The runs in order of fcStart (runs with equal starts keep their order). */
function sortedByStart(runs: PropertyRuns): PropertyRuns {
  const order = Array.from({ length: runs.length }, (_, k) => k).sort((a, b) => runs.fcStarts[a]! - runs.fcStarts[b]! || a - b);
  const out = new PropertyRunsBuilder(runs.length);
  for (const k of order) out.addPart(runs, k, runs.fcStarts[k]!, runs.fcEnds[k]!);
  return out.build();
}
