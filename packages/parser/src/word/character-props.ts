/**
 * Character properties text extraction needs ([MS-DOC] 2.4.6.2 character formatting), found once
 * per document and converted to CP ranges once (through the piece table):
 * - hidden: deleted revisions (sprmCFRMarkDel) and hidden text (sprmCFVanish);
 * - symbols: runs in a symbol font (sprmCSymbol, or a Symbol/Wingdings font by sprmCRgFtc0).
 */
import { u16le } from '../io/bytes.js';
import { runAt, type PropertyRun } from './fkp.js';
import type { CpRuns } from './cp-runs.js';
import type { PieceTable } from './piece-table.js';
import { Sprm, forEachSprm, lastSprm } from './sprm.js';
import { styleChain, type Style } from './styles.js';
import { symbolCode, symbolFontOf, type SymbolFont } from './symbol-fonts.js';

/**
 * The CP runs of the document whose characters are deleted revisions or hidden text (merged). A character's fRMarkDel / fVanish come from its paragraph's style, then its character
 * style (sprmCIstd), then its own CHPX; each is a toggle (2.9.325 ToggleOperand): 0 off, 1 on,
 * 0x80 keep the value below, 0x81 the opposite.
 */
export function hiddenCpRuns(
  pieceTable: PieceTable,
  chpx: readonly PropertyRun[],
  papx: readonly PropertyRun[],
  styles: readonly Style[],
  tableStream: Uint8Array,
  which: HiddenKind = 'deleted-or-hidden',
): CpRuns<null> {
  return pieceTable.cpRuns(hiddenRuns(chpx, papx, styles, tableStream, which), 'any-byte', 'merge', () => null);
}

/** What hiddenCpRuns collects: deleted revisions and hidden text (what is not shown), or deleted revisions only. */
export type HiddenKind = 'deleted-or-hidden' | 'deleted';

/** The parts of the document's character runs that are deleted revisions or (`which`) hidden text. */
function hiddenRuns(chpx: readonly PropertyRun[], papx: readonly PropertyRun[], styles: readonly Style[], tableStream: Uint8Array, which: HiddenKind): PropertyRun[] {
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
    const direct = lastSprm(run.bytes, run.start, run.end, Sprm.CFRMarkDel) >= 0 || lastSprm(run.bytes, run.start, run.end, Sprm.CFVanish) >= 0;
    if (!direct && !anyStyleHides) continue;
    const istdAt = lastSprm(run.bytes, run.start, run.end, Sprm.CIstd);
    const istd = istdAt >= 0 ? u16le(run.bytes, istdAt) : 0;
    for (const part of splitByParagraphs(run, papx)) {
      let h = styleHiding(part.paragraphIstd, { deleted: false, hidden: false });
      if (istd > 0) h = styleHiding(istd, h);
      applyToggles(run.bytes, run.start, run.end, h);
      if (h.deleted || (h.hidden && which === 'deleted-or-hidden')) hidden.push({ ...run, fcStart: part.fcStart, fcEnd: part.fcEnd });
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
export function symbolCpRuns(pieceTable: PieceTable, chpx: readonly PropertyRun[], fontName: (ftc: number) => string | undefined): CpRuns<SymbolRun> {
  const runs: Array<PropertyRun & { symbolRun: SymbolRun }> = [];
  const fonts = new Map<number, SymbolFont>();
  const fontOf = (ftc: number): SymbolFont => {
    let font = fonts.get(ftc);
    if (font === undefined) fonts.set(ftc, (font = symbolFontOf(fontName(ftc))));
    return font;
  };
  for (const run of chpx) {
    const { bytes, start, end } = run;
    // sprmCSymbol's operand is 4 bytes (ftc, xchar), sprmCRgFtc0's 2 (ftc): their spra fix it.
    const symbol = lastSprm(bytes, start, end, Sprm.CSymbol);
    const ftc0 = lastSprm(bytes, start, end, Sprm.CRgFtc0);
    if (symbol < 0 && ftc0 < 0) continue;
    let placeholder = -1;
    if (symbol >= 0) {
      const xchar = u16le(bytes, symbol + 2);
      placeholder = symbolCode(fontOf(u16le(bytes, symbol)), xchar) || xchar;
    }
    const runFont = ftc0 >= 0 ? fontOf(u16le(bytes, ftc0)) : null;
    if (placeholder >= 0 || runFont) runs.push({ ...run, symbolRun: { placeholder, runFont } });
  }
  return pieceTable.cpRuns(runs, 'any-byte', 'first-wins', (r) => r.symbolRun);
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
