/** catdoc output mode: output byte-compatible with catdoc 0.95 (see format.ts for the rules). */
export {
  CATDOC_DEFAULTS,
  CatdocOptionError,
  catdocCharsetNames,
  catdocParagraphs,
  decodeCatdocOutput,
  formatCatdoc,
  formatCatdocChunks,
  formatCatdocText,
  isCatdocCharset,
  resolveCatdocOptions,
  type CatdocFormat,
  type CatdocOptions,
} from './format.js';
export { CATDOC_USAGE, CATDOC_VERSION_LINE, catdocCharsetList, parseCatdocArgs, type CatdocAction, type CatdocArgs } from './args.js';
export { catdocCharsetToIconv, catdocCopyOut, decodeCatdocCharset } from './source.js';
export { runCatdoc, type CatdocIo } from './cli.js';
