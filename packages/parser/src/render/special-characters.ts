/**
 * The special characters of the plain-text renderer ([MS-DOC] 2.4.x control characters, NBSP,
 * ZWNBSP): a class for every code unit, and what the replaced ones are shown as.
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
/** In a field instruction only field marks and note marks (numbered even where not shown) count. */
export const IN_INSTRUCTION = new Uint8Array(65536);
IN_INSTRUCTION[0x02] = IN_INSTRUCTION[0x13] = IN_INSTRUCTION[0x14] = IN_INSTRUCTION[0x15] = 1;

/**
 * The end of the run of `mark` (0x02 note marks) that `source` holds from `from`: the index of
 * the first other unit in [from, end), or `end`.
 */
export function runEnd(source: Uint16Array, from: number, end: number, mark: number): number {
  let j = from;
  while (j < end && source[j] === mark) j++;
  return j;
}
