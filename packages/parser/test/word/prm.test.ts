/**
 * Fast-saved files' property modifiers ([MS-DOC] 2.9.209 Prm, Prc): a piece's Prm1 names a grpprl
 * of the Clx's RgPrc that applies over the properties of the piece's text. Word writes the
 * paragraph style of a paragraph retyped after a fast save this way (poi/rasp.doc: a Heading 1
 * paragraph whose mark's PAPX says Normal, the piece holding the mark carrying sprmPIstd 1), and
 * a Prm0 a single sprm (poi/TestInvertedClassID.doc, Word 6: four quotations made italic by
 * Prm0 sprmCFItalic 0x81, as LibreOffice shows them).
 * Files built by the test-only writer (harness/doc-writer.ts): LibreOffice never fast-saves.
 */
import { describe, expect, it } from 'vitest';
import { extractCatdocText, extractText } from '../../src/index.js';
import { writeDoc } from '../../harness/doc-writer.js';
import { Bytes } from '../support/bytes.js';
import { PieceTable, parseClx } from '../../src/word/piece-table.js';
import { PropertyRuns } from '../../src/word/property-runs.js';
import { applyPrms } from '../../src/word/prm.js';
import { ParagraphRuns } from '../../src/word/paragraph-props.js';
import type { Style } from '../../src/word/styles.js';

describe('parseClx: Prm1', () => {
  // Two Prcs (sprmPOutLvl 0; sprmPIstd 1), then a Pcdt of three 1-char pieces: Prm 0, Prm1 → Prc 1, Prm1 → Prc 5 (none).
  const prc0 = [0x40, 0x26, 0x00];
  const prc1 = [0x00, 0x46, 0x01, 0x00];
  const clx = new Bytes()
    .u8(1).u16(prc0.length).u8(...prc0)
    .u8(1).u16(prc1.length).u8(...prc1)
    .u8(2).u32(4 * 4 + 3 * 8)
    .u32(0).u32(1).u32(2).u32(3)
    .u16(0).u32(0x1000).u16(0)
    .u16(0).u32(0x1002).u16((1 << 1) | 1)
    .u16(0).u32(0x1004).u16((5 << 1) | 1)
    .bytes();

  it('a Prm1 gives its piece the grpprl it indexes; an index past the RgPrc gives none', () => {
    const pieces = parseClx(clx, 0, clx.length, 'fc-compressed', 'word97').pieces;
    expect(pieces.map((p) => (p.prm ? [...p.prm.bytes.subarray(p.prm.start, p.prm.end)] : null))).toEqual([null, prc1, null]);
    expect(pieces[1]).toMatchObject({ cpStart: 1, cpEnd: 2, offset: 0x1002, compressed: false });
  });

  it('a Prm0 is one sprm by its isprm (2.9.215: 0x56 sprmCFItalic, 0x5C sprmCFVanish); isprms not read give none', () => {
    const table = new Bytes()
      .u8(2).u32(4 * 4 + 3 * 8)
      .u32(0).u32(1).u32(2).u32(3)
      .u16(0).u32(0x1000).u16((0x81 << 8) | (0x56 << 1))
      .u16(0).u32(0x1002).u16((0x01 << 8) | (0x5c << 1))
      .u16(0).u32(0x1004).u16((0x01 << 8) | (0x05 << 1)) // sprmPJc: not read
      .bytes();
    const pieces = parseClx(table, 0, table.length, 'fc-compressed', 'word97').pieces;
    expect(pieces.map((p) => (p.prm ? [...p.prm.bytes.subarray(p.prm.start, p.prm.end)] : null))).toEqual([[0x36, 0x08, 0x81], [0x3c, 0x08, 0x01], null]);
  });

  it("'word6': Word 6 sprms translated (Prm0's isprm is the Word 6 sprm: 86 sprmCFItalic; a Prm1 grpprl [86, 1])", () => {
    const table = new Bytes()
      .u8(1).u16(2).u8(86, 1)
      .u8(2).u32(4 * 3 + 2 * 8)
      .u32(0).u32(1).u32(2)
      .u16(0).u32(0x1000).u16((0x81 << 8) | (86 << 1))
      .u16(0).u32(0x1002).u16(1)
      .bytes();
    const pieces = parseClx(table, 0, table.length, 'fc-compressed', 'word6').pieces;
    expect(pieces.map((p) => (p.prm ? [...p.prm.bytes.subarray(p.prm.start, p.prm.end)] : null))).toEqual([[0x36, 0x08, 0x81], [0x36, 0x08, 0x01]]);
  });

  it("'ignore' reads no Prm", () => {
    expect(parseClx(clx, 0, clx.length, 'fc-compressed', 'ignore').pieces.some((p) => p.prm)).toBe(false);
  });

  it('a paragraph mark in a piece with sprmPIstd takes that style (its PAPX says Normal)', () => {
    const pieces = parseClx(clx, 0, clx.length, 'fc-compressed', 'word97');
    const table = new Uint8Array(8);
    const styles: Style[] = [
      { sti: 0, name: 'Normal', stk: 1, istdBase: 0xfff, papx: null, chpx: null },
      { sti: 1, name: 'heading 1', stk: 1, istdBase: 0, papx: null, chpx: null },
    ];
    // One PAPX run (istd 0, no sprms) covers all three pieces' bytes.
    const papx = PropertyRuns.of([{ fcStart: 0x1000, fcEnd: 0x1006, bytes: new Uint8Array(4), start: 0, end: 0, istd: 0 }]);
    const reader = new ParagraphRuns(pieces, applyPrms(pieces, papx, 'runs-only'), styles, table);
    expect([0, 1, 2].map((cp) => reader.at(cp).istd)).toEqual([0, 1, 0]);
    expect(new ParagraphRuns(pieces, papx, styles, table).at(1).istd).toBe(0); // the FKP alone says Normal
  });
});

describe('applyPrms', () => {
  // Piece [CP 0, 4) at FC 100 (8-bit) with a Prm (sprmCFBold 1); the rest of the text has none.
  const prm = { bytes: Uint8Array.of(0x35, 0x08, 0x01), start: 0, end: 3 };
  const pieces = new PieceTable([
    { cpStart: 0, cpEnd: 4, offset: 100, compressed: true, prm },
    { cpStart: 4, cpEnd: 8, offset: 200, compressed: true },
  ]);
  const own = Uint8Array.of(0x36, 0x08, 0x01); // sprmCFItalic 1
  const run = (fcStart: number, fcEnd: number) => ({ fcStart, fcEnd, bytes: own, start: 0, end: 3, istd: 0 });
  const show = (runs: PropertyRuns) => [...runs].map((r) => [r.fcStart, r.fcEnd, [...r.bytes.subarray(r.start, r.end)]]);

  it('cuts a run crossing the piece and appends the Prm inside it; fills what no run covers', () => {
    expect(show(applyPrms(pieces, PropertyRuns.of([run(90, 102), run(103, 110), run(200, 204)]), 'fill'))).toEqual([
      [90, 100, [0x36, 0x08, 0x01]],
      [100, 102, [0x36, 0x08, 0x01, 0x35, 0x08, 0x01]],
      [102, 103, [0x35, 0x08, 0x01]],
      [103, 104, [0x36, 0x08, 0x01, 0x35, 0x08, 0x01]],
      [104, 110, [0x36, 0x08, 0x01]],
      [200, 204, [0x36, 0x08, 0x01]],
    ]);
  });

  it('a run over two Prm pieces is cut at each edge', () => {
    const two = new PieceTable([
      { cpStart: 0, cpEnd: 4, offset: 100, compressed: true, prm },
      { cpStart: 4, cpEnd: 8, offset: 106, compressed: true, prm },
    ]);
    expect(show(applyPrms(two, PropertyRuns.of([run(98, 112)]), 'runs-only')).map(([a, b, g]) => [a, b, (g as number[]).length])).toEqual([
      [98, 100, 3],
      [100, 104, 6],
      [104, 106, 3],
      [106, 110, 6],
      [110, 112, 3],
    ]);
  });

  it("'runs-only' leaves uncovered bytes uncovered; no Prm, the runs as they are", () => {
    expect(show(applyPrms(pieces, PropertyRuns.of([run(101, 102)]), 'runs-only'))).toEqual([[101, 102, [0x36, 0x08, 0x01, 0x35, 0x08, 0x01]]]);
    const plain = PropertyRuns.of([run(100, 104)]);
    expect(applyPrms(new PieceTable([{ cpStart: 0, cpEnd: 4, offset: 100, compressed: true }]), plain, 'fill')).toBe(plain);
  });
});

describe('fast-saved paragraphs in a document', () => {
  // "Intro" (PAPX: body text), then "Title" whose mark sits in a piece of its own, as Word appends
  // a retyped paragraph mark after a fast save; that piece's Prm1 sets sprmPOutLvl 0 (level 1).
  const doc = (prm: number) =>
    writeDoc({
      pieces: [{ text: 'Intro\rTitle', compressed: true }, { text: '\r', compressed: true, prm }, { text: 'End\r', compressed: true }],
      prcs: [Uint8Array.of(0x40, 0x26, 0x00)],
      paragraphs: [{ cpEnd: 6, grpprl: [] }, { cpEnd: 12, grpprl: [] }, { cpEnd: 16, grpprl: [] }],
    });

  it('the Prm makes the paragraph a heading', () => {
    expect(extractText(doc(0x0001), { format: 'markdown' })).toBe('Intro\n\n# Title\n\nEnd\n');
    expect(extractText(doc(0x0000), { format: 'markdown' })).toBe('Intro\n\nTitle\n\nEnd\n');
  });

  it('a Prm0 over text without a CHPX formats it (sprmCFItalic 1 on the piece "Title")', () => {
    const bytes = writeDoc({
      pieces: [{ text: 'Intro\r', compressed: true }, { text: 'Title', compressed: true, prm: (0x01 << 8) | (0x56 << 1) }, { text: '\r', compressed: true }],
    });
    expect(extractText(bytes, { format: 'markdown' })).toBe('Intro\n\n_Title_\n');
  });

  it('plain and catdoc text do not change', () => {
    expect(extractText(doc(0x0001))).toBe(extractText(doc(0x0000)));
    expect(extractCatdocText(doc(0x0001))).toBe(extractCatdocText(doc(0x0000)));
  });
});
