/**
 * The word/ modules the document tree reads, on hand-built bytes: fields.ts parseHyperlink,
 * table-row.ts (TAP), character-format.ts (marks), sttb.ts, bookmarks.ts, annotations.ts,
 * office-art.ts (BLIPs, PICF), styles.ts sti and names.
 */
import { describe, expect, it } from 'vitest';
import { readCommentInfo } from '../../src/word/annotations.js';
import { readBookmarks } from '../../src/word/bookmarks.js';
import { characterFormatCpRuns } from '../../src/word/character-format.js';
import { parseHyperlink } from '../../src/word/fields.js';
import { PropertyRuns } from '../../src/word/property-runs.js';
import { inlinePicture, readBlip } from '../../src/word/pictures.js';
import { PieceTable } from '../../src/word/piece-table.js';
import { readSttb, readXsts } from '../../src/word/sttb.js';
import { parseStyles, type Style } from '../../src/word/styles.js';
import { readTableRow } from '../../src/word/table-row.js';
import { Bytes } from '../support/bytes.js';

describe('parseHyperlink (HYPERLINK field instructions)', () => {
  it('reads the address, the bookmark, and skips other switches', () => {
    expect(parseHyperlink(' HYPERLINK "http://x.test/a b" ')).toEqual({ url: 'http://x.test/a b' });
    expect(parseHyperlink('HYPERLINK  \\l "_Toc1"')).toEqual({ anchor: '_Toc1' });
    expect(parseHyperlink('hyperlink http://x.test \\o "tip text" \\t "_blank" \\l frag')).toEqual({ url: 'http://x.test', anchor: 'frag' });
    expect(parseHyperlink('HYPERLINK "C:\\\\docs\\\\file.doc"')).toEqual({ url: 'C:\\docs\\file.doc' });
    expect(parseHyperlink(' HYPERLINK "mailto:a@b.test"\u0001')).toEqual({ url: 'mailto:a@b.test' });
  });

  it('takes a localised field name when the field type says HYPERLINK (FLD.flt 88)', () => {
    expect(parseHyperlink(' LIENHYPERTEXTE "http://x.test/fr" ', true)).toEqual({ url: 'http://x.test/fr' });
    expect(parseHyperlink(' LIENHYPERTEXTE "http://x.test/fr" ')).toBeNull();
  });

  it('is null for other fields and for a HYPERLINK without a target', () => {
    expect(parseHyperlink(' PAGE ')).toBeNull();
    expect(parseHyperlink(' TOC \\o "1-3" ')).toBeNull();
    expect(parseHyperlink('HYPERLINK')).toBeNull();
    expect(parseHyperlink('')).toBeNull();
  });
});

/** A sprmTDefTable with the given boundaries and tcgrf flags, then other sprms. */
function tap(boundaries: number[], flags: number[], ...more: number[][]): Uint8Array {
  const body = new Bytes().u8(boundaries.length - 1).u16(...boundaries);
  for (const f of flags) body.u16(f).zeros(18);
  const b = body.bytes();
  const out = new Bytes().u16(0xd608).u16(b.length + 1).u8(...b);
  for (const m of more) out.u8(...m);
  return out.bytes();
}

describe('readTableRow (TAP of a row end mark)', () => {
  it('reads boundaries and the merge flags of each cell (TC80 tcgrf)', () => {
    const bytes = tap([0, 1000, 2000, 3000], [0x01, 0x02, 0x60]);
    expect(readTableRow(bytes, 0, bytes.length)).toEqual({
      boundaries: [0, 1000, 2000, 3000],
      cells: [
        { mergedLeft: false, mergedUp: false },
        { mergedLeft: true, mergedUp: false },
        { mergedLeft: false, mergedUp: false }, // fVertRestart: starts a merge
      ],
      header: false,
    });
  });

  it('applies sprmTTableHeader, sprmTVertMerge and sprmTMerge after the definition', () => {
    const bytes = tap([0, 10, 20, 30], [0, 0, 0], [0x04, 0x34, 0x01], [0x2b, 0xd6, 0x02, 0x02, 0x01], [0x24, 0x56, 0x00, 0x02]);
    const row = readTableRow(bytes, 0, bytes.length)!;
    expect(row.header).toBe(true);
    expect(row.cells).toEqual([
      { mergedLeft: false, mergedUp: false },
      { mergedLeft: true, mergedUp: false },
      { mergedLeft: false, mergedUp: true },
    ]);
  });

  it('is null without table sprms, and survives a definition cut short', () => {
    const none = Uint8Array.of(0x0a, 0x26, 0x01);
    expect(readTableRow(none, 0, none.length)).toBeNull();
    const full = tap([0, 10, 20], [0x02, 0x02]);
    const cut = readTableRow(full, 0, 12);
    expect(cut === null || cut.cells.length <= 2).toBe(true);
  });
});

/** Runs whose grpprls sit one after another in one array (as properties.test.ts builds them). */
function runs(specs: Array<{ fc: [number, number]; grpprl: number[]; istd?: number }>): PropertyRuns {
  const bytes = new Uint8Array(256);
  let at = 0;
  return PropertyRuns.of(
    specs.map((s) => {
      bytes.set(s.grpprl, at);
      const run = { fcStart: s.fc[0], fcEnd: s.fc[1], bytes, start: at, end: at + s.grpprl.length, istd: s.istd ?? 0 };
      at += s.grpprl.length;
      return run;
    }),
  );
}

describe('characterFormatCpRuns (marks over the paragraph style)', () => {
  // 8-bit text: CP n at stream offset 100 + n.
  const pieces = new PieceTable([{ cpStart: 0, cpEnd: 40, offset: 100, compressed: true }]);
  // Table stream: style 1's CHPX (bold), style 2's CHPX (italic, a character style).
  const table = Uint8Array.of(0x35, 0x08, 0x01, 0x36, 0x08, 0x01);
  const styles: Style[] = [
    { sti: 0, name: 'Normal', stk: 1, istdBase: 0xfff, papx: null, chpx: null },
    { sti: 1, name: 'heading 1', stk: 1, istdBase: 0, papx: null, chpx: { start: 0, end: 3 } },
    { sti: 0x0ffe, name: 'Emphasis', stk: 2, istdBase: 0xfff, papx: null, chpx: { start: 3, end: 6 } },
  ];
  // Paragraphs: CPs 0-9 Normal, 10-19 in bold "heading 1".
  const papx = runs([{ fc: [100, 110], grpprl: [] }, { fc: [110, 120], grpprl: [], istd: 1 }]);

  it('counts direct formatting and character styles, not what the paragraph style gives', () => {
    const chpx = runs([
      { fc: [100, 102], grpprl: [0x35, 0x08, 0x01] }, // bold in Normal: a mark
      { fc: [102, 104], grpprl: [0x30, 0x4a, 0x02, 0x00] }, // character style Emphasis: italic
      { fc: [104, 106], grpprl: [0x3e, 0x2a, 0x01, 0x48, 0x2a, 0x01] }, // underline, superscript
      { fc: [110, 112], grpprl: [0x35, 0x08, 0x01] }, // bold in a bold heading: no mark
      { fc: [112, 114], grpprl: [0x35, 0x08, 0x81] }, // 0x81 in a bold heading: not bold, no mark
      { fc: [114, 116], grpprl: [0x36, 0x08, 0x01, 0x37, 0x08, 0x01] }, // italic, strike in the heading: marks
    ]);
    const found = characterFormatCpRuns(pieces, chpx, papx, styles, table);
    const ranges = found.values.map((run, k) => [found.starts[k], found.ends[k], on(run)]);
    expect(ranges).toEqual([
      [0, 2, 'bold'],
      [2, 4, 'italic'],
      [4, 6, 'underline superscript'],
      [14, 16, 'italic strike'],
    ]);
  });

  it('finds an inline picture: sprmCFSpec with sprmCPicLocation', () => {
    const chpx = runs([{ fc: [103, 104], grpprl: [0x03, 0x6a, 0x10, 0x20, 0x00, 0x00, 0x55, 0x08, 0x01] }]);
    const found = characterFormatCpRuns(pieces, chpx, papx, styles, table);
    expect([found.starts[0], found.ends[0]]).toEqual([3, 4]);
    expect(found.values[0]).toMatchObject({ picture: 0x2010 });
  });
});

function on(format: Record<string, unknown>): string {
  return ['bold', 'italic', 'underline', 'strike', 'superscript', 'subscript'].filter((k) => format[k] === true).join(' ');
}

describe('string tables, bookmarks, comment authors', () => {
  const sttb = new Bytes().u16(0xffff, 2, 0).u16(3).utf16('one').u16(7).utf16('_Toc123').bytes();

  it('reads an extended STTB and a run of Xsts', () => {
    expect(readSttb(sttb, 0, sttb.length)).toEqual(['one', '_Toc123']);
    expect(readSttb(sttb, 0, 9)).toEqual([]); // cut inside the first string
    expect(readSttb(Uint8Array.of(2, 0, 0, 0, 0, 0), 0, 6)).toEqual([]); // not extended
    const xsts = new Bytes().u16(5).utf16('Alice').u16(3).utf16('Bob').bytes();
    expect(readXsts(xsts, 0, xsts.length)).toEqual(['Alice', 'Bob']);
  });

  it('pairs bookmark names with their start CPs, sorted', () => {
    const stream = new Bytes().u8(...sttb).u32(50, 7, 99).u32(0, 0).bytes(); // PlcfBkf: 2 CPs + end, 2 FBKFs
    expect(readBookmarks(stream, { fc: 0, lcb: sttb.length }, { fc: sttb.length, lcb: 20 })).toEqual([
      { name: '_Toc123', cp: 7 },
      { name: 'one', cp: 50 },
    ]);
  });

  it('gives each comment its author (ibst) and initials', () => {
    // PlcfandRef: 3 CPs, then 2 ATRDPre10 (xstUsrInitl in 20 bytes, ibst, 8 more bytes).
    const refs = new Bytes().u32(4, 9, 20);
    for (const [initials, ibst] of [['AR', 1], ['B', 0]] as const) {
      const start = refs.length;
      refs.u16(initials.length).utf16(initials).at(start + 20).u16(ibst).zeros(8);
    }
    const owners = new Bytes().u16(3).utf16('Bob').u16(5).utf16('Alice').bytes();
    const stream = new Bytes().u8(...refs.bytes()).u8(...owners).bytes();
    expect(readCommentInfo(stream, { fc: 0, lcb: 12 + 60 }, { fc: 72, lcb: owners.length })).toEqual([
      { cp: 4, author: 'Alice', initials: 'AR' },
      { cp: 9, author: 'Bob', initials: 'B' },
    ]);
  });
});

describe('office-art (pictures)', () => {
  const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1, 2, 3);
  /** An OfficeArtBlipPNG with one UID. */
  const blip = (data: Uint8Array, type = 0xf01e, instance = 0x6e0) => new Bytes().u16(instance << 4).u16(type).u32(17 + data.length).zeros(17).u8(...data).bytes();

  it('takes the file data out of a raster BLIP, and makes a DIB a BMP', () => {
    const b = blip(png);
    expect(readBlip(b, 0, b.length)).toEqual({ contentType: 'image/png', bytes: png });
    const dib = new Bytes().u32(40, 1, 1).u16(1, 24).u32(0, 4, 0, 0, 0, 0).u8(0, 0, 255, 0).bytes();
    const bmp = readBlip(blip(dib, 0xf01f, 0x7a8), 0, 8 + 17 + dib.length)!;
    expect(bmp.contentType).toBe('image/bmp');
    expect([...bmp.bytes.subarray(0, 2)]).toEqual([0x42, 0x4d]);
    expect(new DataView(bmp.bytes.buffer).getUint32(10, true)).toBe(54); // headers, no palette
    expect(bmp.bytes.length).toBe(14 + dib.length);
  });

  it('gives no picture for a compressed metafile, an unknown record or a cut one', () => {
    const emf = new Bytes().u16(0x3d4 << 4).u16(0xf01a).u32(16 + 34 + 3).zeros(16 + 32).u8(0x00, 0xfe).u8(1, 2, 3).bytes();
    expect(readBlip(emf, 0, emf.length)).toBeNull(); // compression 0x00: DEFLATE
    expect(readBlip(new Bytes().u16(0).u16(0xf00b).u32(0).bytes(), 0, 8)).toBeNull();
    expect(readBlip(blip(png), 0, 20)).toBeNull();
  });

  it('finds an inline picture behind a PICF: the FBSE after the shape container', () => {
    const b = blip(png);
    const fbse = new Bytes().u16(0x000f | (6 << 4)).u16(0xf007).u32(36 + b.length).zeros(36).u8(...b).bytes();
    const shape = new Bytes().u16(0x000f).u16(0xf004).u32(4).zeros(4).bytes();
    const lcb = 0x44 + shape.length + fbse.length;
    const data = new Bytes().zeros(10).u32(lcb).u16(0x44).u16(0x64).at(10 + 0x44).u8(...shape, ...fbse).bytes();
    expect(inlinePicture(data, 10)).toEqual({ contentType: 'image/png', bytes: png });
    expect(inlinePicture(data, 11)).toBeNull();
    expect(inlinePicture(data, data.length + 5)).toBeNull();
  });
});

describe('styles: built-in identifiers', () => {
  it('reads sti from the STD', () => {
    const std = new Bytes().u16(2, 1 | (0 << 4), 0, 0, 0).u16(9).utf16('heading 2').u16(0).u16(2).u16(0).bytes();
    const sheet = new Bytes().u16(4, 1, 10).u16(std.length).u8(...std).bytes();
    const [style] = parseStyles(sheet, 0, sheet.length);
    expect(style).toMatchObject({ sti: 2, name: 'heading 2', stk: 1 });
  });
});
