/**
 * The plain-text renderer's fast loop ([MS-DOC] 2.4.x control characters): a story's shown
 * characters into the sink's chunk through one table lookup a unit (SHOWN_XOR): ordinary text,
 * replaced characters, paragraph, cell and row-end marks (GUESSED_CELL, NOTE_LABEL: taken in the
 * loop), tabs and anchors; a run of one mark at once (the general steps for mark runs); a long
 * ordinary run as a slice of the input, where the search for the next special character (native)
 * says it ends. It returns before a note reference or a field mark, which the renderer
 * (plain-text.ts) takes.
 */
import { NO_PARAGRAPH_PROPS } from '../word/paragraph-props.js';
import { CELL_MARK, CLASS, NOTHING, ORDINARY, PARAGRAPH_MARK, REPLACED, runEnd, SHOWN_AS, SpecialSearch, TAB } from './special-characters.js';
import type { ParagraphCursor } from './story-cursors.js';
import { LABEL_ROOM, type NoteNumber } from './note-numbers.js';
import { CHUNK as CHUNK_UNITS, LONG_RUN as LONG_UNITS, ROOM as CHUNK_ROOM, type TextSink } from './text-sink.js';

// The loop's constants are module constants, the sink's sizes copied into them: V8's optimized
// code loads an imported binding from its module cell at each use (measured: 20-25% of the loop).
const CHUNK = CHUNK_UNITS;
const ROOM = CHUNK_ROOM;
const LONG_RUN = LONG_UNITS;
const NUMBER_UNITS = LABEL_ROOM;
/** The longest window: a text dense in special characters goes through the table in windows of up to this many units (a long ordinary run in one is copied, not sliced). */
const MAX_WINDOW = 256;

/**
 * What the fast loop writes for each unit u, as u ^ SHOWN_XOR[u]: ordinary text itself (0, the
 * table's default: only the special units' entries are set, not 65,536 at start-up), replaced
 * characters as SHOWN_AS, the paragraph and cell marks of the current kind of paragraph
 * properties (setShownMarks); and, from NOTE_LABEL up, what it does in place of writing (U+FFFB..U+FFFF
 * themselves are STOP, written by the branches): NOTE_LABEL → a note story's own mark, its number;
 * GUESSED_CELL → a cell's tab, or right after a cell mark the row's end. STOP: a unit the loop
 * leaves to its branches (tabs, note and field marks, anchors).
 */
const NOTE_LABEL = 0xfffb;
const GUESSED_CELL = 0xfffd;
const STOP = 0xffff;
const SHOWN_XOR = new Uint16Array(0x10000);
/** Unit `c` is written as `shown`. */
const show = (c: number, shown: number): void => {
  SHOWN_XOR[c] = c ^ shown;
};
// The special units are the controls, NBSP and ZWNBSP (special-characters.ts).
for (let c = 0; c < 0x100; c++) if (CLASS[c] !== ORDINARY) show(c, CLASS[c] === REPLACED ? SHOWN_AS[c]! : STOP);
show(0xfeff, STOP);
for (let c = NOTE_LABEL; c <= STOP; c++) show(c, STOP);

/** What the paragraph and cell marks of a run of paragraph properties end. */
type MarkKind = 'row-end' | 'cell-end' | 'paragraph' | 'no-properties';

/**
 * The marks' entries for one kind of paragraph properties: a row end (TTP) → both a newline (the
 * tab right before one is not written: the tab branch and the held tab look ahead); no
 * properties → 0x0D newline, 0x07 GUESSED_CELL; a cell end (sprmPFInnerTableCell) → both a cell's
 * tab; a paragraph → 0x0D newline, 0x07 a cell's tab. A note story's own marks (0x02) → NOTE_LABEL.
 */
function setShownMarks(kind: MarkKind, notes: NoteMarks): void {
  show(0x02, notes === 'numbered' ? NOTE_LABEL : STOP);
  show(0x0d, kind === 'cell-end' ? 0x09 : 0x0a);
  show(0x07, kind === 'row-end' ? 0x0a : kind === 'no-properties' ? GUESSED_CELL : 0x09);
}

/** How the loop takes a story's auto-numbered note marks (0x02): 'numbered' (a note's own mark, its number) or 'general' (the renderer's). */
export type NoteMarks = 'numbered' | 'general';

/** The fast loop of one story pass: its state between calls is the sink's (chunk, length, held tab) and its own. */
export class FastLoop {
  /** Without paragraph properties, a row end is guessed: an 0x07 right after a cell mark that was no row end. */
  prevCell = false;
  /** The last window ended in a slice: the window after it is its one special character. */
  private afterLong = false;
  /** The special characters of a symbol segment's copy (its own string). */
  private foundInCopy: SpecialSearch | null = null;
  /** The document's string (a story is a range of it). */
  private readonly chars: string;

  constructor(
    private readonly out: TextSink,
    /** The special characters of the document's string, shared by its story passes. */
    private readonly found: SpecialSearch,
    private readonly paragraphs: ParagraphCursor | null,
    private readonly notes: NoteMarks,
    /** A note story's own marks: 1, 2, 3… or i, ii, iii… (kept as its label: no division, no string). */
    private readonly note: NoteNumber,
  ) {
    this.chars = found.source;
  }

  /**
   * CPs [cp, stop), shown (no field instruction open), read from `source` at index CP + delta.
   * Returns `stop`, or the CP of a note reference or field mark for the renderer. The hot loop: the
   * sink's chunk, its length and its held-back tab are locals.
   */
  run(source: string, delta: number, cp: number, stop: number): number {
    const out = this.out;
    const paragraphs = this.paragraphs;
    const buf = out.buf;
    let n = out.n;
    let tab = out.tab;
    let prevCell = this.prevCell;
    const note = this.note;
    const label = note.units;
    /** The label's last unit, counted up here (note-numbers.ts: lastUnit), and its index. */
    let last = note.lastUnit();
    let lastAt = note.length - 1;
    const noteMarks = this.notes;
    /** The code unit at i when the previous step already read it, else -1 (each unit is read once). */
    let next = -1;
    /** The last window ended in a slice: the window after it is its one special character. */
    let afterLong = this.afterLong;
    /** The window stopped after a note's own mark that a run of them follows. */
    let noteRun = false;
    let i = cp + delta;
    let end = stop + delta;
    while (i < end) {
      if (n > ROOM) n = out.flush(n);
      {
        // The fast loop: ordinary text and every mark that needs no look back beyond a held tab
        // (paragraph, cell and row marks, tabs, replaced characters, a note story's own marks) go
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
        // A tab the loop wrote is held: 0x09 is the last unit written since `n0` (it writes 0x09 for
        // tabs and cell marks only). A row end right after it drops it (the tab a row's last cell
        // mark left, TTP, 2.4.3).
        let n0 = n;
        if (tab) {
          const first = source.charCodeAt(i);
          if (marks !== 'row-end' || (first !== 0x0d && first !== 0x07)) buf[n++] = 0x09;
          tab = false;
        }
        setShownMarks(marks, noteMarks);
        let cellAt = prevCell ? i : -1; // no paragraph properties: the index right after a cell mark (0x07)
        // Room: every step below writes at most one unit a character, or NUMBER_UNITS where a
        // note story's own marks are numbered (a story of them goes through in pieces of ~1,000).
        const room = i + (noteMarks === 'numbered' ? ((CHUNK - 1 - n) / NUMBER_UNITS) | 0 : CHUNK - 1 - n);
        if (room < hard) hard = room;
        let j = i;
        next = -1;
        let size = LONG_RUN;
        while (j < hard) {
          // A window of up to LONG_RUN units through the table; when it met only ordinary text (no
          // unit written as another), the regex engine is asked where the next special character
          // is (native, no JS loop per character): a long ordinary run from there goes in as a slice.
          // Right after a slice, the window is its one special character, then the regex engine is
          // asked again (prose: paragraph after paragraph, no unit of it through the loop).
          let limit = afterLong ? j + 1 : j + size < hard ? j + size : hard;
          const from = j;
          let changed = 0;
          let c = 0;
          while (j < limit) {
            // The table's units go by in a tight loop; it leaves for the actions (row ends, cells).
            let v = 0;
            do {
              c = source.charCodeAt(j);
              v = c ^ SHOWN_XOR[c]!;
              if (v >= NOTE_LABEL) break;
              changed |= v ^ c;
              buf[n++] = v;
            } while (++j < limit);
            if (j === limit || v === STOP) break;
            if (v === NOTE_LABEL) {
              // A note's own mark: its number. Nine times in ten only the last digit changes: it is
              // counted here (`last`, a local: no store and load through memory a mark), else by
              // the label (note-numbers.ts). The label's first 8 units are written at once, past its
              // end too (the room above counts LABEL_ROOM units a mark), then its last unit.
              if (last < 0x39) last++;
              else {
                last = note.countFrom(last);
                lastAt = note.length - 1;
              }
              buf[n] = label[0]!;
              buf[n + 1] = label[1]!;
              buf[n + 2] = label[2]!;
              buf[n + 3] = label[3]!;
              buf[n + 4] = label[4]!;
              buf[n + 5] = label[5]!;
              buf[n + 6] = label[6]!;
              buf[n + 7] = label[7]!;
              for (let k = 8; k < lastAt; k++) buf[n + k] = label[k]!;
              buf[n + lastAt] = last;
              n += lastAt + 1;
              changed = 1;
              // A run of note marks follows: their labels at once, below.
              if (++j < end && source.charCodeAt(j) === 0x02) {
                noteRun = true;
                break;
              }
              continue;
            }
            if (cellAt === j) {
              // No paragraph properties: an 0x07 right after a cell mark that was no row end
              // ends the row (→ newline in place of the cell's tab).
              n--;
              v = 0x0a;
            } else {
              v = 0x09; // a cell mark → tab, held back
              cellAt = j + 1;
            }
            changed = 1;
            buf[n++] = v;
            j++;
          }
          if (noteRun) {
            // A run of note marks: their labels at once (note-numbers.ts), a chunk at a time.
            noteRun = false;
            const r = runEnd(source, j + 1, end, 0x02);
            note.settle(last);
            while (j < r) {
              if (n > CHUNK - 2 * NUMBER_UNITS) {
                n = out.flush(n);
                n0 = 0;
              }
              n = note.writeRun(buf, n, r - j, CHUNK - 1);
              j += note.written;
            }
            last = note.lastUnit();
            lastAt = note.length - 1;
            // The room counted above was for the units before the run: the window ends here.
            hard = j;
            continue;
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
                n0 = 0; // the chunk was flushed with the slice: it holds no tab
                continue;
              }
            }
            afterLong = false;
            // Windows grow while they meet special characters (fewer exits in a dense text).
            size = changed === 0 ? LONG_RUN : size < MAX_WINDOW ? size * 2 : MAX_WINDOW;
            continue;
          }
          // A STOP (paragraph and cell marks never are: the table or its actions write them).
          const cls = CLASS[c]!;
          if (cls === TAB) {
            // A tab, held back; not written right before a row end of this run (TTP, 2.4.3;
            // sprmPFInnerTtp for 0x0D: the tab a row's last cell mark left).
            const after = j + 1 < hard ? source.charCodeAt(j + 1) : -1;
            if (marks !== 'row-end' || (after !== 0x0d && after !== 0x07)) buf[n++] = 0x09;
          }
          else if (cls === ORDINARY) buf[n++] = c; // U+FFFB..U+FFFF, the table's actions
          else if (cls !== NOTHING) {
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
          const j = runEnd(source, i + 1, same, c);
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
        default:
          // A note reference or a field mark: the renderer's (plain-text.ts).
          end = i; // leave the loop
          continue;
      }
    }
    out.n = n;
    out.tab = tab;
    if (noteMarks === 'numbered') note.settle(last);
    this.prevCell = prevCell;
    this.afterLong = afterLong;
    return i - delta;
  }

  /** The index of the first special character of `source` at or after `from` (source.length if none). */
  private nextSpecial(source: string, from: number): number {
    if (source === this.chars) return this.found.next(from);
    if (this.foundInCopy?.source !== source) this.foundInCopy = new SpecialSearch(source);
    return this.foundInCopy.next(from);
  }
}
