/**
 * What every reader (formats/) returns: one shape for Word 97/6, Word 1/2 and Write, RTF and plain
 * text, and for readers that only know each story's text (RTF, text, and later OOXML or HTML).
 */
import type { CommentInfo } from '../word/annotations.js';
import type { Bookmark } from '../word/bookmarks.js';
import type { CharacterFormat } from '../word/character-format.js';
import type { Picture } from '../word/pictures.js';
import type { StyleSheet } from '../word/styles.js';
import type { SymbolRun } from '../word/character-props.js';
import type { CpRuns } from '../word/cp-runs.js';
import type { ListTables } from '../word/lists.js';
import type { ParagraphRuns } from '../word/paragraph-props.js';
import type { TextboxLayout } from '../word/textboxes.js';
import { storyRanges, type StoryRange } from '../word/stories.js';
import type { DocumentMetadata } from '../word/property-set.js';
import { STORY_NAMES, type DocInfo, type StoryName } from '../types.js';
import { TextUnits } from './text-units.js';

/**
 * Formatting facts about CPs that change what a reader sees (Word 97+ only), each sorted by CP so
 * that a renderer walks them with cursors.
 */
export interface Formatting {
  /** Paragraph runs: the properties of the paragraph whose mark is at a CP. */
  paragraphs: ParagraphRuns;
  /** Deleted revisions and hidden text. */
  hidden: CpRuns<null>;
  /** Symbol-font runs. */
  symbols: CpRuns<SymbolRun>;
  lists: ListTables | null;
  /** CPs of auto-numbered footnote and endnote references (0x02 in the main document), ascending. */
  footnoteRefs: Uint32Array;
  endnoteRefs: Uint32Array;
  /** Which text box shows at which body anchor; null when the document has no textbox PLC. */
  textboxes: TextboxLayout | null;
}

/**
 * What the structured renderers (document tree, Markdown, HTML) need beyond the plain-text facts
 * (Word 97+). Read on first use, so plain-text extraction does not pay for it.
 */
export interface StructureFacts {
  /** The style sheet: names, built-in identifiers (Heading 1-9), base styles. */
  styles: StyleSheet;
  /** CP runs with marks (bold, italic…) or an inline picture. */
  characterFormats: CpRuns<CharacterFormat>;
  /** Deleted revisions only (Formatting.hidden holds them with hidden text): a deleted paragraph or cell mark is gone, a hidden one still ends its paragraph or cell. */
  deleted: CpRuns<null>;
  /** Field types (FLD.flt) of the main document's fields, by the CP of their 0x13 (PlcfFldMom). */
  fieldTypes: ReadonlyMap<number, number>;
  /** Bookmarks by first CP. */
  bookmarks: readonly Bookmark[];
  /**
   * Where each part of a story starts, as CPs relative to the story's start, the story's end last
   * (PlcffndTxt, PlcfendTxt, PlcfandTxt, PlcftxbxTxt, PlcfHdd): one part per footnote, endnote,
   * comment, text box, header or footer.
   */
  storyParts: Record<'footnotes' | 'endnotes' | 'comments' | 'textboxes' | 'headers', readonly number[]>;
  /** Each comment's author, in reference order. */
  comments: readonly CommentInfo[];
  /** The shape id (FTXBXS.lid) of each text box, in PlcftxbxTxt order. */
  textboxShapes: readonly number[];
  /** The main document's shape anchors (PlcSpaMom): the 0x08 character's CP and the shape id. */
  shapeAnchors: ReadonlyArray<{ cp: number; spid: number }>;
  /** The picture at an offset of the Data stream (an inline picture's sprmCPicLocation), or null. */
  inlinePicture(fc: number): Picture | null;
  /** The entry a drop-down form field shows, from its FFData at an offset of the Data stream (its 0x01's sprmCPicLocation), or null. */
  dropDownText(fc: number): string | null;
  /** The picture of a floating shape, by shape id (PlcSpaMom's spid), or null. */
  shapePicture(spid: number): Picture | null;
  /**
   * Word 6/95: the formatting facts the structure reads, which ReadResult.formatting leaves out
   * (the plain text reads those files without formatting, as catdoc does). Absent for Word 97+.
   */
  formatting?: Formatting;
}

export interface ReadResult {
  info: DocInfo;
  /** Every CP's character, stories in CP order (one code unit per CP, control characters intact). */
  characters: TextUnits;
  /** Each story's CP range, in CP order, clamped to `characters`. */
  stories: StoryRange[];
  formatting: Formatting | null;
  /** Document properties (title, author, dates…), read when first asked for; {} when the format has none. */
  metadata: () => DocumentMetadata;
  /** The structure facts, read when first asked for (Word 97+); absent for other formats. */
  structure?: () => StructureFacts;
}

/** A DocInfo with the defaults of a format that has no FIB (every count 0, no warnings). */
export function docInfo(fields: Pick<DocInfo, 'format' | 'version'> & Partial<DocInfo>): DocInfo {
  return {
    nFib: 0,
    lid: 0,
    codePage: 0,
    complex: false,
    template: false,
    tableStream: null,
    pieces: 0,
    storyLengths: ccpOf({}),
    warnings: [],
    encryption: null,
    ...fields,
  };
}

/** Story lengths with every story not given as 0. */
export function ccpOf(lengths: Partial<Record<StoryName, number>>): Record<StoryName, number> {
  return Object.fromEntries(STORY_NAMES.map((name) => [name, lengths[name] ?? 0])) as Record<StoryName, number>;
}

/**
 * The result of a reader that knows only each story's text: stories joined in CP order, line
 * ends (CR LF, CR, LF) as paragraph marks (0x0D), no formatting.
 */
export function textOnlyResult(
  info: Pick<DocInfo, 'format' | 'version'> & Partial<DocInfo>,
  texts: Partial<Record<StoryName, string>>,
  metadata: DocumentMetadata = {},
): ReadResult {
  const parts = STORY_NAMES.map((name) => (texts[name] ?? '').replace(/\r\n?|\n/g, '\r'));
  const storyLengths = ccpOf(Object.fromEntries(STORY_NAMES.map((name, i) => [name, parts[i]!.length])));
  const characters = parts.join('');
  return {
    info: docInfo({ storyLengths, ...info }),
    characters: TextUnits.ofString(characters),
    stories: storyRanges(storyLengths, characters.length),
    formatting: null,
    metadata: () => metadata,
  };
}
