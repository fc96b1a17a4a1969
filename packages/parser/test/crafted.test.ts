/**
 * Issue 12's crafted documents, built here (harness/crafted-docs.ts) past the sizes the old code
 * broke on: each gives exactly the text its recipe implies, through every public entry point, with
 * deterministic bounds on the work — the output's size, the warnings kept (first 100 and a count)
 * — and a bound on the heap. No clock: a hang is caught by the test timeout.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { extractCatdocText, extractText, parseDoc, STORY_NAMES } from '../src/index.js';
import { craftGuessedRows, craftNoteMarks, craftNoteReferences, craftPiecesPastEnd, craftRowEnds, type Crafted } from '../harness/crafted-docs.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const MiB = 2 ** 20;

/** Heap used above the level before `work`, sampled after it and after every story (garbage collected first). */
function heapGrowth(work: (sample: () => void) => void): number {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed - base));
  work(sample);
  sample();
  return peak;
}

/** Every public way to the text of a crafted file: each story, 'all', extractText, catdoc mode. */
function check(c: Crafted, heapLimitMiB: number): void {
  const growth = heapGrowth((sample) => {
    const doc = parseDoc(c.bytes);
    sample();
    expect(doc.text(c.story)).toBe(c.expected);
    sample();
    let all = 0;
    for (const story of STORY_NAMES) {
      all += doc.text(story).length;
      sample();
    }
    expect(doc.text('all').length).toBe(all);
    expect(extractText(c.bytes, { story: c.story })).toBe(c.expected);
    sample();
    // catdoc mode prints every story: its output is bounded by the characters (and their line breaks).
    expect(extractCatdocText(c.bytes).length).toBeLessThanOrEqual(2 * doc.characters('all').length + 2);
    expect(doc.info.warnings.length).toBeLessThanOrEqual(101);
  });
  expect(growth / MiB).toBeLessThan(heapLimitMiB);
}

describe('crafted documents (issue 12)', () => {
  it('130,000 auto-numbered footnote marks: 1 … 130000, one per note', () => {
    check(craftNoteMarks('footnotes', 130_000), 64);
  });

  it('130,000 auto-numbered endnote marks: i … mmmcmxcix, then 4000 …', () => {
    const c = craftNoteMarks('endnotes', 130_000);
    expect(c.expected.startsWith('i\nii\niii\niv\n')).toBe(true);
    check(c, 64);
  });

  it('130,000 footnote references in the body, numbered where their marks are', () => {
    check(craftNoteReferences(130_000), 64);
  });

  it('1,000,000 row-end marks (one TTP paragraph run): a line end each, no set of marks', () => {
    check(craftRowEnds(1_000_000), 96);
  });

  it('300,000 one-cell rows without paragraph properties (row ends guessed)', () => {
    check(craftGuessedRows(300_000), 64);
  });

  it('150,000 pieces past the end of the stream: no text, 100 warnings kept and the rest counted', () => {
    const c = craftPiecesPastEnd(150_000);
    check(c, 96);
    const warnings = parseDoc(c.bytes).info.warnings;
    expect(warnings).toHaveLength(101);
    expect(warnings[0]).toMatch(/^piece at CP 0 points past the end of the WordDocument stream; 1 character\(s\) cut$/);
    expect(warnings[100]).toMatch(/^… and \d+ more warnings$/);
    expect(Number(/\d+/.exec(warnings[100]!)![0])).toBeGreaterThanOrEqual(150_000 - 100);
  });
});
