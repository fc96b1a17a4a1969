/**
 * Issue 7's plain-text rules on real LibreOffice-made fixtures (fixtures/README.md): plain mode
 * shows the text Word shows — deleted revisions (fRMarkDel) and hidden text (fVanish) left out,
 * inserted revisions kept, Symbol/Wingdings characters as Unicode — and a .doc that is really
 * RTF or plain text gives its text. Each body is compared exactly with its hand-written
 * `<name>.body.txt`; the raw-character checks pin down what the file stores, so a fixture that
 * stops exercising its rule (another LibreOffice version) fails here rather than passing vacuously.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, parseDoc } from '../src/index.js';
import { repoRoot } from './support/corpus.js';

const dir = join(repoRoot, 'fixtures');
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const expected = (stem: string) => readFileSync(join(dir, `${stem}.body.txt`), 'utf8');

describe('revisions.doc: tracked changes', () => {
  const doc = parseDoc(read('revisions.doc'));

  it('stores deleted text in the file (to be left out by its fRMarkDel)', () => {
    const chars = doc.characters('body');
    expect(chars).toContain('signed in early March.');
    expect(chars).toContain('This whole paragraph was deleted.');
    expect(chars).toContain('13,44430,000');
  });

  it('plain text is the final text: deletions gone (a deleted paragraph mark too), insertions in', () => {
    expect(doc.text('body')).toBe(expected('revisions'));
    expect(extractText(read('revisions.doc'))).toBe(expected('revisions'));
  });
});

describe('hidden.doc: hidden text', () => {
  const doc = parseDoc(read('hidden.doc'));

  it('stores the hidden text in the file', () => {
    const chars = doc.characters('body');
    for (const s of ['secret ', 'concealed ', 'hidden by direct formatting', 'hidden by its paragraph style']) expect(chars).toContain(s);
  });

  it('plain text leaves out direct, character-style and paragraph-style hidden text', () => {
    expect(doc.text('body')).toBe(expected('hidden'));
  });
});

describe('symbols.doc: Symbol and Wingdings characters stored as U+F0xx', () => {
  const doc = parseDoc(read('symbols.doc'));

  it('LibreOffice stores the font code points (U+F0xx) in the text, not 0x28 + sprmCSymbol', () => {
    expect(doc.characters('body')).toBe(
      'Greek: \uf061\uf062\uf057 (alpha, beta, Omega)\rSigns: 20\uf0b0C \uf0b12, x \uf0a3 y \uf0ae z\rCheck: \uf0fc done\rEnd.\r',
    );
  });

  it('plain text shows the Unicode characters', () => {
    expect(doc.text('body')).toBe(expected('symbols'));
  });
});

describe('symbol-ascii.doc: Symbol and Wingdings characters stored as 8-bit codes', () => {
  const doc = parseDoc(read('symbol-ascii.doc'));

  it('LibreOffice stores the characters as typed (a, b, W, °, ±, £, ®, J, ü) in a Symbol/Wingdings run', () => {
    expect(doc.characters('body')).toBe(
      'Greek: abW (alpha, beta, Omega)\rSigns: 20\u00b0C \u00b12, x \u00a3 y \u00ae z\rWingdings: J smile, \u00fc done\rEnd.\r',
    );
  });

  it('plain text shows what the font draws', () => {
    expect(doc.text('body')).toBe(expected('symbol-ascii'));
  });
});

describe('files that are not Word binaries, named .doc', () => {
  it('rtf-as-doc.doc (LibreOffice RTF) gives its text', () => {
    const doc = parseDoc(read('rtf-as-doc.doc'));
    expect(doc.info.format).toBe('rtf');
    expect(doc.text('body')).toBe(expected('rtf-as-doc'));
    expect(extractText(read('rtf-as-doc.doc'))).toBe(expected('rtf-as-doc'));
  });

  it('text-as-doc.doc (UTF-8 text) gives its text', () => {
    const doc = parseDoc(read('text-as-doc.doc'));
    expect(doc.info.format).toBe('text');
    expect(doc.text('body')).toBe(expected('text-as-doc'));
    expect(extractText(read('text-as-doc.doc'))).toBe(expected('text-as-doc'));
  });
});
