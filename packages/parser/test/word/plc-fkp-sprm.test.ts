/** word/plc.ts, word/fkp.ts, word/sprm.ts on hand-built structures ([MS-DOC] 2.2.2, 2.9.33/2.9.175, 2.6). */
import { describe, expect, it } from 'vitest';
import { readChpxRuns, readPapxRuns, streamPages } from '../../src/word/fkp.js';
import { PropertyRuns, type PropertyRun } from '../../src/word/property-runs.js';
import { readPlc } from '../../src/word/plc.js';
import { Sprm, forEachSprm } from '../../src/word/sprm.js';
import { Bytes } from '../support/bytes.js';

describe('readPlc', () => {
  it('reads n+1 positions and locates n data elements of cbData bytes', () => {
    const stream = new Bytes().zeros(3).u32(0, 10, 25).u16(0xaaaa, 0xbbbb).bytes();
    const plc = readPlc(stream, 3, 16, 2, 'test PLC')!;
    expect(plc.positions).toEqual([0, 10, 25]);
    expect(plc.length).toBe(2);
    expect(plc.bytes.u16(plc.dataOffset(1))).toBe(0xbbbb);
  });

  it('is null when absent, out of bounds or of an impossible size', () => {
    const stream = new Uint8Array(40);
    expect(readPlc(stream, 0, 0, 2, 'x')).toBeNull();
    expect(readPlc(stream, 30, 16, 2, 'x')).toBeNull();
    expect(readPlc(stream, 0, 15, 2, 'x')).toBeNull();
  });
});

/** A 512-byte FKP page: rgfc (crun+1), then per run `entry` bytes, then `body` bytes at given offsets, crun last. */
function page(fcs: number[], entries: number[][], body: Array<[number, number[]]>): Uint8Array {
  const p = new Uint8Array(512);
  const b = new Bytes().u32(...fcs);
  for (const e of entries) b.u8(...e);
  p.set(b.bytes());
  for (const [at, bytes] of body) p.set(bytes, at);
  p[511] = fcs.length - 1;
  return p;
}

/** WordDocument with `pages` at page numbers 1, 2, …; a bin table PLC (in its own stream) naming `pns`. */
function streams(pages: Uint8Array[], pns: number[], fcFirst: number, fcLast: number) {
  const wordDocument = new Uint8Array(512 * (pages.length + 1));
  pages.forEach((p, i) => wordDocument.set(p, 512 * (i + 1)));
  const positions = [fcFirst, ...pns.slice(1).map(() => fcFirst), fcLast];
  const table = new Bytes().u32(...positions).u32(...pns).bytes();
  return { wordDocument, table, lcb: table.length };
}

describe('readChpxRuns (ChpxFkp)', () => {
  it('gives each run its Chpx grpprl; a zero offset means no properties', () => {
    const fkp = page([0x600, 0x610, 0x620], [[0x80], [0]], [[0x100, [3, 0x3c, 0x08, 0x01]]]);
    const { wordDocument, table, lcb } = streams([fkp], [1], 0x600, 0x620);
    const runs = [...readChpxRuns(streamPages(wordDocument), table, 0, lcb)];
    // start and end in the run's page (bytes), which is page 1 of the stream.
    expect(runs.map((r) => [r.fcStart, r.fcEnd, r.start, r.end])).toEqual([
      [0x600, 0x610, 0x101, 0x104],
      [0x610, 0x620, 0, 0],
    ]);
    expect(runs[0]!.bytes).toEqual(wordDocument.subarray(512, 1024));
    expect([...runs[0]!.bytes.subarray(runs[0]!.start, runs[0]!.end)]).toEqual([0x3c, 0x08, 0x01]);
  });

  it('reads a page named twice once, skips pages past the stream, and makes overlapping runs disjoint', () => {
    const a = page([0x600, 0x700], [[0]], []);
    const b = page([0x680, 0x780], [[0]], []); // overlaps a: clipped to start at 0x700
    const { wordDocument, table, lcb } = streams([a, b], [1, 1, 2, 9], 0x600, 0x780);
    expect([...readChpxRuns(streamPages(wordDocument), table, 0, lcb)].map((r) => [r.fcStart, r.fcEnd])).toEqual([
      [0x600, 0x700],
      [0x700, 0x780],
    ]);
  });
});

describe('readPapxRuns: pages the bin table names out of order', () => {
  it('gives their runs sorted by fcStart, each with its own page and grpprl', () => {
    const bx = (offset: number) => [offset, ...new Array(12).fill(0)];
    // Page 1 holds the later text, page 2 the earlier; the bin table names page 1 first.
    const later = page([0x700, 0x780], [bx(0x90)], [[0x120, [3, 1, 0, 0x0a, 0x26, 0x01]]]);
    const earlier = page([0x600, 0x640, 0x700], [bx(0x90), bx(0x90)], [[0x120, [3, 2, 0, 0x0a, 0x26, 0x02]]]);
    const { wordDocument, table, lcb } = streams([later, earlier], [1, 2], 0x600, 0x780);
    const runs = [...readPapxRuns(streamPages(wordDocument), table, 0, lcb)];
    expect(runs.map((r) => [r.fcStart, r.fcEnd, r.istd, [...r.bytes.subarray(r.start, r.end)]])).toEqual([
      [0x600, 0x640, 2, [0x0a, 0x26, 0x02]],
      [0x640, 0x700, 2, [0x0a, 0x26, 0x02]],
      [0x700, 0x780, 1, [0x0a, 0x26, 0x01]],
    ]);
    expect(runs[0]!.bytes).toEqual(earlier);
    expect(runs[2]!.bytes).toEqual(later);
  });
});

describe('readChpxRuns: a damaged page cannot claim text past its bin-table range', () => {
  it("cuts a page's runs to [aFC[i], aFC[i + 1]), so the runs of the pages after it survive", () => {
    // Page 1 is damaged: its second run claims [0x610, 0xFFFFFFFF). Page 2 holds [0x700, 0x780).
    const damaged = page([0x600, 0x610, 0xffffffff], [[0], [0]], []);
    const next = page([0x700, 0x740, 0x780], [[0], [0]], []);
    const wordDocument = new Uint8Array(512 * 3);
    wordDocument.set(damaged, 512);
    wordDocument.set(next, 1024);
    const table = new Bytes().u32(0x600, 0x700, 0x780).u32(1, 2).bytes();
    expect([...readChpxRuns(streamPages(wordDocument), table, 0, table.length)].map((r) => [r.fcStart, r.fcEnd])).toEqual([
      [0x600, 0x610],
      [0x610, 0x700],
      [0x700, 0x740],
      [0x740, 0x780],
    ]);
  });
});

describe('FKP pages whose crun puts entries past the page (damaged; the spec allows 0x65 CHPX, 0x1D PAPX runs)', () => {
  it('gives the runs whose entry lies outside the page no properties, and every bound a number', () => {
    // crun 120: rgfc ends at 484; CHPX rgb entries 484..603 run past the page (the last byte, 511, is crun).
    const crun = 120;
    const chpx = new Uint8Array(512).fill(0x40);
    for (let j = 0; j <= crun; j++) new DataView(chpx.buffer).setUint32(4 * j, 0x600 + 2 * j, true);
    chpx[511] = crun;
    let s = streams([chpx], [1], 0x600, 0x600 + 2 * crun);
    const runs = [...readChpxRuns(streamPages(s.wordDocument), s.table, 0, s.lcb)];
    expect(runs).toHaveLength(crun);
    expect(runs.every((r) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start <= r.end && r.end <= 512)).toBe(true);
    // Entries 0..26 lie at 484..510 (offset 0x40 words = byte 128: cb 0x40); 27.. are past the page.
    expect(runs.filter((r) => r.end > r.start)).toHaveLength(27);
    // crun 35 PAPX: rgfc ends at 144, BxPap entries of 13 bytes: entries 0..28 (144..508) lie inside, 29.. past it.
    const papxRun = 35;
    const papx = new Uint8Array(512).fill(0x30);
    for (let j = 0; j <= papxRun; j++) new DataView(papx.buffer).setUint32(4 * j, 0x600 + 2 * j, true);
    papx[511] = papxRun;
    s = streams([papx], [1], 0x600, 0x600 + 2 * papxRun);
    const paras = [...readPapxRuns(streamPages(s.wordDocument), s.table, 0, s.lcb)];
    expect(paras.every((r) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start <= r.end && r.end <= 512)).toBe(true);
    expect(paras.filter((r) => r.end > r.start)).toHaveLength(29);
  });
});

describe('readPapxRuns (PapxFkp)', () => {
  it('reads the paragraph style (istd) and grpprl of each PapxInFkp (cb, or 0 then cb\')', () => {
    const bx = (offset: number) => [offset, ...new Array(12).fill(0)];
    const fkp = page([0x600, 0x700, 0x800], [bx(0x90), bx(0xa0)], [
      [0x120, [3, 7, 0, 0x0a, 0x26, 0x02]], // cb 3: 2*3-1 = 5 bytes: istd 7, sprmPIlvl 2
      [0x140, [0, 3, 2, 0, 0x17, 0x24, 0x01, 0]], // cb 0, cb' 3: 6 bytes: istd 2, sprmPFTtp 1, padding
    ]);
    const { wordDocument, table, lcb } = streams([fkp], [1], 0x600, 0x800);
    const runs = [...readPapxRuns(streamPages(wordDocument), table, 0, lcb)];
    expect(runs.map((r) => [r.fcStart, r.fcEnd, r.istd, [...r.bytes.subarray(r.start, r.end)]])).toEqual([
      [0x600, 0x700, 7, [0x0a, 0x26, 0x02]],
      [0x700, 0x800, 2, [0x17, 0x24, 0x01, 0]],
    ]);
  });

  it('indexAt finds the run covering an offset', () => {
    const run = (fcStart: number, fcEnd: number): PropertyRun => ({ fcStart, fcEnd, bytes: new Uint8Array(0), start: 0, end: 0, istd: 0 });
    const runs = PropertyRuns.of([run(0, 10), run(10, 20), run(30, 40)]);
    expect([0, 9, 10, 25, 39, 40, -1].map((fc) => runs.indexAt(fc))).toEqual([0, 0, 1, -1, 2, -1, -1]);
  });
});

describe('forEachSprm', () => {
  const visit = (bytes: number[]) => {
    const seen: Array<[number, number]> = [];
    forEachSprm(Uint8Array.from(bytes), 0, bytes.length, (sprm, _o, size) => seen.push([sprm, size]));
    return seen;
  };

  it('sizes operands by spra (2.6.1): 1, 1, 2, 4, 2, 2, variable, 3', () => {
    expect(visit([0x3c, 0x08, 1, 0x30, 0x4a, 5, 0, 0x09, 0x6a, 1, 0, 0xb7, 0xf0, 0x15, 0x46, 0, 0, 0x00, 0xe0, 1, 2, 3])).toEqual([
      [Sprm.CFVanish, 1],
      [Sprm.CIstd, 2],
      [Sprm.CSymbol, 4],
      [0x4615, 2],
      [0xe000, 3],
    ]);
    expect(visit([0x08, 0xc6, 3, 9, 9, 9, 0x3c, 0x08, 1])).toEqual([[0xc608, 4], [Sprm.CFVanish, 1]]); // spra 6: cb byte + cb
  });

  it('sizes sprmTDefTable by its 16-bit cb and sprmPChgTabs with cb 255 by its tab counts', () => {
    expect(visit([0x08, 0xd6, 4, 0, 1, 2, 3, 0x3c, 0x08, 1])).toEqual([[Sprm.TDefTable, 5], [Sprm.CFVanish, 1]]);
    // cb 255, cTabs to delete 1 (4 bytes), cTabs to add 1 (3 bytes)
    expect(visit([0x15, 0xc6, 255, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0x3c, 0x08, 1])).toEqual([[Sprm.PChgTabs, 10], [Sprm.CFVanish, 1]]);
  });

  it('stops at a Prl that runs past the end', () => {
    expect(visit([0x3c, 0x08, 1, 0x09, 0x6a, 1, 0])).toEqual([[Sprm.CFVanish, 1]]);
    expect(visit([0x3c])).toEqual([]);
  });
});
