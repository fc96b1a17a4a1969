/**
 * Paragraph properties of CPs ([MS-DOC] 2.4.6.1 direct paragraph formatting): CP → stream offset
 * (the piece table) → PAPX run (fkp.ts) → the few sprms text extraction needs, with the
 * paragraph's style (styles.ts) applied underneath.
 */
import { i16le } from '../io/bytes.js';
import { runAt, type PropertyRun } from './fkp.js';
import type { PieceTable } from './piece-table.js';
import { Sprm, forEachSprm } from './sprm.js';
import type { Style } from './styles.js';

export interface ParagraphProps {
  ilfo: number;
  ilvl: number;
  /** sprmPFTtp / sprmPFInnerTtp: this paragraph mark ends a table row. */
  rowEnd: boolean;
  /** sprmPFInnerTableCell: this paragraph mark (0x0D) ends a cell of a nested table. */
  cellEnd: boolean;
}

export class ParagraphPropsReader {
  private readonly cache = new Map<PropertyRun, ParagraphProps>();
  /** Paragraph style → its properties, each style's grpprl applied once (not once per run). */
  private readonly styleCache = new Map<number, ParagraphProps>();
  private static readonly NONE: ParagraphProps = { ilfo: 0, ilvl: 0, rowEnd: false, cellEnd: false };

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
}
