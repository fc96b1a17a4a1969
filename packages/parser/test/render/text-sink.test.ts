/** render/text-sink.ts: what a sink gathers (slices, units, chunks, strings of other sources) comes out in order. */
import { describe, expect, it } from 'vitest';
import { NoteNumber } from '../../src/render/note-numbers.js';
import { CHUNK, TextSink } from '../../src/render/text-sink.js';

describe('TextSink', () => {
  it('gives back slices of its source, slices of other strings, one-unit and longer chunks, in the order written', () => {
    const source = 'Съешь же ещё этих мягких французских булок, да выпей чаю. 敏捷的棕色狐狸跳过了懒狗。'.repeat(40);
    const other = 'another string, sliced: kept as a string of its own';
    const sink = new TextSink();
    let expected = '';
    for (let k = 0; k < 700; k++) {
      // A slice of the source, then one unit (a newline, or a unit above U+00FF), then units and another string's slice.
      const from = (k * 37) % 1000;
      sink.n = sink.slice(sink.n, source, from, from + 40 + (k % 50));
      expected += source.slice(from, from + 40 + (k % 50));
      const unit = k % 3 === 0 ? 0x44f : 0x0a;
      sink.unit(unit);
      expected += String.fromCharCode(unit);
      if (k % 7 === 0) {
        sink.n = sink.slice(sink.n, other, 5, 5 + 33);
        expected += other.slice(5, 5 + 33);
        sink.text('ab', 0, 2);
        sink.unit(0x2d);
        expected += 'ab-';
      }
    }
    expect(sink.finish()).toBe(expected);
  });

  it('gives back full chunks and the rest after them', () => {
    const sink = new TextSink();
    const n = sink.fill(0, 0x78, CHUNK * 2 + 5);
    sink.n = n;
    const note = new NoteNumber('decimal');
    for (let k = 0; k < 1234; k++) note.next();
    sink.label(note);
    expect(sink.finishParts().join('')).toBe('x'.repeat(CHUNK * 2 + 5) + '1234');
  });
});
