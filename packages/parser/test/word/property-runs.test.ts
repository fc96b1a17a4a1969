/** word/property-runs.ts: property runs in flat arrays (a struct of arrays), built run by run. */
import { describe, expect, it } from 'vitest';
import { FcRangeList, PropertyRuns, PropertyRunsBuilder } from '../../src/word/property-runs.js';

describe('PropertyRunsBuilder', () => {
  it('keeps every column of every run when it grows past the size expected', () => {
    const pages = [new Uint8Array(512), new Uint8Array(512)];
    const out = new PropertyRunsBuilder(1);
    // 2^32 + k: stream offsets past 32 bits stay exact (Float64 columns).
    for (let k = 0; k < 40; k++) out.add(2 ** 32 + 10 * k, 2 ** 32 + 10 * k + 10, pages[(k >> 4) & 1]!, k, k + 3, 100 + k);
    out.extendLast(2 ** 32 + 999);
    const runs = out.build();
    expect(runs.length).toBe(40);
    for (let k = 0; k < 40; k++) {
      expect(runs.run(k)).toEqual({ fcStart: 2 ** 32 + 10 * k, fcEnd: k === 39 ? 2 ** 32 + 999 : 2 ** 32 + 10 * k + 10, bytes: pages[(k >> 4) & 1], start: k, end: k + 3, istd: 100 + k });
      expect(runs.bytes(k)).toBe(pages[(k >> 4) & 1]);
    }
    // One entry per stretch of runs in one array (pages 0, 1, 0): not one per run.
    expect(runs.arrays).toHaveLength(3);
  });

  it('round-trips runs given as objects; an empty builder gives no runs', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const given = [
      { fcStart: 0, fcEnd: 5, bytes, start: 0, end: 2, istd: 0 },
      { fcStart: 5, fcEnd: 9, bytes, start: 1, end: 3, istd: 7 },
    ];
    expect([...PropertyRuns.of(given)]).toEqual(given);
    expect(new PropertyRunsBuilder().build().length).toBe(0);
    expect(PropertyRuns.EMPTY.indexAt(0)).toBe(-1);
  });
});

describe('FcRangeList', () => {
  it('collects ranges and their values in order', () => {
    const list = FcRangeList.of([{ fcStart: 3, fcEnd: 4 }, { fcStart: 8, fcEnd: 12 }], (r) => r.fcEnd - r.fcStart);
    expect([list.length, [...list.fcStarts], [...list.fcEnds], list.values]).toEqual([2, [3, 8], [4, 12], [1, 4]]);
  });
});
