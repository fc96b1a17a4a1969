/** render/catdoc/plain-scan.ts PlainScanner: where a run of printable ASCII, TAB and form feed ends, asked left to right. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlainScanner } from '../../src/render/catdoc/plain-scan.js';

/** The first character at or after `from` that is not printable ASCII, TAB or form feed, by looking at every character. */
function firstNotPlain(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x20 && c <= 0x7e) || c === 0x09 || c === 0x0c)) return i;
  }
  return s.length;
}

/** Asks the scanner at rising positions, as catdoc mode does, and compares every answer with the scan. */
function check(s: string, froms: number[]): void {
  const scanner = new PlainScanner(s);
  try {
    for (const from of froms) expect(scanner.end(from)).toBe(firstNotPlain(s, from));
  } finally {
    scanner.release();
  }
}

describe('PlainScanner', () => {
  // Every byte the four-at-a-time check flags or must not flag: the bounds 0x1F/0x20 and 0x7E/0x7F,
  // TAB and form feed (plain, yet flagged), paragraph marks, a C1 and a Latin-1 letter; 'ж' (above
  // U+00FF) sends a text to the regex.
  const latin1 = fc.constantFrom('a', 'Z', ' ', '~', '\t', '\x0c', '\r', '\x0b', '\x07', '\x1f', '\x7f', '\x80', 'é', '\xff', '\x00');
  const rising = (n: number) => fc.uniqueArray(fc.nat(n), { maxLength: 60 }).map((a) => a.sort((x, y) => x - y));

  it('answers as a scan of every character does, on Latin-1 texts long enough for the byte path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 8, arbitrary: fc.constant('a') }, { weight: 4, arbitrary: latin1 }), { minLength: 256, maxLength: 1500 }),
        rising(1500),
        (units, froms) => {
          const s = units.join('');
          check(s, froms.filter((f) => f <= s.length));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('answers the same on texts the regex serves: short ones, and ones with a character above U+00FF', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(latin1, fc.constant('ж')), { maxLength: 600 }), rising(600), (units, froms) => {
        const s = units.join('');
        check(s, froms.filter((f) => f <= s.length));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('reads a text shorter than the one before it from its own bytes, not the scratch the longer one left', () => {
    check(`${'x'.repeat(3000)}\r${'y'.repeat(3000)}\x07`, [0, 3001]);
    const s = `${'a'.repeat(300)} b`;
    check(s, [0, 150, 299]); // no paragraph mark and no other stop: the text's length, though the scratch holds 0x0D and 0x07 further on
    const fresh = new PlainScanner(s);
    expect(fresh.end(0)).toBe(s.length);
    fresh.release();
  });

  it('finds every paragraph of a long text of line breaks (0x0B) without a paragraph mark', () => {
    const s = 'word word\x0b'.repeat(5000);
    const froms = Array.from({ length: 5000 }, (_, k) => 10 * k);
    check(s, froms);
  });
});
