/**
 * The plain-text renderer: a story's characters ([MS-DOC] 2.4.x control characters intact), with
 * the document's formatting facts (hidden text, symbol fonts, table marks, list numbers, note
 * numbers), to the text a reader sees. Each rule sits next to its code below.
 *
 * One pass over the story's code units, read where they lie (a story is a range of the
 * document's units, model/text-units.ts: no string of the document's characters is made):
 * every formatting fact is a list sorted by CP, walked by a cursor that only moves forward;
 * special characters are found by a table, in the fast loop (fast-loop.ts), which takes every
 * character but note references and field marks (here); output goes into a chunked sink
 * (text-sink.ts). Only list numbers need a look ahead (a paragraph's
 * number depends on its mark, at its end): a first pass over the marks finds them (list-numbers.ts).
 */
import { DocParseError } from '../errors.js';
import type { DocumentModel } from '../model/document.js';
import type { Formatting, StructureFacts } from '../model/read-result.js';
import { TextUnits } from '../model/text-units.js';
import { fieldDisplayText } from '../word/field-display.js';
import { FieldState, instructionText } from '../word/fields.js';
import { isDropDownInstruction } from '../word/form-fields.js';
import { ParagraphRuns } from '../word/paragraph-props.js';
import { PieceTable } from '../word/piece-table.js';
import { PropertyRuns } from '../word/property-runs.js';
import type { StoryRange } from '../word/stories.js';
import type { StoryName, StorySelector } from '../types.js';
import { listNumbers, NO_LIST_NUMBERS, type ListNumbers } from './list-numbers.js';
import { textboxInserts, type TextInsert } from './main-text.js';
import { NO_CP, ParagraphCursor, Segments } from './story-cursors.js';
import { FastLoop } from './fast-loop.js';
import { CLASS, IN_INSTRUCTION, NOTE_MARK } from './special-characters.js';
import { NOTE_MAPS, NoteNumber } from './note-numbers.js';
import { GatheredText, StreamedText, TextSink } from './text-sink.js';

/**
 * Plain text of a story. Default 'main': the body with its text boxes where they are anchored
 * (main-text.ts); 'all': every story in CP order, one after another, each once.
 */
export function renderPlainText(doc: DocumentModel, story: StorySelector = 'main'): string {
  return renderInto(doc, story, new TextSink(new GatheredText(expectedLength(doc, story))));
}

/** About the units the text will have: one a CP of the stories rendered (the gathered array's first size). */
function expectedLength(doc: DocumentModel, story: StorySelector): number {
  if (story === 'all') return doc.units.length;
  const length = (name: StoryName) => doc.range(name).cpEnd - doc.range(name).cpStart;
  return story === 'main' ? length('body') + length('textboxes') : length(story);
}

/**
 * renderPlainText's text handed to `onText` a chunk at a time (StreamedText), never made one
 * string: the CLI writes each chunk out as UTF-8 (cli/utf8-out.ts).
 */
export function streamPlainText(doc: DocumentModel, story: StorySelector, onText: (text: string) => void): void {
  renderInto(doc, story, new TextSink(new StreamedText(onText)));
}

function renderInto(doc: DocumentModel, story: StorySelector, out: TextSink): string {
  const chars = doc.units;
  const dropDownAt = doc.formatting ? dropDownEntries(doc) : null;
  if (story === 'main') {
    const boxes = textboxInserts(doc, (range) => {
      const box = new TextSink(new GatheredText(range.cpEnd - range.cpStart));
      new StoryPass(chars, range, doc.formatting, box, [], dropDownAt).run();
      return box.finish();
    });
    new StoryPass(chars, doc.range('body'), doc.formatting, out, boxes.inserts, dropDownAt).run();
    out.endStory();
    if (boxes.trailing) out.text(boxes.trailing, 0, boxes.trailing.length);
    return out.finish();
  }
  for (const name of story === 'all' ? doc.stories : [story]) {
    new StoryPass(chars, doc.range(name), doc.formatting, out, [], dropDownAt).run();
    out.endStory();
  }
  return out.finish();
}

/**
 * The entry of the drop-down form field whose 0x01 data mark is at a CP (its sprmCPicLocation: the
 * FFData's offset), read through the structure facts, which are read at the first such field.
 * Structure a damaged file cannot give costs the entries, not the text (and is not read again).
 */
function dropDownEntries(doc: DocumentModel): (cp: number) => string | null {
  let facts: StructureFacts | null | undefined;
  return (cp) => {
    if (facts === undefined) {
      try {
        facts = doc.structure();
      } catch (error) {
        if (!(error instanceof DocParseError)) throw error;
        facts = null;
      }
    }
    const at = facts?.characterFormats.at(cp)?.picture ?? -1;
    return facts && at >= 0 ? facts.dropDownText(at) : null;
  };
}

/**
 * How a story numbers its auto-numbered note marks (0x02):
 * - 'none': not shown (headers, comments, …; documents without formatting facts);
 * - 'references': the main document: a mark at a footnote or endnote reference CP shows that note's number;
 * - 'own-marks': the footnote or endnote story: each note's text starts with its own mark, numbered in order.
 */
type Notes = 'none' | 'references' | 'own-marks';

/** One story rendered into a sink. */
class StoryPass {
  private readonly end: number;
  private readonly fields = new FieldState();
  private visible = true;
  private readonly segments: Segments;
  private readonly paragraphs: ParagraphCursor | null;
  private readonly numbers: ListNumbers;
  private nextNumber = 0;
  private numberAt: number;
  /** Text boxes shown in the body (`main`): text before the character at a CP, ordered. */
  private nextInsert = 0;
  private insertAt: number;
  private readonly notes: Notes;
  /** Footnotes number 1, 2, 3…; endnotes i, ii, iii… (Word's default). */
  private readonly footnoteNumber = new NoteNumber('decimal');
  private readonly endnoteNumber = new NoteNumber('roman');
  /** The note story's own numbering (footnotes or endnotes); the footnotes' in other stories, unused. */
  private readonly ownNumber: NoteNumber;
  private readonly loop: FastLoop;
  private footRef = 0;
  private endRef = 0;

  constructor(
    /** The document's code units, of which a story is a range. */
    private readonly chars: TextUnits,
    private readonly range: StoryRange,
    private readonly f: Formatting | null,
    private readonly out: TextSink,
    private readonly inserts: readonly TextInsert[] = [],
    /** The entry a drop-down form field shows, by the CP of its 0x01 data mark; null without formatting facts. */
    private readonly dropDownAt: ((cp: number) => string | null) | null = null,
  ) {
    this.end = range.cpEnd;
    this.insertAt = inserts.length > 0 ? inserts[0]!.cp : NO_CP;
    this.segments = new Segments(f, range.cpStart, range.cpEnd);
    this.paragraphs = f?.paragraphs.available ? new ParagraphCursor(f.paragraphs, range.cpStart) : null;
    this.numbers = f?.lists && this.paragraphs && f.paragraphs.anyListParagraph ? listNumbers(chars, range, f, f.lists) : NO_LIST_NUMBERS;
    this.numberAt = this.numbers.at.length > 0 ? this.numbers.at[0]! : NO_CP;
    const name = range.name;
    this.notes = !f ? 'none' : name === 'body' ? 'references' : name === 'footnotes' || name === 'endnotes' ? 'own-marks' : 'none';
    // A note story's own marks are numbered in the fast loop.
    this.ownNumber = name === 'endnotes' ? this.endnoteNumber : this.footnoteNumber;
    this.loop = new FastLoop(out, this.paragraphs, this.notes === 'own-marks' ? 'numbered' : 'general', this.ownNumber);
    if (f && this.notes === 'references') {
      this.footRef = lowerBound(f.footnoteRefs, range.cpStart);
      this.endRef = lowerBound(f.endnoteRefs, range.cpStart);
    }
  }

  run(): void {
    const { chars, end, segments } = this;
    let i = this.range.cpStart;
    while (i < end) {
      let segEnd = segments.next(i);
      const kind = segments.kind;
      // A symbol-font segment is read from a copy with its characters mapped (symbol runs are
      // short); others where the document's units lie, a segment of them at a time.
      let source: Uint16Array = NO_UNITS;
      let delta = 0;
      if (kind === 'symbol') {
        source = segments.mapped(chars, i, segEnd);
        delta = 0 - i; // not -i: -0 is no small integer
      } else if (kind === 'plain') {
        segEnd = chars.view(i, segEnd);
        source = chars.viewUnits;
        delta = chars.viewDelta;
      }
      while (i < segEnd) {
        // Text boxes, then list numbers, go before the character at their CP (not inside a field instruction).
        if (i === this.insertAt) this.insert();
        if (i === this.numberAt) this.listNumber();
        const next = this.insertAt < this.numberAt ? this.insertAt : this.numberAt;
        const stop = next < segEnd ? next : segEnd;
        if (kind === 'hidden') {
          // Deleted revisions and hidden text are not part of the text Word shows.
          this.loop.prevCell = false;
          i = stop;
        } else {
          i = this.visible ? this.shown(source, delta, i, stop) : this.inInstruction(source, delta, i, stop);
        }
      }
    }
  }

  private insert(): void {
    for (; this.nextInsert < this.inserts.length && this.inserts[this.nextInsert]!.cp === this.insertAt; this.nextInsert++) {
      const { text } = this.inserts[this.nextInsert]!;
      if (this.visible) this.out.text(text, 0, text.length);
    }
    this.insertAt = this.nextInsert < this.inserts.length ? this.inserts[this.nextInsert]!.cp : NO_CP;
  }

  private listNumber(): void {
    const text = this.numbers.text[this.nextNumber]!;
    if (this.visible) this.out.text(text, 0, text.length);
    const k = ++this.nextNumber;
    this.numberAt = k < this.numbers.at.length ? this.numbers.at[k]! : NO_CP;
  }

  /**
   * CPs [cp, stop) while they are shown (no field instruction open), read from `source` at
   * index CP + delta: the fast loop (fast-loop.ts), and the general steps for the units it stops
   * before. Returns where it stopped: `stop`, or after a field mark that opened an instruction.
   */
  private shown(source: Uint16Array, delta: number, cp: number, stop: number): number {
    let i = cp;
    let end = stop;
    while (i < end) {
      i = this.loop.run(source, delta, i, end);
      if (i === end) break;
      const c = source[i + delta]!;
      if (CLASS[c] === NOTE_MARK) {
        this.noteMark(i); // an auto-numbered note reference shows its number
      } else {
        this.fields.mark(c, i); // fields (fields.ts): keep results, drop instructions
        if (!this.fields.visible) {
          this.visible = false;
          end = i + 1; // leave the loop: an instruction starts
        }
      }
      i++;
    }
    return i;
  }

  /**
   * CPs [cp, stop) inside a field instruction (read as `shown` reads them): nothing is shown, but fields nest and note
   * marks count. Returns where it stopped: `stop`, or after the field mark that ended the instruction.
   */
  private inInstruction(source: Uint16Array, delta: number, cp: number, stop: number): number {
    for (let i = cp + delta, end = stop + delta; i < end; i++) {
      const c = source[i]!;
      if (IN_INSTRUCTION[c] === 0) continue;
      if (c === 0x02) this.noteMark(i - delta);
      else {
        this.fields.mark(c, i - delta);
        this.visible = this.fields.visible;
        if (this.visible) {
          // A field with no result part that Word draws from its instruction (EQ, MACROBUTTON, SYMBOL).
          const closed = this.fields.closedWithoutResult;
          if (closed) {
            const instruction = this.chars.slice(closed.start, closed.end);
            const text = fieldDisplayText(instructionText(instruction)) ?? this.dropDown(instruction, closed.start);
            if (text) this.out.text(text, 0, text.length);
          }
          return i + 1 - delta;
        }
      }
    }
    return stop;
  }

  /**
   * A FORMDROPDOWN field (no result part) shows its selected entry, kept in the FFData its 0x01
   * data mark points to (word/form-fields.ts); `instruction` starts at CP `start`.
   */
  private dropDown(instruction: string, start: number): string | null {
    if (!this.dropDownAt || !isDropDownInstruction(instruction)) return null;
    const mark = instruction.indexOf('\x01');
    return mark < 0 ? null : this.dropDownAt(start + mark);
  }

  /** An auto-numbered note mark (0x02) at `cp`: its number is counted, and shown when visible. */
  private noteMark(cp: number): void {
    if (this.notes === 'own-marks') this.countNote(this.ownNumber);
    else if (this.notes === 'references') {
      // Footnotes 1, 2, 3…; endnotes i, ii, iii…: a reference counts only where its mark is.
      const { footnoteRefs, endnoteRefs } = this.f!;
      let k = this.footRef;
      while (k < footnoteRefs.length && footnoteRefs[k]! < cp) k++;
      for (; k < footnoteRefs.length && footnoteRefs[k] === cp; k++) this.countNote(this.footnoteNumber);
      this.footRef = k;
      k = this.endRef;
      while (k < endnoteRefs.length && endnoteRefs[k]! < cp) k++;
      for (; k < endnoteRefs.length && endnoteRefs[k] === cp; k++) this.countNote(this.endnoteNumber);
      this.endRef = k;
    }
  }

  /** The next number of a note numbering, shown when visible. */
  private countNote(number: NoteNumber): void {
    number.next();
    if (this.visible) this.out.label(number);
  }
}

/** A hidden segment's source: it is not read. */
const NO_UNITS: Uint16Array = new Uint16Array(0);

/** The first index of a sorted array whose value is ≥ `v`. */
function lowerBound(a: Uint32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * V8 frees the hidden class (map) of a class of which no object is alive at a full garbage
 * collection, and with it the type feedback of the code that read such objects: the hot loop
 * would be deoptimized and compiled again after every full GC (measured right after one: 50 ns a
 * mark instead of 7). One object of each class the loop reads is kept for the module's life
 * (exported: a module binding nothing reads would not outlive the module's evaluation).
 */
export const KEEP_MAPS_ALIVE: readonly object[] = [
  warmedPass(),
  new ParagraphCursor(new ParagraphRuns(new PieceTable([]), PropertyRuns.EMPTY, [], new Uint8Array(0)), 0),
  ...NOTE_MAPS,
];

/**
 * A pass run once over a few characters when the module loads: the hot loop's exit (where it
 * hands the chunk back to the sink) then has type feedback before V8 compiles the loop on stack
 * (OSR) in a long story. Compiled without it, the loop was deoptimized at its exit on every call
 * (--trace-deopt: "Insufficient type feedback", the OSR code entered again each time).
 */
function warmedPass(): StoryPass {
  const chars = 'a\tb\x07\rc'.repeat(8);
  let pass: StoryPass | null = null;
  for (let k = 0; k < 4; k++) {
    pass = new StoryPass(TextUnits.ofString(chars), { name: 'body', cpStart: 0, cpEnd: chars.length }, null, new TextSink());
    pass.run();
  }
  return pass!;
}
