/**
 * @doc2text/parser — text from Microsoft Word binary (.doc) files, in pure TypeScript.
 *
 * Data flows one way: bytes → detect → container (OLE/CFB) → FIB → piece table → characters
 * → stories → formatter (plain text or catdoc-compatible text).
 */
export { DocParseError, isDocParseError, type DocErrorCode } from './errors.js';
export {
  STORY_NAMES,
  type StoryName,
  type StorySelector,
  type DetectedFormat,
  type DocInfo,
  type ParseOptions,
} from './types.js';
export { detect } from './detect.js';
export { parseDoc, extractText, type WordDocument, type ExtractOptions } from './document.js';
export type { DocumentMetadata } from './property-set.js';
export {
  formatCatdoc,
  formatCatdocText,
  runCatdoc,
  CatdocOptionError,
  type CatdocOptions,
  type CatdocIo,
} from './catdoc/index.js';
