/**
 * Word 6/95 structure: paragraph runs, styles and character runs read in the Word 6 layouts and
 * their sprms translated to Word 97 ones reach the tree (headings, tables, emphasis), while the
 * plain text stays what it was (Word 6 files are read without formatting, as catdoc does).
 */
import { describe, expect, it } from 'vitest';
import { word6File, word6Stream, writeWord6, type Word6Doc } from '../../harness/word6-writer.js';
import { DocParseError, extractText, parseDoc, renderHtml, renderMarkdown } from '../../src/index.js';
import { translateWord6Grpprl } from '../../src/word/sprm-word6.js';

// Word 6 sprms: 9 sprmPPageBreakBefore, 24 sprmPFInTable, 25 sprmPTtp, 12 sprmPAnld (variable),
// 85 sprmCFBold, 86 sprmCFItalic, 190 sprmTDefTable (2-byte size), 17 sprmPDxaLeft (2 bytes).
describe('translateWord6Grpprl', () => {
  it('keeps the sprms the structure reads, as Word 97 opcodes, and skips the others by their Word 6 sizes', () => {
    const word6 = [24, 1, 12, 3, 0xaa, 0xbb, 0xcc, 85, 1, 190, 4, 0, 1, 2, 3, 17, 0x40, 0x01, 25, 1, 9, 1];
    // sprmPFInTable 0x2416, sprmCFBold 0x0835, sprmPFTtp 0x2417, sprmPFPageBreakBefore 0x2407, little-endian.
    expect([...translateWord6Grpprl(Uint8Array.from(word6), 0, word6.length)]).toEqual([0x16, 0x24, 1, 0x35, 0x08, 1, 0x17, 0x24, 1, 0x07, 0x24, 1]);
  });

  it('stops at a sprm that runs past the end (a damaged grpprl reads as far as it is intact)', () => {
    const word6 = [86, 1, 17, 0x40];
    expect([...translateWord6Grpprl(Uint8Array.from(word6), 0, word6.length)]).toEqual([0x36, 0x08, 1]);
  });
});

describe('a Word 6 document with styles, a table and bold text', () => {
  const bytes = writeWord6({
    styles: [
      { sti: 0, name: 'Normal' },
      { sti: 1, name: 'heading 1' },
      { sti: 2, name: 'heading 2' },
      // A user style based on Heading 2: a level-2 heading too.
      { sti: 0xffe, name: 'Section Title', base: 2 },
    ],
    paragraphs: [
      { text: 'Chapter\r', istd: 1 },
      { text: 'Body text\r' },
      { text: 'Section\r', istd: 3 },
      { text: 'A\x07', grpprl: [24, 1] },
      { text: 'B\x07', grpprl: [24, 1] },
      { text: '\x07', grpprl: [24, 1, 25, 1] },
      { text: 'After\r' },
    ],
    // "text" in "Body text" (CPs 13..17) is bold.
    characters: [{ cp: [13, 17], grpprl: [85, 1] }],
  });

  it('is read as Word 6', () => {
    expect(parseDoc(bytes).info.format).toBe('word6');
  });

  it('gives Markdown headings from the styles, a table from the table marks and bold from the character run', () => {
    expect(extractText(bytes, { format: 'markdown' })).toBe('# Chapter\n\nBody **text**\n\n## Section\n\n| A | B |\n| --- | --- |\n\nAfter\n');
  });

  it('keeps the plain text as it was: no formatting read, cells guessed from the 0x07 marks', () => {
    expect(extractText(bytes)).toBe('Chapter\nBody text\nSection\nA\tB\nAfter\n');
  });
});

describe('a Word 6 row with merged cells (sprmTDefTable: 10-byte TCs)', () => {
  // sprmTDefTable (190): cb = 40 (the 39 bytes after it, plus one), itcMac 3, four boundaries
  // (0, 1000, 2000, 3000 twips), three TCs: fFirstMerged, fMerged, none.
  const tc = (flags: number) => [flags, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const defTable = [190, 40, 0, 3, 0, 0, 0xe8, 0x03, 0xd0, 0x07, 0xb8, 0x0b, ...tc(0x01), ...tc(0x02), ...tc(0)];
  const bytes = writeWord6({
    styles: [{ sti: 0, name: 'Normal' }],
    paragraphs: [
      { text: 'Wide\x07', grpprl: [24, 1] },
      { text: '\x07', grpprl: [24, 1] },
      { text: 'C\x07', grpprl: [24, 1] },
      { text: '\x07', grpprl: [24, 1, 25, 1, ...defTable] },
      { text: 'End\r' },
    ],
  });

  it('translates the TAP to a Word 97 sprmTDefTable: itcMac, the boundaries, 20-byte TC80s with the merge flags', () => {
    const word97 = [...translateWord6Grpprl(Uint8Array.from(defTable), 0, defTable.length)];
    // 0xD608, cb = 1 + 8 + 60 + 1 = 70, itcMac 3, boundaries, then TC80s whose first byte is the flags.
    expect(word97.slice(0, 13)).toEqual([0x08, 0xd6, 70, 0, 3, 0, 0, 0xe8, 0x03, 0xd0, 0x07, 0xb8, 0x0b]);
    expect(word97.length).toBe(13 + 60);
    expect([word97[13], word97[33], word97[53]]).toEqual([0x01, 0x02, 0]);
  });

  it('shows the merged cell as one cell spanning two columns', () => {
    const tree = parseDoc(bytes).tree();
    const table = tree.body[0];
    expect(table?.type).toBe('table');
    if (table?.type !== 'table') return;
    expect(table.rows[0]!.cells.map((cell) => [cell.colspan ?? 1, cell.blocks.map((b) => (b.type === 'paragraph' ? b.children.map((c) => (c.type === 'text' ? c.text : '')).join('') : '?')).join('|')])).toEqual([
      // The merged cell holds both cells' paragraphs (the second one empty), as a Word 97 merge does.
      [2, 'Wide|'],
      [1, 'C'],
    ]);
  });
});

describe('damaged Word 6 formatting', () => {
  const spec: Word6Doc = {
    styles: [
      { sti: 0, name: 'Normal', chpx: [85, 1] },
      { sti: 1, name: 'heading 1', base: 0, papx: [9, 1] },
    ],
    paragraphs: [
      { text: 'Title\r', istd: 1 },
      { text: 'A\x07', grpprl: [24, 1] },
      { text: '\x07', grpprl: [24, 1, 25, 1, 190, 12, 0, 1, 0, 0, 0xe8, 0x03, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      { text: 'Body\r', grpprl: [12, 3, 1, 2, 3] },
    ],
    characters: [{ cp: [0, 3], grpprl: [86, 1, 68, 4, 0, 0, 0, 0] }],
  };
  const clean = word6Stream(spec);

  it('renders every damaged copy (page bytes, bin tables, style sheet overwritten) or refuses it with a DocParseError', () => {
    // A deterministic generator: 400 cases, each overwriting 1-8 bytes of the FKP pages and tables.
    let state = 0x5eed;
    const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 8;
    let rendered = 0;
    for (let k = 0; k < 400; k++) {
      const bytes = clean.slice();
      for (let n = 1 + (next() % 8); n > 0; n--) bytes[0x800 + (next() % 0x600)] = next() & 0xff;
      try {
        const tree = parseDoc(word6File(bytes)).tree();
        expect(typeof renderMarkdown(tree)).toBe('string');
        expect(typeof renderHtml(tree)).toBe('string');
        rendered++;
      } catch (error) {
        if (!(error instanceof DocParseError)) throw error;
      }
    }
    expect(rendered).toBeGreaterThan(200);
  });
});
