/**
 * The plain-text renderer's fast loop ([MS-DOC] 2.4.x control characters): a story's shown code
 * units, read from the document's units where they lie (model/text-units.ts), into the sink's
 * chunk through one table lookup a unit (SHOWN_XOR): ordinary text, replaced characters,
 * paragraph, cell and row-end marks (GUESSED_CELL, NOTE_LABEL: taken in the loop), tabs and
 * anchors. Every unit goes through the table, ordinary or not: a lone mark between runs of
 * ordinary text costs what an ordinary character costs (issue #12). It returns before a note
 * reference or a field mark, which the renderer (plain-text.ts) takes.
 */
import { CLASS, NOTHING, ORDINARY, PARAGRAPH_MARK, REPLACED, runEnd, SHOWN_AS, TAB } from './special-characters.js';
import type { ParagraphCursor } from './story-cursors.js';
import { LABEL_ROOM, type NoteNumber } from './note-numbers.js';
import { CHUNK as CHUNK_UNITS, ROOM as CHUNK_ROOM, type TextSink } from './text-sink.js';

// The loop's constants are module constants, the sink's sizes copied into them: V8's optimized
// code loads an imported binding from its module cell at each use (measured: 20-25% of the loop).
const CHUNK = CHUNK_UNITS;
const ROOM = CHUNK_ROOM;
const NUMBER_UNITS = LABEL_ROOM;

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

/**
 * Units [j, hard) of `source` through the table into `buf` from `n`, one unit each, up to the
 * first whose entry is an action or STOP: returns its index (or `hard`). A function of its own,
 * small: V8 compiles it (on stack, ~2 ms) early in a cold process, where the whole loop waited
 * longer for its compilation (doc2text on bench/generated/latin-16mb.doc, hyperfine 20 runs:
 * user time 244 → 194 ms).
 */
function tableRun(source: Uint16Array, j: number, hard: number, buf: Uint16Array, n: number): number {
  for (; j < hard; j++) {
    const c = source[j]!;
    const v = c ^ SHOWN_XOR[c]!;
    if (v >= NOTE_LABEL) return j;
    buf[n++] = v;
  }
  return j;
}

/** What the paragraph and cell marks of a run of paragraph properties end. */
type MarkKind = 'row-end' | 'cell-end' | 'paragraph' | 'drop-cap' | 'no-properties';

/**
 * The marks' entries for one kind of paragraph properties: a row end (TTP) → both a newline (the
 * tab right before one is not written: the tab branch and the held tab look ahead); no
 * properties → 0x0D newline, 0x07 GUESSED_CELL; a cell end (sprmPFInnerTableCell) → both a cell's
 * tab; a paragraph → 0x0D newline, 0x07 a cell's tab; a drop cap's frame (sprmPDcs) → 0x0D
 * nothing (STOP, taken below: its letter begins the next paragraph's first word), 0x07 a cell's
 * tab. A note story's own marks (0x02) → NOTE_LABEL.
 */
function setShownMarks(kind: MarkKind, notes: NoteMarks): void {
  show(0x02, notes === 'numbered' ? NOTE_LABEL : STOP);
  show(0x0d, kind === 'cell-end' ? 0x09 : kind === 'drop-cap' ? STOP : 0x0a);
  show(0x07, kind === 'row-end' ? 0x0a : kind === 'no-properties' ? GUESSED_CELL : 0x09);
}

/** How the loop takes a story's auto-numbered note marks (0x02): 'numbered' (a note's own mark, its number) or 'general' (the renderer's). */
export type NoteMarks = 'numbered' | 'general';

/** The fast loop of one story pass: its state between calls is the sink's (chunk, length, held tab) and its own. */
export class FastLoop {
  /** Without paragraph properties, a row end is guessed: an 0x07 right after a cell mark that was no row end. */
  prevCell = false;

  constructor(
    private readonly out: TextSink,
    private readonly paragraphs: ParagraphCursor | null,
    private readonly notes: NoteMarks,
    /** A note story's own marks: 1, 2, 3… or i, ii, iii… (kept as its label: no division, no string). */
    private readonly note: NoteNumber,
  ) {}

  /**
   * CPs [cp, stop), shown (no field instruction open), read from `source` at index CP + delta
   * (a segment of the document's units, or a symbol run's mapped copy). Returns `stop`, or the CP
   * of a note reference or field mark for the renderer. The hot loop: the sink's chunk, its length
   * and its held-back tab are locals.
   */
  run(source: Uint16Array, delta: number, cp: number, stop: number): number {
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
    /** The loop stopped before a unit for the renderer (a note reference or a field mark). */
    let leave = false;
    /** The loop stopped after a note's own mark that a run of them follows. */
    let noteRun = false;
    let i = cp + delta;
    const end = stop + delta;
    while (i < end) {
      if (n > ROOM) n = out.flush(n);
      // Every unit goes through one table lookup (SHOWN_*: ordinary text, replaced characters and
      // the marks that need no look back in one step, the rest in branches), never leaving the
      // loop but for a note reference or a field mark. A held tab is written at once and taken
      // back if a row end drops it.
      let marks: MarkKind = 'no-properties';
      let hard = end;
      if (paragraphs !== null) {
        // Paragraph properties hold over a run of CPs: the loop stays inside it.
        const props = paragraphs.at(i - delta);
        const until = paragraphs.sameUntil(i - delta) + delta;
        if (until < hard) hard = until;
        marks = props.rowEnd ? 'row-end' : props.cellEnd ? 'cell-end' : props.dropCap ? 'drop-cap' : 'paragraph';
      }
      // A tab the loop wrote is held: 0x09 is the last unit written since `n0` (it writes 0x09 for
      // tabs and cell marks only). A row end right after it drops it (the tab a row's last cell
      // mark left, TTP, 2.4.3).
      let n0 = n;
      if (tab) {
        const first = source[i]!;
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
      while (j < hard) {
        // The table's units go by in a tight loop; it leaves for the actions (row ends, cells).
        const from = j;
        j = tableRun(source, j, hard, buf, n);
        n += j - from;
        if (j === hard) break;
        const c = source[j]!;
        let v = c ^ SHOWN_XOR[c]!;
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
          // A run of note marks follows: their labels at once, below.
          if (++j < end && source[j] === 0x02) {
            noteRun = true;
            break;
          }
          continue;
        }
        if (v === GUESSED_CELL) {
          if (cellAt === j) {
            // No paragraph properties: an 0x07 right after a cell mark that was no row end
            // ends the row (→ newline in place of the cell's tab).
            n--;
            buf[n++] = 0x0a;
          } else {
            buf[n++] = 0x09; // a cell mark → tab, held back
            cellAt = j + 1;
          }
          j++;
          continue;
        }
        // A STOP (paragraph and cell marks never are: the table or its actions write them).
        const cls = CLASS[c]!;
        if (cls === TAB) {
          // A tab, held back; not written right before a row end of this run (TTP, 2.4.3;
          // sprmPFInnerTtp for 0x0D: the tab a row's last cell mark left).
          const after = j + 1 < hard ? source[j + 1]! : -1;
          if (marks !== 'row-end' || (after !== 0x0d && after !== 0x07)) buf[n++] = 0x09;
        } else if (cls === ORDINARY) buf[n++] = c; // U+FFFB..U+FFFF, the table's actions
        else if (cls !== NOTHING && cls !== PARAGRAPH_MARK) {
          // (a paragraph mark stops the table only as a drop cap's: nothing written)
          leave = true; // a note reference or a field mark: the renderer's (plain-text.ts)
          break;
        }
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
      }
      if (n > n0 && buf[n - 1] === 0x09) {
        n--;
        tab = true;
      }
      // A field mark or note reference between two cell marks: the second is no row end.
      prevCell = cellAt === j && !leave;
      i = j;
      if (leave) break;
    }
    out.n = n;
    out.tab = tab;
    if (noteMarks === 'numbered') note.settle(last);
    this.prevCell = prevCell;
    return i - delta;
  }
}
