/**
 * A story's characters → the tree's blocks. Paragraphs end at 0x0D (paragraph), 0x07 (table cell
 * or row) and 0x0C (page or section break); each paragraph's properties decide what it is:
 * - a table paragraph (tableDepth > 0) goes into the current cell of the table at its depth;
 *   0x07 ends a top-level cell, 0x0D with sprmPFInnerTableCell a nested one, and a mark with
 *   sprmPFTtp / sprmPFInnerTtp ends a row, whose TAP (table-row.ts) gives the merges;
 * - a heading: outline level 0..8 (sprmPOutLvl, from the style or direct), else a paragraph style
 *   that is, or is based on, a built-in Heading 1-9 (sti 1-9);
 * - a list item: ilfo > 0 with a label from the list tables (as the plain text numbers it);
 * - otherwise a paragraph. A page break before a paragraph, or a 0x0C, is a break block;
 * - a drop cap (sprmPDcs: its letter in a framed paragraph of its own) begins the next paragraph.
 */
import type { Formatting } from '../../model/read-result.js';
import { ListNumberer } from '../../word/lists.js';
import type { ParagraphProps } from '../../word/paragraph-props.js';
import type { StyleSheet } from '../../word/styles.js';
import { assembleTable, type CollectedRow } from './build-table.js';
import type { InlineBuilder } from './build-inline.js';
import type { Block, Inline } from './types.js';

interface OpenTable {
  rows: CollectedRow[];
  cells: Block[][];
  cell: Block[];
}

/** Most nested tables followed: deeper table paragraphs go into the deepest cell. */
const MAX_DEPTH = 64;

export interface StoryInput {
  /** The story's visible characters (render/visible.ts). */
  chars: string;
  /** CP of chars[0]. */
  cpStart: number;
  formatting: Formatting;
  styles: StyleSheet;
  inlines: InlineBuilder;
}

export function buildBlocks(input: StoryInput): Block[] {
  const { chars, cpStart, formatting: f } = input;
  const body: Block[] = [];
  const tables: OpenTable[] = [];
  const numberer = f.lists ? new ListNumberer(f.lists) : null;
  // List labels are a few characters a paragraph: a damaged list table must not multiply the
  // output (the same budget as the plain text's).
  const budget = { left: 4 * chars.length + 65536 };
  const headingLevel = headingLevels(input.styles);
  const container = () => (tables.length > 0 ? tables[tables.length - 1]!.cell : body);
  const closeTable = () => {
    const t = tables.pop()!;
    if (t.cell.length > 0 || t.cells.length > 0) t.rows.push({ cells: [...t.cells, ...(t.cell.length > 0 ? [t.cell] : [])], props: null });
    if (t.rows.length > 0) container().push(assembleTable(t.rows));
  };
  let start = 0;
  /** A drop cap's letter (sprmPDcs: a framed paragraph of its own), held for the paragraph it begins. */
  let dropCap: Inline[] = [];
  const END = /[\r\x07\x0c]/g;
  for (let m = END.exec(chars); ; m = END.exec(chars)) {
    const i = m ? m.index : chars.length;
    if (!m && i <= start) break;
    const cp = cpStart + i;
    const props = f.paragraphs.at(cp);
    const code = m ? chars.charCodeAt(i) : 0x0d;
    const depth = Math.min(props.tableDepth, MAX_DEPTH);
    while (tables.length > depth) closeTable();
    while (tables.length < depth) tables.push({ rows: [], cells: [], cell: [] });
    const rowEnd = depth > 0 && props.rowEnd;
    if (!rowEnd && props.dropCap && code === 0x0d && depth === 0) {
      dropCap = [...dropCap, ...input.inlines.build(chars, start, i, cpStart + start)];
    } else if (!rowEnd) {
      if (props.pageBreakBefore && depth === 0 && body.length > 0) body.push({ type: 'break', kind: 'page' });
      const block = paragraph(input, start, i, props, numberer, headingLevel, budget, dropCap);
      dropCap = [];
      if (block) container().push(block);
    }
    if (depth > 0) {
      const t = tables[tables.length - 1]!;
      if (rowEnd) {
        if (t.cell.length > 0) t.cells.push(t.cell);
        t.rows.push({ cells: t.cells, props: f.paragraphs.tableRow(cp) });
        t.cells = [];
        t.cell = [];
      } else if (code === 0x07 || (code === 0x0d && props.cellEnd)) {
        t.cells.push(t.cell);
        t.cell = [];
      }
    } else if (code === 0x0c) {
      body.push({ type: 'break', kind: 'page' });
    }
    if (!m) break;
    start = i + 1;
  }
  if (dropCap.length > 0) container().push({ type: 'paragraph', children: dropCap }); // no paragraph after it
  while (tables.length > 0) closeTable();
  return body;
}

function paragraph(
  input: StoryInput,
  start: number,
  end: number,
  props: ParagraphProps,
  numberer: ListNumberer | null,
  headingLevel: (istd: number) => number,
  budget: { left: number },
  /** A drop cap's letter, which begins this paragraph. */
  lead: Inline[],
): Block | null {
  const built = input.inlines.build(input.chars, start, end, input.cpStart + start);
  const children = lead.length > 0 ? [...lead, ...built] : built;
  const level = props.outlineLevel < 9 ? props.outlineLevel + 1 : headingLevel(props.istd);
  // Only paragraphs with text get a number (as in the plain text).
  let item = numberer && props.ilfo > 0 && props.ilfo < 2047 && end > start ? numberer.nextItem(props.ilfo, props.ilvl) : null;
  if (item) {
    budget.left -= item.label.length;
    if (budget.left < 0) item = { ...item, label: '' };
  }
  if (level > 0) {
    // A numbered heading shows its number; a bullet before a heading is decoration.
    const label = item && !item.bullet ? item.label.trim() : '';
    return label ? { type: 'heading', level, label, children } : { type: 'heading', level, children };
  }
  if (item) {
    const ilvl = Math.min(Math.max(props.ilvl, 0), 8);
    return { type: 'listItem', level: ilvl, kind: item.bullet ? 'bulleted' : 'numbered', label: item.label.trim(), list: props.ilfo, children };
  }
  return { type: 'paragraph', children };
}

/** The heading level of each paragraph style: its own or a base style's built-in Heading 1-9; 0 for none. */
function headingLevels(styles: StyleSheet): (istd: number) => number {
  const cache = new Map<number, number>();
  return (istd) => {
    let level = cache.get(istd);
    if (level !== undefined) return level;
    level = 0;
    for (let s = istd, depth = 0; depth < 11; depth++) {
      const style = styles.at(s);
      if (!style) break;
      if (style.sti >= 1 && style.sti <= 9) {
        level = style.sti;
        break;
      }
      if (style.istdBase === 0xfff || style.istdBase === s) break;
      s = style.istdBase;
    }
    cache.set(istd, level);
    return level;
  };
}
