/** render/note-numbers.ts: a note number's label counted up in place, alone and in runs (blocks of a hundred or a thousand labels copied and patched, roman numerals from a table). */
import { describe, expect, it } from 'vitest';
import { LABEL_ROOM, NoteNumber } from '../../src/render/note-numbers.js';
import { toRoman } from '../../src/word/number-format.js';

const label = (note: NoteNumber): string => String.fromCharCode(...note.units.subarray(0, note.length));

describe('NoteNumber', () => {
  it('counts 1, 2, 3… in decimal, across every change of length', () => {
    const note = new NoteNumber('decimal');
    for (let k = 1; k <= 120_000; k++) {
      note.next();
      if (k < 200 || k % 997 === 0 || /^(10*|9+)$/.test(String(k))) expect(label(note)).toBe(String(k));
    }
    expect(label(note)).toBe('120000');
  });

  it('counts i, ii, iii… in roman numerals up to mmmcmxcix, then 4000, 4001… in decimal', () => {
    const note = new NoteNumber('roman');
    for (let k = 1; k <= 4_100; k++) {
      note.next();
      expect(label(note)).toBe(toRoman(k));
    }
  });

  it('a fast loop that counts the last digit itself and settles it gives the same labels', () => {
    const note = new NoteNumber('decimal');
    let last = note.lastUnit();
    let text = '';
    for (let k = 1; k <= 2_000; k++) {
      if (last < 0x39) last++;
      else last = note.countFrom(last);
      text += String.fromCharCode(...note.units.subarray(0, note.length - 1), last);
    }
    note.settle(last);
    expect(label(note)).toBe('2000');
    expect(text).toBe(Array.from({ length: 2_000 }, (_, k) => String(k + 1)).join(''));
  });

  it('writes runs of labels, copying blocks, up to its limit: the same text as one label at a time', () => {
    for (const [style, start] of [
      ['decimal', 0],
      ['decimal', 9_950],
      ['decimal', 99_890],
      ['roman', 3_900],
    ] as const) {
      const note = new NoteNumber(style);
      for (let k = 0; k < start; k++) note.next();
      const buf = new Uint16Array(40_000);
      let expected = '';
      let text = '';
      let value = start;
      // Runs of various lengths into chunks of various sizes (the limit stops a run early).
      for (const [count, limit] of [
        [1, 100],
        [350, 40_000],
        [2_500, 7_000],
        [10, 12],
        [1_234, 40_000],
      ]) {
        const n = note.writeRun(buf, 3, count, limit);
        expect(note.written).toBeLessThanOrEqual(count);
        expect(n).toBeLessThanOrEqual(limit);
        expect(note.written === count || n + LABEL_ROOM > limit).toBe(true);
        text += String.fromCharCode(...buf.subarray(3, n));
        for (let k = 0; k < note.written; k++) expected += style === 'roman' ? toRoman(++value) : String(++value);
      }
      expect(text).toBe(expected);
      expect(label(note)).toBe(style === 'roman' ? toRoman(value) : String(value));
    }
  });

  it('keeps its block across runs: later runs copy it, patching every place that changed', () => {
    // A run of 300 from 1000 makes a block (1000..1999); after 7,000 labels counted one at a time
    // (places 3 and up change), and runs cut short by their limit anywhere, the labels are still right.
    const note = new NoteNumber('decimal');
    for (let k = 0; k < 999; k++) note.next();
    let value = 999;
    const buf = new Uint16Array(20_000);
    const run = (count: number, limit: number): void => {
      const n = note.writeRun(buf, 0, count, limit);
      let expected = '';
      for (let k = 0; k < note.written; k++) expected += String(++value);
      expect(String.fromCharCode(...buf.subarray(0, n))).toBe(expected);
      expect(note.written === count || n + LABEL_ROOM > limit).toBe(true);
    };
    run(300, 20_000);
    for (let k = 0; k < 7_000; k++) note.next();
    value += 7_000;
    run(1_000, 20_000);
    run(950, 1_234);
    run(1_000, 20_000);
    // Runs cut anywhere inside a block (and a limit too small for one label): the rest is copied too.
    for (let r = 0; r < 300; r++) run(97 + (r % 7) * 50, 3 + ((r * 37) % 700));
    expect(value).toBeGreaterThan(10_000); // across 9999 → 10000 (a longer label: a new block)
    // No room for one label right where a block ends: nothing written, nothing counted.
    while (value % 1000 !== 999) run(1, 20_000);
    run(5, 3);
    run(1_500, 20_000);
    expect(label(note)).toBe(String(value));
  });

  it('copies long runs of roman numerals from its table, cut by the limit anywhere, then goes on in decimal', () => {
    const note = new NoteNumber('roman');
    const buf = new Uint16Array(50_000);
    let value = 0;
    let text = '';
    let expected = '';
    for (const [count, limit] of [
      [40, 50_000],
      [500, 333],
      [33, 50_000],
      [5_000, 50_000],
    ]) {
      const n = note.writeRun(buf, 0, count, limit);
      expect(note.written === count || n + LABEL_ROOM > limit).toBe(true);
      text += String.fromCharCode(...buf.subarray(0, n));
      for (let k = 0; k < note.written; k++) expected += toRoman(++value);
    }
    expect(value).toBeGreaterThan(4_000);
    expect(text).toBe(expected);
    expect(label(note)).toBe(String(value));
  });
});

