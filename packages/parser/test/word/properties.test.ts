/** word/paragraph-props.ts and word/character-props.ts on synthetic runs, styles and pieces. */
import { describe, expect, it } from 'vitest';
import { hiddenCpRuns, symbolCharOf, symbolCpRuns } from '../../src/word/character-props.js';
import type { CpRuns } from '../../src/word/cp-runs.js';
import { PropertyRuns, type PropertyRun } from '../../src/word/property-runs.js';
import { ParagraphRuns } from '../../src/word/paragraph-props.js';
import { PieceTable } from '../../src/word/piece-table.js';
import type { Style, StyleSheet } from '../../src/word/styles.js';

/** Runs whose grpprls are laid out one after another in one byte array. */
function runs(specs: Array<{ fc: [number, number]; grpprl: number[]; istd?: number }>): { bytes: Uint8Array; runs: PropertyRuns } {
  const all: number[] = [];
  const out: PropertyRun[] = [];
  const bytes = new Uint8Array(1024);
  for (const s of specs) {
    const start = all.length;
    all.push(...s.grpprl);
    out.push({ fcStart: s.fc[0], fcEnd: s.fc[1], bytes, start, end: all.length, istd: s.istd ?? 0 });
  }
  bytes.set(all);
  return { bytes, runs: PropertyRuns.of(out) };
}

// CPs 0..9 are 8-bit text at stream offsets 100..109; CPs 10..19 UTF-16 at 300..319.
const pieces = new PieceTable([
  { cpStart: 0, cpEnd: 10, offset: 100, compressed: true },
  { cpStart: 10, cpEnd: 20, offset: 300, compressed: false },
]);

describe('ParagraphRuns', () => {
  // Style 1 (based on 0) sets ilvl 2; the run sets ilfo 3 and ends a table row.
  const table = Uint8Array.of(0x0a, 0x26, 0x02);
  const styles: Style[] = [
    { sti: 0, name: 'Normal', stk: 1, istdBase: 0xfff, papx: null, chpx: null },
    { sti: 0x0ffe, name: 'Mine', stk: 1, istdBase: 0, papx: { start: 0, end: 3 }, chpx: null },
  ];
  const papx = runs([
    { fc: [100, 105], grpprl: [0x0b, 0x46, 0x03, 0x00, 0x17, 0x24, 0x01], istd: 1 },
    { fc: [300, 320], grpprl: [0x4b, 0x24, 0x01] },
  ]);
  const reader = new ParagraphRuns(pieces, papx.runs, styles, table);

  it('applies the paragraph style, then the run’s own sprms, at the CP of a paragraph mark', () => {
    expect(reader.available).toBe(true);
    const none = { istd: 0, ilfo: 0, ilvl: 0, outlineLevel: 9, tableDepth: 0, pageBreakBefore: false, rowEnd: false, cellEnd: false, dropCap: false };
    expect(reader.at(2)).toEqual({ ...none, istd: 1, ilfo: 3, ilvl: 2, rowEnd: true });
    expect(reader.at(15)).toEqual({ ...none, cellEnd: true }); // UTF-16 piece: fc 310
    expect(reader.at(7)).toEqual(none); // no run
    expect(reader.at(99)).toEqual(none); // no piece
    expect(list(reader.runs).map(([, a, b]) => [a, b])).toEqual([[0, 5], [10, 20]]);
  });

  it('gives runs with the same style and grpprl bytes the properties of the run before them, and others their own', () => {
    // Paragraph marks at CPs 0..5 (stream offsets 100..105), one run each: 0-1 the same grpprl
    // (ilfo 3) in two places, 2 the same bytes with another style, 3 another operand, 4 a
    // shorter grpprl, 5 the same bytes as 4 at the same place.
    const sprms = [
      { fc: [100, 101], grpprl: [0x0b, 0x46, 0x03, 0x00] },
      { fc: [101, 102], grpprl: [0x0b, 0x46, 0x03, 0x00] },
      { fc: [102, 103], grpprl: [0x0b, 0x46, 0x03, 0x00], istd: 1 },
      { fc: [103, 104], grpprl: [0x0b, 0x46, 0x04, 0x00], istd: 1 },
      { fc: [104, 105], grpprl: [0x0b, 0x46] },
    ] satisfies Array<{ fc: [number, number]; grpprl: number[]; istd?: number }>;
    const made = [...runs(sprms).runs];
    made.push({ ...made[4]!, fcStart: 105, fcEnd: 106 });
    const each = new ParagraphRuns(pieces, PropertyRuns.of(made), styles, table);
    const props = [0, 1, 2, 3, 4, 5].map((k) => each.propsOf(k));
    expect(props.map((p) => [p.istd, p.ilfo, p.ilvl])).toEqual([
      [0, 3, 0],
      [0, 3, 0],
      [1, 3, 2],
      [1, 4, 2],
      [0, 0, 0], // a cut sprm: nothing applied
      [0, 0, 0],
    ]);
    expect(props[1]).toBe(props[0]);
    expect(new Set(props).size).toBe(4);
    expect(props[5]).toBe(props[4]);
  });
});

describe('hiddenCpRanges', () => {
  it('finds hidden text and deleted revisions, with 0x81 toggling what is below (2.9.325)', () => {
    const chpx = runs([
      { fc: [100, 103], grpprl: [0x3c, 0x08, 0x01] }, // sprmCFVanish 1
      { fc: [103, 106], grpprl: [0x00, 0x08, 0x81] }, // sprmCFRMarkDel 0x81: off → on
      { fc: [106, 110], grpprl: [0x3c, 0x08, 0x00] }, // sprmCFVanish 0
      { fc: [304, 310], grpprl: [0x3c, 0x08, 0x01] }, // CPs 12..14 in the UTF-16 piece
    ]);
    expect(hiddenCpRuns(pieces, chpx.runs, PropertyRuns.EMPTY, [], new Uint8Array(0)).starts).toEqual(Int32Array.of(0, 12)); // merged: [0, 6) and [12, 15)
  });

  it('takes hiding from the character style (sprmCIstd), split at paragraphs of other styles', () => {
    const tableStream = Uint8Array.of(0x3c, 0x08, 0x01);
    const styles: Style[] = [
      { stk: 1, istdBase: 0xfff, papx: null, chpx: null },
      { stk: 2, istdBase: 0xfff, papx: null, chpx: { start: 0, end: 3 } }, // a hidden character style
    ];
    const chpx = runs([{ fc: [100, 110], grpprl: [0x30, 0x4a, 0x01, 0x00, 0x3c, 0x08, 0x81] }]); // istd 1, then 0x81 flips it back
    expect(hiddenCpRuns(pieces, chpx.runs, PropertyRuns.EMPTY, styles, tableStream).length).toBe(0);
    const plain = runs([{ fc: [100, 110], grpprl: [0x30, 0x4a, 0x01, 0x00] }]);
    expect(list(hiddenCpRuns(pieces, plain.runs, PropertyRuns.EMPTY, styles, tableStream)).map(([, a, b]) => [a, b])).toEqual([[0, 10]]);
  });

  it('asks only the styles the document uses: Normal, the paragraphs\' and the runs\' character styles', () => {
    const tableStream = Uint8Array.of(0x3c, 0x08, 0x01); // sprmCFVanish 1
    const hiding = { sti: 0x0ffe, name: '', stk: 1, istdBase: 0xfff, papx: null, chpx: { start: 0, end: 3 } };
    const plainStyle = { sti: 0, name: '', stk: 1, istdBase: 0xfff, papx: null, chpx: null };
    // Styles 0-2 show their text, 3 and 4 hide it; the paragraphs use 0 and 2.
    const asked: number[] = [];
    const sheet = (list: Style[]): StyleSheet => ({
      length: list.length,
      at: (istd) => {
        asked.push(istd);
        return list[istd];
      },
    });
    const styles = [plainStyle, plainStyle, plainStyle, hiding, hiding];
    const papx = runs([
      { fc: [100, 104], grpprl: [] },
      { fc: [104, 110], grpprl: [], istd: 2 },
    ]);
    const chpx = runs([
      { fc: [100, 104], grpprl: [] },
      { fc: [104, 110], grpprl: [0x30, 0x4a, 0x01, 0x00] }, // character style 1
    ]);
    expect(hiddenCpRuns(pieces, chpx.runs, papx.runs, sheet(styles), tableStream).length).toBe(0);
    expect([...new Set(asked)].sort()).toEqual([0, 1, 2]);
    // The second paragraph in hiding style 3: its text is hidden, the first paragraph's not.
    const hidingParagraph = runs([
      { fc: [100, 104], grpprl: [] },
      { fc: [104, 110], grpprl: [], istd: 3 },
    ]);
    expect(list(hiddenCpRuns(pieces, chpx.runs, hidingParagraph.runs, sheet(styles), tableStream)).map(([, a, b]) => [a, b])).toEqual([[4, 10]]);
  });
});

describe('symbol-font runs', () => {
  const fonts = ['Times New Roman', 'Symbol', 'Wingdings'];
  const chpx = runs([
    { fc: [100, 101], grpprl: [0x09, 0x6a, 0x01, 0x00, 0xb7, 0xf0] }, // sprmCSymbol: Symbol, U+F0B7
    { fc: [102, 104], grpprl: [0x4f, 0x4a, 0x01, 0x00] }, // sprmCRgFtc0: Symbol
    { fc: [104, 105], grpprl: [0x4f, 0x4a, 0x00, 0x00] }, // Times New Roman: not a symbol run
    { fc: [310, 312], grpprl: [0x4f, 0x4a, 0x02, 0x00] }, // Wingdings, CP 15
  ]);
  const symbolRuns = symbolCpRuns(pieces, chpx.runs, (ftc) => fonts[ftc]);

  it('finds the runs in symbol fonts, as CP runs', () => {
    expect(list(symbolRuns).map(([r, a, b]) => [a, b, r.placeholder, r.runFont])).toEqual([
      [0, 1, 0x2022, null], // U+F0B7 in Symbol is the bullet
      [2, 4, -1, 'symbol'],
      [15, 16, -1, 'wingdings'],
    ]);
  });

  it('gives the Unicode character each glyph shows', () => {
    const [placeholder, symbol, wingdings] = symbolRuns.values;
    expect([symbolCharOf(placeholder!, 0x28), symbolCharOf(placeholder!, 0x61)]).toEqual([0x2022, 0x61]);
    expect([symbolCharOf(symbol!, 0x61), symbolCharOf(symbol!, 0xf062), symbolCharOf(symbol!, 0x0d), symbolCharOf(symbol!, 0x7f)]).toEqual([0x3b1, 0x3b2, 0x0d, 0x7f]);
    expect(symbolCharOf(wingdings!, 0xf0fc)).toBe(0x2713);
  });
});

function list<T>(r: CpRuns<T>): Array<[T, number, number]> {
  return r.values.map((v, k) => [v, r.starts[k]!, r.ends[k]!]);
}
