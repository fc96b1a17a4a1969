/**
 * Documents with formatting facts built by hand, for the plain-text renderer's tests: characters
 * (all stories, CP order), paragraph runs with the sprms the renderer reads, hidden and symbol
 * runs, list tables and note references — as a DocumentModel, the renderer's only input. One
 * 8-bit piece at stream offset 0, so a CP is its own FC.
 */
import { DocumentModel } from '../../src/model/document.js';
import { TextUnits } from '../../src/model/text-units.js';
import { docInfo, ccpOf, type Formatting } from '../../src/model/read-result.js';
import { CpRunsBuilder } from '../../src/word/cp-runs.js';
import type { SymbolRun } from '../../src/word/character-props.js';
import { PropertyRuns } from '../../src/word/property-runs.js';
import type { ListTables } from '../../src/word/lists.js';
import { ParagraphRuns } from '../../src/word/paragraph-props.js';
import { PieceTable } from '../../src/word/piece-table.js';
import { storyRanges } from '../../src/word/stories.js';
import type { StoryName } from '../../src/types.js';

export interface ParagraphSpec {
  /** CP range [from, to) of the PAPX run. */
  cp: [number, number];
  rowEnd?: boolean;
  cellEnd?: boolean;
  ilfo?: number;
  ilvl?: number;
}

export interface SymbolSpec {
  cp: [number, number];
  /** sprmCSymbol: what a 0x28 shows. */
  placeholder?: number;
  /** sprmCRgFtc0 in a symbol font. */
  font?: 'symbol' | 'wingdings';
}

export interface FormattedSpec {
  chars: string;
  /** Story lengths (default: everything is the body). */
  stories?: Partial<Record<StoryName, number>>;
  /** null: a document without formatting facts (Word 6, RTF, …). */
  formatting?: null | {
    paragraphs?: ParagraphSpec[];
    hidden?: Array<[number, number]>;
    symbols?: SymbolSpec[];
    lists?: ListTables | null;
    footnoteRefs?: number[];
    endnoteRefs?: number[];
  };
}

/** The grpprl of a paragraph run (sprmPFTtp, sprmPFInnerTableCell, sprmPIlfo, sprmPIlvl). */
export function paragraphGrpprl(p: ParagraphSpec): number[] {
  const g: number[] = [];
  if (p.rowEnd) g.push(0x17, 0x24, 1);
  if (p.cellEnd) g.push(0x4b, 0x24, 1);
  if (p.ilfo !== undefined) g.push(0x0b, 0x46, p.ilfo & 0xff, (p.ilfo >> 8) & 0xff);
  if (p.ilvl !== undefined) g.push(0x0a, 0x26, p.ilvl);
  return g;
}

export function formattedModel(spec: FormattedSpec): DocumentModel {
  const n = spec.chars.length;
  const lengths = spec.stories ?? { body: n };
  const f = spec.formatting;
  let formatting: Formatting | null = null;
  if (f) {
    const pieces = new PieceTable(n ? [{ cpStart: 0, cpEnd: n, offset: 0, compressed: true }] : []);
    const runs = PropertyRuns.of(
      (f.paragraphs ?? []).map((p) => {
      const g = Uint8Array.from(paragraphGrpprl(p));
        return { fcStart: p.cp[0], fcEnd: p.cp[1], bytes: g, start: 0, end: g.length, istd: 0 };
      }),
    );
    const hidden = new CpRunsBuilder<null>('merge');
    for (const [a, b] of f.hidden ?? []) hidden.add(a, b, null);
    const symbols = new CpRunsBuilder<SymbolRun>('first-wins');
    for (const s of f.symbols ?? []) symbols.add(s.cp[0], s.cp[1], { placeholder: s.placeholder ?? -1, runFont: s.font ?? null });
    formatting = {
      paragraphs: new ParagraphRuns(pieces, runs, [], new Uint8Array(0)),
      hidden: hidden.build(),
      symbols: symbols.build(),
      lists: f.lists ?? null,
      footnoteRefs: Uint32Array.from(f.footnoteRefs ?? []),
      endnoteRefs: Uint32Array.from(f.endnoteRefs ?? []),
      textboxes: null,
    };
  }
  const storyLengths = ccpOf(lengths);
  return new DocumentModel({
    info: docInfo({ format: 'word97', version: 'test', storyLengths }),
    characters: segmented(spec.chars),
    stories: storyRanges(storyLengths, n),
    formatting,
    metadata: () => ({}),
  });
}

/**
 * A string's units in segments of 1 to 37 units, each an array of its own, at an offset of its
 * own (as the text of a stream stored in many parts): the renderer reads across every kind of
 * boundary, and must give what one segment gives.
 */
function segmented(chars: string): TextUnits {
  const starts: number[] = [];
  const arrays: Uint16Array[] = [];
  const deltas: number[] = [];
  for (let at = 0, k = 0; at < chars.length; k++) {
    const n = Math.min(1 + (k % 37), chars.length - at);
    const pad = k % 3;
    const units = new Uint16Array(n + pad);
    for (let i = 0; i < n; i++) units[pad + i] = chars.charCodeAt(at + i);
    starts.push(at);
    arrays.push(units);
    deltas.push(pad - at);
    at += n;
  }
  starts.push(chars.length);
  return new TextUnits(Int32Array.from(starts), arrays, Int32Array.from(deltas));
}
