/**
 * GitHub-flavoured Markdown from the document tree: ATX headings, lists with Word's numbers, pipe
 * tables where a table is rectangular and HTML tables where it is not or where a cell holds what a
 * pipe table cannot (merged cells, a nested table, a list; several paragraphs are joined by
 * <br>), emphasis (markdown-inline.ts), links, footnotes as `[^n]` with their definitions at the end.
 *
 * - A numbered item whose label is a plain "N.", "N)" or "N" becomes an ordered-list item with
 *   that number; any other label ("a)", "1.2.", "iv.") is kept as text in a bulleted item, so the
 *   numbers Word shows survive. Bullet glyphs become `-`.
 * - Empty paragraphs and headings are dropped (Markdown cannot show them); page and section
 *   breaks show nothing. Comments, headers and footers are not shown (they are in the JSON tree).
 * - Text boxes are shown once, after the block that anchors them.
 * Linear in the tree; depth bounded like the HTML renderer's.
 */
import { flattenTable } from './flatten.js';
import { HtmlWriter } from './html.js';
import { blockUnits, type ListGroup } from './list-nesting.js';
import { escapeLineStart, escapeMarkdown, markdownInline, type LineBreakStyle, type MarkdownInlineContext } from './markdown-inline.js';
import { isBlank } from './text.js';
import { TextboxQueue } from './textboxes.js';
import { MAX_TABLE_DEPTH, type Block, type DocumentTree, type Image, type ImageInfo, type Inline, type Table } from './types.js';

export interface MarkdownOptions {
  /** The URL of an image's picture (a file the caller wrote, a data: URL), or null to leave it out. Default: left out. */
  imageSrc?: (image: Image, info: ImageInfo | undefined) => string | null;
}

export function renderMarkdown(tree: DocumentTree, options: MarkdownOptions = {}): string {
  const writer = new MarkdownWriter(tree, options);
  const parts = [...writer.blocks(tree.body ?? [], 0), ...writer.noteDefinitions()];
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
}

class MarkdownWriter implements MarkdownInlineContext {
  private readonly textboxes: TextboxQueue;
  /** Writes the tables Markdown cannot (merged cells, nested tables). */
  private readonly html: HtmlWriter;

  constructor(
    private readonly tree: DocumentTree,
    private readonly options: MarkdownOptions,
  ) {
    this.textboxes = new TextboxQueue(tree);
    this.html = new HtmlWriter(tree, options, 'markdown', this.textboxes);
  }

  noteLabel(note: number): string | null {
    return Number.isInteger(note) && this.tree.notes?.[note] ? String(note + 1) : null;
  }

  imageSrc(image: Image): string | null {
    const info = Number.isInteger(image.image) ? this.tree.images?.[image.image] : undefined;
    return this.options.imageSrc?.(image, info) ?? null;
  }

  textbox(textbox: number): void {
    this.textboxes.anchor(textbox);
  }

  /** The blocks as Markdown, one string per block (joined by blank lines); `depth` = tables around them. */
  blocks(blocks: readonly Block[], depth: number): string[] {
    const parts: string[] = [];
    for (const unit of blockUnits(blocks)) {
      if (unit.kind === 'lists') {
        // Separate lists would merge in Markdown: an HTML comment between them keeps them apart.
        parts.push(unit.groups.map((group) => this.list(group, '').join('\n')).join('\n\n<!-- -->\n\n'));
      } else {
        const markdown = this.block(unit.block, depth);
        if (markdown) parts.push(markdown);
      }
      for (const box of this.textboxes.flush((content) => this.blocks(content, depth))) parts.push(...box);
    }
    return parts;
  }

  /** `[^n]: …` for every note, its later paragraphs indented under it. */
  noteDefinitions(): string[] {
    const notes = Array.isArray(this.tree.notes) ? this.tree.notes : [];
    return notes.map((note, i) => {
      const body = this.textboxes.inStory(() => this.blocks(Array.isArray(note?.blocks) ? note.blocks : [], 0)).join('\n\n');
      return `[^${i + 1}]: ${body.replace(/\n(?=.)/g, '\n    ')}`.trimEnd();
    });
  }

  private block(block: Block, depth: number): string {
    switch (block.type) {
      case 'heading': {
        // A run of # at the end would be read as the heading's closing sequence.
        const label = typeof block.label === 'string' && block.label.trim() !== '' ? `${escapeMarkdown(block.label.trim())} ` : '';
        const content = (label + this.inline(block.children, 'space')).trim().replace(/(^|\s)(#+)$/, '$1\\$2');
        const level = Math.min(Math.max(Math.trunc(Number(block.level)) || 1, 1), 6);
        return content === '' ? '' : `${'#'.repeat(level)} ${content}`;
      }
      case 'paragraph':
        return this.paragraph(block.children);
      case 'table':
        return this.table(block, depth);
      default: // breaks show nothing
        return '';
    }
  }

  private paragraph(children: readonly Inline[]): string {
    const content = this.inline(children, 'hard');
    if (isBlank(content)) return '';
    const text = content.split('\n').map(escapeLineStart).join('\n').trimEnd();
    // A line break at the very end would leave its backslash alone (shown as text): drop it.
    // Escaped backslashes come in pairs, so an odd run at the end ends with the break's.
    return /(^|[^\\])(\\\\)*\\$/.test(text) ? text.slice(0, -1).trimEnd() : text;
  }

  private inline(children: readonly Inline[], breaks: LineBreakStyle): string {
    return markdownInline(children, this, breaks);
  }

  /** A list group's lines, each nested group indented under its item's text. */
  private list(group: ListGroup, indent: string): string[] {
    const lines: string[] = [];
    for (const node of group.items) {
      const label = typeof node.item.label === 'string' ? node.item.label.trim() : '';
      // "3." and "3)" are Markdown's own markers; a bare "3" becomes "3.".
      const ordered = group.kind === 'numbered' && /^\d{1,9}[.)]?$/.test(label);
      const marker = ordered ? (/[.)]$/.test(label) ? label : `${label}.`) : '-';
      const prefix = group.kind === 'numbered' && !ordered && label !== '' ? `${escapeMarkdown(label)} ` : '';
      const content = (prefix + this.paragraph(node.item.children)).split('\n');
      const pad = indent + ' '.repeat(marker.length + 1);
      lines.push(`${indent}${marker} ${content[0]}`.trimEnd(), ...content.slice(1).map((line) => pad + line));
      node.children.forEach((child, c) => {
        if (c > 0) lines.push('', `${pad}<!-- -->`, '');
        lines.push(...this.list(child, pad));
      });
    }
    return lines;
  }

  private table(table: Table, depth: number): string {
    if (depth >= MAX_TABLE_DEPTH) return this.blocks(flattenTable(table), depth).join('\n\n');
    const rows = (Array.isArray(table.rows) ? table.rows : []).filter((row) => Array.isArray(row?.cells) && row.cells.length > 0);
    if (rows.length === 0) return '';
    const width = rows[0]!.cells.length;
    const rectangular = rows.every(
      (row) =>
        row.cells.length === width &&
        row.cells.every((cell) => !(Number(cell.colspan) > 1) && !(Number(cell.rowspan) > 1) && !(cell.blocks ?? []).some((b) => b.type === 'table' || b.type === 'listItem')),
    );
    if (!rectangular) return this.html.table(table, depth);
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const text = rows.map((row) => row.cells.map((cell) => this.cell(cell.blocks ?? [])));
    return [line(text[0]!), line(text[0]!.map(() => '---')), ...text.slice(1).map(line)].join('\n');
  }

  /** A pipe-table cell: its paragraphs on one line, joined by <br>. */
  private cell(blocks: readonly Block[]): string {
    const lines: string[] = [];
    for (const block of Array.isArray(blocks) ? blocks : []) {
      if (block.type !== 'paragraph' && block.type !== 'heading') continue;
      const content = this.inline(block.children, 'html').trim();
      if (content !== '') lines.push(content);
    }
    return lines.join('<br>');
  }
}
