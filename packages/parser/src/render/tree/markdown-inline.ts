/**
 * Inline Markdown (GitHub-flavoured): escaped text, `**bold**`, `_italic_`, `~~strike~~`,
 * <u>, <sup>, <sub>, links, images, footnote references `[^n]`.
 *
 * Emphasis delimiters only work where CommonMark's flanking rules let them (2023 spec 6.2): a
 * delimiter must not sit between two letters for `_`, nor have white space on its inner side. A
 * span whose edges would not parse as emphasis is written with its HTML tag instead, so the
 * output never shows stray asterisks and never emphasises the wrong text.
 */
import { linkContent, linkHref } from './links.js';
import { markSpans, type Token } from './marks.js';
import { cleanText } from './text.js';
import type { Image, Inline, Mark } from './types.js';

/** What the inline renderer asks of the block renderer. */
export interface MarkdownInlineContext {
  /** `[^n]` label of a note, or null when the tree has no such note. */
  noteLabel(note: number): string | null;
  /** Where an image is, or null to leave it out. */
  imageSrc(image: Image): string | null;
  /** A text box is anchored here (shown after the block). */
  textbox(textbox: number): void;
}

/** 'hard': a line break ends the line (`\` + newline, in paragraphs); 'html': `<br>` (table cells, headings use ' '). */
export type LineBreakStyle = 'hard' | 'html' | 'space';

const DELIMITERS: Partial<Record<Mark, string>> = { bold: '**', italic: '_', strike: '~~' };
const TAGS: Record<Mark, string> = { bold: 'strong', italic: 'em', underline: 'u', strike: 's', superscript: 'sup', subscript: 'sub' };

/** How a span is written: Markdown delimiters, HTML tags, or not at all (nothing inside). */
type SpanStyle = 'delimiter' | 'tag' | 'none';
type SpanPiece = { kind: 'open' | 'close'; mark: Mark; style: SpanStyle };
type Piece = { kind: 'out'; text: string } | SpanPiece;

export function markdownInline(inlines: readonly Inline[], context: MarkdownInlineContext, breaks: LineBreakStyle, inherited?: ReadonlySet<Mark>): string {
  const tokens = markSpans(Array.isArray(inlines) ? inlines : [], inherited);
  const pieces = tokens.map((token) => piece(token, context, breaks));
  pairSpans(pieces);
  return pieces.map((p) => (p.kind === 'out' ? p.text : delimiter(p))).join('');
}

function piece(token: Token, context: MarkdownInlineContext, breaks: LineBreakStyle): Piece {
  switch (token.kind) {
    case 'open':
    case 'close':
      return { kind: token.kind, mark: token.mark, style: 'tag' };
    case 'text':
      return { kind: 'out', text: escapeMarkdown(token.text) };
    case 'link': {
      const text = markdownInline(linkContent(token.inline.children ?? []), context, breaks === 'hard' ? 'space' : breaks, token.inherited);
      const href = linkHref(token.inline);
      if (!href || !/\S/.test(text)) return { kind: 'out', text };
      return { kind: 'out', text: `[${text}](${markdownDestination(href)})` };
    }
    case 'inline':
      return { kind: 'out', text: atom(token.inline, context, breaks) };
  }
}

function atom(inline: Extract<Token, { kind: 'inline' }>['inline'], context: MarkdownInlineContext, breaks: LineBreakStyle): string {
  switch (inline.type) {
    case 'lineBreak':
      return breaks === 'hard' ? '\\\n' : breaks === 'html' ? '<br>' : ' ';
    case 'noteRef': {
      const label = context.noteLabel(inline.note);
      return label === null ? '' : `[^${label}]`;
    }
    case 'image': {
      const src = context.imageSrc(inline);
      return src === null ? '' : `![${escapeMarkdown(inline.alt ?? '')}](${markdownDestination(src)})`;
    }
    case 'textboxRef':
      if (Number.isInteger(inline.textbox)) context.textbox(inline.textbox);
      return '';
    default: // commentRef, bookmark: nothing in Markdown
      return '';
  }
}

/** Pairs each open with its close and decides how the span is written. */
function pairSpans(pieces: Piece[]): void {
  const open: number[] = [];
  pieces.forEach((p, i) => {
    if (p.kind === 'out') return;
    if (p.kind === 'open') open.push(i);
    else {
      const o = open.pop()!;
      const start = pieces[o] as SpanPiece;
      const first = nextOutput(pieces, o, 1);
      const last = nextOutput(pieces, i, -1);
      let style: SpanStyle = 'tag';
      if (first > i) style = 'none'; // nothing inside: no span at all
      else if (
        DELIMITERS[p.mark] !== undefined &&
        isBoundary(outputChar(pieces, nextOutput(pieces, o, -1), 'last')) &&
        isBoundary(outputChar(pieces, nextOutput(pieces, i, 1), 'first')) &&
        isInner(outputChar(pieces, first, 'first')) &&
        isInner(outputChar(pieces, last, 'last'))
      ) {
        style = 'delimiter';
      }
      start.style = p.style = style;
    }
  });
}

function delimiter(p: SpanPiece): string {
  if (p.style === 'none') return '';
  if (p.style === 'delimiter') return DELIMITERS[p.mark]!;
  return p.kind === 'open' ? `<${TAGS[p.mark]}>` : `</${TAGS[p.mark]}>`;
}

/** Index of the nearest piece with output before (step -1) or after (step 1) piece `i`; -1 or length when none. */
function nextOutput(pieces: Piece[], i: number, step: 1 | -1): number {
  let j = i + step;
  while (j >= 0 && j < pieces.length) {
    const p = pieces[j]!;
    if (p.kind === 'out' && p.text !== '') return j;
    j += step;
  }
  return j;
}

/** The first or last character of piece `i`'s output; '' past either end. */
function outputChar(pieces: Piece[], i: number, which: 'first' | 'last'): string {
  const p = pieces[i];
  if (!p || p.kind !== 'out') return '';
  return which === 'first' ? p.text[0]! : p.text[p.text.length - 1]!;
}

/** Outside a delimiter: the line's edge, white space or punctuation (so `_` cannot be intraword). */
function isBoundary(c: string): boolean {
  return c === '' || /[\s\p{P}\p{S}]/u.test(c);
}

/** Inside a delimiter: something visible. */
function isInner(c: string): boolean {
  return c !== '' && !/\s/.test(c);
}

/**
 * Escapes Markdown's inline metacharacters. `_` between two letters or digits stays as is (it
 * cannot open or close emphasis there); `&` only before something that reads as an entity.
 */
export function escapeMarkdown(text: string): string {
  return cleanText(text).replace(/[\\`*[\]<>|~]|_|&(?=#?[a-z0-9]+;)/gi, (c, offset: number, s: string) => {
    if (c === '_' && /[\p{L}\p{N}]/u.test(s[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[offset + 1] ?? '')) return c;
    return `\\${c}`;
  });
}

/**
 * A link or image destination: characters Markdown would end or misread the destination at
 * (white space, parentheses, angle brackets, backslash) and control characters percent-encoded.
 */
export function markdownDestination(url: string): string {
  return url.replace(/[\s()<>\\\u0000-\u001f\u007f]/g, (c) => encodeURIComponent(c).replace(/[()]/g, (p) => `%${p.charCodeAt(0).toString(16).toUpperCase()}`));
}

/**
 * Escapes what would start a block at the beginning of a line of paragraph text: `#` (heading),
 * `-`/`+` and white space (list), `1.`/`1)` (ordered list), a line of `=` or `-` (setext heading
 * underline, thematic break). Leading white space is dropped (four spaces would make a code block).
 */
export function escapeLineStart(line: string): string {
  const text = line.replace(/^[ \t]+/, '');
  if (/^(#|[-+](\s|$)|=+\s*$|-+\s*$)/.test(text)) return `\\${text}`;
  return text.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}
