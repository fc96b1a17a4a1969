/**
 * Paragraph properties of CPs ([MS-DOC] 2.4.6.1 direct paragraph formatting): CP → stream offset
 * (the piece table) → PAPX run (fkp.ts) → the sprms text extraction and the structure need (lists,
 * table marks and depth, outline level, page break), with the paragraph's style (styles.ts)
 * applied underneath; and the table row properties stored with a row's end mark (table-row.ts).
 */
import { i16le, i32le, u16le } from '../io/bytes.js';
import type { CpRuns } from './cp-runs.js';
import type { PropertyRuns } from './property-runs.js';
import type { PieceTable } from './piece-table.js';
import { Sprm, prlOperandSize } from './sprm.js';
import type { StyleSheet } from './styles.js';
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
  /**
   * sprmPDcs (2.6.2) with a drop cap type (DCS.fdct: 1 in the text, 2 in the margin): this
   * paragraph is the drop cap (its frame) of the paragraph that follows, its letter shown at that
   * paragraph's start: its mark ends no line.
   */
  dropCap: boolean;
}

/** Whether a paragraph is in a list: ilfo 1..2046 index the LFOs (2.6.2 sprmPIlfo); other values number nothing. */
export function isListParagraph(p: ParagraphProps): boolean {
  return p.ilfo > 0 && p.ilfo < 2047;
}

/** A copy of `p`, always built by this one literal: every ParagraphProps has one shape (the renderer's hot loop reads them). */
const copyOf = (p: ParagraphProps): ParagraphProps => ({
  istd: p.istd,
  ilfo: p.ilfo,
  ilvl: p.ilvl,
  outlineLevel: p.outlineLevel,
  tableDepth: p.tableDepth,
  pageBreakBefore: p.pageBreakBefore,
  rowEnd: p.rowEnd,
  cellEnd: p.cellEnd,
  dropCap: p.dropCap,
});

export const NO_PARAGRAPH_PROPS: Readonly<ParagraphProps> = copyOf({
  istd: 0,
  ilfo: 0,
  ilvl: 0,
  outlineLevel: 9,
  tableDepth: 0,
  pageBreakBefore: false,
  rowEnd: false,
  cellEnd: false,
  dropCap: false,
});

/**
 * The document's paragraph runs as CP runs (a CP belongs to the PAPX run holding its first byte),
 * each run's properties resolved on first use and kept: a renderer asks once per run, not once
 * per paragraph mark.
 */
export class ParagraphRuns {
  /** Values: indexes into `papx`. */
  private cpRuns: CpRuns<number> | null = null;
  private props: Array<ParagraphProps | undefined> = [];
  private listParagraphs: boolean | null = null;
  /** A PAPX's properties (and its grpprl's end) by where its grpprl starts (source · 512 + start): runs of a page share a few PAPXs. */
  private readonly byGrpprl = new Map<number, { props: ParagraphProps; end: number }>();
  /** Paragraph style → its properties, each style's grpprl applied once (not once per run). */
  private readonly styleCache = new Map<number, ParagraphProps>();

  constructor(
    private readonly pieceTable: PieceTable,
    private readonly papx: PropertyRuns,
    private readonly styles: StyleSheet,
    private readonly tableStream: Uint8Array,
  ) {}

  /** The runs by CP, each with the index of its PAPX run, made on first use (catdoc mode never asks). */
  get runs(): CpRuns<number> {
    if (!this.cpRuns) {
      this.cpRuns = this.pieceTable.cpRuns(this.papx, 'first-byte', 'first-wins', (k) => k);
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

  /**
   * Properties of run `k` (an index into `runs`). A run with the same style and PAPX bytes as the
   * run before it (most runs of a document: a 16 MB document has 17,644 runs and 3 distinct PAPXs)
   * shares that run's object, and runs naming one PAPX of a page share theirs (runProps): the sprms
   * are applied once per distinct run, not per paragraph.
   */
  propsOf(k: number): ParagraphProps {
    let props = this.props[k];
    if (!props) {
      const values = this.runs.values;
      const before = k > 0 ? this.props[k - 1] : undefined;
      props = before && samePapx(this.papx, values[k - 1]!, values[k]!) ? before : this.runProps(values[k]!);
      this.props[k] = props;
    }
    return props;
  }

  /** Properties of PAPX run r: made once per grpprl (its array, start, end and istd), shared by the runs that name it. */
  private runProps(r: number): ParagraphProps {
    const papx = this.papx;
    const start = papx.starts[r]!;
    const end = papx.ends[r]!;
    const istd = papx.istds[r]!;
    // An FKP page's grpprls start below 512, and one start has one end there; a merged grpprl (prm.ts) is an array of its own.
    const key = start < 512 ? papx.sources[r]! * 512 + start : -1;
    const known = key >= 0 ? this.byGrpprl.get(key) : undefined;
    if (known && known.props.istd === istd && known.end === end) return known.props;
    const props = copyOf(this.styleProps(istd));
    props.istd = istd;
    applyPapx(props, papx.bytes(r), start, end);
    if (key >= 0 && !known) this.byGrpprl.set(key, { props, end });
    return props;
  }

  /** Properties of the paragraph whose mark is at `cp` (a binary search: for tests and single lookups). */
  at(cp: number): ParagraphProps {
    const k = this.runs.seek(cp);
    return k < this.runs.length && this.runs.starts[k]! <= cp ? this.propsOf(k) : NO_PARAGRAPH_PROPS;
  }

  /** The table row properties (TAP) stored with the row end mark at `cp`; null when it has none. */
  tableRow(cp: number): TableRowProps | null {
    const r = this.runs.at(cp);
    return r === undefined ? null : readTableRow(this.papx.bytes(r), this.papx.starts[r]!, this.papx.ends[r]!);
  }

  /** A paragraph style's properties, base styles first (depth bounded as styleChain), memoised. */
  private styleProps(istd: number, depth = 0): ParagraphProps {
    let props = this.styleCache.get(istd);
    if (props) return props;
    const style = this.styles.at(istd);
    const inherits = style !== undefined && depth < 10 && style.istdBase !== 0xfff && style.istdBase !== istd;
    props = copyOf(inherits ? this.styleProps(style.istdBase, depth + 1) : NO_PARAGRAPH_PROPS);
    if (style?.papx) applyPapx(props, this.tableStream, style.papx.start, style.papx.end);
    this.styleCache.set(istd, props);
    return props;
  }
}

/** Whether PAPX runs a and b have the same style and the same grpprl bytes (so the same properties). */
function samePapx(papx: PropertyRuns, a: number, b: number): boolean {
  const aStart = papx.starts[a]!;
  const bStart = papx.starts[b]!;
  const length = papx.ends[a]! - aStart;
  if (papx.istds[a] !== papx.istds[b] || papx.ends[b]! - bStart !== length) return false;
  const x = papx.bytes(a);
  const y = papx.bytes(b);
  if (x === y && aStart === bStart) return true;
  for (let i = 0; i < length; i++) if (x[aStart + i] !== y[bStart + i]) return false;
  return true;
}

/** Applies a paragraph grpprl's sprms (read as forEachSprm reads them, without a callback: once per paragraph run). */
function applyPapx(props: ParagraphProps, bytes: Uint8Array, start: number, end: number): void {
  let inTable = props.tableDepth > 0;
  end = Math.min(end, bytes.length);
  for (let at = start; at + 2 <= end; ) {
    const size = prlOperandSize(bytes, at, end);
    if (size < 0) break;
    const o = at + 2;
    at = o + size;
    switch (u16le(bytes, o - 2)) {
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
      case Sprm.PDcs:
        props.dropCap = (bytes[o]! & 7) !== 0;
        break;
    }
  }
  // Word 97 marks a (top-level) table paragraph by sprmPFInTable alone, without sprmPItap.
  if (!inTable) props.tableDepth = 0;
  else if (props.tableDepth === 0) props.tableDepth = 1;
}
