/**
 * The crafted documents of issue 12, made small enough to build in a test and large enough to pass
 * the limits the old code broke on (an array of ~125,000 pairs spread into a call; one warning
 * string per damaged piece; a Set per table mark): hundreds of thousands of one repeated mark.
 * Each builder says what the plain text must be, computed here from the recipe, not by the parser.
 */
import { formatNumber } from '../src/word/number-format.js';
import { writeDoc } from './doc-writer.js';
import { withFkps } from './fuzz-craft.js';

export interface Crafted {
  bytes: Uint8Array;
  /** The plain text of `story` the recipe implies. */
  story: 'body' | 'footnotes' | 'endnotes';
  expected: string;
}

const u32 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(o, v, true);

/**
 * `n` notes, each one auto-numbered mark and a paragraph mark, in the footnote or endnote story
 * (the old renderer spread one pair per mark into a call: RangeError past ~125,000).
 */
export function craftNoteMarks(story: 'footnotes' | 'endnotes', n: number): Crafted {
  const notes = '\x02\r'.repeat(n);
  const ccp = story === 'footnotes' ? { text: 2, ftn: notes.length } : { text: 2, edn: notes.length };
  const bytes = writeDoc({ pieces: [{ text: `x\r${notes}\r`, compressed: true }], ccp });
  let expected = '';
  for (let k = 1; k <= n; k++) expected += `${story === 'footnotes' ? String(k) : formatNumber(k, 2)}\n`;
  return { bytes, story, expected };
}

/**
 * A body of `n` footnote references ('x' and an auto-numbered mark each) listed in PlcffndRef, and
 * the footnote story with their `n` notes: the body shows 1..n where the marks are.
 */
export function craftNoteReferences(n: number): Crafted {
  const body = 'x\x02'.repeat(n) + '\r';
  const notes = '\x02\r'.repeat(n);
  const file = writeDoc({ pieces: [{ text: `${body}${notes}\r`, compressed: true }], ccp: { text: body.length, ftn: notes.length } });
  // PlcffndRef (2.8.x): n+1 CPs, then n 2-byte FRDs (nAuto 1: auto-numbered).
  const plc = new Uint8Array(4 * (n + 1) + 2 * n);
  for (let k = 0; k < n; k++) {
    u32(plc, 4 * k, 2 * k + 1);
    plc[4 * (n + 1) + 2 * k] = 1;
  }
  u32(plc, 4 * n, body.length);
  const bytes = withFkps(file, 0, 12, () => {}, { bytes: [...plc], pair: 2 });
  let expected = '';
  for (let k = 1; k <= n; k++) expected += `x${k}`;
  return { bytes, story: 'body', expected: `${expected}\n` };
}

/**
 * `n` cell marks (0x07) in one paragraph run flagged as a table row end (sprmPFTtp): every mark
 * ends a row, so the text is `n` line ends (the old renderer kept each in a Set: 2^24 at most).
 */
export function craftRowEnds(n: number): Crafted {
  return { bytes: rowEndRun('\x07'.repeat(n)), story: 'body', expected: '\n'.repeat(n) };
}

/**
 * A body of `text` (8-bit characters) in one paragraph run flagged as a table row end
 * (sprmPFTtp): every 0x07 and 0x0D in it ends a row.
 */
export function rowEndRun(text: string): Uint8Array {
  const n = text.length;
  const file = writeDoc({ pieces: [{ text, compressed: true }] });
  const TEXT = 0x800; // doc-writer's textOffset
  return withFkps(file, 1, 13, (page) => {
    // PapxFkp (2.9.175): one run [TEXT, TEXT + n), its BxPap at word offset 0xF0 → PapxInFkp:
    // cb 0, cb' 3 → 6 bytes: istd 0, sprmPFTtp (0x2417) = 1, padding.
    u32(page, 0, TEXT);
    u32(page, 4, TEXT + n);
    page[8] = 0xf0;
    page.set([0, 3, 0, 0, 0x17, 0x24, 1, 0], 480);
    page[511] = 1;
  });
}

/**
 * `n` table rows of one cell ('c', cell mark, row-end mark) without paragraph properties: the
 * row ends are guessed (an 0x07 right after a cell mark).
 */
export function craftGuessedRows(n: number): Crafted {
  const bytes = writeDoc({ pieces: [{ text: 'c\x07\x07'.repeat(n), compressed: true }] });
  return { bytes, story: 'body', expected: 'c\n'.repeat(n) };
}

/**
 * `n` one-character pieces, every one pointing past the end of the WordDocument stream (the old
 * reader kept one warning string per piece, then spread them into a call).
 */
export function craftPiecesPastEnd(n: number): Crafted {
  const bytes = writeDoc({
    pieces: Array.from({ length: n }, () => ({ text: 'a', compressed: true })),
    mutatePieces: (pcds) => {
      for (const p of pcds) p.fc = 0x3fff0000;
    },
  });
  return { bytes, story: 'body', expected: '' };
}
