/**
 * The plain-text renderer: a story's characters ([MS-DOC] 2.4.x control characters intact), with
 * the document's formatting facts (hidden text, symbol fonts, table marks, list numbers, note
 * numbers), to the text a reader sees. Each rule sits next to its code below.
 *
 * One pass over the story's characters, in place (a story is a range of the document's one
 * string, never a rewritten copy): every formatting fact is a list sorted by CP, walked by a
 * cursor that only moves forward; special characters are found by a table; output goes into a
 * chunked sink (text-sink.ts). Only list numbers need a look ahead (a paragraph's number depends
 * on its mark, at its end): a first pass over the marks finds them (list-numbers.ts).
 */
import type { DocumentModel } from '../model/document.js';
import type { Formatting } from '../model/read-result.js';
import { fieldDisplayText } from '../word/field-display.js';
import { FieldState, instructionText } from '../word/fields.js';
import type { StoryRange } from '../word/stories.js';
import type { StorySelector } from '../types.js';
import { listNumbers, NO_LIST_NUMBERS, type ListNumbers } from './list-numbers.js';
import { textboxInserts, type TextInsert } from './main-text.js';
import { ParagraphCursor, Segments } from './story-cursors.js';
import { TextSink } from './text-sink.js';

/**
 * Plain text of a story. Default 'main': the body with its text boxes where they are anchored
 * (main-text.ts); 'all': every story in CP order, one after another, each once.
 */
export function renderPlainText(doc: DocumentModel, story: StorySelector = 'main'): string {
  const out = new TextSink();
  const chars = doc.characters('all');
  if (story === 'main') {
    const boxes = textboxInserts(doc, (range) => {
      const box = new TextSink();
      new StoryPass(chars, range, doc.formatting, box).run();
      return box.finish();
    });
    new StoryPass(chars, doc.range('body'), doc.formatting, out, boxes.inserts).run();
    out.endStory();
    if (boxes.trailing) out.text(boxes.trailing, 0, boxes.trailing.length);
    return out.finish();
  }
  for (const name of story === 'all' ? doc.stories : [story]) {
    new StoryPass(chars, doc.range(name), doc.formatting, out).run();
    out.endStory();
  }
  return out.finish();
}

/**
 * Code units that are not ordinary text: controls (0x00-0x1F), NBSP, ZWNBSP. 0 = ordinary.
 * In a field instruction only field marks and note marks (numbered even where not shown) count.
 */
const SPECIAL = new Uint8Array(65536);
const IN_INSTRUCTION = new Uint8Array(65536);
for (let c = 0; c < 0x20; c++) SPECIAL[c] = 1;
SPECIAL[0xa0] = SPECIAL[0xfeff] = 1;
IN_INSTRUCTION[0x02] = IN_INSTRUCTION[0x13] = IN_INSTRUCTION[0x14] = IN_INSTRUCTION[0x15] = 1;

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
  /** Without paragraph properties, a row end is guessed: an 0x07 right after a cell mark that was no row end. */
  private prevCell = false;
  private readonly numbers: ListNumbers;
  private nextNumber = 0;
  private numberAt: number;
  /** Text boxes shown in the body (`main`): text before the character at a CP, ordered. */
  private nextInsert = 0;
  private insertAt: number;
  private readonly notes: Notes;
  /** Endnotes number i, ii, iii… (Word's default); footnotes 1, 2, 3…. */
  private readonly romanNotes: boolean;
  private noteCount = 0;
  private footRef = 0;
  private endRef = 0;
  private endCount = 0;

  constructor(
    private readonly chars: string,
    private readonly range: StoryRange,
    private readonly f: Formatting | null,
    private readonly out: TextSink,
    private readonly inserts: readonly TextInsert[] = [],
  ) {
    this.end = range.cpEnd;
    this.insertAt = inserts.length > 0 ? inserts[0]!.cp : Infinity;
    this.segments = new Segments(f, range.cpStart, range.cpEnd);
    this.paragraphs = f?.paragraphs.available ? new ParagraphCursor(f.paragraphs, range.cpStart) : null;
    this.numbers = f?.lists && this.paragraphs ? listNumbers(chars, range, f, f.lists) : NO_LIST_NUMBERS;
    this.numberAt = this.numbers.at.length > 0 ? this.numbers.at[0]! : Infinity;
    const name = range.name;
    this.notes = !f ? 'none' : name === 'body' ? 'references' : name === 'footnotes' || name === 'endnotes' ? 'own-marks' : 'none';
    this.romanNotes = name === 'endnotes';
    if (f && this.notes === 'references') {
      this.footRef = lowerBound(f.footnoteRefs, range.cpStart);
      this.endRef = lowerBound(f.endnoteRefs, range.cpStart);
    }
  }

  run(): void {
    const { chars, end, segments } = this;
    let i = this.range.cpStart;
    while (i < end) {
      const segEnd = segments.next(i);
      const kind = segments.kind;
      while (i < segEnd) {
        // Text boxes, then list numbers, go before the character at their CP (not inside a field instruction).
        if (i === this.insertAt) this.insert();
        if (i === this.numberAt) this.listNumber();
        const next = this.insertAt < this.numberAt ? this.insertAt : this.numberAt;
        const stop = next < segEnd ? next : segEnd;
        if (kind === 'hidden') {
          // Deleted revisions and hidden text are not part of the text Word shows.
          this.prevCell = false;
          i = stop;
        } else if (kind === 'symbol') {
          this.char(segments.symbolChar(chars.charCodeAt(i)), i);
          i++;
        } else if (this.visible) {
          let j = i;
          while (j < stop && SPECIAL[chars.charCodeAt(j)] === 0) j++;
          if (j > i) {
            this.out.text(chars, i, j);
            this.prevCell = false;
            i = j;
          } else {
            this.control(chars.charCodeAt(i), i);
            i++;
          }
        } else {
          let j = i;
          while (j < stop && IN_INSTRUCTION[chars.charCodeAt(j)] === 0) j++;
          if (j < stop) this.inInstruction(chars.charCodeAt(j), j);
          i = j < stop ? j + 1 : j;
        }
      }
    }
  }

  private insert(): void {
    for (; this.nextInsert < this.inserts.length && this.inserts[this.nextInsert]!.cp === this.insertAt; this.nextInsert++) {
      const { text } = this.inserts[this.nextInsert]!;
      if (this.visible) this.out.text(text, 0, text.length);
    }
    this.insertAt = this.nextInsert < this.inserts.length ? this.inserts[this.nextInsert]!.cp : Infinity;
  }

  private listNumber(): void {
    if (this.visible) this.out.text(this.numbers.text[this.nextNumber]!, 0, this.numbers.text[this.nextNumber]!.length);
    const k = ++this.nextNumber;
    this.numberAt = k < this.numbers.at.length ? this.numbers.at[k]! : Infinity;
  }

  /** A character (after symbol-font mapping) at CP `cp`. */
  private char(c: number, cp: number): void {
    if (!this.visible) this.inInstruction(c, cp);
    else if (SPECIAL[c] === 0) {
      this.out.unit(c);
      this.prevCell = false;
    } else this.control(c, cp);
  }

  /** A character inside a field instruction: nothing is shown, but fields nest and notes count. */
  private inInstruction(c: number, cp: number): void {
    if (this.fields.mark(c, cp)) {
      this.visible = this.fields.visible;
      // A field with no result part that Word draws from its instruction (EQ, MACROBUTTON, SYMBOL).
      const closed = this.fields.closedWithoutResult;
      if (closed && this.visible) {
        const text = fieldDisplayText(instructionText(this.chars, closed.start, closed.end));
        if (text) this.out.text(text, 0, text.length);
      }
    } else if (c === 0x02) this.noteMark(cp);
  }

  /** A special character shown: controls, NBSP, ZWNBSP. */
  private control(c: number, cp: number): void {
    const cell = c === 0x07 && this.prevCell;
    this.prevCell = false;
    switch (c) {
      case 0x0d: {
        // Paragraph mark; in a nested table it also ends cells (sprmPFInnerTableCell) and rows (sprmPFInnerTtp).
        const props = this.paragraphs?.at(cp);
        if (props?.rowEnd) this.out.rowEnd();
        else if (props?.cellEnd) this.out.tab();
        else this.out.unit(0x0a);
        break;
      }
      case 0x07: // cell mark → tab; the row-end mark (TTP, 2.4.3) → newline, dropping the tab before it
        if (this.paragraphs ? this.paragraphs.at(cp).rowEnd : cell) this.out.rowEnd();
        else {
          this.out.tab();
          this.prevCell = !this.paragraphs;
        }
        break;
      case 0x0b: // line break (vertical tab)
      case 0x0c: // page break / section break
        this.out.unit(0x0a);
        break;
      case 0x09: // tab
        this.out.tab();
        break;
      case 0x1e: // non-breaking hyphen
        this.out.unit(0x2d);
        break;
      case 0xa0: // non-breaking space
        this.out.unit(0x20);
        break;
      case 0x02: // auto-numbered note reference: its number
        this.noteMark(cp);
        break;
      case 0x13:
      case 0x14:
      case 0x15: // fields (fields.ts): keep results, drop instructions
        this.fields.mark(c, cp);
        this.visible = this.fields.visible;
        break;
      // Everything else below 0x20 is an anchor or mark with no text of its own: 0x00 deleted or
      // hidden text, 0x01 picture, 0x03/0x04 note separators, 0x05 comment anchor, 0x08 drawn
      // object, 0x1F soft hyphen, …; U+FEFF is a zero-width no-break space.
      default:
        break;
    }
  }

  /** An auto-numbered note mark (0x02) at `cp`: its number is counted, and shown when visible. */
  private noteMark(cp: number): void {
    if (this.notes === 'own-marks') {
      this.noteCount++;
      if (this.visible) this.out.number(this.noteCount, this.romanNotes);
    } else if (this.notes === 'references') {
      // Footnotes 1, 2, 3…; endnotes i, ii, iii…: a reference counts only where its mark is.
      const { footnoteRefs, endnoteRefs } = this.f!;
      let k = this.footRef;
      while (k < footnoteRefs.length && footnoteRefs[k]! < cp) k++;
      for (; k < footnoteRefs.length && footnoteRefs[k] === cp; k++) {
        this.noteCount++;
        if (this.visible) this.out.number(this.noteCount, false);
      }
      this.footRef = k;
      k = this.endRef;
      while (k < endnoteRefs.length && endnoteRefs[k]! < cp) k++;
      for (; k < endnoteRefs.length && endnoteRefs[k] === cp; k++) {
        this.endCount++;
        if (this.visible) this.out.number(this.endCount, true);
      }
      this.endRef = k;
    }
  }
}

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
