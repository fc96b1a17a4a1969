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
      props = { ilfo: 0, ilvl: 0, rowEnd: false, cellEnd: false };
      for (const g of styleChain(this.styles, run.istd)) applyPapx(props, this.tableStream, g.start, g.end);
      applyPapx(props, run.bytes, run.start, run.end);
      this.cache.set(run, props);
    }
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
 * CP ranges of a story's deleted revisions and hidden text, as a sorted list of [start, end)
 * relative to `cpStart`. Both properties are toggles (2.9.325 ToggleOperand): 0 off, 1 on,
 * 0x80 the style's value, 0x81 the opposite of the style's value — the style being the run's
 * character style (sprmCIstd) or else its paragraph's style, with their base styles.
 */
export function hiddenRanges(
  pieces: readonly Piece[],
  chpx: readonly PropertyRun[],
  papx: readonly PropertyRun[],
  styles: readonly Style[],
  tableStream: Uint8Array,
  cpStart: number,
  cpEnd: number,
): Array<[number, number]> {
  const styleHides = (istd: number): boolean => {
    let on = false;
    for (const g of styleChain(styles, istd, 'chpx')) {
      forEachSprm(tableStream, g.start, g.end, (sprm, o) => {
        if (sprm === Sprm.CFRMarkDel || sprm === Sprm.CFVanish) {
          const v = tableStream[o]!;
          if (v === 0 || v === 1) on = v === 1;
        }
      });
    }
    return on;
  };
  const hiddenRuns = chpx.filter((run) => {
    let direct = false;
    let relative = false; // a 0x81 toggle, resolved against the style below
    let istd = -1;
    forEachSprm(run.bytes, run.start, run.end, (sprm, o) => {
      if (sprm === Sprm.CFRMarkDel || sprm === Sprm.CFVanish) {
        const v = run.bytes[o]!;
        direct ||= v === 1;
        relative ||= v === 0x81;
      } else if (sprm === Sprm.CIstd) {
        istd = run.bytes[o]! | (run.bytes[o + 1]! << 8);
      }
    });
    if (direct) return true;
    if (!relative) return false;
    return !styleHides(istd > 0 ? istd : (runAt(papx, run.fcStart)?.istd ?? 0));
  });
  const ranges: Array<[number, number]> = [];
  for (const run of hiddenRuns) ranges.push(...runCpRanges(pieces, run, cpStart, cpEnd));
  return ranges.sort((x, y) => x[0] - y[0]);
}

/**
 * Characters whose font is a symbol font, with the Unicode character to show instead: the 0x28
 * placeholder of sprmCSymbol (2.6.1: operand ftc, xchar), and U+F0xx characters in a run whose
 * font (sprmCRgFtc0) is Symbol or Wingdings. Indexes are relative to `cpStart`.
 */
export function symbolCharacters(
  pieces: readonly Piece[],
  chpx: readonly PropertyRun[],
  fontName: (ftc: number) => string | undefined,
  chars: string,
  cpStart: number,
): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const cpEnd = cpStart + chars.length;
  for (const run of chpx) {
    let symbol: { font: SymbolFont; xchar: number } | null = null;
    let runFont: SymbolFont = null;
    forEachSprm(run.bytes, run.start, run.end, (sprm, o, size) => {
      const u16 = (k: number) => run.bytes[o + k]! | (run.bytes[o + k + 1]! << 8);
      if (sprm === Sprm.CSymbol && size >= 4) symbol = { font: symbolFontOf(fontName(u16(0))), xchar: u16(2) };
      else if (sprm === Sprm.CRgFtc0 && size >= 2) runFont = symbolFontOf(fontName(u16(0)));
    });
    if (!symbol && !runFont) continue;
    for (const [a, b] of runCpRanges(pieces, run, cpStart, cpEnd)) {
      for (let i = a; i < b; i++) {
        const c = chars.charCodeAt(i);
        if (symbol) {
          const { font, xchar } = symbol as { font: SymbolFont; xchar: number };
          if (c === 0x28) out.push([i, symbolToUnicode(font, xchar) ?? String.fromCharCode(xchar)]);
        } else if (c >= 0xf020 && c <= 0xf0ff) {
          const u = symbolToUnicode(runFont, c);
          if (u) out.push([i, u]);
        }
      }
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** The CP ranges (relative to `cpStart`, within [cpStart, cpEnd)) whose bytes a property run covers. */
function runCpRanges(pieces: readonly Piece[], run: PropertyRun, cpStart: number, cpEnd: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const p of pieces) {
    if (p.cpEnd <= cpStart || p.cpStart >= cpEnd) continue;
    const w = p.compressed ? 1 : 2;
    const from = Math.max(run.fcStart, p.offset);
    const to = Math.min(run.fcEnd, p.offset + (p.cpEnd - p.cpStart) * w);
    if (to <= from) continue;
    const a = Math.max(cpStart, p.cpStart + Math.floor((from - p.offset) / w));
    const b = Math.min(cpEnd, p.cpStart + Math.ceil((to - p.offset) / w));
    if (b > a) ranges.push([a - cpStart, b - cpStart]);
  }
  return ranges;
}
