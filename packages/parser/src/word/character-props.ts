/**
 * Character properties text extraction needs ([MS-DOC] 2.4.6.2 character formatting), found once
 * per document and converted to CP ranges once (through the piece table):
 * - hidden: deleted revisions (sprmCFRMarkDel) and hidden text (sprmCFVanish);
 * - symbols: runs in a symbol font (sprmCSymbol, or a Symbol/Wingdings font by sprmCRgFtc0).
 */
import { u16le } from '../io/bytes.js';
import { scratchArray } from '../io/encoding.js';
import { FcRangeList, type PropertyRun, type PropertyRuns } from './property-runs.js';
import type { CpRuns } from './cp-runs.js';
import type { PieceTable } from './piece-table.js';
import { Sprm, prlOperandSize } from './sprm.js';
import { styleChain, type StyleSheet } from './styles.js';
import { symbolCode, symbolFontOf, type SymbolFont } from './symbol-fonts.js';

/**
 * The CP runs of the document whose characters are deleted revisions or hidden text (merged). A character's fRMarkDel / fVanish come from its paragraph's style, then its character
 * style (sprmCIstd), then its own CHPX; each is a toggle (2.9.325 ToggleOperand): 0 off, 1 on,
 * 0x80 keep the value below, 0x81 the opposite.
 */
export function hiddenCpRuns(
  pieceTable: PieceTable,
  chpx: PropertyRuns,
  papx: PropertyRuns,
  styles: StyleSheet,
  tableStream: Uint8Array,
  which: HiddenKind = 'deleted-or-hidden',
): CpRuns<null> {
  return pieceTable.cpRuns(hiddenRuns(chpx, papx, styles, tableStream, which), 'any-byte', 'merge', () => null);
}

/** What hiddenCpRuns collects: deleted revisions and hidden text (what is not shown), or deleted revisions only. */
export type HiddenKind = 'deleted-or-hidden' | 'deleted';

/** The parts of the document's character runs that are deleted revisions or (`which`) hidden text. */
function hiddenRuns(chpx: PropertyRuns, papx: PropertyRuns, styles: StyleSheet, tableStream: Uint8Array, which: HiddenKind): FcRangeList<null> {
  const styleCache = new Map<number, Hiding>();
  /** A style's toggles (its chain's, base first), applied from "off". */
  const ownHiding = (istd: number): Hiding => {
    let h = styleCache.get(istd);
    if (!h) {
      h = { deleted: false, hidden: false };
      for (const g of styleChain(styles, istd, 'chpx')) {
        readChpxFacts(tableStream, g.start, g.end, STYLE_FACTS);
        h.deleted = toggled(STYLE_FACTS[DELETED] as Toggle, h.deleted);
        h.hidden = toggled(STYLE_FACTS[HIDDEN] as Toggle, h.hidden);
      }
      styleCache.set(istd, h);
    }
    return h;
  };
  const all = chpxFacts(chpx);
  /** The character style run r names (sprmCIstd), 0 for none. */
  const characterIstd = (r: number) => (all[r * FACTS + ISTD]! >= 0 ? u16le(chpx.bytes(r), all[r * FACTS + ISTD]!) : 0);
  // Only the styles the document uses are read (most hide nothing): the paragraphs' styles, Normal
  // (text outside any paragraph run) and the runs' character styles. When none hides, the runs'
  // own toggles decide, as below.
  const hides = (istd: number) => {
    const h = ownHiding(istd);
    return h.deleted || h.hidden;
  };
  let anyStyleHides = hides(0);
  for (let r = 0, last = 0; r < papx.length && !anyStyleHides; r++) {
    if (papx.istds[r] !== last) anyStyleHides = hides((last = papx.istds[r]!));
  }
  for (let r = 0, last = 0; r < chpx.length && !anyStyleHides; r++) {
    const istd = characterIstd(r);
    if (istd > 0 && istd !== last) anyStyleHides = hides((last = istd));
  }
  const hidden = new FcRangeList<null>();
  const { fcStarts: paragraphStarts, fcEnds: paragraphEnds } = papx;
  /** The first paragraph run ending after the CP asked (character runs are sorted: it only moves forward). */
  let p = 0;
  for (let r = 0; r < chpx.length; r++) {
    const runStart = chpx.fcStarts[r]!;
    const runEnd = chpx.fcEnds[r]!;
    const at = r * FACTS;
    const deletedToggle = all[at + DELETED] as Toggle;
    const hiddenToggle = all[at + HIDDEN] as Toggle;
    const direct = deletedToggle !== KEEP || hiddenToggle !== KEEP;
    if (!direct && !anyStyleHides) continue;
    if (!anyStyleHides) {
      // No style hides anything (nor flips: a flip from "off" hides), so the run's own toggles decide, over "off".
      if (toggled(deletedToggle, false) || (toggled(hiddenToggle, false) && which === 'deleted-or-hidden')) hidden.add(runStart, runEnd, null);
      continue;
    }
    const istd = characterIstd(r);
    const characterStyle = istd > 0 ? ownHiding(istd) : null;
    // Character runs may span paragraphs of different styles: split them at paragraph runs (as
    // splitByParagraphs, with a cursor), each stretch of hidden parts kept as one range.
    let fc = runStart;
    let from = -1;
    while (fc < runEnd) {
      while (p < papx.length && paragraphEnds[p]! <= fc) p++;
      const inParagraph = p < papx.length && paragraphStarts[p]! <= fc;
      const end = Math.min(inParagraph ? paragraphEnds[p]! : p < papx.length ? paragraphStarts[p]! : runEnd, runEnd);
      // A style's own toggles were applied from "off"; 0x81 in a style flips what is below it.
      const below = ownHiding(inParagraph ? papx.istds[p]! : 0);
      const deleted = toggled(deletedToggle, below.deleted !== (characterStyle?.deleted ?? false));
      const hide = deleted || (toggled(hiddenToggle, below.hidden !== (characterStyle?.hidden ?? false)) && which === 'deleted-or-hidden');
      if (hide && from < 0) from = fc;
      if (!hide && from >= 0) {
        hidden.add(from, fc, null);
        from = -1;
      }
      fc = end;
    }
    if (from >= 0) hidden.add(from, runEnd, null);
  }
  return hidden;
}

/**
 * What a run of ToggleOperands (2.9.325) does to the value below it: KEEP it (none, or 0x80),
 * set it OFF (0) or ON (1), or FLIP it (0x81); a later one composes over an earlier one.
 */
const KEEP = 0;
const OFF = 1;
const ON = 2;
const FLIP = 3;
type Toggle = typeof KEEP | typeof OFF | typeof ON | typeof FLIP;

function then(t: Toggle, operand: number): Toggle {
  if (operand === 0) return OFF;
  if (operand === 1) return ON;
  return operand === 0x81 ? ((t ^ FLIP) as Toggle) : t; // KEEP ↔ FLIP, OFF ↔ ON
}

function toggled(t: Toggle, below: boolean): boolean {
  return t === KEEP ? below : t === FLIP ? !below : t === ON;
}

/** Where readChpxFacts puts what it finds (an Int32Array of FACTS slots, made once per pass). */
const DELETED = 0;
const HIDDEN = 1;
const ISTD = 2;
const SYMBOL = 3;
const FTC0 = 4;
const FACTS = 5;

/**
 * What one CHPX's grpprl sets that the plain text reads, found in one scan (as forEachSprm reads
 * it): its fRMarkDel and fVanish toggles (DELETED, HIDDEN), and the operand offsets (-1: absent)
 * of its last sprmCIstd, sprmCSymbol and sprmCRgFtc0 (ISTD, SYMBOL, FTC0), written into `out`.
 */
function readChpxFacts(bytes: Uint8Array, start: number, end: number, out: Int32Array, at = 0): void {
  let deleted: Toggle = KEEP;
  let hidden: Toggle = KEEP;
  let istd = -1;
  let symbol = -1;
  let ftc0 = -1;
  end = Math.min(end, bytes.length);
  for (let o = start; o + 2 <= end; ) {
    const size = prlOperandSize(bytes, o, end);
    if (size < 0) break;
    const sprm = u16le(bytes, o);
    if (sprm === Sprm.CFRMarkDel) deleted = then(deleted, bytes[o + 2]!);
    else if (sprm === Sprm.CFVanish) hidden = then(hidden, bytes[o + 2]!);
    else if (sprm === Sprm.CIstd) istd = o + 2;
    else if (sprm === Sprm.CSymbol) symbol = o + 2;
    else if (sprm === Sprm.CRgFtc0) ftc0 = o + 2;
    o += 2 + size;
  }
  out[at + DELETED] = deleted;
  out[at + HIDDEN] = hidden;
  out[at + ISTD] = istd;
  out[at + SYMBOL] = symbol;
  out[at + FTC0] = ftc0;
}

/** The facts of a document's character runs, read once for both passes (hidden text, symbol fonts). */
const factsOfRuns = new WeakMap<PropertyRuns, Int32Array>();

/**
 * readChpxFacts of every run of `chpx`: run r's at [r * FACTS, (r + 1) * FACTS). Runs of one FKP
 * page share a few Chpxs (plain, bold, plain…): a grpprl read for an earlier run of the same
 * bytes is copied, not read again.
 */
function chpxFacts(chpx: PropertyRuns): Int32Array {
  let all = factsOfRuns.get(chpx);
  if (all) return all;
  all = scratchArray(Int32Array, chpx.length * FACTS); // every run's facts written below
  // By grpprl start (within a page): the last run (index + 1) whose grpprl starts there.
  const lastAt = LAST_AT.fill(0);
  for (let r = 0; r < chpx.length; r++) {
    const start = chpx.starts[r]!;
    const end = chpx.ends[r]!;
    const k = start < PAGE ? lastAt[start]! - 1 : -1;
    if (k >= 0 && chpx.sources[k] === chpx.sources[r] && chpx.ends[k] === end) {
      for (let i = 0; i < FACTS; i++) all[r * FACTS + i] = all[k * FACTS + i]!;
    } else readChpxFacts(chpx.bytes(r), start, end, all, r * FACTS);
    if (start < PAGE) lastAt[start] = r + 1;
  }
  factsOfRuns.set(chpx, all);
  return all;
}

/** An FKP page's size: where a page's grpprls start. */
const PAGE = 512;

/** Scratch arrays, filled before each use (both functions run to the end without re-entering). */
const LAST_AT = new Int32Array(PAGE);
const STYLE_FACTS = new Int32Array(FACTS);

/** The parts of a character run that fall in each paragraph run, with that paragraph's style. */
export function splitByParagraphs(run: PropertyRun, papx: PropertyRuns): Array<{ fcStart: number; fcEnd: number; paragraphIstd: number }> {
  const parts: Array<{ fcStart: number; fcEnd: number; paragraphIstd: number }> = [];
  let fc = run.fcStart;
  while (fc < run.fcEnd) {
    const p = papx.indexAt(fc);
    const end = p >= 0 ? Math.min(papx.fcEnds[p]!, run.fcEnd) : nextStart(papx, fc, run.fcEnd);
    parts.push({ fcStart: fc, fcEnd: end, paragraphIstd: p >= 0 ? papx.istds[p]! : 0 });
    fc = end;
  }
  return parts;
}

/** The first run start after `fc` (or `limit`). */
function nextStart(runs: PropertyRuns, fc: number, limit: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs.fcStarts[mid]! <= fc) lo = mid + 1;
    else hi = mid;
  }
  return lo < runs.length ? Math.min(runs.fcStarts[lo]!, limit) : limit;
}

interface Hiding {
  deleted: boolean;
  hidden: boolean;
}

/**
 * A character run in a symbol font: by sprmCSymbol (one character), or by its font (sprmCRgFtc0).
 * `placeholder`: what a 0x28 of a sprmCSymbol run shows (2.6.1: operand ftc, xchar), -1 for a
 * font run.
 */
export interface SymbolRun {
  placeholder: number;
  runFont: SymbolFont;
}

/** The document's CP runs whose characters are symbol-font glyphs. */
export function symbolCpRuns(pieceTable: PieceTable, chpx: PropertyRuns, fontName: (ftc: number) => string | undefined): CpRuns<SymbolRun> {
  const runs = new FcRangeList<SymbolRun>();
  const fonts = new Map<number, SymbolFont>();
  const fontOf = (ftc: number): SymbolFont => {
    let font = fonts.get(ftc);
    if (font === undefined) fonts.set(ftc, (font = symbolFontOf(fontName(ftc))));
    return font;
  };
  const all = chpxFacts(chpx);
  for (let r = 0; r < chpx.length; r++) {
    // sprmCSymbol's operand is 4 bytes (ftc, xchar), sprmCRgFtc0's 2 (ftc): their spra fix it.
    const symbol = all[r * FACTS + SYMBOL]!;
    const ftc0 = all[r * FACTS + FTC0]!;
    if (symbol < 0 && ftc0 < 0) continue;
    const bytes = chpx.bytes(r);
    let placeholder = -1;
    if (symbol >= 0) {
      const xchar = u16le(bytes, symbol + 2);
      placeholder = symbolCode(fontOf(u16le(bytes, symbol)), xchar) || xchar;
    }
    const runFont = ftc0 >= 0 ? fontOf(u16le(bytes, ftc0)) : null;
    if (placeholder >= 0 || runFont) runs.add(chpx.fcStarts[r]!, chpx.fcEnds[r]!, { placeholder, runFont });
  }
  return pieceTable.cpRuns(runs, 'any-byte', 'first-wins', (k) => runs.values[k]!);
}

/**
 * The character a symbol run shows for the stored code unit `c`: the placeholder for 0x28 in a
 * sprmCSymbol run; in a Symbol or Wingdings run, the Unicode character of a U+F0xx or plain-byte
 * (U+0020..U+00FF) glyph. `c` itself when there is none.
 */
export function symbolCharOf(run: SymbolRun, c: number): number {
  if (run.placeholder >= 0) return c === 0x28 ? run.placeholder : c;
  if ((c >= 0xf020 && c <= 0xf0ff) || (c >= 0x20 && c <= 0xff)) return symbolCode(run.runFont, c) || c;
  return c;
}
