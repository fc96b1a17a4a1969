/**
 * What every reader (formats/) returns: one shape for Word 97/6, Word 1/2 and Write, RTF and plain
 * text, and for readers that only know each story's text (RTF, text, and later OOXML or HTML).
 */
import type { SymbolRun } from '../word/character-props.js';
import type { CpRuns } from '../word/cp-runs.js';
import type { ListTables } from '../word/lists.js';
import type { ParagraphRuns } from '../word/paragraph-props.js';
import { storyRanges, type StoryRange } from '../word/stories.js';
import type { DocumentMetadata } from '../word/property-set.js';
import { STORY_NAMES, type DocInfo, type StoryName } from '../types.js';

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
}

export interface ReadResult {
  info: DocInfo;
  /** Every CP's character, stories in CP order (one code unit per CP, control characters intact). */
  characters: string;
  /** Each story's CP range, in CP order, clamped to `characters`. */
  stories: StoryRange[];
  formatting: Formatting | null;
  /** Document properties (title, author, dates…); {} when the format has none. */
  metadata: DocumentMetadata;
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
    characters,
    stories: storyRanges(storyLengths, characters.length),
    formatting: null,
    metadata,
  };
}
