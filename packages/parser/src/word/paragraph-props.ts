/**
 * Paragraph properties of CPs ([MS-DOC] 2.4.6.1 direct paragraph formatting): CP → stream offset
 * (the piece table) → PAPX run (fkp.ts) → the few sprms text extraction needs, with the
 * paragraph's style (styles.ts) applied underneath.
 */
import { i16le } from '../io/bytes.js';
import type { CpRuns } from './cp-runs.js';
import type { PropertyRun } from './fkp.js';
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

/** Whether a paragraph is in a list: ilfo 1..2046 index the LFOs (2.6.2 sprmPIlfo); other values number nothing. */
export function isListParagraph(p: ParagraphProps): boolean {
  return p.ilfo > 0 && p.ilfo < 2047;
}

/** A copy of `p`, always built by this one literal: every ParagraphProps has one shape (the renderer's hot loop reads them). */
const copyOf = (p: ParagraphProps): ParagraphProps => ({ ilfo: p.ilfo, ilvl: p.ilvl, rowEnd: p.rowEnd, cellEnd: p.cellEnd });

export const NO_PARAGRAPH_PROPS: Readonly<ParagraphProps> = copyOf({ ilfo: 0, ilvl: 0, rowEnd: false, cellEnd: false });

/**
 * The document's paragraph runs as CP runs (a CP belongs to the PAPX run holding its first byte),
 * each run's properties resolved on first use and kept: a renderer asks once per run, not once
 * per paragraph mark.
 */
export class ParagraphRuns {
  private cpRuns: CpRuns<PropertyRun> | null = null;
  private props: Array<ParagraphProps | undefined> = [];
  private listParagraphs: boolean | null = null;
  /** Paragraph style → its properties, each style's grpprl applied once (not once per run). */
  private readonly styleCache = new Map<number, ParagraphProps>();

  constructor(
    private readonly pieceTable: PieceTable,
    private readonly papx: readonly PropertyRun[],
    private readonly styles: readonly Style[],
    private readonly tableStream: Uint8Array,
  ) {}

  /** The runs by CP, made on first use (catdoc mode never asks). */
  get runs(): CpRuns<PropertyRun> {
    if (!this.cpRuns) {
      this.cpRuns = this.pieceTable.cpRuns(this.papx, 'first-byte', 'first-wins', (run) => run);
      this.props = new Array<ParagraphProps | undefined>(this.cpRuns.length);
    }
    return this.cpRuns;
  }

  /** Whether the document has paragraph runs at all (without, table rows are guessed). */
  get available(): boolean {
    return this.runs.length > 0;
  }

  /** Whether any paragraph run is in a list (when none is, no story needs list numbers). */
  get anyListParagraph(): boolean {
    if (this.listParagraphs === null) {
      this.listParagraphs = false;
      for (let k = 0; k < this.runs.length && !this.listParagraphs; k++) this.listParagraphs = isListParagraph(this.propsOf(k));
    }
    return this.listParagraphs;
  }

  /** Properties of run `k` (an index into `runs`). */
  propsOf(k: number): ParagraphProps {
    let props = this.props[k];
    if (!props) {
      const run = this.runs.values[k]!;
      props = copyOf(this.styleProps(run.istd));
      applyPapx(props, run.bytes, run.start, run.end);
      this.props[k] = props;
    }
    return props;
  }

  /** Properties of the paragraph whose mark is at `cp` (a binary search: for tests and single lookups). */
  at(cp: number): ParagraphProps {
    const k = this.runs.seek(cp);
    return k < this.runs.length && this.runs.starts[k]! <= cp ? this.propsOf(k) : NO_PARAGRAPH_PROPS;
  }

  /** A paragraph style's properties, base styles first (depth bounded as styleChain), memoised. */
  private styleProps(istd: number, depth = 0): ParagraphProps {
    let props = this.styleCache.get(istd);
    if (props) return props;
    const style = this.styles[istd];
    const inherits = style !== undefined && depth < 10 && style.istdBase !== 0xfff && style.istdBase !== istd;
    props = copyOf(inherits ? this.styleProps(style.istdBase, depth + 1) : NO_PARAGRAPH_PROPS);
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
