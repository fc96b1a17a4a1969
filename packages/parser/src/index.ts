/**
 * @doc2text/parser — text from Microsoft Word binary (.doc) files, in pure TypeScript.
 *
 * Data flows one way (ARCHITECTURE.md at the repository root):
 * bytes → detect → reader (formats/: Word 97/6, Word 1/2 and Write, RTF, text) → document model
 * (model/) → renderer (render/: plain text, catdoc-compatible text).
 */
export { DocParseError, isDocParseError, type DocErrorCode } from './errors.js';
export {
  STORY_NAMES,
  STORY_SELECTORS,
  type StoryName,
  type StorySelector,
  type DetectedFormat,
  type DocInfo,
  type EncryptionKind,
  type ParseOptions,
} from './types.js';
export { detect } from './detect.js';
export { parseDoc, type WordDocument } from './parse.js';
export { extractText, extractCatdocText, renderTree, type ExtractOptions, type CatdocExtractOptions, type StructuredFormat } from './extract.js';
export { renderMarkdown, type MarkdownOptions } from './render/tree/markdown.js';
export { renderHtml, renderHtmlDocument, type HtmlOptions, type HtmlDocumentOptions } from './render/tree/html.js';
export { renderJson } from './render/tree/json.js';
export * from './render/tree/types.js';
export { setDecoderFallback, type Decoder } from './io/encoding.js';
export type { DocumentMetadata } from './word/property-set.js';
export type { Picture } from './word/pictures.js';
export {
  formatCatdoc,
  formatCatdocExact,
  formatCatdocText,
  CatdocOptionError,
  CATDOC_MAX_WIDTH,
  type CatdocOptions,
} from './render/catdoc/format.js';
