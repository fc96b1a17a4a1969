/** Small constructors for hand-built document trees in the renderer tests. */
import type { Block, DocumentTree, Heading, Inline, Link, ListItem, Marks, Note, Paragraph, Table, TableCell, Text } from '../../src/render/tree/types.js';

export const t = (text: string, marks: Marks = {}): Text => ({ type: 'text', text, ...marks });
export const B: Marks = { bold: true };
export const I: Marks = { italic: true };
export const br: Inline = { type: 'lineBreak' };

const inlines = (children: Array<Inline | string>): Inline[] => children.map((c) => (typeof c === 'string' ? t(c) : c));

export const p = (...children: Array<Inline | string>): Paragraph => ({ type: 'paragraph', children: inlines(children) });
export const h = (level: number, ...children: Array<Inline | string>): Heading => ({ type: 'heading', level, children: inlines(children) });
export const link = (target: { url?: string; anchor?: string }, ...children: Array<Inline | string>): Link => ({
  type: 'link',
  ...target,
  children: inlines(children) as Link['children'],
});
export const li = (level: number, kind: ListItem['kind'], label: string, list: number, ...children: Array<Inline | string>): ListItem => ({
  type: 'listItem',
  level,
  kind,
  label,
  list,
  children: inlines(children),
});
/** A table from rows of cells; a string cell is one paragraph. */
export const table = (...rows: Array<Array<TableCell | string>>): Table => ({
  type: 'table',
  rows: rows.map((cells) => ({ cells: cells.map((c) => (typeof c === 'string' ? { blocks: [p(c)] } : c)) })),
});
export const footnote = (label: string, ...blocks: Block[]): Note => ({ kind: 'footnote', label, blocks });

export const doc = (body: Block[], stories: Partial<DocumentTree> = {}): DocumentTree => ({
  type: 'document',
  version: 1,
  body,
  notes: [],
  comments: [],
  headers: [],
  textboxes: [],
  images: [],
  ...stories,
});
