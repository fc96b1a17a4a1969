/**
 * HTML from the document tree: a semantic fragment (h1-h6, p, ol/ul/li, table with
 * colspan/rowspan, strong/em/u/s/sup/sub, a, img, a footnotes section) or a full document. No
 * inline styling, no classes beyond the notes sections and breaks, no script.
 *
 * Everything from the document is escaped (text and attribute values alike); links are kept only
 * for http(s), mailto and bookmarks in the document (links.ts); image sources come from the caller
 * (`imageSrc`), never from the document. Linear in the tree; tables nested deeper than
 * MAX_TABLE_DEPTH are shown as their paragraphs; each text box is shown once, after the block that
 * anchors it, and text boxes anchored inside other stories are not shown.
 */
import { flattenTable } from './flatten.js';
import { linkContent, linkHref } from './links.js';
import { blockUnits, type ListGroup } from './list-nesting.js';
import { markSpans } from './marks.js';
import { escapeHtml, isBlank } from './text.js';
import { TextboxQueue } from './textboxes.js';
import { MAX_TABLE_DEPTH, type Block, type DocumentTree, type Image, type ImageInfo, type Inline, type ListItem, type Mark, type Table } from './types.js';

export interface HtmlOptions {
  /** The URL of an image's picture (a file the caller wrote, a data: URL), or null to leave it out. Default: left out. */
  imageSrc?: (image: Image, info: ImageInfo | undefined) => string | null;
}

export interface HtmlDocumentOptions extends HtmlOptions {
  /** The document's title (`<title>`); default empty. */
  title?: string;
}

/** An HTML fragment: the body's blocks, then the footnotes and endnotes sections. */
export function renderHtml(tree: DocumentTree, options: HtmlOptions = {}): string {
  const writer = new HtmlWriter(tree, options, 'html');
  const parts = [...writer.blocks(tree.body ?? [], 0), ...writer.notes()];
  return parts.length > 0 ? `${parts.join('\n')}\n` : '';
}

/**
 * A complete HTML document around `renderHtml`'s fragment. Its Content-Security-Policy forbids
 * scripts, styles, frames and forms outright, a second line of defence behind the escaping.
 */
export function renderHtmlDocument(tree: DocumentTree, options: HtmlDocumentOptions = {}): string {
  return [
    '<!DOCTYPE html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src * data:; base-uri 'none'; form-action 'none'">`,
    `<title>${escapeHtml(options.title ?? '')}</title>`,
    '</head>',
    '<body>',
    renderHtml(tree, options) + '</body>',
    '</html>',
    '',
  ].join('\n');
}

const TAGS: Record<Mark, string> = { bold: 'strong', italic: 'em', underline: 'u', strike: 's', superscript: 'sup', subscript: 'sub' };

/**
 * 'html': a page of its own. 'markdown': a table inside Markdown (markdown.ts), where footnote
 * references stay `[^n]` and breaks and bookmarks show nothing.
 */
export type HtmlMode = 'html' | 'markdown';

export class HtmlWriter {
  constructor(
    private readonly tree: DocumentTree,
    private readonly options: HtmlOptions,
    private readonly mode: HtmlMode,
    private readonly textboxes = new TextboxQueue(tree),
  ) {}

  /** The blocks as HTML, one element per part; `depth` = tables around them. */
  blocks(blocks: readonly Block[], depth: number): string[] {
    const parts: string[] = [];
    for (const unit of blockUnits(blocks)) {
      if (unit.kind === 'lists') for (const group of unit.groups) parts.push(this.list(group));
      else {
        const html = this.block(unit.block, depth);
        if (html) parts.push(html);
      }
      for (const box of this.textboxes.flush((content) => this.blocks(content, depth))) {
        if (box.length > 0) parts.push(`<aside class="textbox">\n${box.join('\n')}\n</aside>`);
      }
    }
    return parts;
  }

  /** A table as HTML; `depth` = tables around it. */
  table(table: Table, depth: number): string {
    if (depth >= MAX_TABLE_DEPTH) return this.blocks(flattenTable(table), depth).join('\n');
    const rows: string[] = [];
    for (const row of Array.isArray(table.rows) ? table.rows : []) {
      const tag = row?.header === true ? 'th' : 'td';
      const cells = (Array.isArray(row?.cells) ? row.cells : []).map((cell) => {
        const blocks = Array.isArray(cell?.blocks) ? cell.blocks : [];
        const only = blocks.length === 1 && blocks[0]!.type === 'paragraph' ? blocks[0]! : null;
        const content = only ? this.inline(only.children) : this.blocks(blocks, depth + 1).join('\n');
        return `<${tag}${span('colspan', cell?.colspan)}${span('rowspan', cell?.rowspan)}>${content}</${tag}>`;
      });
      rows.push(`<tr>${cells.join('')}</tr>`);
    }
    return rows.length > 0 ? `<table>\n${rows.join('\n')}\n</table>` : '';
  }

  /** The footnotes and endnotes sections ('html' mode). */
  notes(): string[] {
    const notes = Array.isArray(this.tree.notes) ? this.tree.notes : [];
    const sections: string[] = [];
    for (const kind of ['footnote', 'endnote'] as const) {
      const items: string[] = [];
      notes.forEach((note, i) => {
        if (note?.kind !== kind) return;
        const backlink = `<sup><a href="#fnref${i + 1}">${escapeHtml(note.label ?? '')}</a></sup>`;
        const blocks = Array.isArray(note.blocks) ? note.blocks : [];
        const first = blocks[0];
        const body = this.textboxes.inStory(() =>
          first?.type === 'paragraph'
            ? [`<p>${backlink} ${this.inline(first.children)}</p>`, ...this.blocks(blocks.slice(1), 0)]
            : [`<p>${backlink}</p>`, ...this.blocks(blocks, 0)],
        );
        items.push(`<div id="fn${i + 1}">\n${body.join('\n')}\n</div>`);
      });
      if (items.length > 0) sections.push(`<section class="${kind}s">\n${items.join('\n')}\n</section>`);
    }
    return sections;
  }

  private block(block: Block, depth: number): string {
    switch (block.type) {
      case 'heading': {
        const label = typeof block.label === 'string' && block.label.trim() !== '' ? `${escapeHtml(block.label.trim())} ` : '';
        const content = label + this.inline(block.children);
        const level = Math.min(Math.max(Math.trunc(Number(block.level)) || 1, 1), 6);
        return isBlank(content) ? '' : `<h${level}>${content}</h${level}>`;
      }
      case 'paragraph': {
        const content = this.inline(block.children);
        return isBlank(content) ? '' : `<p>${content}</p>`;
      }
      case 'table':
        return this.table(block, depth);
      case 'break':
        return this.mode === 'html' ? `<hr class="${block.kind === 'section' ? 'section' : 'page'}-break">` : '';
      default:
        return '';
    }
  }

  private list(group: ListGroup): string {
    const items = group.items.map((node) => {
      const children = node.children.map((child) => this.list(child));
      return `<li>${this.inline(node.item.children)}${children.length > 0 ? `\n${children.join('\n')}\n` : ''}</li>`;
    });
    const tag = group.kind === 'numbered' ? 'ol' : 'ul';
    const attributes = group.kind === 'numbered' ? orderedListAttributes(group.items[0]!.item) : '';
    return `<${tag}${attributes}>\n${items.join('\n')}\n</${tag}>`;
  }

  /** Inline content as HTML; `inherited` marks are applied by an enclosing element already. */
  inline(inlines: readonly Inline[], inherited?: ReadonlySet<Mark>): string {
    let out = '';
    for (const token of markSpans(Array.isArray(inlines) ? inlines : [], inherited)) {
      if (token.kind === 'open') out += `<${TAGS[token.mark]}>`;
      else if (token.kind === 'close') out += `</${TAGS[token.mark]}>`;
      else if (token.kind === 'text') out += escapeHtml(token.text);
      else if (token.kind === 'link') {
        const content = this.inline(linkContent(token.inline.children ?? []), token.inherited);
        const href = linkHref(token.inline);
        out += href && !isBlank(content) ? `<a href="${escapeHtml(href)}">${content}</a>` : content;
      } else out += this.atom(token.inline);
    }
    return out;
  }

  private atom(inline: Exclude<Inline, { type: 'text' | 'link' }>): string {
    switch (inline.type) {
      case 'lineBreak':
        return '<br>';
      case 'noteRef': {
        const note = Number.isInteger(inline.note) ? this.tree.notes?.[inline.note] : undefined;
        if (!note) return '';
        const n = inline.note + 1;
        if (this.mode === 'markdown') return `[^${n}]`;
        return `<sup id="fnref${n}"><a href="#fn${n}">${escapeHtml(note.label ?? '')}</a></sup>`;
      }
      case 'image': {
        const info = Number.isInteger(inline.image) ? this.tree.images?.[inline.image] : undefined;
        const src = this.options.imageSrc?.(inline, info) ?? null;
        return src === null ? '' : `<img src="${escapeHtml(src)}" alt="${escapeHtml(inline.alt ?? '')}">`;
      }
      case 'bookmark':
        return this.mode === 'html' && typeof inline.name === 'string' && inline.name !== '' ? `<a id="${escapeHtml(inline.name)}"></a>` : '';
      case 'textboxRef':
        this.textboxes.anchor(inline.textbox);
        return '';
      default: // commentRef: comments are not shown
        return '';
    }
  }
}

function span(name: 'colspan' | 'rowspan', value: unknown): string {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) && n > 1 ? ` ${name}="${Math.min(n, 1000)}"` : '';
}

/**
 * `type` and `start` of an <ol> from its first label, so the browser numbers as Word does:
 * "3." → start="3"; "a)" → type="a"; "iv." → type="i" start="4"; multi-level "2.3." → start="3".
 * Labels that are none of these ("§1", "Article 1") leave the list numbered from 1.
 */
export function orderedListAttributes(item: ListItem): string {
  const label = typeof item.label === 'string' ? item.label.trim() : '';
  const last = /([0-9]+|[a-zA-Z]+)[.)]?$/.exec(label.replace(/^\(/, ''))?.[1] ?? '';
  let type = '';
  let start = 1;
  if (/^[0-9]+$/.test(last)) start = Number(last);
  else if (/^[ivx]+$/i.test(last) && roman(last.toLowerCase()) > 0) {
    type = last === last.toLowerCase() ? 'i' : 'I';
    start = roman(last.toLowerCase());
  } else if (/^[a-z]+$/i.test(last)) {
    type = last === last.toLowerCase() ? 'a' : 'A';
    start = [...last.toLowerCase()].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 96), 0);
  }
  const startAttribute = start !== 1 && start <= 1e9 ? ` start="${start}"` : '';
  return `${type ? ` type="${type}"` : ''}${startAttribute}`;
}

/** Value of a lower-case roman numeral of i, v, x; 0 when it is not one. */
function roman(s: string): number {
  const value: Record<string, number> = { i: 1, v: 5, x: 10 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = value[s[i]!]!;
    const next = value[s[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total > 0 && total < 40 ? total : 0;
}
