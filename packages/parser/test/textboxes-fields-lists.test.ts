/**
 * Issue 15's fidelity classes on real bytes: text boxes shown at their anchors (the default
 * `main` text), fields Word draws without a result part, list numbering across interruptions and
 * LFO start-at overrides. LibreOffice-made fixtures (fixtures/README.md) where LibreOffice writes
 * the structure; files built by the test-only writer (harness/doc-writer.ts, doc-parts.ts) where
 * it cannot (MACROBUTTON/SYMBOL/EQ-math fields without a result, LFO overrides). Expected texts
 * are hand-written; the raw-character checks pin down what each file stores.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCatdocText, extractText, parseDoc } from '../src/index.js';
import { plfLfo, plfLst, listParagraph } from '../harness/doc-parts.js';
import { writeDoc } from '../harness/doc-writer.js';
import { repoRoot } from './support/corpus.js';

const dir = join(repoRoot, 'fixtures');
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const expected = (file: string) => readFileSync(join(dir, file), 'utf8');

describe('text boxes at their anchors', () => {
  it('textbox-letter.doc: a letter laid out in a text box is the default text; the strict body is empty', () => {
    const doc = parseDoc(read('textbox-letter.doc'));
    expect(doc.characters('body')).toBe('\b\r'); // the anchor of the box, in an empty paragraph
    expect(doc.characters('textboxes')).toContain('Dear Mr Brown,\r');
    expect(doc.text('body')).toBe('\n');
    expect(doc.text()).toBe(expected('textbox-letter.main.txt'));
    expect(extractText(read('textbox-letter.doc'))).toBe(expected('textbox-letter.main.txt'));
    expect(extractText(read('textbox-letter.doc'), { story: 'body' })).toBe('\n');
  });

  it('header text boxes stay in their story; `all` gives every story once, boxes not inlined', () => {
    const doc = parseDoc(read('textbox-letter.doc'));
    expect(doc.text()).not.toContain('Letterhead box.');
    expect(doc.text('headerTextboxes')).toBe('Letterhead box.\n\n\n'); // the raw story: box mark and story end included
    const all = doc.text('all');
    expect(all.split('Dear Mr Brown,').length).toBe(2);
    expect(all.startsWith('\n')).toBe(true); // the body first, then the other stories in CP order
  });

  it('textbox-anchors.doc: inline (in a SHAPE field result), chained, grouped and floating boxes', () => {
    const doc = parseDoc(read('textbox-anchors.doc'));
    const chars = doc.characters('body');
    expect(chars).toContain('Inline \u0013 SHAPE \u0014\b\u0001\u0015 after.\r');
    expect(chars).toContain('\b\bChain start here.\r'); // a chain: two shapes, one text
    expect(doc.text('body')).toBe(expected('textbox-anchors.body.txt'));
    expect(doc.text('main')).toBe(expected('textbox-anchors.main.txt'));
  });

  it('catdoc mode does not change: every story in CP order', () => {
    const catdoc = extractCatdocText(read('textbox-letter.doc'));
    expect(catdoc.indexOf('Smith & Co.')).toBeLessThan(catdoc.indexOf('Jane Smith'));
  });
});

describe('fields with no result part', () => {
  it('fields-display.doc: LibreOffice writes a phonetic guide as EQ \\o\\al(\\s\\up …) with no result; the base text shows', () => {
    const doc = parseDoc(read('fields-display.doc'));
    const chars = doc.characters('body');
    expect(chars).toContain('\u0013 EQ \\* jc3 \\* "Font:DejaVu Sans" \\* hps12 \\o\\al(\\s\\up 11(とうきょう),東京)\u0015');
    expect(chars).toContain('\u0013 MACROBUTTON Standard.Module1.Main Run the report\u0014Run the report\u0015'); // LibreOffice writes a result
    expect(doc.text()).toBe(expected('fields-display.body.txt'));
  });

  it('MACROBUTTON, GOTOBUTTON, SYMBOL and EQ as Word writes them (no separator), nested or not', () => {
    const paragraphs: Array<[string, string]> = [
      ['Name: \u0013 MACROBUTTON NoMacro [Type your name] \u0015\r', 'Name: [Type your name]\n'],
      ['See \u0013 GOTOBUTTON Summary the summary\u0015.\r', 'See the summary.\n'],
      ['Angle: 90\u0013 SYMBOL 176 \\f "Symbol" \\s 12 \u0015, alpha \u0013 SYMBOL 97 \\f Symbol\u0015.\r', 'Angle: 90°, alpha α.\n'],
      ['Half: \u0013 EQ \\f(1,2)\u0015 cup; root \u0013 EQ \\r(3,8)\u0015 = 2; water H\u0013 EQ \\s\\do5(2)\u0015O.\r', 'Half: 1/2 cup; root 3√8 = 2; water H2O.\n'],
      ['Ruby: \u0013 EQ \\* jc2 \\* "Font:MS Mincho" \\* hps24 \\o\\ad(\\s\\up 11(とうきょう),東京)\u0015.\r', 'Ruby: 東京.\n'],
      ['Index entry\u0013 XE "entry" \u0015 hidden.\r', 'Index entry hidden.\n'],
      ['Nested: \u0013 HYPERLINK "http://x" \u0014link \u0013 SYMBOL 183 \\f Symbol\u0015 text\u0015.\r', 'Nested: link • text.\n'],
      ['In an instruction: \u0013 IF 1 = 1 \u0013 MACROBUTTON x hidden\u0015 \u0014shown\u0015.\r', 'In an instruction: shown.\n'],
    ];
    const bytes = writeDoc({ pieces: [{ text: paragraphs.map(([chars]) => chars).join(''), compressed: false }] });
    expect(parseDoc(bytes).text()).toBe(paragraphs.map(([, text]) => text).join(''));
  });
});

describe('list numbering', () => {
  it('lists-continued.doc: a list continues after plain paragraphs, another list, and other levels', () => {
    // LibreOffice 7.4 writes one LSTF and one LFO per list (no LFO overrides); its restarted list
    // becomes a list of its own for its first paragraph only, the others stay in the outline —
    // the expected text numbers what the file says, as Word and LibreOffice's reader do.
    expect(parseDoc(read('lists-continued.doc')).text()).toBe(expected('lists-continued.body.txt'));
  });

  it('LFO start-at overrides restart the shared list once; formatting overrides; deeper levels restart', () => {
    const outline = [
      { start: 1, nfc: 0, template: '\x00.' },
      { start: 1, nfc: 4, template: '\x00.\x01.' },
      { start: 1, nfc: 1, template: '\x00.\x01.\x02.' },
    ];
    const tables = [
      { pair: 73, bytes: plfLst([{ lsid: 7, levels: outline }, { lsid: 9, levels: [{ start: 1, nfc: 0, template: '\x00)' }] }]) },
      {
        pair: 74,
        bytes: plfLfo([
          { lsid: 7 }, // 1: the outline
          { lsid: 7, levels: [{ ilvl: 0, startAt: 5 }] }, // 2: "Restart numbering" at 5
          { lsid: 7, levels: [{ ilvl: 0, startAt: 1 }] }, // 3: restart at 1
          { lsid: 9 }, // 4: another list
          { lsid: 7, levels: [{ ilvl: 1, formatting: { start: 1, nfc: 4, template: '(\x01)', follow: 1 } }] }, // 5: level 1 as "(a) "
        ]),
      },
    ];
    // [text, ilfo, ilvl, expected label]
    const paras: Array<[string, number, number, string]> = [
      ['Intro', 0, 0, ''],
      ['Alpha', 1, 0, '1.\t'],
      ['Alpha sub', 1, 1, '1.a.\t'],
      ['Item one', 1, 2, '1.a.I.\t'],
      ['Item two', 1, 2, '1.a.II.\t'],
      ['Item three', 1, 2, '1.a.III.\t'],
      ['Beta', 2, 0, '5.\t'], // LFO 2's first paragraph restarts level 0 at 5
      ['Beta sub', 1, 1, '5.a.\t'], // LFO 1 continues the same list
      ['Beta item', 1, 2, '5.a.I.\t'], // level 2 restarted under "5.a." (not "1.a.IV.")
      ['Gamma', 1, 0, '6.\t'],
      ['Again', 2, 0, '7.\t'], // the override is spent: LFO 2 continues too
      ['Plain paragraph', 0, 0, ''],
      ['Restart', 3, 0, '1.\t'],
      ['Restart sub', 3, 1, '1.a.\t'],
      ['Other list', 4, 0, '1)\t'],
      ['Back', 1, 1, '1.b.\t'], // after another list: the outline continues at its level
      ['Formatted', 5, 1, '(c) '],
      ['Last', 1, 0, '2.\t'],
    ];
    let cp = 0;
    const paragraphs = paras.map(([text, ilfo, ilvl]) => {
      cp += text.length + 1;
      return { cpEnd: cp, grpprl: ilfo > 0 ? listParagraph(ilfo, ilvl) : [] };
    });
    const bytes = writeDoc({ pieces: [{ text: paras.map(([t]) => `${t}\r`).join(''), compressed: false }], paragraphs, tableParts: tables });
    expect(parseDoc(bytes).text()).toBe(paras.map(([text, , , label]) => `${label}${text}\n`).join(''));
  });
});
