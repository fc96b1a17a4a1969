/** extractText: parse, then render — plain text, catdoc-compatible text, or the structure as Markdown, HTML or JSON. */
import { parseDoc, parseModel } from './parse.js';
import { formatCatdocText } from './render/catdoc/format.js';
import { renderHtml } from './render/tree/html.js';
import { renderJson } from './render/tree/json.js';
import { renderMarkdown, type MarkdownOptions } from './render/tree/markdown.js';
import type { DocumentTree } from './render/tree/types.js';
import type { ParseOptions, StorySelector } from './types.js';

export interface ExtractOptions extends ParseOptions {
  /**
   * Plain mode: which story to extract (default 'body'; 'all' joins every story). catdoc mode has
   * no story selection (catdoc prints every story in CP order, as 'all'): there it is not read.
   */
  story?: StorySelector;
  /**
   * 'plain' (default): clean text. 'catdoc': byte-compatible with `catdoc -d utf-8` (see
   * extractCatdocText). 'markdown', 'html' (a fragment), 'json': the document's structure
   * (WordDocument.tree()) rendered by render/tree/ — the body with its notes; `story` is not read.
   */
  format?: 'plain' | 'catdoc' | StructuredFormat;
  /** Structured formats: the URL of each picture (a file the caller wrote, a data: URL), or null to leave it out. Default: left out. */
  imageSrc?: MarkdownOptions['imageSrc'];
  /** catdoc mode: wrap margin (catdoc -m); 0 = no wrap (catdoc -w). Default 72. */
  width?: number;
}

/** Options of catdoc mode: no story, since catdoc prints every story in CP order. */
export interface CatdocExtractOptions extends ParseOptions {
  /** Wrap margin (catdoc -m); 0 = no wrap (catdoc -w). Default 72. */
  width?: number;
}

/**
 * One call: parse and render. Plain mode gives `options.story` (default body); catdoc mode gives
 * what extractCatdocText gives.
 */
export function extractText(bytes: Uint8Array, options: ExtractOptions = {}): string {
  const format = options.format ?? 'plain';
  if (format === 'catdoc') return extractCatdocText(bytes, options);
  if (format === 'plain') return parseDoc(bytes, options).text(options.story ?? 'body');
  return renderTree(parseDoc(bytes, options).tree(), format, options);
}

export type StructuredFormat = 'markdown' | 'html' | 'json';

/** A document tree as Markdown, an HTML fragment, or JSON (the renderers of render/tree/). */
export function renderTree(tree: DocumentTree, format: StructuredFormat, options: Pick<ExtractOptions, 'imageSrc'> = {}): string {
  switch (format) {
    case 'markdown':
      return renderMarkdown(tree, options);
    case 'html':
      return renderHtml(tree, options);
    case 'json':
      return renderJson(tree);
  }
}

/** Every story in CP order, formatted as `catdoc -d utf-8` (with `-m width`, or `-w` for 0) prints it. */
export function extractCatdocText(bytes: Uint8Array, options: CatdocExtractOptions = {}): string {
  return formatCatdocText(parseModel(bytes, options).characters('all'), { width: options.width ?? 72 });
}
