/** render/special-characters.ts runEnd: where a run of one mark ends in a story's units. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEnd } from '../../src/render/special-characters.js';

/** A string's code units. */
const units = (s: string) => Uint16Array.from(s, (c) => c.charCodeAt(0));

describe('runEnd', () => {
  it('finds where a run of one mark ends, short or long, bounded by its end', () => {
    const marks = fc.constantFrom(0x02, 0x07, 0x0d);
    fc.assert(
      fc.property(marks, fc.nat(60), fc.nat(60), fc.constantFrom('', 'a', '\x02', '\x07', '\r'), fc.nat(130), (mark, before, run, after, cut) => {
        const m = String.fromCharCode(mark);
        const s = `${'q'.repeat(before)}${m.repeat(run)}${after}${m.repeat(3)}`;
        const end = Math.min(before + cut, s.length);
        let expected = before;
        while (expected < end && s.charCodeAt(expected) === mark) expected++;
        expect(runEnd(units(s), before, Math.max(end, before), mark)).toBe(Math.max(expected, before));
      }),
      { numRuns: 2000, seed: 22 },
    );
  });
});

