/**
 * unitsToString turns long runs of code units below 0x100 into one-byte strings (through Node's
 * Latin-1 decoder) and everything else through UTF-16: the text must be the same either way, unit
 * for unit, wherever the units sit in their buffer and wherever a wider unit hides.
 */
import { describe, expect, it } from 'vitest';
import { unitRunsToString, unitsToString } from '../../src/io/encoding.js';

/** The reference: one String.fromCharCode per unit. */
const reference = (units: Uint16Array) => Array.from(units, (u) => String.fromCharCode(u)).join('');

/** `length` units 0x00-0xFF (every value, C1 controls included), at byte offset `offset` of a larger buffer. */
function latin1Units(length: number, offset: number): Uint16Array {
  const units = new Uint16Array(new ArrayBuffer(offset + 2 * length + 8), offset, length);
  for (let k = 0; k < length; k++) units[k] = (k * 7) & 0xff;
  return units;
}

describe('unitsToString', () => {
  for (const offset of [0, 2, 4, 6]) {
    for (const length of [17, 4097, 515_956, 515_957, 600_001]) {
      it(`keeps units < 0x100 as they are (${length} units at byte offset ${offset})`, () => {
        const units = latin1Units(length, offset);
        expect(unitsToString(units)).toBe(reference(units));
      });
    }
  }

  it('decodes after decodes: a shorter text after a longer one (the kept bytes) has no tail of the longer, and each text stays as it was', () => {
    const long = latin1Units(900_000, 0);
    const short = latin1Units(520_000, 2);
    short.fill(0x41);
    const first = unitsToString(long);
    const second = unitsToString(short);
    expect(second.length).toBe(520_000);
    expect(second).toBe('A'.repeat(520_000));
    // The first text is a copy, not a view of the bytes the second decode wrote over.
    expect(first).toBe(reference(long));
    expect(unitsToString(long)).toBe(first);
  });

  it('a single wider unit anywhere (first, last, in a later block, alone in an odd tail) is kept', () => {
    for (const offset of [0, 2]) {
      const plain = latin1Units(600_001, offset);
      const expected = reference(plain);
      for (const at of [0, 1, 2047, 2048, 300_000, 599_999, 600_000]) {
        for (const wide of [0x100, 0x4e2d, 0xd800, 0xffff]) {
          const units = latin1Units(600_001, offset);
          units[at] = wide;
          const text = unitsToString(units);
          expect(text.length).toBe(units.length);
          expect(text.charCodeAt(at)).toBe(wide);
          expect(text.slice(0, at) === expected.slice(0, at) && text.slice(at + 1) === expected.slice(at + 1)).toBe(true);
        }
      }
    }
  });
});

describe('unitRunsToString: runs of units one after another (a piece across non-contiguous parts of its stream)', () => {
  const concat = (runs: Uint16Array[]) => runs.map(reference).join('');
  /** `lengths` runs of units < 0x100, at odd unit offsets of their buffers; `wide` put at a unit of the last. */
  const runsOf = (lengths: number[], wide?: number) =>
    lengths.map((length, k) => {
      const run = latin1Units(length, 2 * ((k % 3) + 1));
      if (wide !== undefined && k === lengths.length - 1) run[length >> 1] = wide;
      return run;
    });

  it('one-byte and two-byte texts, long and short, each the concatenation of its runs', () => {
    for (const lengths of [[17], [10, 20], [300_000, 300_000, 7], [4096, 600_000]]) {
      for (const wide of [undefined, 0x100, 0x4e2d]) {
        const runs = runsOf(lengths, wide);
        const total = lengths.reduce((a, b) => a + b, 0);
        const text = unitRunsToString(runs);
        expect(text.length).toBe(total);
        expect(text === concat(runs)).toBe(true);
      }
    }
  });

  it('after a longer text (the kept bytes), a shorter one has no tail of it, and the first stays as it was', () => {
    const long = runsOf([500_000, 500_000], 0x4e2d); // two-byte: 2 MB of kept bytes
    const short = runsOf([300_000, 300_000]);
    const first = unitRunsToString(long);
    const second = unitRunsToString(short);
    expect(second === concat(short)).toBe(true);
    expect(first === concat(long)).toBe(true);
    const third = unitRunsToString(runsOf([260_000, 260_000], 0x100));
    expect(third.length).toBe(520_000);
    expect(second === concat(short)).toBe(true);
  });
});
