/** render/text-sink.ts: what a sink gathers (units, chunks, strings) comes out in order, gathered into one string or handed on. */
import { describe, expect, it } from 'vitest';
import { NoteNumber } from '../../src/render/note-numbers.js';
import { extractText } from '../../src/index.js';
import { CHUNK, StreamedText, TextSink } from '../../src/render/text-sink.js';
import { writeDoc } from '../../harness/doc-writer.js';

describe('TextSink', () => {
  it('gives back units, chunks and strings in the order written: Latin-1 first, then wider units (the gathered array widened)', () => {
    const wide = 'Съешь же ещё этих мягких французских булок, да выпей чаю. 敏捷的棕色狐狸跳过了懒狗。';
    const sink = new TextSink();
    let expected = '';
    for (let k = 0; k < 3000; k++) {
      // Latin-1 text (units and a long string), then from k = 1500 on wider units too.
      const text = k < 1500 ? `paragraph ${k}: café naïve — ` : `${wide.slice(k % 20, 20 + (k % 40))} ${k}`;
      sink.text(text, 0, text.length);
      expected += text;
      const unit = k % 3 === 0 && k >= 1500 ? 0x44f : 0x0a;
      sink.unit(unit);
      expected += String.fromCharCode(unit);
      if (k % 7 === 0) {
        sink.text(`${'x'.repeat(40)}ab`, 38, 42); // a part of a string
        expected += 'xxab';
      }
    }
    expect(sink.finish()).toBe(expected);
    // The next sink takes the kept arrays: its text is its own.
    const next = new TextSink();
    next.text('short', 0, 5);
    expect(next.finish()).toBe('short');
  });

  it('hands each full chunk on as a string (StreamedText), the strings given whole between them, in order', () => {
    const got: string[] = [];
    const sink = new TextSink(new StreamedText((text) => got.push(text)));
    sink.n = sink.fill(0, 0x79, CHUNK + 3);
    const long = 'a string longer than a few units, handed on as it is';
    sink.text(long, 0, long.length);
    sink.unit(0x7a);
    expect(sink.finish()).toBe('');
    expect(got).toEqual(['y'.repeat(CHUNK), 'yyy', long, 'z']);
  });

  it('gives back full chunks and the rest after them', () => {
    const sink = new TextSink();
    const n = sink.fill(0, 0x78, CHUNK * 2 + 5);
    sink.n = n;
    const note = new NoteNumber('decimal');
    for (let k = 0; k < 1234; k++) note.next();
    sink.label(note);
    expect(sink.finish()).toBe('x'.repeat(CHUNK * 2 + 5) + '1234');
  });
});

describe('TextSink: a long two-byte text', () => {
  // Longer than NARROW_MIN (516,340 units, io/encoding.ts): the document's string is one Node keeps outside V8's heap.
  const paragraph = (k: number) => `Абзац ${k}: съешь же ещё этих мягких булок 敏捷的棕色狐狸 ${'ж'.repeat(k % 90)}`;

  it('gives back chunks, one units (a lone surrogate too) and other strings in order, unit for unit', () => {
    const paragraphs = Array.from({ length: 9000 }, (_, k) => paragraph(k));
    const sink = new TextSink();
    const expected: string[] = [];
    for (let k = 0; k < paragraphs.length; k++) {
      const p = paragraphs[k]!;
      sink.text(p, 0, p.length);
      expected.push(p);
      const unit = k % 5 === 0 ? 0xd83d : 0x0a; // a lone high surrogate, kept as it is
      sink.unit(unit);
      expected.push(String.fromCharCode(unit));
      if (k % 11 === 0) {
        sink.text('tab\tx', 0, 5);
        expected.push('tab\tx');
      }
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
