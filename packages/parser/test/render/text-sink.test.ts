/** render/text-sink.ts: what a sink gathers (slices, units, chunks, strings of other sources) comes out in order. */
import { describe, expect, it } from 'vitest';
import { NoteNumber } from '../../src/render/note-numbers.js';
import { extractText } from '../../src/index.js';
import { CHUNK, TextSink } from '../../src/render/text-sink.js';
import { writeDoc } from '../../harness/doc-writer.js';

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

describe('TextSink: a long two-byte text', () => {
  // Longer than NARROW_MIN (516,340 units, io/encoding.ts): the document's string is one Node keeps outside V8's heap.
  const paragraph = (k: number) => `Абзац ${k}: съешь же ещё этих мягких булок 敏捷的棕色狐狸 ${'ж'.repeat(k % 90)}`;

  it('gives back slices, one units (a lone surrogate too) and other strings in order, unit for unit', () => {
    const paragraphs = Array.from({ length: 9000 }, (_, k) => paragraph(k));
    const source = paragraphs.join('\r');
    const sink = new TextSink();
    const expected: string[] = [];
    let at = 0;
    for (let k = 0; k < paragraphs.length; k++) {
      const p = paragraphs[k]!;
      sink.n = sink.slice(sink.n, source, at, at + p.length);
      expected.push(p);
      const unit = k % 5 === 0 ? 0xd83d : 0x0a; // a lone high surrogate, kept as it is
      sink.unit(unit);
      expected.push(String.fromCharCode(unit));
      if (k % 11 === 0) {
        sink.text('tab\tx', 0, 5);
        expected.push('tab\tx');
      }
      at += p.length + 1;
    }
    const text = sink.finish();
    expect(text.length).toBeGreaterThan(516_340);
    expect(text).toBe(expected.join(''));
  });

  it('a document of 600,000 Cyrillic and CJK characters comes out as its text, marks replaced', () => {
    const paragraphs: string[] = [];
    let length = 0;
    for (let k = 0; length < 600_000; k++) {
      const p = k % 7 === 0 ? `${paragraph(k)}\t${k}\xa0конец` : paragraph(k);
      paragraphs.push(p);
      length += p.length + 1;
    }
    const text = `${paragraphs.join('\r')}\r`;
    const plain = extractText(writeDoc({ pieces: [{ text, compressed: false }] }));
    // Paragraph marks → newlines, the NBSP → a space (special-characters.ts), tabs kept.
    expect(plain).toBe(`${paragraphs.join('\n').replaceAll('\xa0', ' ')}\n`);
  });
});
