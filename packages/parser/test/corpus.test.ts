/**
 * The shared corpus (../shared/corpus): 193 real .doc files from other projects' test suites.
 * Every file either parses or fails with a typed DocParseError, and body text agrees with
 * LibreOffice's. Skipped, with a warning, when the corpus is absent.
 */
import { describe, expect, it } from 'vitest';
import { DocParseError, parseDoc } from '../src/index.js';
import { corpusFiles, hasCorpus, libreOfficeText, readCorpusFile, tokenF1 } from './support/corpus.js';

const files = corpusFiles();

/** Files whose failure is the right answer, with the code it must carry. */
const EXPECTED_ERRORS: Record<string, string> = {
  'poi/PasswordProtected.doc': 'ENCRYPTED',
  'poi/password_password_cryptoapi.doc': 'ENCRYPTED',
  'poi/password_tika_binaryrc4.doc': 'ENCRYPTED',
  'poi/TestRobert_Flaherty.doc': 'NOT_WORD', // an OLE file without a WordDocument stream
};

// Without the corpus the tests below are skipped, and support/corpus.ts says so on stderr. In CI
// (CI=true), where the corpus is present, its absence is a failure, not a skip.
it.runIf(process.env.CI === 'true')('CI has the shared corpus (../shared/corpus next to the repository)', () => {
  expect(hasCorpus).toBe(true);
});

describe.skipIf(!hasCorpus)('shared corpus', () => {
  it('has the files the manifest lists', () => {
    expect(files.length).toBe(193);
  });

  it('poi/Bug52583.doc: the drop-down form field shows its selected entry, riri, in the text and the tree (as POI asserts)', () => {
    const doc = parseDoc(readCorpusFile('poi/Bug52583.doc'));
    expect(doc.text()).toContain('Duck\t:\triri');
    expect(doc.text()).not.toContain('FORMDROPDOWN');
    expect(JSON.stringify(doc.tree())).toContain('riri');
  });

  it('parses every file or throws only DocParseError', () => {
    const untyped: string[] = [];
    const wrongCode: string[] = [];
    for (const file of files) {
      try {
        const doc = parseDoc(readCorpusFile(file));
        doc.text('all');
        if (EXPECTED_ERRORS[file]) wrongCode.push(`${file}: parsed, expected ${EXPECTED_ERRORS[file]}`);
      } catch (error) {
        if (!(error instanceof DocParseError)) untyped.push(`${file}: ${String(error)}`);
        else if (EXPECTED_ERRORS[file] && error.code !== EXPECTED_ERRORS[file]) wrongCode.push(`${file}: ${error.code}`);
        else expect(error.message.length).toBeGreaterThan(10);
      }
    }
    expect(untyped).toEqual([]);
    expect(wrongCode).toEqual([]);
  });

  it('agrees with LibreOffice on body text (token F1, as fidelity.py)', () => {
    const scores: Array<[string, number]> = [];
    for (const file of files) {
      const reference = libreOfficeText(file);
      if (reference === null) continue;
      let text = '';
      try {
        text = parseDoc(readCorpusFile(file)).text('body');
      } catch {
        // scored as empty output
      }
      scores.push([file, tokenF1(reference, text)]);
    }
    expect(scores.length).toBe(183);
    const mean = scores.reduce((a, [, s]) => a + s, 0) / scores.length;
    const good = scores.filter(([, s]) => s >= 0.99).length;
    // Regression floors, a little under what the parser measures today (see README).
    expect(mean).toBeGreaterThan(0.97);
    expect(good).toBeGreaterThanOrEqual(163);
  });

  it('reads a plain table as tab-separated cells and newline-terminated rows', () => {
    const text = parseDoc(readCorpusFile('poi/simple-table.doc')).text('body');
    expect(text).toContain('Cell 1,1\tCell 1,2\tCell 1,3\nCell 2,1\tCell 2,2\tCell 2,3\n');
  });

  it('finds stream names case-insensitively (47950_lower has worddocument, 1table)', () => {
    const lower = parseDoc(readCorpusFile('poi/47950_lower.doc')).text('body');
    const normal = parseDoc(readCorpusFile('poi/47950_normal.doc')).text('body');
    expect(lower.length).toBeGreaterThan(10);
    expect(lower).toBe(normal);
  });

  it('leaves out deleted revisions and keeps inserted ones (word-extractor test01)', () => {
    const text = parseDoc(readCorpusFile('word-extractor/test01.doc')).text('body');
    expect(text).toContain('This text has been inserted, \u273band should be included');
    expect(text).not.toContain('has been deleted');
  });

  it('shows the final text of tracked changes, not both versions (poi/53446)', () => {
    const text = parseDoc(readCorpusFile('poi/53446.doc')).text('body');
    expect(text).toContain('Lakegas26.doc\t09/28/99');
    expect(text).not.toContain('Lakegas2326');
  });

  it('reads document properties from the root property sets, as file(1) reports them (poi/53379)', () => {
    // file(1): Title: ANNEX D, Author: brian davis, Template: Normal, Last Saved By: David Farrer,
    // Revision Number: 2, Create Time/Date: Tue Jul 29 20:56:00 2003, Number of Words: 5919.
    // (The file embeds a Word object with its own property sets: those must not be read.)
    const meta = parseDoc(readCorpusFile('poi/53379.doc')).metadata;
    expect(meta).toMatchObject({
      title: 'ANNEX D',
      author: 'brian davis',
      template: 'Normal',
      lastAuthor: 'David Farrer',
      revision: '2',
      created: '2003-07-29T20:56:00.000Z',
      words: 5919,
      characters: 33740,
      application: 'Microsoft Word 9.0',
    });
  });

  it('numbers a list across LFOs of one list as Word does: poi/Bug52311 (POI asserts the same labels)', () => {
    // The headings' own text says what Word shows; LFO 4 restarts level 1 at 99, then LFO 3 continues.
    const text = parseDoc(readCorpusFile('poi/Bug52311.doc')).text('body');
    for (const label of ['2.1', '2.3.1', '2.99', '2.99.1', '2.100', '2.101']) expect(text).toContain(`${label}\tHeader ${label}\n`);
  });

  it('continues a list after a restart in another LFO (poi/TestShiftJIS, as LibreOffice numbers it)', () => {
    const text = parseDoc(readCorpusFile('poi/TestShiftJIS.doc')).text('body');
    expect(text).toMatch(/1\.\tClick \[Add a new agent\] in \[Agent\] menu\. \n[^\t]*\n+2\.\tSet the items below\.\n/);
  });

  it('shows the display text of MACROBUTTON fields Word wrote without a result (poi/Bug53380_2, in its header)', () => {
    const doc = parseDoc(readCorpusFile('poi/Bug53380_2.doc'));
    expect(doc.characters('headers')).toContain('\u0013MACROBUTTON NoMacro [Document Title]\u0015');
    expect(doc.text('headers')).toContain('[Document Title]\t[Alt+R for Date]\n');
  });

  it('shows text boxes at their anchors by default, the body alone with --story body (word-extractor/test16)', () => {
    const doc = parseDoc(readCorpusFile('word-extractor/test16.doc'));
    expect(doc.text('body')).not.toContain('First text box');
    const main = doc.text();
    expect(main).toContain('First text box, regular\nParagraph 1\n');
    // A chain of linked boxes: its text once, at the first box.
    expect(main.split('linked to the same text from the second').length).toBe(2);
  });

  it('numbers footnote and endnote references like Word (1, 2… and i, ii…)', () => {
    const text = parseDoc(readCorpusFile('poi/footnote.doc')).text('body');
    expect(text).toBe('Test text1i\n');
  });
});
