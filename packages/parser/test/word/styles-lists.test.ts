/** word/styles.ts, word/lists.ts and word/number-format.ts on hand-built tables ([MS-DOC] 2.9.271 STSH, 2.9.150 LSTF, 2.9.131 LFO). */
import { describe, expect, it } from 'vitest';
import { ListNumberer, parseLists } from '../../src/word/lists.js';
import { formatNumber } from '../../src/word/number-format.js';
import { parseStyles, readStyleSheet, styleChain, type Style } from '../../src/word/styles.js';
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

  it('reads a style when first asked for, once, as parseStyles reads it', () => {
    const sheet = readStyleSheet(table, 5, table.length - 5);
    expect(sheet.length).toBe(4);
    const first = sheet.at(3);
    expect(first).toBe(sheet.at(3));
    expect(slice(first!.chpx)).toEqual([0x00, 0x08, 0x81]);
    const fields = (st: Style | undefined) => st && [st.sti, st.stk, st.istdBase, st.name, slice(st.papx), slice(st.chpx)];
    expect([0, 1, 2, 3].map((i) => fields(sheet.at(i)))).toEqual(styles.map(fields));
    expect(sheet.at(4)).toBeUndefined();
    // The count says 4, the sheet ends after 2 STDs: 2 styles.
    const short = styleSheet([std(1, 0xfff, 'Normal', [[1, 0], []]), std(1, 0, 'Heading', [[2, 0], []])]);
    short[7] = 4; // cstd
    expect(readStyleSheet(short, 5, short.length - 5).length).toBe(2);
  });

  it('yields no styles for an absent or damaged sheet', () => {
    expect(parseStyles(table, 0, 0)).toEqual([]);
    expect(parseStyles(table, 5, table.length)).toEqual([]); // runs past the stream
    expect(parseStyles(Uint8Array.of(2, 0, 0, 0), 0, 4)).toEqual([]); // cbStshi < 4
  });
});

/** An LVL: LVLF (28 bytes: iStartAt, nfc, flags, …, ixchFollow at 15, ilvlRestartLim at 26), no grpprls, then the xst template. */
function lvl(start: number, nfc: number, template: string, follow: number, flags = 0, restartLim = 0): number[] {
  const b = new Bytes().u32(start).u8(nfc, flags).zeros(9).u8(follow).zeros(8).u8(0, 0, restartLim, 0).u16(template.length);
  for (const c of template) b.u16(c.charCodeAt(0));
  return [...b.bytes()];
}

/** parseLists on a table stream holding a PlfLst, then a PlfLfo. */
function parseBoth(lst: Uint8Array, lfo: Uint8Array) {
  const table = new Uint8Array(lst.length + lfo.length);
  table.set(lst);
  table.set(lfo, lst.length);
  return parseLists(table, { fc: 0, lcb: lst.length }, { fc: lst.length, lcb: lfo.length })!;
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
  return parseBoth(lst, lfo.bytes());
}

describe('parseLists and ListNumberer', () => {
  it('reads lists, their levels and LFO start overrides', () => {
    const t = listTables();
    expect(t.lists.map((l) => [l.lsid, l.levels.map((v) => [v.start, v.nfc, v.template, v.follow])])).toEqual([
      [11, [[1, 0, '\x00.', 0]]],
      [22, [[1, 2, '\x00)', 1]]],
    ]);
    expect(t.overrides.map((o) => [o.lsid, [...o.startAt], o.formatting.size])).toEqual([[11, [], 0], [22, [], 0], [11, [[0, 5]], 0]]);
  });

  it('numbers paragraphs per list; an LFO start-at restarts the shared list once, at its first paragraph', () => {
    // LFO 3 (list 11, level 0 starts at 5) is the "Restart numbering" Word writes: its first
    // paragraph is 5, and LFO 1 paragraphs after it continue the list (6), as Word numbers
    // poi/Bug52311.doc ("2.99", then "2.100" in the LFO without overrides).
    const n = new ListNumberer(listTables());
    expect([n.next(1, 0), n.next(1, 0), n.next(2, 0), n.next(2, 0), n.next(3, 0), n.next(1, 0), n.next(3, 0), n.next(9, 0)]).toEqual([
      '1.\t',
      '2.\t',
      'i) ',
      'ii) ',
      '5.\t',
      '6.\t',
      '7.\t',
      '',
    ]);
  });

  it('is null for an absent or impossible table', () => {
    expect(parseLists(new Uint8Array(8), { fc: 0, lcb: 0 }, { fc: 0, lcb: 8 })).toBeNull();
    expect(parseLists(Uint8Array.of(5, 0, 0, 0, 0, 0, 0, 0), { fc: 0, lcb: 4 }, { fc: 4, lcb: 4 })).toBeNull(); // 5 LSTFs in 4 bytes
  });
});

/**
 * A nine-level list (lsid 7): "1." / "1.a." / "1.a.I." (decimal, lower letter, upper roman), level 2
 * given by `level2` (flags, ilvlRestartLim); LFO 1 plain, LFO 2 restarting level 0 at 2 (fStartAt),
 * LFO 3 overriding level 1's formatting with an LVL ("(a)", fFormatting only).
 */
function outlineTables(level2: { flags: number; restartLim: number } = { flags: 0, restartLim: 0 }) {
  const lstf = new Bytes().u32(7).zeros(22).u8(0, 0).bytes(); // not simple: 9 LVLs
  const levels = [
    lvl(1, 0, '\x00.', 0),
    lvl(1, 4, '\x00.\x01.', 0),
    lvl(1, 1, '\x00.\x01.\x02.', 0, level2.flags, level2.restartLim),
    ...Array.from({ length: 6 }, () => lvl(1, 0, '', 0)),
  ];
  const lst = new Bytes().u16(1).u8(...lstf, ...levels.flat()).bytes();
  const lfo = new Bytes().u32(3);
  lfo.u32(7).zeros(8).u8(0, 0, 0, 0);
  lfo.u32(7).zeros(8).u8(1, 0, 0, 0);
  lfo.u32(7).zeros(8).u8(1, 0, 0, 0);
  lfo.u32(0); // LFOData 1: cp, no LFOLVL
  lfo.u32(0).u32(2, 0x10 | 0); // LFOData 2: iStartAt 2, level 0, fStartAt
  lfo.u32(0).u32(0, 0x20 | 1).u8(...lvl(1, 4, '(\x01)', 1)); // LFOData 3: level 1, fFormatting + LVL
  return parseBoth(lst, lfo.bytes());
}

describe('ListNumberer across levels and LFOs', () => {
  const run = (n: ListNumberer, paras: Array<[number, number]>) => paras.map(([ilfo, ilvl]) => n.next(ilfo, ilvl).trimEnd());

  it('continues a list after deeper levels; restarts deeper levels; shows a skipped level at its start', () => {
    const n = new ListNumberer(outlineTables());
    // "2.a.I." skips level 1, which is shown at its start and still counts from there ("2.a.").
    expect(run(n, [[1, 0], [1, 1], [1, 2], [1, 2], [1, 0], [1, 2], [1, 1], [1, 1], [1, 0]])).toEqual([
      '1.', '1.a.', '1.a.I.', '1.a.II.', '2.', '2.a.I.', '2.a.', '2.b.', '3.',
    ]);
  });

  it('restarts deeper levels after an LFO start-at restart: 2.a.I, not 2.a.IV', () => {
    const n = new ListNumberer(outlineTables());
    // LFO 2's first paragraph restarts level 0 at 2; the LFO 1 paragraphs after it continue
    // that list, so level 2 counts from I again under "2.a.".
    expect(run(n, [[1, 0], [1, 1], [1, 2], [1, 2], [1, 2], [2, 0], [1, 1], [1, 2], [2, 0]])).toEqual([
      '1.', '1.a.', '1.a.I.', '1.a.II.', '1.a.III.', '2.', '2.a.', '2.a.I.', '3.',
    ]);
  });

  it('uses an LFO formatting override for its own paragraphs, on the shared counters', () => {
    const n = new ListNumberer(outlineTables());
    expect(run(n, [[1, 0], [3, 1], [1, 1], [3, 1]])).toEqual(['1.', '(a)', '1.b.', '(c)']);
  });

  it('fNoRestart keeps a level counting except after levels above ilvlRestartLim', () => {
    // Level 2 never restarts (ilvlRestartLim 0)…
    let n = new ListNumberer(outlineTables({ flags: 0x08, restartLim: 0 }));
    expect(run(n, [[1, 0], [1, 2], [1, 1], [1, 2], [1, 0], [1, 2]])).toEqual(['1.', '1.a.I.', '1.a.', '1.a.II.', '2.', '2.a.III.']);
    // …or restarts only after level 0 (ilvlRestartLim 1), not after level 1.
    n = new ListNumberer(outlineTables({ flags: 0x08, restartLim: 1 }));
    expect(run(n, [[1, 0], [1, 2], [1, 1], [1, 2], [1, 0], [1, 2]])).toEqual(['1.', '1.a.I.', '1.a.', '1.a.II.', '2.', '2.a.I.']);
  });
});

describe('formatNumber (MSONFC)', () => {
  it('writes the common number formats, and arabic where a format cannot', () => {
    expect([formatNumber(4, 1), formatNumber(1994, 2), formatNumber(28, 3), formatNumber(2, 4)]).toEqual(['IV', 'mcmxciv', 'BB', 'b']);
    expect([formatNumber(1, 5), formatNumber(12, 5), formatNumber(23, 5), formatNumber(3, 22), formatNumber(7, 23), formatNumber(7, 99)]).toEqual(['1st', '12th', '23rd', '03', '', '7']);
    expect([formatNumber(0, 2), formatNumber(4000, 1), formatNumber(781, 4)]).toEqual(['0', '4000', '781']);
  });
});
