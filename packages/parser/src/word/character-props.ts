/**
 * Character properties text extraction needs ([MS-DOC] 2.4.6.2 character formatting), found once
 * per document and converted to CP ranges once (through the piece table):
 * - hidden: deleted revisions (sprmCFRMarkDel) and hidden text (sprmCFVanish);
 * - symbols: runs in a symbol font (sprmCSymbol, or a Symbol/Wingdings font by sprmCRgFtc0).
 */
import { u16le } from '../io/bytes.js';
import { runAt, type PropertyRun } from './fkp.js';
import type { CpRange, PieceTable } from './piece-table.js';
import { Sprm, forEachSprm } from './sprm.js';
import { styleChain, type Style } from './styles.js';
import { symbolFontOf, symbolToUnicode, type SymbolFont } from './symbol-fonts.js';

/**
 * The CP ranges of the document whose characters are deleted revisions or hidden text, sorted by
 * start. A character's fRMarkDel / fVanish come from its paragraph's style, then its character
 * style (sprmCIstd), then its own CHPX; each is a toggle (2.9.325 ToggleOperand): 0 off, 1 on,
 * 0x80 keep the value below, 0x81 the opposite.
 */
export function hiddenCpRanges(
  pieceTable: PieceTable,
  chpx: readonly PropertyRun[],
  papx: readonly PropertyRun[],
  styles: readonly Style[],
  tableStream: Uint8Array,
): Array<CpRange<null>> {
  const runs = hiddenRuns(chpx, papx, styles, tableStream);
  return pieceTable.cpRanges(runs).map((r) => ({ run: null, cpStart: r.cpStart, cpEnd: r.cpEnd }));
}

/** The parts of the document's character runs that are deleted revisions or hidden text. */
function hiddenRuns(chpx: readonly PropertyRun[], papx: readonly PropertyRun[], styles: readonly Style[], tableStream: Uint8Array): PropertyRun[] {
  const styleCache = new Map<number, Hiding>();
  const styleHiding = (istd: number, below: Hiding): Hiding => {
    let h = styleCache.get(istd);
    if (!h) {
      h = { deleted: false, hidden: false };
      for (const g of styleChain(styles, istd, 'chpx')) applyToggles(tableStream, g.start, g.end, h);
      styleCache.set(istd, h);
    }
    // A style's own toggles were applied from "off"; 0x81 in a style flips what is below it.
    return { deleted: below.deleted !== h.deleted, hidden: below.hidden !== h.hidden };
  };
  const anyStyleHides = styles.some((_, istd) => {
    const h = styleHiding(istd, { deleted: false, hidden: false });
    return h.deleted || h.hidden;
  });
  // Character runs may span paragraphs of different styles: split them at paragraph runs.
  const hidden: PropertyRun[] = [];
  for (const run of chpx) {
    let istd = 0;
    let direct = false;
    forEachSprm(run.bytes, run.start, run.end, (sprm, o) => {
      if (sprm === Sprm.CFRMarkDel || sprm === Sprm.CFVanish) direct = true;
      else if (sprm === Sprm.CIstd) istd = u16le(run.bytes, o);
    });
    if (!direct && !anyStyleHides) continue;
    for (const part of splitByParagraphs(run, papx)) {
      let h = styleHiding(part.paragraphIstd, { deleted: false, hidden: false });
      if (istd > 0) h = styleHiding(istd, h);
      applyToggles(run.bytes, run.start, run.end, h);
      if (h.deleted || h.hidden) hidden.push({ ...run, fcStart: part.fcStart, fcEnd: part.fcEnd });
    }
  }
  return hidden;
}

/** The parts of a character run that fall in each paragraph run, with that paragraph's style. */
export function splitByParagraphs(run: PropertyRun, papx: readonly PropertyRun[]): Array<{ fcStart: number; fcEnd: number; paragraphIstd: number }> {
  const parts: Array<{ fcStart: number; fcEnd: number; paragraphIstd: number }> = [];
  let fc = run.fcStart;
  while (fc < run.fcEnd) {
    const p = runAt(papx, fc);
    const end = p ? Math.min(p.fcEnd, run.fcEnd) : nextStart(papx, fc, run.fcEnd);
    parts.push({ fcStart: fc, fcEnd: end, paragraphIstd: p?.istd ?? 0 });
    fc = end;
  }
  return parts;
}

/** The first run start after `fc` (or `limit`). */
function nextStart(runs: readonly PropertyRun[], fc: number, limit: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid]!.fcStart <= fc) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(runs[lo]?.fcStart ?? limit, limit);
}

interface Hiding {
  deleted: boolean;
  hidden: boolean;
}

function applyToggles(bytes: Uint8Array, start: number, end: number, h: Hiding): void {
  forEachSprm(bytes, start, end, (sprm, o) => {
    if (sprm !== Sprm.CFRMarkDel && sprm !== Sprm.CFVanish) return;
    const key = sprm === Sprm.CFRMarkDel ? 'deleted' : 'hidden';
    const v = bytes[o]!;
    if (v === 0 || v === 1) h[key] = v === 1;
    else if (v === 0x81) h[key] = !h[key];
  });
}

/** A character run in a symbol font: by sprmCSymbol (one character), or by its font (sprmCRgFtc0). */
export interface SymbolRun {
  symbol: { font: SymbolFont; xchar: number } | null;
  runFont: SymbolFont;
}

/** The document's CP ranges whose characters are symbol-font glyphs, sorted by start. */
export function symbolCpRanges(
  pieceTable: PieceTable,
  chpx: readonly PropertyRun[],
  fontName: (ftc: number) => string | undefined,
): Array<CpRange<SymbolRun>> {
  const runs: Array<PropertyRun & { symbolRun: SymbolRun }> = [];
  for (const run of chpx) {
    let symbol: SymbolRun['symbol'] = null;
    let runFont: SymbolFont = null;
    forEachSprm(run.bytes, run.start, run.end, (sprm, o, size) => {
      if (sprm === Sprm.CSymbol && size >= 4) symbol = { font: symbolFontOf(fontName(u16le(run.bytes, o))), xchar: u16le(run.bytes, o + 2) };
      else if (sprm === Sprm.CRgFtc0 && size >= 2) runFont = symbolFontOf(fontName(u16le(run.bytes, o)));
    });
    if (symbol || runFont) runs.push({ ...run, symbolRun: { symbol, runFont } });
  }
  return pieceTable.cpRanges(runs).map((r) => ({ run: r.run.symbolRun, cpStart: r.cpStart, cpEnd: r.cpEnd }));
}

/**
 * A story's characters in symbol-font runs, with the Unicode character to show instead: the 0x28
 * placeholder of sprmCSymbol (2.6.1: operand ftc, xchar), and characters in a Symbol or Wingdings
 * run stored as U+F0xx or as the plain byte (U+0020..U+00FF). `chars` start at CP `cpStart`;
 * indexes returned are relative to it, ordered.
 */
export function symbolCharacters(ranges: ReadonlyArray<CpRange<SymbolRun>>, chars: string, cpStart: number): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const cpEnd = cpStart + chars.length;
  for (const { run, cpStart: a0, cpEnd: b0 } of spansWithin(ranges, cpStart, cpEnd)) {
    const { symbol, runFont } = run;
    for (let i = a0 - cpStart; i < b0 - cpStart; i++) {
      const c = chars.charCodeAt(i);
      if (symbol) {
        if (c === 0x28) out.push([i, symbolToUnicode(symbol.font, symbol.xchar) ?? String.fromCharCode(symbol.xchar)]);
      } else if ((c >= 0xf020 && c <= 0xf0ff) || (c >= 0x20 && c <= 0xff)) {
        const u = symbolToUnicode(runFont, c);
        if (u) out.push([i, u]);
      }
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** The ranges (sorted and disjoint, as cpRanges gives them) that overlap [cpStart, cpEnd), clipped to it. */
export function spansWithin<T>(ranges: ReadonlyArray<CpRange<T>>, cpStart: number, cpEnd: number): Array<CpRange<T>> {
  const out: Array<CpRange<T>> = [];
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.cpEnd <= cpStart) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < ranges.length; k++) {
    const r = ranges[k]!;
    if (r.cpStart >= cpEnd) break;
    const a = Math.max(r.cpStart, cpStart);
    const b = Math.min(r.cpEnd, cpEnd);
    if (b > a) out.push({ run: r.run, cpStart: a, cpEnd: b });
  }
  return out;
}
