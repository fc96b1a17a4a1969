/** word/piece-table.ts: Clx parsing in both addressing kinds, and the CP↔FC translation. */
import type { CpRuns } from '../../src/word/cp-runs.js';
import { describe, expect, it } from 'vitest';
import { PieceTable, contiguousPieceTable, parseClx } from '../../src/word/piece-table.js';
import { FcRangeList, PropertyRuns } from '../../src/word/property-runs.js';
import { Bytes } from '../support/bytes.js';

/** A Clx at offset 0: one Prc (3 bytes of grpprl), then a Pcdt of the given CPs and raw fcs. */
function clx(cps: number[], fcs: number[]): Uint8Array {
  const b = new Bytes().u8(0x01).u16(3).u8(1, 2, 3);
  b.u8(0x02).u32(4 * cps.length + 8 * fcs.length);
  b.u32(...cps);
  for (const fc of fcs) b.u16(0).u32(fc).u16(0);
  return b.bytes();
}

describe('parseClx', () => {
  it("'fc-compressed': bit 30 marks 8-bit text at fc/2, else UTF-16 at fc (2.9.73)", () => {
    const table = clx([0, 10, 15], [0x40000000 | 0x800, 0x600]);
    const pt = parseClx(table, 0, table.length, 'fc-compressed');
    expect(pt.pieces).toEqual([
      { cpStart: 0, cpEnd: 10, offset: 0x400, compressed: true },
      { cpStart: 10, cpEnd: 15, offset: 0x600, compressed: false },
    ]);
    expect(pt.warnings.list()).toEqual([]);
    expect(pt.cpEnd).toBe(15);
  });

  it("'byte-offset': fcs are plain byte offsets of 8-bit text (Word 6/95, Word 1/2)", () => {
    const table = clx([0, 4], [0x40000123]);
    expect(parseClx(table, 0, table.length, 'byte-offset').pieces).toEqual([{ cpStart: 0, cpEnd: 4, offset: 0x40000123, compressed: true }]);
  });

  it('skips pieces whose CPs go backwards (with a warning) and empty ones (silently)', () => {
    const backwards = clx([0, 5, 3], [0x40000000, 0x40000000]);
    const pt = parseClx(backwards, 0, backwards.length, 'fc-compressed');
    expect(pt.pieces.map((p) => [p.cpStart, p.cpEnd])).toEqual([[0, 5]]);
    expect(pt.warnings.list()).toEqual(['piece 1: CPs out of order (5..3); skipped']);
    const empty = clx([0, 0, 4], [0x40000000, 0x40000000]);
    const pe = parseClx(empty, 0, empty.length, 'fc-compressed');
    expect(pe.pieces.map((p) => [p.cpStart, p.cpEnd])).toEqual([[0, 4]]);
    expect(pe.warnings.list()).toEqual([]);
  });

  it('rejects damaged tables with typed errors', () => {
    const table = clx([0, 4], [0]);
    expect(() => parseClx(table, 0, table.length + 1, 'fc-compressed')).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => parseClx(Uint8Array.of(7, 0, 0), 0, 3, 'fc-compressed')).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => parseClx(Uint8Array.of(1, 0xff, 0xff), 0, 3, 'fc-compressed')).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => parseClx(new Bytes().u8(2).u32(7).zeros(7).bytes(), 0, 12, 'fc-compressed')).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => parseClx(Uint8Array.of(1, 0, 0), 0, 3, 'fc-compressed')).toThrow(expect.objectContaining({ code: 'CORRUPT' })); // no Pcdt
  });
});

describe('PieceTable', () => {
  // CPs 0..9: 8-bit at 100..109; CPs 10..14: UTF-16 at 200..209; CPs 15..19: 8-bit at 50..54.
  const pt = new PieceTable([
    { cpStart: 0, cpEnd: 10, offset: 100, compressed: true },
    { cpStart: 10, cpEnd: 15, offset: 200, compressed: false },
    { cpStart: 15, cpEnd: 20, offset: 50, compressed: true },
  ]);

  it('maps a CP to its stream offset, or -1', () => {
    expect([0, 9, 10, 12, 15, 19].map((cp) => pt.fcOf(cp))).toEqual([100, 109, 200, 204, 50, 54]);
    expect(pt.fcOf(20)).toBe(-1);
    expect(pt.fcOf(-1)).toBe(-1);
  });

  it('converts sorted FC runs to CP runs, sorted by CP (no object per range)', () => {
    const runs = [
      { fcStart: 52, fcEnd: 60, name: 'a' }, // CPs 17..19 (third piece)
      { fcStart: 105, fcEnd: 203, name: 'b' }, // CPs 5..9 and 10..11 (first two pieces)
    ];
    const list = (r: CpRuns<string>) => r.values.map((v, k) => [v, r.starts[k], r.ends[k]]);
    const cpRuns = pt.cpRuns(FcRangeList.of(runs, (run) => run.name), 'any-byte', 'first-wins', (k) => runs[k]!.name);
    expect(list(cpRuns)).toEqual([
      ['b', 5, 10],
      ['b', 10, 12],
      ['a', 17, 20],
    ]);
    expect(cpRuns.at(11)).toBe('b');
    expect(cpRuns.at(13)).toBeUndefined();
    expect(pt.cpRuns(PropertyRuns.EMPTY, 'any-byte', 'first-wins', () => '').length).toBe(0);
  });

  it("'any-byte' gives a UTF-16 CP to every run holding one of its bytes, 'first-byte' to the run holding its first (as fcOf)", () => {
    // FC 203 splits CP 11 (bytes 202, 203) of the UTF-16 piece.
    const runs = [
      { fcStart: 200, fcEnd: 203, name: 'x' },
      { fcStart: 203, fcEnd: 210, name: 'y' },
    ];
    const list = (r: CpRuns<string>) => r.values.map((v, k) => [v, r.starts[k], r.ends[k]]);
    expect(list(pt.cpRuns(FcRangeList.of(runs, (run) => run.name), 'any-byte', 'first-wins', (k) => runs[k]!.name))).toEqual([['x', 10, 12], ['y', 12, 15]]);
    expect(list(pt.cpRuns(FcRangeList.of(runs, (run) => run.name), 'any-byte', 'merge', (k) => runs[k]!.name))).toEqual([['x', 10, 15]]);
    expect(list(pt.cpRuns(FcRangeList.of(runs, (run) => run.name), 'first-byte', 'first-wins', (k) => runs[k]!.name))).toEqual([['x', 10, 12], ['y', 12, 15]]);
    const gap = [
      { fcStart: 200, fcEnd: 203, name: 'x' },
      { fcStart: 205, fcEnd: 210, name: 'y' },
    ];
    // CP 12 (bytes 204, 205) starts in no run: 'first-byte' leaves it out, 'any-byte' gives it to y.
    expect(list(pt.cpRuns(FcRangeList.of(gap, (run) => run.name), 'first-byte', 'first-wins', (k) => gap[k]!.name))).toEqual([['x', 10, 12], ['y', 13, 15]]);
    expect(list(pt.cpRuns(FcRangeList.of(gap, (run) => run.name), 'any-byte', 'first-wins', (k) => gap[k]!.name))).toEqual([['x', 10, 12], ['y', 12, 15]]);
  });

  it('a file without a Clx: one 8-bit piece at fcMin', () => {
    expect(contiguousPieceTable(0x400, 0x410).pieces).toEqual([{ cpStart: 0, cpEnd: 16, offset: 0x400, compressed: true }]);
    expect(contiguousPieceTable(0x400, 0x300).pieces).toEqual([]);
  });
});
