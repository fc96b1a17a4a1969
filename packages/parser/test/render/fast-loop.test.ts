/**
 * The plain-text renderer's fast loop (render/fast-loop.ts) on documents built here, dense and
 * sparse in control characters: row ends (a TTP paragraph run) and guessed rows (no paragraph
 * properties) taken inside the loop's window, between ordinary characters and after long runs
 * of it (slices), across many chunks of output; runs of one mark written at once; a footnote's
 * own marks between ordinary characters. Each expected text comes from its recipe, not from the
 * renderer.
 */
import { describe, expect, it } from 'vitest';
import { parseDoc } from '../../src/index.js';
import { rowEndRun } from '../../harness/crafted-docs.js';
import { writeDoc } from '../../harness/doc-writer.js';

/** `unit` repeated to `n` characters, each `every`-th of them (1-based) replaced by `mark`. */
function every(n: number, k: number, mark: string, unit = 'abcdefghij'): string {
  let s = '';
  for (let i = 0; i < n; i++) s += i % k === k - 1 ? mark : unit[i % unit.length];
  return s;
}

const body = (bytes: Uint8Array) => parseDoc(bytes).text('body');
const plainBody = (text: string) => body(writeDoc({ pieces: [{ text, compressed: true }] }));

describe('row ends of a TTP paragraph run, between ordinary characters', () => {
  for (const k of [2, 3, 8, 64, 1000]) {
    it(`a row end every ${k} characters (0x0D and 0x07 alike): a newline each, over many chunks`, () => {
      let m = 0;
      const text = every(60_000, k, '\r').replace(/\r/g, () => (m++ % 2 === 0 ? '\x07' : '\r'));
      expect(body(rowEndRun(text))).toBe(text.replace(/[\r\x07]/g, '\n'));
    });
  }

  it('drops the tab right before a row end (a tab character), not one before other text', () => {
    const text = 'a\tb\t\x07c\t\t\rd\r'.repeat(5000);
    expect(body(rowEndRun(text))).toBe('a\tb\nc\t\nd\n'.repeat(5000));
  });

  it('drops the tab right before each row end wherever it falls: in the window, at its edges, across chunks', () => {
    // Gaps of 0 to 300 characters, tabs alone and in pairs right before a row end, or before text.
    let text = '';
    for (let g = 0; text.length < 150_000; g++) {
      const gap = (g * 37) % 301;
      for (let k = 0; k < gap; k++) text += String.fromCharCode(97 + ((g + k) % 26));
      text += ['\t\r', '\t\x07', '\t\tx\r', '\t\t\x07', '\r', '\x07\t', '\t'][g % 7];
    }
    text += '\r';
    const expected = text.replace(/\t(?=[\r\x07])/g, '').replace(/[\r\x07]/g, '\n');
    expect(body(rowEndRun(text))).toBe(expected);
  });

  it('writes a run of row ends at once: a newline for each', () => {
    const text = 'x\x07\x07\x07\r\ry' + 'z'.repeat(100) + '\x07'.repeat(40_000) + 'w\r';
    expect(body(rowEndRun(text))).toBe(`x\n\n\n\n\ny${'z'.repeat(100)}${'\n'.repeat(40_000)}w\n`);
  });
});

describe('cell marks without paragraph properties (row ends guessed: an 0x07 right after a cell mark)', () => {
  it('lone cell marks between ordinary characters: a tab each (held, then written)', () => {
    const text = every(50_000, 2, '\x07') + '\r';
    expect(plainBody(text)).toBe(`${every(50_000, 2, '\t')}\n`);
  });

  it('a cell mark right after one ends the row (a newline in place of the tab), in the window and at its edges', () => {
    for (const gap of [1, 5, 31, 32, 33, 200]) {
      const row = `${'r'.repeat(gap)}\x07${'s'.repeat(gap)}\x07\x07`;
      expect(plainBody(row.repeat(3000)), `gap ${gap}`).toBe(`${'r'.repeat(gap)}\t${'s'.repeat(gap)}\n`.repeat(3000));
    }
  });

  it('a run of cell marks: each pair a cell and its row end, one left over a cell', () => {
    expect(plainBody('a\x07\x07\x07b\x07\x07\x07\x07\x07c\r')).toBe('a\n\tb\n\n\tc\n');
    expect(plainBody(`q\x07${'\x07'.repeat(30_001)}e\r`)).toBe(`q${'\n'.repeat(15_001)}e\n`);
  });

  it('paragraph marks and anchors between ordinary characters', () => {
    let m = 0;
    const text = every(40_000, 2, '\r').replace(/\r/g, () => (m++ % 3 === 0 ? '\x01' : '\r'));
    expect(plainBody(text)).toBe(text.replace(/\r/g, '\n').replace(/\x01/g, ''));
  });
});

describe('characters whose codes the loop uses for its actions (U+FFFC..U+FFFF)', () => {
  it('are ordinary text, shown as themselves, next to the marks those codes stand for', () => {
    const text = 'a\ufffc\x07\ufffd\x07\x07\ufffe\uffff\r'.repeat(200);
    const bytes = writeDoc({ pieces: [{ text, compressed: false }] });
    expect(body(bytes)).toBe('a\ufffc\t\ufffd\n\ufffe\uffff\n'.repeat(200));
  });
});

describe('the table of what each unit is written as (only the special units set: 0 is the unit itself)', () => {
  it('every code unit from U+0020 up is itself, but NBSP (a space) and ZWNBSP (nothing), in windows and slices', () => {
    let text = '';
    let expected = '';
    for (let u = 0x20; u <= 0xffff; u++) {
      const ch = String.fromCharCode(u);
      // In runs of 7 and of 300 between paragraph marks: through the table, and as slices.
      const sep = u % 300 === 0 || (u > 0xf000 && u % 7 === 0) ? '\r' : '';
      text += ch + sep;
      expected += (u === 0xa0 ? ' ' : u === 0xfeff ? '' : ch) + (sep ? '\n' : '');
    }
    const bytes = writeDoc({ pieces: [{ text: `${text}\r`, compressed: false }] });
    expect(body(bytes)).toBe(`${expected}\n`);
  });
});

describe("a footnote's own marks", () => {
  it('numbered 1, 2, 3… between ordinary characters and in runs, over many chunks', () => {
    const notes = `${'n\x02'.repeat(20_000)}${'\x02'.repeat(20_000)}\r`;
    const bytes = writeDoc({ pieces: [{ text: `x\r${notes}\r`, compressed: true }], ccp: { text: 2, ftn: notes.length } });
    let expected = '';
    for (let k = 1; k <= 20_000; k++) expected += `n${k}`;
    for (let k = 20_001; k <= 40_000; k++) expected += String(k);
    expect(parseDoc(bytes).text('footnotes')).toBe(`${expected}\n`);
  });

  it('numbered wherever they fall: lone, in runs of 2 to 40, right after tabs and paragraph marks, at window and chunk edges', () => {
    // Gaps of 0 to 70 characters between groups of 1 to 40 marks (a recipe, not the renderer, gives the text).
    let notes = '';
    let expected = '';
    let number = 0;
    for (let g = 0; notes.length < 120_000; g++) {
      const gap = (g * 7) % 71;
      for (let k = 0; k < gap; k++) {
        const ch = k % 13 === 12 ? '\r' : k % 17 === 16 ? '\t' : String.fromCharCode(97 + ((g + k) % 26));
        notes += ch;
        expected += ch === '\r' ? '\n' : ch;
      }
      const marks = g % 5 === 0 ? 1 + (g % 40) : 1;
      for (let k = 0; k < marks; k++) {
        notes += '\x02';
        expected += String(++number);
      }
    }
    notes += '\r';
    const bytes = writeDoc({ pieces: [{ text: `x\r${notes}\r`, compressed: true }], ccp: { text: 2, ftn: notes.length } });
    expect(parseDoc(bytes).text('footnotes')).toBe(`${expected}\n`);
  });
});

