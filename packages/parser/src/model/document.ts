/**
 * The parsed document: what a reader found (info, characters, story ranges, formatting facts,
 * metadata), with lookups by story. No rendering, and no knowledge of any output format: the
 * renderers (render/) read it.
 */
import { DocParseError } from '../errors.js';
import type { StoryRange } from '../word/stories.js';
import type { DocumentMetadata } from '../word/property-set.js';
import { STORY_SELECTORS, type DocInfo, type StoryName, type StorySelector } from '../types.js';
import type { Formatting, ReadResult, StructureFacts } from './read-result.js';
import type { TextUnits } from './text-units.js';

export class DocumentModel {
  readonly info: DocInfo;
  readonly formatting: Formatting | null;
  /** The stories present in the document (non-empty), in CP order. */
  readonly stories: readonly StoryName[];
  /** Every CP's code unit (the plain-text renderer reads these; the string is made when asked for). */
  readonly units: TextUnits;
  private readonly ranges: readonly StoryRange[];
  private readonly readStructure: (() => StructureFacts) | undefined;
  private structureFacts: StructureFacts | null | undefined;
  private readonly readMetadata: () => DocumentMetadata;
  private metadataRead: DocumentMetadata | undefined;

  constructor(result: ReadResult) {
    this.info = result.info;
    this.readMetadata = result.metadata;
    this.formatting = result.formatting;
    this.units = result.characters;
    this.ranges = result.stories;
    this.stories = this.ranges.filter((r) => r.cpEnd > r.cpStart).map((r) => r.name);
    this.readStructure = result.structure;
  }

  /** Document properties (title, author, dates…), read once on first use; {} when the format has none. */
  get metadata(): DocumentMetadata {
    return (this.metadataRead ??= this.readMetadata());
  }

  /** What the structured renderers need (styles, character formats, bookmarks, story parts…), read once on first use; null for formats without it. */
  structure(): StructureFacts | null {
    if (this.structureFacts === undefined) this.structureFacts = this.readStructure ? this.readStructure() : null;
    return this.structureFacts;
  }

  /**
   * Raw characters of a story (control characters intact, one JS char per CP). 'all': every CP;
   * 'main': the body's (its 0x08 characters anchor the text boxes the plain text shows there).
   */
  characters(story: StorySelector = 'main'): string {
    const chars = this.units.string(); // made on first use, then kept
    if (story === 'all') return chars;
    const range = this.range(story === 'main' ? 'body' : story);
    return chars.slice(range.cpStart, range.cpEnd);
  }

  /** The CP range of a story; CORRUPT for a name that is no story. */
  range(story: StoryName): StoryRange {
    const range = this.ranges.find((r) => r.name === story);
    if (!range) throw new DocParseError('CORRUPT', `Unknown story "${String(story)}"; known: ${STORY_SELECTORS.join(', ')}.`);
    return range;
  }
}
