/**
 * render/plain-text.ts: the rules one by one on hand-built documents, then a differential test
 * against the renderer it replaced (support/plain-text-reference.ts) on random documents dense in
 * control characters, hidden and symbol runs, table marks, list paragraphs and note marks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeDoc } from '../harness/doc-writer.js';
import { extractText } from '../src/extract.js';
import { parseDoc } from '../src/parse.js';
import { renderPlainText } from '../src/render/plain-text.js';
import type { ListTables } from '../src/word/lists.js';
import type { StorySelector } from '../src/types.js';
import { formattedModel, type FormattedSpec } from './support/formatted.js';
import { referencePlainText } from './support/plain-text-reference.js';

const render = (spec: FormattedSpec, story: StorySelector = 'body') => renderPlainText(formattedModel(spec), story);
/** Plain rules: no formatting facts at all (as Word 6 or RTF). */
const plain = (chars: string) => render({ chars, formatting: null });

/** One list (lsid 1): level 0 "1.", tab after; level 1 "a)", space after. */
const LISTS: ListTables = {
  lists: [
    {
      lsid: 1,
      levels: [
        { start: 1, nfc: 0, template: '\x00.', follow: 0, legal: false, noRestart: false, restartLim: 0 },
        { start: 1, nfc: 4, template: '\x01)', follow: 1, legal: false, noRestart: false, restartLim: 0 },
      ],
    },
  ],
  overrides: [{ lsid: 1, startAt: new Map(), formatting: new Map() }],
};

describe('plain-text rules', () => {
  it('turns paragraph marks, line breaks and page breaks into newlines', () => {
    expect(plain('one\rtwo\x0bthree\x0cfour\r')).toBe('one\ntwo\nthree\nfour\n');
  });

  it('keeps a field result and drops its instruction', () => {
    expect(plain('see \x13 HYPERLINK "http://x.test" \x14the site\x15 now\r')).toBe('see the site now\n');
  });

  it('handles nested fields and shows nothing for a field without separator', () => {
    expect(plain('a\x13 IF \x13 PAGE \x141\x15 = 1 "x" \x14yes\x15b\r')).toBe('ayesb\n');
    expect(plain('a\x13 TC "entry" \x15b\r')).toBe('ab\n');
    expect(plain('\x13 A \x14r1\x13 B \x14r2\x15r3\x15\r')).toBe('r1r2r3\n');
  });

  it('ignores an unmatched field end and separator', () => {
    expect(plain('x\x15y\x14z\r')).toBe('xyz\n');
  });

  it('maps cell marks to tabs and row-end marks (TTP paragraphs) to newlines without a trailing tab', () => {
    const chars = 'a\x07b\x07\x07c\x07d\x07\x07';
    const paragraphs = [{ cp: [4, 5] as [number, number], rowEnd: true }, { cp: [9, 10] as [number, number], rowEnd: true }];
    expect(render({ chars, formatting: { paragraphs } })).toBe('a\tb\nc\td\n');
  });

  it('without paragraph properties takes an 0x07 after a cell mark as a row end, but not an empty first cell of the next row', () => {
    expect(plain('a\x07\x07\x07b\x07\x07')).toBe('a\n\tb\n');
    expect(plain('a\x07\x07\x07\x07')).toBe('a\n\n'); // cell, row end, cell, row end
  });

  it('ends cells of a nested table at paragraph marks with sprmPFInnerTableCell, rows with sprmPFInnerTtp', () => {
    const chars = 'x\ry\rz\r';
    expect(render({ chars, formatting: { paragraphs: [{ cp: [0, 2], cellEnd: true }, { cp: [2, 4], rowEnd: true }] } })).toBe('x\ty\nz\n');
  });

  it('joins a drop cap (a paragraph with sprmPDcs, fdct 1 or 2) to the paragraph it begins', () => {
    // As Word writes one (word-extractor/test02.doc): the letter alone in a framed paragraph whose
    // PAPX holds sprmPDcs (0x442C) — here DCS 0x001A: fdct 2 (in the margin), 3 lines — then the
    // paragraph it begins. sprmPDcs with fdct 0 is no drop cap: its mark ends the line.
    const doc = (dcs: number) =>
      writeDoc({
        pieces: [{ text: 'Intro\rA\rpple pie\rEnd\r', compressed: false }],
        paragraphs: [
          { cpEnd: 6, grpprl: [] },
          { cpEnd: 8, grpprl: [0x2c, 0x44, dcs & 0xff, dcs >> 8] },
          { cpEnd: 18, grpprl: [] },
          { cpEnd: 22, grpprl: [] },
        ],
      });
    expect(extractText(doc(0x001a))).toBe('Intro\nApple pie\nEnd\n');
    expect(extractText(doc(0x0019))).toBe('Intro\nApple pie\nEnd\n'); // fdct 1, in the text
    expect(extractText(doc(0x0018))).toBe('Intro\nA\npple pie\nEnd\n'); // fdct 0
    // The tree too: the letter begins the paragraph's children, no paragraph of its own.
    const paragraphs = (bytes: Uint8Array) => parseDoc(bytes).tree().body.map((b) => ('children' in b ? b.children.map((c) => ('text' in c ? c.text : '')).join('') : b.type));
    expect(paragraphs(doc(0x001a))).toEqual(['Intro', 'Apple pie', 'End']);
    expect(paragraphs(doc(0x0018))).toEqual(['Intro', 'A', 'pple pie', 'End']);
  });

  it('maps special characters', () => {
    expect(plain('non\x1ebreaking soft\x1fhyphen nb\xa0space\ttab\r')).toBe('non-breaking softhyphen nb space\ttab\n');
  });

  it('keeps U+FFFF, whose code unit is no special character, as it is (alone, in a long run, between marks)', () => {
    expect(plain('a\uffffb\r\uffff\r' + '\uffff'.repeat(40) + '\r')).toBe('a\uffffb\n\uffff\n' + '\uffff'.repeat(40) + '\n');
  });

  it('drops anchors, note marks and other control characters', () => {
    expect(plain('pic\x01 note\x02 sep\x03\x04 ann\x05 obj\x08 z\ufeffw\0\r')).toBe('pic note sep ann obj zw\n');
  });

  it('numbers list paragraphs before their first character, by the properties of their mark', () => {
    const chars = 'one\rtwo\rsub\rthree\r';
    const paragraphs = [{ cp: [0, 8] as [number, number], ilfo: 1, ilvl: 0 }, { cp: [8, 12] as [number, number], ilfo: 1, ilvl: 1 }, { cp: [12, 18] as [number, number], ilfo: 1, ilvl: 0 }];
    expect(render({ chars, formatting: { paragraphs, lists: LISTS } })).toBe('1.\tone\n2.\ttwo\na) sub\n3.\tthree\n');
  });

  it('starts a list paragraph past the last visible mark before it, in a run of several paragraphs or hidden', () => {
    const chars = 'a\rb\rc\rone\rtwo\r';
    // One non-list run over three paragraphs; the marks at 1 and 5 are hidden: "c" is in the first list paragraph.
    const paragraphs = [{ cp: [0, 6] as [number, number], ilfo: 0 }, { cp: [6, 14] as [number, number], ilfo: 1 }];
    const hidden: Array<[number, number]> = [[1, 2], [5, 6]];
    expect(render({ chars, formatting: { paragraphs, hidden, lists: LISTS } })).toBe('ab\n1.\tcone\n2.\ttwo\n');
    // A symbol run whose "(" shows as a paragraph mark ends a paragraph too.
    const symbols = [{ cp: [3, 4] as [number, number], placeholder: 0x0d }];
    expect(render({ chars: 'a\rb(c\rone\rtwo\r', formatting: { paragraphs, hidden, symbols, lists: LISTS } })).toBe('ab\n1.\tcone\n2.\ttwo\n');
  });

  it('does not show a list number inside a field instruction, but counts it', () => {
    const chars = '\x13 X \ra\x14r\x15\rb\r';
    const paragraphs = [{ cp: [0, 12] as [number, number], ilfo: 1 }];
    // Paragraphs start at 0 (the field's start: shown), 5 (in the instruction: counted, not shown), 10.
    expect(render({ chars, formatting: { paragraphs, lists: LISTS } })).toBe('1.\tr\n3.\tb\n');
  });

  it('numbers footnote references in the body, and each note in the footnote story, 1, 2, 3; endnotes i, ii, iii', () => {
    const chars = 'a\x02b\x02c\x02\r' + '\x02 one\r\x02 two\r' + '\x02 first\r' + '\r';
    const stories = { body: 7, footnotes: 12, endnotes: 8 };
    const spec: FormattedSpec = { chars, stories, formatting: { footnoteRefs: [1, 3], endnoteRefs: [5] } };
    expect(render(spec)).toBe('a1b2ci\n');
    expect(render(spec, 'footnotes')).toBe('1 one\n2 two\n');
    expect(render(spec, 'endnotes')).toBe('i first\n');
    expect(render(spec, 'all')).toBe('a1b2ci\n1 one\n2 two\ni first\n'); // the last mark belongs to no story
  });

  it('a reference counts only where its CP holds a note mark', () => {
    expect(render({ chars: 'a\x02b\x02\r', formatting: { footnoteRefs: [0, 1, 3] } })).toBe('a1b2\n');
  });

  it('drops hidden text and deleted revisions, marks included', () => {
    expect(render({ chars: 'keep\x07gone\rkeep\r', formatting: { hidden: [[4, 10]] } })).toBe('keepkeep\n');
  });

  it('shows symbol-font characters as the Unicode characters they stand for', () => {
    const chars = '(\uf061b\r';
    const symbols = [{ cp: [0, 1] as [number, number], placeholder: 0x2022 }, { cp: [1, 3] as [number, number], font: 'symbol' as const }];
    expect(render({ chars, formatting: { symbols } })).toBe('\u2022\u03b1\u03b2\n');
  });

  it('keeps a tab held back across a long run, and a row end drops only the last one', () => {
    const long = 'x'.repeat(70000);
    expect(plain(`${long}\t\x07\x07${long}\r`)).toBe(`${long}\t\n${long}\n`);
  });

  it('writes runs of one mark longer than an output chunk as the marks one by one would', () => {
    for (const chars of ['x\t' + '\x07'.repeat(70001) + 'y\r', '\x07' + '\r'.repeat(40000) + '\x07'.repeat(33333) + '\r']) {
      expect(plain(chars)).toBe(referencePlainText({ chars, formatting: null }));
      const paragraphs = [{ cp: [1, 30000] as [number, number], rowEnd: true }, { cp: [30000, 50000] as [number, number], cellEnd: true }];
      const spec: FormattedSpec = { chars, formatting: { paragraphs } };
      expect(render(spec)).toBe(referencePlainText(spec));
    }
  });

  it('renders a story far longer than one output chunk, marks and all', () => {
    const chars = 'ab\x07'.repeat(50000) + 'z'.repeat(100) + '\r';
    expect(plain(chars)).toBe(referencePlainText({ chars, formatting: null }));
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: the one-pass renderer against the renderer it replaced

const ALPHABET = ['a', 'b', ' ', '\r', '\x07', '\x0b', '\x0c', '\t', '\x13', '\x14', '\x15', '\x02', '\x01', '\0', '\x1e', '\xa0', '\ufeff', '(', '\uf061', 'é', '\ud83d', '\uffff'];
const NAMES = ['body', 'footnotes', 'headers', 'comments', 'endnotes', 'textboxes'] as const;

/** Sorted, disjoint ranges within [0, n) from random cut points. */
const ranges = (n: number) =>
  fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, n) }), { maxLength: 12 }).map((cuts) => {
    const s = [...cuts].sort((a, b) => a - b);
    const out: Array<[number, number]> = [];
    for (let k = 0; k + 1 < s.length; k += 2) if (s[k + 1]! > s[k]!) out.push([s[k]!, s[k + 1]!]);
    return out;
  });

/** Pieces of text long enough for the renderer's slices and searches (≥ LONG_RUN ordinary units, NBSP and ZWNBSP inside). */
const LONG_PIECES = ['q'.repeat(31), 'p'.repeat(32), 'x'.repeat(63), 'y'.repeat(64), 'lorem ipsum '.repeat(9), `${'z'.repeat(70)}\xa0${'w'.repeat(70)}`, `${'v'.repeat(80)}\ufeff${'u'.repeat(65)}`, '\uf061'.repeat(66)];

/** Random documents: `maxLength` pieces of `alphabet`, stories of up to `maxStory` CPs each. */
const specsOf = (alphabet: readonly string[], maxLength: number, maxStory: number) =>
    fc
    .array(fc.constantFrom(...alphabet), { maxLength })
    .map((a) => a.join(''))
    .chain((chars) => {
      const n = chars.length;
      return fc.record({
        chars: fc.constant(chars),
        stories: fc.array(fc.nat(maxStory), { minLength: NAMES.length, maxLength: NAMES.length }).map((l) => Object.fromEntries(NAMES.map((s, i) => [s, l[i]!]))),
        formatting: fc.option(
          fc.record({
            paragraphs: fc.array(fc.record({ rowEnd: fc.boolean(), cellEnd: fc.boolean(), ilfo: fc.constantFrom(0, 1, 1, 2, 2047), ilvl: fc.nat(2) }), { maxLength: 12 }).chain((props) =>
              ranges(n).map((rs) => rs.slice(0, props.length).map((cp, k) => ({ cp, ...props[k]! }))),
            ),
            hidden: ranges(n),
            symbols: ranges(n).chain((rs) => fc.tuple(...rs.map((cp) => fc.oneof(fc.record({ cp: fc.constant(cp), placeholder: fc.constantFrom(0x2022, 0x0d, 0x07, 0x13) }), fc.record({ cp: fc.constant(cp), font: fc.constantFrom('symbol' as const, 'wingdings' as const) }))))),
            lists: fc.constantFrom(LISTS, null),
            footnoteRefs: fc.uniqueArray(fc.nat(n), { maxLength: 8 }).map((a) => a.sort((x, y) => x - y)),
            endnoteRefs: fc.uniqueArray(fc.nat(n), { maxLength: 8 }).map((a) => a.sort((x, y) => x - y)),
          }),
          { freq: 4 },
        ),
      });
    });

describe('the one-pass renderer against the one it replaced', () => {
  it('gives the same text for every story of random documents', () => {
    fc.assert(
      fc.property(specsOf(ALPHABET, 160, 60), (spec) => {
        // Story ranges as the reader would give them: clamped to the characters.
        for (const story of ['all', ...NAMES] as const) expect(render(spec, story), story).toBe(referencePlainText(spec, story));
      }),
      { seed: 0x12, numRuns: 3000 },
    );
  });

  it('gives the same text for random documents with long runs of ordinary text between the marks', () => {
    fc.assert(
      fc.property(specsOf([...ALPHABET, ...LONG_PIECES], 40, 1000), (spec) => {
        for (const story of ['all', ...NAMES] as const) expect(render(spec, story), story).toBe(referencePlainText(spec, story));
      }),
      { seed: 0x13, numRuns: 1000 },
    );
  });
});
