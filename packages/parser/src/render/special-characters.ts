/**
 * The special characters of the plain-text renderer ([MS-DOC] 2.4.x control characters, NBSP,
 * ZWNBSP): a class for every code unit, what the replaced ones are shown as, and the search for
 * the next special character through long runs of ordinary text.
 */

/**
 * The class of every code unit (0 = ordinary text), so that one table lookup tells what a
 * character does: the special ones are controls (0x00-0x1F), NBSP and ZWNBSP.
 */
export const ORDINARY = 0;
/** An anchor or mark with no text of its own: 0x00 deleted or hidden text, 0x01 picture, 0x03/0x04 note separators, 0x05 comment anchor, 0x08 drawn object, 0x1F soft hyphen, …, U+FEFF a zero-width no-break space. */
export const NOTHING = 1;
/** Shown as SHOWN_AS: 0x0B line break, 0x0C page or section break → newline; 0x1E non-breaking hyphen → '-'; NBSP → space. */
export const REPLACED = 2;
export const PARAGRAPH_MARK = 3;
export const CELL_MARK = 4;
export const TAB = 5;
export const NOTE_MARK = 6;
export const FIELD_MARK = 7;
export const CLASS = new Uint8Array(65536);
for (let c = 0; c < 0x20; c++) CLASS[c] = NOTHING;
CLASS[0xfeff] = NOTHING;
CLASS[0x0b] = CLASS[0x0c] = CLASS[0x1e] = CLASS[0xa0] = REPLACED;
CLASS[0x0d] = PARAGRAPH_MARK;
CLASS[0x07] = CELL_MARK;
CLASS[0x09] = TAB;
CLASS[0x02] = NOTE_MARK;
CLASS[0x13] = CLASS[0x14] = CLASS[0x15] = FIELD_MARK;
export const SHOWN_AS = new Uint16Array(0x100);
SHOWN_AS[0x0b] = SHOWN_AS[0x0c] = 0x0a;
SHOWN_AS[0x1e] = 0x2d;
SHOWN_AS[0xa0] = 0x20;
/**
 * The control characters but the paragraph mark, for the regex engine's search through long runs
 * of ordinary text. The paragraph mark, NBSP and ZWNBSP, the other special characters, are found
 * by indexOf: with NBSP and ZWNBSP in its class the regex engine's quick check lets every space,
 * digit and punctuation mark through to a slower test (2-3× the time on prose); a paragraph mark,
 * the one met most often after a long run, costs ~8 ns by indexOf against ~45 ns a regex search.
 */
const CONTROL = /[\x00-\x0c\x0e-\x1f]/g;
/** In a field instruction only field marks and note marks (numbered even where not shown) count. */
export const IN_INSTRUCTION = new Uint8Array(65536);
IN_INSTRUCTION[0x02] = IN_INSTRUCTION[0x13] = IN_INSTRUCTION[0x14] = IN_INSTRUCTION[0x15] = 1;

/**
 * The special characters of one string: the next control character (regex), paragraph mark, NBSP
 * and ZWNBSP (indexOf) at or after an index. Each answer is kept with the index it was searched
 * from, and serves every later question between the two: passes that ask about indexes that do not
 * decrease search every character at most once for each, and one search serves every story pass
 * of a document (a pass over each of thousands of text boxes would otherwise search on from its
 * box to the end of the string for an NBSP that is not there, again and again).
 */
export class SpecialSearch {
  // Per kind: the answer, and the index it was searched from.
  private control = -1;
  private controlSince = 0;
  private paragraph = -1;
  private paragraphSince = 0;
  private nbsp = -1;
  private nbspSince = 0;
  private zwnbsp = -1;
  private zwnbspSince = 0;

  constructor(readonly source: string) {}

  /** The index of the first special character at or after `from` (the string's length if none). */
  next(from: number): number {
    const source = this.source;
    if (from > this.control || from < this.controlSince) {
      CONTROL.lastIndex = from;
      this.control = CONTROL.test(source) ? CONTROL.lastIndex - 1 : source.length;
      this.controlSince = from;
    }
    if (from > this.paragraph || from < this.paragraphSince) {
      this.paragraph = indexOrLength(source, '\r', from);
      this.paragraphSince = from;
    }
    if (from > this.nbsp || from < this.nbspSince) {
      this.nbsp = indexOrLength(source, '\xa0', from);
      this.nbspSince = from;
    }
    if (from > this.zwnbsp || from < this.zwnbspSince) {
      this.zwnbsp = indexOrLength(source, '\ufeff', from);
      this.zwnbspSince = from;
    }
    return Math.min(this.control, this.paragraph, this.nbsp, this.zwnbsp);
  }
}

function indexOrLength(source: string, unit: string, from: number): number {
  const at = source.indexOf(unit, from);
  return at < 0 ? source.length : at;
}

/** Per mark (note 0x02, cell 0x07, paragraph 0x0D): a search for the first unit that is not it. */
const NOT_MARK: Record<number, RegExp> = { 0x02: /[^\x02]/g, 0x07: /[^\x07]/g, 0x0d: /[^\r]/g };
/** Units a run is read one by one before the regex engine is asked (a call costs more than a short run). */
const SHORT_RUN = 16;

/**
 * The end of the run of `mark` (0x02, 0x07 or 0x0D) that `source` holds from `from`: the index of
 * the first other unit in [from, end), or `end`. A long run (a crafted story of 200,000 marks) is
 * searched by the regex engine (native), not one unit at a time in JS: in a fresh process the
 * loop ran interpreted over it for 10 ms.
 */
export function runEnd(source: string, from: number, end: number, mark: number): number {
  let j = from;
  const short = from + SHORT_RUN < end ? from + SHORT_RUN : end;
  while (j < short && source.charCodeAt(j) === mark) j++;
  if (j < short || j === end) return j;
  const search = NOT_MARK[mark]!;
  search.lastIndex = j;
  const at = search.test(source) ? search.lastIndex - 1 : source.length;
  return at < end ? at : end;
}
