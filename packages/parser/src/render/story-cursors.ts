/**
 * Forward-only cursors over a story's formatting facts, for the plain-text passes and the tree
 * (`visibleText`): which CPs are hidden or in a symbol font (`Segments`), and the properties of the
 * paragraph a mark ends (`ParagraphCursor`). Each asks only about CPs that do not decrease, so a whole story costs one
 * walk over each list: O(characters + runs), no lookup per character.
 */
import { unitsToString } from '../io/encoding.js';
import type { Formatting } from '../model/read-result.js';
import type { TextUnits } from '../model/text-units.js';
import { symbolCharOf, type SymbolRun } from '../word/character-props.js';
import { CpRuns } from '../word/cp-runs.js';
import { NO_PARAGRAPH_PROPS, type ParagraphProps, type ParagraphRuns } from '../word/paragraph-props.js';

/**
 * A CP past every CP (a small integer, not Infinity: the cursors' arithmetic stays in V8's small
 * integers, which the hot loop relies on).
 */
export const NO_CP = 0x3fffffff;

/** 'plain': characters as stored; 'hidden': deleted or hidden text (not shown); 'symbol': a symbol-font run. */
export type SegmentKind = 'plain' | 'hidden' | 'symbol';

const NO_HIDDEN = CpRuns.empty<null>();
const NO_SYMBOLS = CpRuns.empty<SymbolRun>();

/** A story cut where hidden text or a symbol-font run starts or ends. Hidden text wins over a symbol font. */
export class Segments {
  /** The kind of the segment `next` found. */
  kind: SegmentKind = 'plain';
  private readonly hidden: CpRuns<null>;
  private readonly symbols: CpRuns<SymbolRun>;
  private h: number;
  private s: number;
  /** In a 'symbol' segment: its run. */
  symbolRun: SymbolRun | null = null;

  constructor(
    f: Formatting | null,
    cpStart: number,
    private readonly cpEnd: number,
  ) {
    this.hidden = f?.hidden ?? NO_HIDDEN;
    this.symbols = f?.symbols ?? NO_SYMBOLS;
    this.h = this.hidden.seek(cpStart);
    this.s = this.symbols.seek(cpStart);
  }

  /** The segment holding `cp` (≥ the CP asked before): sets `kind`, returns the CP where it ends. */
  next(cp: number): number {
    const hidden = this.hidden;
    let h = this.h;
    while (h < hidden.length && hidden.ends[h]! <= cp) h++;
    this.h = h;
    const hiddenStart = h < hidden.length ? hidden.starts[h]! : NO_CP;
    if (hiddenStart <= cp) {
      this.kind = 'hidden';
      return Math.min(hidden.ends[h]!, this.cpEnd);
    }
    const symbols = this.symbols;
    let s = this.s;
    while (s < symbols.length && symbols.ends[s]! <= cp) s++;
    this.s = s;
    const symbolStart = s < symbols.length ? symbols.starts[s]! : NO_CP;
    if (symbolStart <= cp) {
      this.kind = 'symbol';
      this.symbolRun = symbols.values[s]!;
      return Math.min(symbols.ends[s]!, hiddenStart, this.cpEnd);
    }
    this.kind = 'plain';
    return Math.min(hiddenStart, symbolStart, this.cpEnd);
  }

  /** In a 'symbol' segment: the character shown for the stored code unit `c`. */
  symbolChar(c: number): number {
    return symbolCharOf(this.symbolRun!, c);
  }

  /** In a 'symbol' segment: its characters [from, to) as shown, in an array of their own (index 0: `from`). */
  mapped(chars: TextUnits, from: number, to: number): Uint16Array {
    const units = new Uint16Array(to - from);
    for (let i = from; i < to; i++) units[i - from] = symbolCharOf(this.symbolRun!, chars.at(i));
    return units;
  }
}

/** The properties of the paragraph whose mark is at a CP, for CPs that do not decrease. */
export class ParagraphCursor {
  private k: number;
  private start = NO_CP;
  private end = -1;
  private props: ParagraphProps = NO_PARAGRAPH_PROPS;

  constructor(
    private readonly paragraphs: ParagraphRuns,
    cpStart: number,
  ) {
    this.k = paragraphs.runs.seek(cpStart);
  }

  at(cp: number): ParagraphProps {
    if (cp >= this.end) this.advance(cp);
    return cp >= this.start ? this.props : NO_PARAGRAPH_PROPS;
  }

  /** After at(cp): the CP where its answer stops holding (the end of the run, or the start of the next one). */
  sameUntil(cp: number): number {
    return cp >= this.start ? this.end : this.start;
  }

  private advance(cp: number): void {
    const paragraphs = this.paragraphs;
    const runs = paragraphs.runs;
    let k = this.k;
    while (k < runs.length && runs.ends[k]! <= cp) k++;
    if (k < runs.length) {
      this.start = runs.starts[k]!;
      const props = (this.props = paragraphs.propsOf(k));
      // Runs that follow without a gap with the same properties (one object: ParagraphRuns shares
      // it) hold as one: the renderer's loop goes on through paragraph after paragraph of them.
      let end = runs.ends[k]!;
      while (k + 1 < runs.length && runs.starts[k + 1] === end && paragraphs.propsOf(k + 1) === props) end = runs.ends[++k]!;
      this.end = end;
    } else {
      this.start = this.end = NO_CP;
    }
    this.k = k;
  }
}

/**
 * The characters [cpStart, cpEnd) of the document's string as Word shows them, for renderers that
 * need them as a string (the document tree): symbol-font characters as the Unicode characters they
 * draw, deleted revisions and hidden text as U+0000 (so indexes still match CPs). The same
 * `Segments` walk the plain text makes, so both agree on what is visible.
 */
export function visibleText(chars: string, cpStart: number, cpEnd: number, f: Formatting): string {
  const segments = new Segments(f, cpStart, cpEnd);
  const parts: string[] = [];
  for (let i = cpStart; i < cpEnd; ) {
    const end = segments.next(i);
    if (segments.kind === 'plain') parts.push(chars.slice(i, end));
    else if (segments.kind === 'hidden') parts.push('\0'.repeat(end - i));
    else parts.push(mappedText(segments, chars, i, end));
    i = end;
  }
  return parts.join('');
}

/** A symbol segment's characters [from, to) of `chars` as shown, as a string. */
function mappedText(segments: Segments, chars: string, from: number, to: number): string {
  const units = new Uint16Array(to - from);
  for (let i = from; i < to; i++) units[i - from] = segments.symbolChar(chars.charCodeAt(i));
  return unitsToString(units);
}
