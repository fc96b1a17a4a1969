/** extractText: parse, then render — plain text, or catdoc-compatible text. */
import { parseDoc, parseModel } from './parse.js';
import { formatCatdocText } from './render/catdoc/format.js';
import type { ParseOptions, StorySelector } from './types.js';

export interface ExtractOptions extends ParseOptions {
  /**
   * Plain mode: which story to extract (default 'body'; 'all' joins every story). catdoc mode has
   * no story selection (catdoc prints every story in CP order, as 'all'): there it is not read.
   */
  story?: StorySelector;
  /** 'plain' (default): clean text. 'catdoc': byte-compatible with `catdoc -d utf-8` (see extractCatdocText). */
  format?: 'plain' | 'catdoc';
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
  if (options.format === 'catdoc') return extractCatdocText(bytes, options);
  return parseDoc(bytes, options).text(options.story ?? 'body');
}

/** Every story in CP order, formatted as `catdoc -d utf-8` (with `-m width`, or `-w` for 0) prints it. */
export function extractCatdocText(bytes: Uint8Array, options: CatdocExtractOptions = {}): string {
  return formatCatdocText(parseModel(bytes, options).characters('all'), { width: options.width ?? 72 });
}
