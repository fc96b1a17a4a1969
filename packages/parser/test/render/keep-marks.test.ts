/**
 * keepMarks: hidden text (sprmCFVanish) hides characters, not structure; a deleted revision
 * removes its marks too. Inputs made by hand: the story's characters, what visibleText shows
 * (hidden characters as U+0000), and the deleted CP runs.
 */
import { describe, expect, it } from 'vitest';
import { keepMarks } from '../../src/render/tree/build.js';
import { CpRuns } from '../../src/word/cp-runs.js';

const runs = (...ranges: Array<[number, number]>) => new CpRuns<null>(Int32Array.from(ranges.map((r) => r[0])), Int32Array.from(ranges.map((r) => r[1])), ranges.map(() => null));
// "x\r" then a row "a\x07b\x07\x07" whose row end mark (CP 6) is hidden, then "y\r".
const all = 'x\ra\x07b\x07\x07y\r';

describe('keepMarks', () => {
  it('puts back a hidden row end mark and a hidden paragraph mark, not the hidden text', () => {
    const visible = 'x\0a\x07\0\x07\0y\r'; // CP 1 (\r), 4 (b) and 6 (row end) hidden
    expect(keepMarks(visible, all, 0, CpRuns.empty())).toBe('x\ra\x07\0\x07\x07y\r');
  });

  it('leaves out a mark in a deleted revision (the paragraphs merge, as in the final document)', () => {
    const visible = 'x\0a\x07\0\x07\0y\r';
    expect(keepMarks(visible, all, 0, runs([1, 2], [6, 7]))).toBe('x\0a\x07\0\x07\0y\r');
  });

  it('reads the marks at the story offset `cpStart` of the document string', () => {
    expect(keepMarks('\0y\r', all, 6, CpRuns.empty())).toBe('\x07y\r');
    expect(keepMarks('\0y\r', all, 6, runs([6, 7]))).toBe('\0y\r');
  });

  it('returns text without hidden characters unchanged', () => {
    expect(keepMarks(all, all, 0, CpRuns.empty())).toBe(all);
  });
});
