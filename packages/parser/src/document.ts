import { DocParseError } from './errors.js';
import type { DocInfo, ParseOptions, StorySelector } from './types.js';

export interface WordDocument {
  readonly info: DocInfo;
  /** Raw characters of a story (control characters intact, one JS char per CP). */
  characters(story?: StorySelector): string;
  /** Plain text of a story (default: body). */
  text(story?: StorySelector): string;
}

export interface ExtractOptions extends ParseOptions {
  /** Which story to extract in plain mode (default 'body'). catdoc mode prints all stories. */
  story?: StorySelector;
  /** 'plain' (default): clean text. 'catdoc': byte-compatible with `catdoc -d utf-8`. */
  format?: 'plain' | 'catdoc';
  /** catdoc mode: wrap margin (catdoc -m); 0 = no wrap (catdoc -w). Default 72. */
  width?: number;
}

// placeholder — being written
export function parseDoc(_bytes: Uint8Array, _options: ParseOptions = {}): WordDocument {
  throw new DocParseError('CORRUPT', 'not implemented yet');
}

export function extractText(bytes: Uint8Array, options: ExtractOptions = {}): string {
  return parseDoc(bytes, options).text(options.story ?? 'body');
}
