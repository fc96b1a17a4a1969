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
import { NO_PARAGRAPH_PROPS, ParagraphRuns } from '../word/paragraph-props.js';
import { PieceTable } from '../word/piece-table.js';
import type { StoryRange } from '../word/stories.js';
import type { StorySelector } from '../types.js';
import { listNumbers, NO_LIST_NUMBERS, type ListNumbers } from './list-numbers.js';
import { textboxInserts, type TextInsert } from './main-text.js';
import { NO_CP, ParagraphCursor, Segments } from './story-cursors.js';
import { CELL_MARK, CLASS, FIELD_MARK, IN_INSTRUCTION, NOTE_MARK, NOTHING, ORDINARY, PARAGRAPH_MARK, setShownMarks, SHOWN, SpecialSearch, STOP, TAB, type MarkKind } from './special-characters.js';
import { CHUNK, DecimalCounter, joinText, LONG_RUN, ROOM, TextSink } from './text-sink.js';

/**
 * Plain text of a story. Default 'main': the body with its text boxes where they are anchored
 * (main-text.ts); 'all': every story in CP order, one after another, each once.
 */
export function renderPlainText(doc: DocumentModel, story: StorySelector = 'main'): string {
  return joinText(plainTextParts(doc, story));
}

/** renderPlainText's text as the strings it was gathered in, not joined (TextSink.finishParts). */
export function plainTextParts(doc: DocumentModel, story: StorySelector = 'main'): string[] {
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
    return out.finishParts();
  }
  for (const name of story === 'all' ? doc.stories : [story]) {
    new StoryPass(chars, doc.range(name), doc.formatting, out).run();
    out.endStory();
  }
  return out.finishParts();
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
  private readonly footnoteNumber = new DecimalCounter();
  /** Where the special characters of the document's string are (a symbol segment's copy has its own). */
  private readonly found: SpecialSearch;
  private foundInCopy: SpecialSearch | null = null;
  private endnoteCount = 0;
  private footRef = 0;
  private endRef = 0;

  constructor(
    private readonly chars: string,
    private readonly range: StoryRange,
    private readonly f: Formatting | null,
    private readonly out: TextSink,
    private readonly inserts: readonly TextInsert[] = [],
  ) {
    this.end = range.cpEnd;
    this.found = new SpecialSearch(chars);
    this.insertAt = inserts.length > 0 ? inserts[0]!.cp : NO_CP;
    this.segments = new Segments(f, range.cpStart, range.cpEnd);
    this.paragraphs = f?.paragraphs.available ? new ParagraphCursor(f.paragraphs, range.cpStart) : null;
    this.numbers = f?.lists && this.paragraphs && f.paragraphs.anyListParagraph ? listNumbers(chars, range, f, f.lists) : NO_LIST_NUMBERS;
    this.numberAt = this.numbers.at.length > 0 ? this.numbers.at[0]! : NO_CP;
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
      // A symbol-font segment is read from a copy with its characters mapped (symbol runs are short).
      const source = kind === 'symbol' ? segments.mapped(chars, i, segEnd) : chars;
      const delta = kind === 'symbol' ? -i : 0;
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
   * index CP + delta. Returns where it stopped: `stop`, or after a field mark that opened an
   * instruction. The hot loop: the sink's chunk, its length and its held-back tab are locals.
   */
  private shown(source: string, delta: number, cp: number, stop: number): number {
    const out = this.out;
    const paragraphs = this.paragraphs;
    const buf = out.buf;
    let n = out.n;
    let tab = out.tab;
    let prevCell = this.prevCell;
    let i = cp + delta;
    let end = stop + delta;
    /** The code unit at i when the previous step already read it, else -1 (each unit is read once). */
    let next = -1;
    /** The last window ended in a slice: the window after it is its one special character. */
    let afterLong = false;
    while (i < end) {
      if (n > ROOM) n = out.flush(n);
      {
        // The fast loop: ordinary text and every mark that needs no look back beyond a held tab
        // (paragraph, cell and row marks, tabs, replaced characters, a footnote's own number) go
        // through one table lookup each (SHOWN_*: ordinary text, replaced characters and the marks
        // that need no look back in one step, the rest in branches), never leaving the loop; a long
        // ordinary run goes in as a slice. A held tab is written at once and taken back if a row
        // end drops it.
        // It stops before a field mark or a note reference (the general steps below).
        let marks: MarkKind = 'no-properties';
        let hard = end;
        if (paragraphs !== null) {
          // Paragraph properties hold over a run of CPs: the loop stays inside it.
          const props = paragraphs.at(i - delta);
          const until = paragraphs.sameUntil(i - delta) + delta;
          if (until < hard) hard = until;
          marks = props.rowEnd ? 'row-end' : props.cellEnd ? 'cell-end' : 'paragraph';
        }
        const rowEnd = marks === 'row-end';
        // A tab the loop wrote is held: 0x09 is the last unit written since `n0` (it writes 0x09 for
        // tabs and cell marks only), and a row end takes it back.
        const n0 = n;
        if (tab) {
          buf[n++] = 0x09;
          tab = false;
        }
        setShownMarks(marks);
        let cellAt = prevCell ? i : -1; // no paragraph properties: the index right after a cell mark (0x07)
        // Room: every step below writes at most one unit a character (a footnote number re-checks).
        const room = i + (CHUNK - 1 - n);
        if (room < hard) hard = room;
        let j = i;
        next = -1;
        while (j < hard) {
          // A window of up to LONG_RUN units through the table; when it met only ordinary text (no
          // unit written as another), the regex engine is asked where the next special character
          // is (native, no JS loop per character): a long ordinary run from there goes in as a slice.
          // Right after a slice, the window is its one special character, then the regex engine is
          // asked again (prose: paragraph after paragraph, no unit of it through the loop).
          const limit = afterLong ? j + 1 : j + LONG_RUN < hard ? j + LONG_RUN : hard;
          const from = j;
          let changed = 0;
          let c = 0;
          while (j < limit) {
            c = source.charCodeAt(j);
            const v = SHOWN[c]!;
            if (v === STOP) break;
            changed |= v ^ c;
            buf[n++] = v;
            j++;
          }
          if (j === limit) {
            if (changed !== 0 && j < end) {
              // A window that ends inside a run of one mark: the run is written at once by the general steps.
              c = source.charCodeAt(j);
              if ((c === 0x0d || c === 0x07) && source.charCodeAt(j - 1) === c) {
                next = c;
                break;
              }
            }
            if ((changed === 0 || afterLong) && j < end) {
              const special = this.nextSpecial(source, j);
              const stopAt = special < end ? special : end;
              // A window of ordinary text only (each unit written as itself) goes into the slice.
              const start = changed === 0 ? from : j;
              if (stopAt - start >= LONG_RUN && stopAt > j) {
                n -= j - start;
                n = out.slice(n, source, start, stopAt);
                j = stopAt;
                afterLong = true;
                break;
              }
            }
            afterLong = false;
            continue;
          }
          const cls = CLASS[c]!;
          if (cls === PARAGRAPH_MARK || cls === CELL_MARK) {
            if (j + 1 < end && source.charCodeAt(j + 1) === c) {
              next = c; // a run of one mark: written at once by the general steps
              break;
            }
            if (rowEnd) {
              // The row-end mark (TTP, 2.4.3; sprmPFInnerTtp for 0x0D) → newline, dropping the tab
              // its last cell mark left.
              if (n > n0 && buf[n - 1] === 0x09) n--;
              buf[n++] = 0x0a;
            } else if (cellAt === j) {
              // No paragraph properties: an 0x07 right after a cell mark that was no row end ends
              // the row (→ newline, dropping the tab).
              buf[n - 1] = 0x0a;
            } else {
              // A cell mark → tab, held back.
              buf[n++] = 0x09;
              cellAt = j + 1;
            }
          } else if (cls === TAB) buf[n++] = 0x09; // held back
          else if (cls === ORDINARY) buf[n++] = c; // U+FFFF, the table's STOP
          else if (cls === NOTE_MARK && this.notes === 'own-marks' && !this.romanNotes) {
            // A footnote's own mark: 1, 2, 3… (no call, no division), up to 16 units: the chunk
            // is flushed first when fuller than ROOM.
            if (n > ROOM) break;
            this.footnoteNumber.next();
            n = this.footnoteNumber.writeTo(buf, n);
            const left = j + 1 + (CHUNK - 1 - n);
            if (left < hard) hard = left;
          } else if (cls !== NOTHING) {
            next = c; // for the general steps
            break;
          }
          j++;
        }
        if (n > n0 && buf[n - 1] === 0x09) {
          n--;
          tab = true;
        }
        prevCell = cellAt === j;
        i = j;
        if (next < 0) continue;
      }
      // The general steps, for the one character the fast loop stopped before: a run of one mark,
      // a field mark, a note reference.
      const c = next;
      next = -1;
      const cls = CLASS[c]!;
      const cell = prevCell;
      prevCell = false;
      switch (cls) {
        case PARAGRAPH_MARK:
        case CELL_MARK: {
          // A run of the same mark under the same paragraph properties is written at once.
          const props = paragraphs === null ? NO_PARAGRAPH_PROPS : paragraphs.at(i - delta);
          const until = paragraphs === null ? end : paragraphs.sameUntil(i - delta) + delta;
          const same = until < end ? until : end;
          let j = i + 1;
          while (j < same && source.charCodeAt(j) === c) j++;
          let k = j - i;
          if (props.rowEnd) {
            // The row-end mark (TTP, 2.4.3; sprmPFInnerTtp for 0x0D) → newline, dropping the tab
            // its last cell mark left.
            tab = false;
            n = k === 1 ? ((buf[n] = 0x0a), n + 1) : out.fill(n, 0x0a, k);
          } else if (c === 0x07 || props.cellEnd) {
            if (paragraphs === null && c === 0x07) {
              // No paragraph properties: an 0x07 right after a cell mark that was no row end ends the row.
              if (cell) {
                tab = false;
                buf[n++] = 0x0a;
                k--;
              }
              if (k > 0) {
                if (tab) buf[n++] = 0x09;
                n = out.fill(n, 0x0a, k >> 1); // each pair: a cell (its tab held back), then a row end (dropping it)
                tab = (k & 1) === 1;
                prevCell = tab;
              }
            } else {
              // A cell mark (0x07, or a nested table's 0x0D with sprmPFInnerTableCell) → tab, held back.
              if (tab) buf[n++] = 0x09;
              if (k > 1) n = out.fill(n, 0x09, k - 1);
              tab = true;
            }
          } else {
            // A paragraph mark → newline.
            if (tab) buf[n++] = 0x09;
            tab = false;
            n = k === 1 ? ((buf[n] = 0x0a), n + 1) : out.fill(n, 0x0a, k);
          }
          i = j;
          continue;
        }
        case NOTE_MARK: // an auto-numbered note reference shows its number
          out.n = n;
          out.tab = tab;
          this.noteMark(i - delta);
          n = out.n;
          tab = out.tab;
          break;
        case FIELD_MARK: // fields (fields.ts): keep results, drop instructions
          this.fields.mark(c, i - delta);
          if (!this.fields.visible) {
            this.visible = false;
            end = i + 1; // leave the loop: an instruction starts
          }
          break;
      }
      i++;
    }
    out.n = n;
    out.tab = tab;
    this.prevCell = prevCell;
    return i - delta;
  }

  /** The index of the first special character of `source` at or after `from` (source.length if none). */
  private nextSpecial(source: string, from: number): number {
    if (source === this.chars) return this.found.next(from);
    if (this.foundInCopy?.source !== source) this.foundInCopy = new SpecialSearch(source);
    return this.foundInCopy.next(from);
  }

  /**
   * CPs [cp, stop) inside a field instruction (read as `shown` reads them): nothing is shown, but fields nest and note
   * marks count. Returns where it stopped: `stop`, or after the field mark that ended the instruction.
   */
  private inInstruction(source: string, delta: number, cp: number, stop: number): number {
    for (let i = cp + delta, end = stop + delta; i < end; i++) {
      const c = source.charCodeAt(i);
      if (IN_INSTRUCTION[c] === 0) continue;
      if (c === 0x02) this.noteMark(i - delta);
      else {
        this.fields.mark(c, i - delta);
        this.visible = this.fields.visible;
        if (this.visible) {
          // A field with no result part that Word draws from its instruction (EQ, MACROBUTTON, SYMBOL).
          const closed = this.fields.closedWithoutResult;
          if (closed) {
            const text = fieldDisplayText(instructionText(this.chars, closed.start, closed.end));
            if (text) this.out.text(text, 0, text.length);
          }
          return i + 1 - delta;
        }
      }
    }
    return stop;
  }

  /** An auto-numbered note mark (0x02) at `cp`: its number is counted, and shown when visible. */
  private noteMark(cp: number): void {
    if (this.notes === 'own-marks') {
      if (this.romanNotes) {
        this.endnoteCount++;
        if (this.visible) this.out.number(this.endnoteCount, true);
      } else {
        this.footnoteNumber.next();
        if (this.visible) this.out.number(this.footnoteNumber.value, false);
      }
    } else if (this.notes === 'references') {
      // Footnotes 1, 2, 3…; endnotes i, ii, iii…: a reference counts only where its mark is.
      const { footnoteRefs, endnoteRefs } = this.f!;
      let k = this.footRef;
      while (k < footnoteRefs.length && footnoteRefs[k]! < cp) k++;
      for (; k < footnoteRefs.length && footnoteRefs[k] === cp; k++) {
        this.footnoteNumber.next();
        if (this.visible) this.out.number(this.footnoteNumber.value, false);
      }
      this.footRef = k;
      k = this.endRef;
      while (k < endnoteRefs.length && endnoteRefs[k]! < cp) k++;
      for (; k < endnoteRefs.length && endnoteRefs[k] === cp; k++) {
        this.endnoteCount++;
        if (this.visible) this.out.number(this.endnoteCount, true);
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

/**
 * V8 frees the hidden class (map) of a class of which no object is alive at a full garbage
 * collection, and with it the type feedback of the code that read such objects: the hot loop
 * would be deoptimized and compiled again after every full GC (measured right after one: 50 ns a
 * mark instead of 7). One object of each class the loop reads is kept for the module's life
 * (exported: a module binding nothing reads would not outlive the module's evaluation).
 */
export const KEEP_MAPS_ALIVE: readonly object[] = [
  warmedPass(),
  new ParagraphCursor(new ParagraphRuns(new PieceTable([]), [], [], new Uint8Array(0)), 0),
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
    pass = new StoryPass(chars, { name: 'body', cpStart: 0, cpEnd: chars.length }, null, new TextSink());
    pass.run();
  }
  return pass!;
}
