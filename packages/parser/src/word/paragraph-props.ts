/**
 * Paragraph properties of CPs ([MS-DOC] 2.4.6.1 direct paragraph formatting): CP → stream offset
 * (the piece table) → PAPX run (fkp.ts) → the sprms text extraction and the structure need (lists,
 * table marks and depth, outline level, page break), with the paragraph's style (styles.ts)
 * applied underneath; and the table row properties stored with a row's end mark (table-row.ts).
 */
import { i16le, i32le } from '../io/bytes.js';
import { runAt, type PropertyRun } from './fkp.js';
import type { PieceTable } from './piece-table.js';
import { Sprm, forEachSprm } from './sprm.js';
import type { Style } from './styles.js';
import { readTableRow, type TableRowProps } from './table-row.js';

export interface ParagraphProps {
  /** The paragraph style (istd). */
  istd: number;
  ilfo: number;
  ilvl: number;
  /** sprmPOutLvl: 0..8 = outline (heading) level 1..9; 9 = body text (the default). */
  outlineLevel: number;
  /** Table nesting depth (sprmPFInTable, sprmPItap / sprmPDtap): 0 outside tables. */
  tableDepth: number;
  /** sprmPFPageBreakBefore. */
  pageBreakBefore: boolean;
  /** sprmPFTtp / sprmPFInnerTtp: this paragraph mark ends a table row. */
  rowEnd: boolean;
  /** sprmPFInnerTableCell: this paragraph mark (0x0D) ends a cell of a nested table. */
  cellEnd: boolean;
}

export class ParagraphPropsReader {
  private readonly cache = new Map<PropertyRun, ParagraphProps>();
  /** Paragraph style → its properties, each style's grpprl applied once (not once per run). */
  private readonly styleCache = new Map<number, ParagraphProps>();
  private static readonly NONE: ParagraphProps = { istd: 0, ilfo: 0, ilvl: 0, outlineLevel: 9, tableDepth: 0, pageBreakBefore: false, rowEnd: false, cellEnd: false };

  constructor(
    private readonly pieceTable: PieceTable,
    private readonly runs: readonly PropertyRun[],
    private readonly styles: readonly Style[],
    private readonly tableStream: Uint8Array,
  ) {}

  /** Whether the document has paragraph runs at all (without, table rows are guessed). */
  get available(): boolean {
    return this.runs.length > 0;
  }

  /** Properties of the paragraph whose mark is at `cp`. */
  at(cp: number): ParagraphProps {
    const run = runAt(this.runs, this.pieceTable.fcOf(cp));
    if (!run) return ParagraphPropsReader.NONE;
    let props = this.cache.get(run);
    if (!props) {
      props = { ...this.styleProps(run.istd), istd: run.istd };
      applyPapx(props, run.bytes, run.start, run.end);
      this.cache.set(run, props);
    }
    return props;
  }

  /** The table row properties (TAP) stored with the row end mark at `cp`; null when it has none. */
  tableRow(cp: number): TableRowProps | null {
    const run = runAt(this.runs, this.pieceTable.fcOf(cp));
    return run ? readTableRow(run.bytes, run.start, run.end) : null;
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
  let inTable = props.tableDepth > 0;
  forEachSprm(bytes, start, end, (sprm, o) => {
    switch (sprm) {
      case Sprm.POutLvl:
        props.outlineLevel = bytes[o]!;
        break;
      case Sprm.PFPageBreakBefore:
        props.pageBreakBefore = bytes[o] === 1;
        break;
      case Sprm.PFInTable:
        inTable = bytes[o] === 1;
        break;
      case Sprm.PItap:
        props.tableDepth = Math.max(0, i32le(bytes, o));
        break;
      case Sprm.PDtap:
        props.tableDepth = Math.max(0, props.tableDepth + i32le(bytes, o));
        break;
      case Sprm.PIlfo:
        props.ilfo = i16le(bytes, o);
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
  // Word 97 marks a (top-level) table paragraph by sprmPFInTable alone, without sprmPItap.
  if (!inTable) props.tableDepth = 0;
  else if (props.tableDepth === 0) props.tableDepth = 1;
}
