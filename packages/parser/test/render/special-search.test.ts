/** render/special-characters.ts SpecialSearch: one search shared by a document's story passes, asked in any order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEnd, SpecialSearch } from '../../src/render/special-characters.js';

/** The first special character at or after `from`, by looking at every character. */
function firstSpecial(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0xa0 || c === 0xfeff) return i;
  }
  return s.length;
}

describe('SpecialSearch', () => {
  const unit = fc.constantFrom('a', 'b', ' ', 'é', 'ж', '\r', '\x07', '\x13', '\xa0', '\ufeff', '\x01');
  it('answers every question, rising or falling (a pass per text box, then the body from its start), as a scan of every character does', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 200 }), fc.array(fc.nat(210), { minLength: 1, maxLength: 40 }), (units, froms) => {
        const s = units.join('');
        const search = new SpecialSearch(s);
        for (const from of froms) expect(search.next(Math.min(from, s.length))).toBe(firstSpecial(s, Math.min(from, s.length)));
      }),
      { numRuns: 500, seed: 19 },
    );
  });

  it('keeps an answer for the questions up to it: a text without NBSP is searched for one once, not once a pass', () => {
    const s = `${'x'.repeat(1000)}\r`;
    const search = new SpecialSearch(s);
    const indexOf = String.prototype.indexOf;
    let calls = 0;
    String.prototype.indexOf = function (this: string, ...args: Parameters<string['indexOf']>) {
      calls++;
      return indexOf.apply(this, args);
    };
    try {
      for (let from = 0; from < 1000; from += 10) expect(search.next(from)).toBe(1000);
    } finally {
      String.prototype.indexOf = indexOf;
    }
    expect(calls).toBe(3); // paragraph mark, NBSP, ZWNBSP: once each
  });
});

describe('runEnd', () => {
  it('finds where a run of one mark ends, short or long (the regex engine past 16), bounded by its end', () => {
    const marks = fc.constantFrom(0x02, 0x07, 0x0d);
    fc.assert(
      fc.property(marks, fc.nat(60), fc.nat(60), fc.constantFrom('', 'a', '\x02', '\x07', '\r'), fc.nat(130), (mark, before, run, after, cut) => {
        const m = String.fromCharCode(mark);
        const s = `${'q'.repeat(before)}${m.repeat(run)}${after}${m.repeat(3)}`;
        const end = Math.min(before + cut, s.length);
        let expected = before;
        while (expected < end && s.charCodeAt(expected) === mark) expected++;
        expect(runEnd(s, before, Math.max(end, before), mark)).toBe(Math.max(expected, before));
      }),
      { numRuns: 2000, seed: 22 },
    );
  });
});

