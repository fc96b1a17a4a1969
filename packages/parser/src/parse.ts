/**
 * parseDoc: bytes → detect → the reader for that format (a table) → the document model, with
 * every unexpected failure wrapped once into a `DocParseError`.
 *
 *   bytes ─ detect ─┬─ OLE (Word 97-2003, Word 6/95) ─ formats/word97 ─┐
 *                   ├─ Word 1/2, Write ─────────────── formats/word2 ──┤
 *                   ├─ RTF ─────────────────────────── formats/rtf ────┤
 *                   ├─ plain text ──────────────────── formats/text ───┼─ ReadResult → DocumentModel → render/
 *                   ├─ .docx, Word XML ────── formats/ooxml, wordml ───┤
 *                   ├─ HTML, MHTML ─────────── formats/html, mhtml ────┘
 *                   └─ WordPerfect, PDF, Excel, images, …: an error naming the format (formats/identify)
 */
import { hasCfbSignature } from './container.js';
import { detect } from './detect.js';
import { DocParseError, guarded } from './errors.js';
import { foreignFormatError, isForeignKind } from './formats/identify.js';
import { markupReader } from './formats/readers.js';
import { readRtf } from './formats/rtf.js';
import { readText } from './formats/text.js';
import { readWord2 } from './formats/word2.js';
import { readWord97 } from './formats/word97.js';
import { DocumentModel } from './model/document.js';
import type { ReadResult } from './model/read-result.js';
import { renderPlainText } from './render/plain-text.js';
import { buildTree, type BuiltTree } from './render/tree/build.js';
import type { Picture } from './word/pictures.js';
import type { DocumentTree } from './render/tree/types.js';
import type { DocumentMetadata } from './word/property-set.js';
import type { DetectedFormat, DocInfo, ParseOptions, StoryName, StorySelector } from './types.js';

export interface WordDocument {
  readonly info: DocInfo;
  /** The stories present in the document (non-empty), in CP order. */
  readonly stories: readonly StoryName[];
  /** Document properties (title, author, dates, counts…) from the OLE property set streams; {} when absent. */
  readonly metadata: DocumentMetadata;
  /** Raw characters of a story (control characters intact, one JS char per CP). 'all': every CP; 'main' (default): the body's. */
  characters(story?: StorySelector): string;
  /**
   * Plain text. Default 'main': the body with its text boxes shown where they are anchored (what a
   * reader sees on the page, headers and notes aside); 'body': the body story alone; 'all': every
   * story once, in CP order (text boxes in their own story).
   */
  text(story?: StorySelector): string;
  /**
   * The document's structure (render/tree/types.ts): headings, paragraphs, lists, tables, links,
   * notes, comments, headers and footers, text boxes. Built on first call; JSON-serialisable.
   */
  tree(): DocumentTree;
  /** The pictures the tree's `image` inlines index (`tree().images[i]` describes `images()[i]`): their bytes and MIME type. */
  images(): ReadonlyArray<Picture>;
}

type Reader = (bytes: Uint8Array, options: ParseOptions) => ReadResult;

/** The reader of each format parseDoc reads (RTF and plain text too, as catdoc copies them out). */
const READERS: Partial<Record<DetectedFormat, Reader>> = {
  ole: readWord97,
  word97: readWord97,
  word6: readWord97,
  word2: readWord2,
  write: readWord2,
  rtf: readRtf,
  text: readText,
  docx: markupReader('zip'),
  wordml: markupReader('wordml'),
  html: markupReader('html'),
  mhtml: markupReader('mhtml'),
};

/**
 * Parses a Word binary file (or an older Word, Write, RTF or text file sent as one). Throws
 * `DocParseError` and nothing else — nor do the document's methods: a bug is INTERNAL (errors.ts).
 * The document reads `bytes` where they lie (its text and formatting are views, not copies):
 * leave them unchanged while the document is used.
 */
export function parseDoc(bytes: Uint8Array, options: ParseOptions = {}): WordDocument {
  return wordDocument(parseModel(bytes, options));
}

/** parseDoc's document model, for renderers other than plain text (catdoc mode). Throws `DocParseError` only. */
export function parseModel(bytes: Uint8Array, options: ParseOptions = {}): DocumentModel {
  return guarded(() => {
    // An OLE file is not opened twice: the Word 97/6 reader tells Word 97 from Word 6 by its FIB.
    const format = hasCfbSignature(bytes) ? 'ole' : detect(bytes);
    const reader = READERS[format] ?? reject(format);
    return new DocumentModel(reader(bytes, options));
  });
}

function reject(format: DetectedFormat): never {
  if (isForeignKind(format)) throw foreignFormatError(format);
  throw new DocParseError('NOT_OLE', 'This is not a Word document: it is not an OLE compound file (a Word 97-2003 .doc starts with D0 CF 11 E0).');
}

/** The public document: the model, with plain text rendered on demand (one linear pass; nothing kept). */
export function wordDocument(model: DocumentModel): WordDocument {
  return new ParsedDocument(model);
}

/**
 * A class, not an object literal with a getter (V8 makes such a literal ~10× slower, once per
 * parse). The methods are own arrow functions, so that they may be taken off the document.
 */
class ParsedDocument implements WordDocument {
  readonly info: DocInfo;
  readonly stories: readonly StoryName[];
  private built: BuiltTree | undefined;

  constructor(private readonly model: DocumentModel) {
    this.info = model.info;
    this.stories = model.stories;
  }

  // The property sets are read on first use (plain text does not need them): typed failures here too.
  get metadata(): DocumentMetadata {
    return guarded(() => this.model.metadata);
  }

  readonly characters = (story: StorySelector = 'main'): string => guarded(() => this.model.characters(story));
  readonly text = (story: StorySelector = 'main'): string => guarded(() => renderPlainText(this.model, story));
  // The structure facts are read here, after parseModel: their failures are typed here too.
  readonly tree = (): DocumentTree => this.build().tree;
  readonly images = (): ReadonlyArray<Picture> => this.build().pictures;

  private build(): BuiltTree {
    return (this.built ??= guarded(() => buildTree(this.model)));
  }
}
