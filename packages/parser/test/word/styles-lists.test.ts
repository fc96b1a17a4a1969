/** word/styles.ts, word/lists.ts and word/number-format.ts on hand-built tables ([MS-DOC] 2.9.271 STSH, 2.9.150 LSTF, 2.9.131 LFO). */
import { describe, expect, it } from 'vitest';
import { ListNumberer, parseLists } from '../../src/word/lists.js';
import { formatNumber } from '../../src/word/number-format.js';
import { parseStyles, styleChain } from '../../src/word/styles.js';
import { Bytes } from '../support/bytes.js';

/** An STD with a 10-byte base (stk, istdBase), its name, then each UPX (cbUpx, bytes) at an even offset. */
function std(stk: number, istdBase: number, name: string, upxs: number[][]): Uint8Array {
  const b = new Bytes().u16(0, stk | (istdBase << 4), 0, 0, 0).u16(name.length).utf16(name).u16(0);
  for (const upx of upxs) {
    if (b.length % 2) b.u8(0);
    b.u16(upx.length).u8(...upx);
  }
  return b.bytes();
}

function styleSheet(stds: Array<Uint8Array | null>): Uint8Array {
  const b = new Bytes().zeros(5).u16(4, stds.length, 10); // 5 bytes before fc; Stshi: cstd, cbSTDBaseInFile 10
  for (const s of stds) {
    if (!s) b.u16(0);
    else b.u16(s.length).u8(...s);
  }
  return b.bytes();
}

describe('parseStyles', () => {
  const table = styleSheet([
    std(1, 0xfff, 'Normal', [[1, 0, 0x0a, 0x26, 0x01], [0x3c, 0x08, 0x01]]), // UpxPapx: istd, sprmPIlvl 1; UpxChpx: sprmCFVanish 1
    std(1, 0, 'Heading', [[2, 0], []]),
    null,
    std(2, 0xfff, 'Emphasis', [[0x00, 0x08, 0x81]]), // character style: UpxChpx only
  ]);
  const styles = parseStyles(table, 5, table.length - 5);
  const slice = (r: { start: number; end: number } | null) => (r ? [...table.subarray(r.start, r.end)] : null);

  it('reads each style kind, base style and grpprls (paragraph grpprl without its istd)', () => {
    expect(styles.map((s) => [s.stk, s.istdBase])).toEqual([[1, 0xfff], [1, 0], [0, 0xfff], [2, 0xfff]]);
    expect(styles.map((s) => s.name)).toEqual(['Normal', 'Heading', '', 'Emphasis']);
    expect(slice(styles[0]!.papx)).toEqual([0x0a, 0x26, 0x01]);
    expect(slice(styles[0]!.chpx)).toEqual([0x3c, 0x08, 0x01]);
    expect(slice(styles[1]!.papx)).toEqual([]);
    expect(styles[2]).toEqual({ sti: 0x0ffe, name: '', stk: 0, istdBase: 0xfff, papx: null, chpx: null });
    expect(styles[3]!.papx).toBeNull();
    expect(slice(styles[3]!.chpx)).toEqual([0x00, 0x08, 0x81]);
  });

  it('chains a style to its bases, base first, and bounds cycles', () => {
    expect(styleChain(styles, 1).map(slice)).toEqual([[0x0a, 0x26, 0x01], []]);
    expect(styleChain(styles, 1, 'chpx').map(slice)).toEqual([[0x3c, 0x08, 0x01], []]);
    const cyclic = [
      { sti: 0x0ffe, name: 'a', stk: 1, istdBase: 1, papx: { start: 0, end: 1 }, chpx: null },
      { sti: 0x0ffe, name: 'b', stk: 1, istdBase: 0, papx: { start: 1, end: 2 }, chpx: null },
    ];
    expect(styleChain(cyclic, 0).length).toBe(11);
  });

  it('yields no styles for an absent or damaged sheet', () => {
    expect(parseStyles(table, 0, 0)).toEqual([]);
    expect(parseStyles(table, 5, table.length)).toEqual([]); // runs past the stream
    expect(parseStyles(Uint8Array.of(2, 0, 0, 0), 0, 4)).toEqual([]); // cbStshi < 4
  });
});

/** An LVL: LVLF (28 bytes: iStartAt, nfc, flags, …, ixchFollow at 15), no grpprls, then the xst template. */
function lvl(start: number, nfc: number, template: string, follow: number, flags = 0): number[] {
  const b = new Bytes().u32(start).u8(nfc, flags).zeros(9).u8(follow).zeros(8).u8(0, 0, 0, 0).u16(template.length);
  for (const c of template) b.u16(c.charCodeAt(0));
  return [...b.bytes()];
}

function listTables() {
  // PlfLst: two simple lists (fSimpleList, byte 26 of the LSTF), then their LVLs.
  const lstf = (lsid: number) => new Bytes().u32(lsid).zeros(22).u8(1, 0).bytes();
  const lst = new Bytes().u16(2).u8(...lstf(11), ...lstf(22), ...lvl(1, 0, '\x00.', 0), ...lvl(1, 2, '\x00)', 1)).bytes();
  // PlfLfo: 3 LFOs (lsid at 0, clfolvl at 12); LFOData: cp, then LFOLVLs (iStartAt, flags: ilvl | fStartAt 0x10).
  const lfo = new Bytes().u32(3);
  lfo.u32(11).zeros(8).u8(0, 0, 0, 0);
  lfo.u32(22).zeros(8).u8(0, 0, 0, 0);
  lfo.u32(11).zeros(8).u8(1, 0, 0, 0);
  lfo.u32(0).u32(0).u32(0, 5, 0x10);
  const lfoBytes = lfo.bytes();
  const table = new Uint8Array(lst.length + lfoBytes.length);
  table.set(lst);
  table.set(lfoBytes, lst.length);
  return parseLists(table, { fc: 0, lcb: lst.length }, { fc: lst.length, lcb: lfoBytes.length })!;
}

describe('parseLists and ListNumberer', () => {
  it('reads lists, their levels and LFO start overrides', () => {
    const t = listTables();
    expect(t.lists.map((l) => [l.lsid, l.levels.map((v) => [v.start, v.nfc, v.template, v.follow])])).toEqual([
      [11, [[1, 0, '\x00.', 0]]],
      [22, [[1, 2, '\x00)', 1]]],
    ]);
    expect(t.overrides.map((o) => [o.lsid, [...o.startAt]])).toEqual([[11, []], [22, []], [11, [[0, 5]]]]);
  });

  it('numbers paragraphs per list; an LFO with start overrides is a list instance of its own', () => {
    const n = new ListNumberer(listTables());
    expect([n.next(1, 0), n.next(1, 0), n.next(2, 0), n.next(2, 0), n.next(3, 0), n.next(1, 0), n.next(9, 0)]).toEqual([
      '1.\t',
      '2.\t',
      'i) ',
      'ii) ',
      '5.\t',
      '3.\t',
      '',
    ]);
  });

  it('is null for an absent or impossible table', () => {
    expect(parseLists(new Uint8Array(8), { fc: 0, lcb: 0 }, { fc: 0, lcb: 8 })).toBeNull();
    expect(parseLists(Uint8Array.of(5, 0, 0, 0, 0, 0, 0, 0), { fc: 0, lcb: 4 }, { fc: 4, lcb: 4 })).toBeNull(); // 5 LSTFs in 4 bytes
  });
});

describe('formatNumber (MSONFC)', () => {
  it('writes the common number formats, and arabic where a format cannot', () => {
    expect([formatNumber(4, 1), formatNumber(1994, 2), formatNumber(28, 3), formatNumber(2, 4)]).toEqual(['IV', 'mcmxciv', 'BB', 'b']);
    expect([formatNumber(1, 5), formatNumber(12, 5), formatNumber(23, 5), formatNumber(3, 22), formatNumber(7, 23), formatNumber(7, 99)]).toEqual(['1st', '12th', '23rd', '03', '', '7']);
    expect([formatNumber(0, 2), formatNumber(4000, 1), formatNumber(781, 4)]).toEqual(['0', '4000', '781']);
  });
});
