/**
 * Paragraph and character properties of CPs: CP → stream offset (through the piece table) →
 * PAPX / CHPX run (fkp.ts) → the few sprms text extraction needs, with paragraph styles applied
 * underneath ([MS-DOC] 2.4.6.1 direct paragraph formatting, 2.4.6.2 character formatting).
 */
import { runAt, type PropertyRun } from './fkp.js';
import type { Piece } from './piece-table.js';
import { Sprm, forEachSprm } from './sprm.js';
import { styleChain, type Style } from './styles.js';
import { symbolFontOf, symbolToUnicode, type SymbolFont } from './symbol-fonts.js';

export interface ParagraphProps {
  ilfo: number;
  ilvl: number;
  /** sprmPFTtp / sprmPFInnerTtp: this paragraph mark ends a table row. */
  rowEnd: boolean;
  /** sprmPFInnerTableCell: this paragraph mark (0x0D) ends a cell of a nested table. */
  cellEnd: boolean;
}

export interface CharacterProps {
  /** fRMarkDel: a deleted revision. */
  deleted: boolean;
  /** fVanish: hidden text. */
  hidden: boolean;
}

/** Stream offset of a CP, or -1 if no piece covers it. */
export function fcOfCp(pieces: readonly Piece[], cp: number): number {
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

export class ParagraphPropsReader {
  private readonly cache = new Map<PropertyRun, ParagraphProps>();
  /** Paragraph style → its properties, each style's grpprl applied once (not once per run). */
  private readonly styleCache = new Map<number, ParagraphProps>();
  private static readonly NONE: ParagraphProps = { ilfo: 0, ilvl: 0, rowEnd: false, cellEnd: false };

  constructor(
    private readonly pieces: readonly Piece[],
    private readonly runs: readonly PropertyRun[],
    private readonly styles: readonly Style[],
    private readonly tableStream: Uint8Array,
  ) {}

  get available(): boolean {
    return this.runs.length > 0;
  }

  /** Properties of the paragraph whose mark is at `cp`. */
  at(cp: number): ParagraphProps {
    const run = runAt(this.runs, fcOfCp(this.pieces, cp));
    if (!run) return ParagraphPropsReader.NONE;
    let props = this.cache.get(run);
    if (!props) {
      props = { ...this.styleProps(run.istd) };
      applyPapx(props, run.bytes, run.start, run.end);
      this.cache.set(run, props);
    }
    return props;
  }

  /** A paragraph style's properties, base styles first (depth bounded as styleChain), memoised. */
  private styleProps(istd: number, depth = 0): ParagraphProps {
    let props = this.styleCache.get(istd);
    if (props) return props;
    const style = this.styles[istd];
    const inherits = style !== undefined && depth < 10 && style.istdBase !== 0xfff && style.istdBase !== istd;
    props = inherits ? { ...this.styleProps(style.istdBase, depth + 1) } : { ...ParagraphPropsReader.NONE };
    if (style?.papx) applyPapx(props, this.tableStream, style.papx.start, style.papx.end);
    this.styleCache.set(istd, props);
    return props;
  }
}

function applyPapx(props: ParagraphProps, bytes: Uint8Array, start: number, end: number): void {
  forEachSprm(bytes, start, end, (sprm, o) => {
    switch (sprm) {
      case Sprm.PIlfo:
        props.ilfo = (bytes[o]! | (bytes[o + 1]! << 8)) << 16 >> 16;
        break;
      case Sprm.PIlvl:
        props.ilvl = bytes[o]! & 0x0f;
        break;
      case Sprm.PFTtp:
      case Sprm.PFInnerTtp:
        props.rowEnd = bytes[o] === 1;
        break;
      case Sprm.PFInnerTableCell:
        props.cellEnd = bytes[o] === 1;
        break;
    }
  });
}

/**
 * The parts of the document's character runs that are deleted revisions or hidden text (once per
 * document; hiddenRanges maps them to a story's CPs). A character's fRMarkDel / fVanish come from
 * its paragraph's style, then its character style (sprmCIstd), then its own CHPX; each is a
 * toggle (2.9.325 ToggleOperand): 0 off, 1 on, 0x80 keep the value below, 0x81 the opposite.
 */
export function hiddenRuns(
  chpx: readonly PropertyRun[],
  papx: readonly PropertyRun[],
  styles: readonly Style[],
  tableStream: Uint8Array,
): PropertyRun[] {
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
      else if (sprm === Sprm.CIstd) istd = run.bytes[o]! | (run.bytes[o + 1]! << 8);
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

/** CP ranges [start, end) of `hiddenRuns` within a story, relative to `cpStart`, sorted. */
export function hiddenRanges(pieces: readonly Piece[], hidden: readonly PropertyRun[], cpStart: number, cpEnd: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  forEachRunCpRange(pieces, hidden, cpStart, cpEnd, (_, a, b) => ranges.push([a, b]));
  return ranges.sort((x, y) => x[0] - y[0]);
}

/** The parts of a character run that fall in each paragraph run, with that paragraph's style. */
function splitByParagraphs(run: PropertyRun, papx: readonly PropertyRun[]): Array<{ fcStart: number; fcEnd: number; paragraphIstd: number }> {
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

/** The document's character runs whose characters are symbol-font glyphs (once per document). */
export function symbolRuns(chpx: readonly PropertyRun[], fontName: (ftc: number) => string | undefined): Map<PropertyRun, SymbolRun> {
  const runs = new Map<PropertyRun, SymbolRun>();
  for (const run of chpx) {
    let symbol: SymbolRun['symbol'] = null;
    let runFont: SymbolFont = null;
    forEachSprm(run.bytes, run.start, run.end, (sprm, o, size) => {
      const u16 = (k: number) => run.bytes[o + k]! | (run.bytes[o + k + 1]! << 8);
      if (sprm === Sprm.CSymbol && size >= 4) symbol = { font: symbolFontOf(fontName(u16(0))), xchar: u16(2) };
      else if (sprm === Sprm.CRgFtc0 && size >= 2) runFont = symbolFontOf(fontName(u16(0)));
    });
    if (symbol || runFont) runs.set(run, { symbol, runFont });
  }
  return runs;
}

/**
 * A story's characters in symbol-font runs, with the Unicode character to show instead: the 0x28
 * placeholder of sprmCSymbol (2.6.1: operand ftc, xchar), and characters in a Symbol or Wingdings
 * run stored as U+F0xx or as the plain byte (U+0020..U+00FF). Indexes are relative to `cpStart`.
 */
export function symbolCharacters(
  pieces: readonly Piece[],
  runs: ReadonlyMap<PropertyRun, SymbolRun>,
  chars: string,
  cpStart: number,
): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  forEachRunCpRange(pieces, [...runs.keys()], cpStart, cpStart + chars.length, (run, a, b) => {
    const { symbol, runFont } = runs.get(run)!;
    for (let i = a; i < b; i++) {
      const c = chars.charCodeAt(i);
      if (symbol) {
        if (c === 0x28) out.push([i, symbolToUnicode(symbol.font, symbol.xchar) ?? String.fromCharCode(symbol.xchar)]);
      } else if ((c >= 0xf020 && c <= 0xf0ff) || (c >= 0x20 && c <= 0xff)) {
        const u = symbolToUnicode(runFont, c);
        if (u) out.push([i, u]);
      }
    }
  });
  return out.sort((x, y) => x[0] - y[0]);
}

/**
 * Calls `visit(run, a, b)` for each CP range [a, b) (relative to `cpStart`, within [cpStart, cpEnd))
 * whose bytes a run covers. `runs` are sorted by fcStart and disjoint (fkp.ts readChpxRuns), so a
 * piece visits only the runs that overlap it: O(pieces · log runs + ranges), not pieces × runs.
 */
function forEachRunCpRange(
  pieces: readonly Piece[],
  runs: readonly PropertyRun[],
  cpStart: number,
  cpEnd: number,
  visit: (run: PropertyRun, a: number, b: number) => void,
): void {
  if (runs.length === 0) return;
  for (const p of pieces) {
    if (p.cpEnd <= cpStart || p.cpStart >= cpEnd) continue;
    const w = p.compressed ? 1 : 2;
    const pieceEnd = p.offset + (p.cpEnd - p.cpStart) * w;
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid]!.fcEnd <= p.offset) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < runs.length && runs[k]!.fcStart < pieceEnd; k++) {
      const run = runs[k]!;
      const from = Math.max(run.fcStart, p.offset);
      const to = Math.min(run.fcEnd, pieceEnd);
      if (to <= from) continue;
      const a = Math.max(cpStart, p.cpStart + Math.floor((from - p.offset) / w));
      const b = Math.min(cpEnd, p.cpStart + Math.ceil((to - p.offset) / w));
      if (b > a) visit(run, a - cpStart, b - cpStart);
    }
  }
}
