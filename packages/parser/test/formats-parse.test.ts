/**
 * The readers of non-binary formats behind the public API: detect() names each file, parseDoc()
 * reads it (doc.info.format says what was read) or refuses it with an error naming it, and the
 * text is the same whether asked of the reader or of the document (plain and catdoc modes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocParseError, detect, extractText, parseDoc } from '../src/index.js';
import { corpusDir, hasCorpus, repoRoot } from './support/corpus.js';

const fixtures = join(repoRoot, 'fixtures');
const bytesOf = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));
const body = (dir: string, name: string) => {
  const own = join(fixtures, dir, `${name}.body.txt`);
  return readFileSync(existsSync(own) ? own : join(fixtures, `${name}.body.txt`), 'utf8');
};
const refusal = (bytes: Uint8Array) => {
  try {
    parseDoc(bytes);
    return 'parsed';
  } catch (error) {
    return error instanceof DocParseError ? `${error.code}: ${error.message}` : `untyped: ${String(error)}`;
  }
};

describe('parseDoc on the formats named .doc', () => {
  const cases: Array<[path: string, format: string, version: string, expected: string]> = [
    ['docx/all-stories.docx', 'docx', 'Word 2007+ document (.docx)', body('docx', 'all-stories')],
    ['docx/lists.docx', 'docx', 'Word 2007+ document (.docx)', body('docx', 'lists')],
    ['wordml/word2003.xml', 'wordml', 'Word 2003 XML', body('wordml', 'word2003')],
    ['html/nested-table.html', 'html', 'HTML (LibreOffice 7.4.7.2 (Linux))', body('html', 'nested-table')],
    ['html/word-web-page.html', 'html', 'Word Web Page (Microsoft Word 11)', body('html', 'word-web-page')],
    ['html/word-web-page.mht', 'mhtml', 'Word Single File Web Page (MHTML) (Microsoft Word 11)', body('html', 'word-web-page')],
    ['text/dos-nul-padded-long.doc', 'text', 'Plain text', readFileSync(join(fixtures, 'text/dos-nul-padded.body.txt'), 'utf8')],
  ];
  for (const [path, format, version, expected] of cases) {
    it(`${path}: detect() says ${format}, doc.info says what was read, the body is the reader's`, () => {
      const bytes = bytesOf(path);
      expect(detect(bytes)).toBe(format);
      const doc = parseDoc(bytes);
      expect([doc.info.format, doc.info.version]).toEqual([format, version]);
      expect(doc.text('body')).toBe(expected);
      expect(extractText(bytes)).toBe(expected);
    });
  }

  it('stories and metadata come through: footnotes, headers, comments, text boxes, properties', () => {
    const doc = parseDoc(bytesOf('docx/all-stories.docx'));
    expect(doc.stories).toEqual(['body', 'footnotes', 'headers', 'comments', 'endnotes', 'textboxes', 'headerTextboxes']);
    expect(doc.text('footnotes')).toBe('1\tStory footnote.\n');
    expect(doc.text('headers')).toBe('Story header\nStory footer\n');
    expect(doc.text('all')).toContain('Story header box.\n');
    expect(parseDoc(bytesOf('html/word-web-page.mht')).metadata).toMatchObject({ author: 'Ada Writer', title: 'Quarterly report' });
  });

  it('catdoc mode formats the same characters', () => {
    const text = extractText(bytesOf('docx/table.docx'), { format: 'catdoc', width: 0 });
    expect(text).toContain('Apple');
    expect(text).toContain('Text after the table.');
  });
});

describe('parseDoc refuses what is not Word, naming it', () => {
  const cases: Array<[path: string, detected: string, refusal: string]> = [
    ['foreign/foreign-sheet.xls', 'excel', 'NOT_WORD: This is an Excel workbook, not a Word document.'],
    ['foreign/foreign-sheet.xlsx', 'docx', 'UNSUPPORTED_FORMAT: This is an Excel workbook (.xlsx), not a Word document.'],
    ['foreign/foreign-slides.pptx', 'docx', 'UNSUPPORTED_FORMAT: This is a PowerPoint presentation (.pptx), not a Word document.'],
    ['foreign/text.odt', 'odt', 'UNSUPPORTED_FORMAT: This is an OpenDocument text document (.odt), not a Word document.'],
    ['foreign/text.pdf', 'pdf', 'UNSUPPORTED_FORMAT: This is a PDF document, not a Word document.'],
    ['src/simple.fodt', 'flat-odf', 'UNSUPPORTED_FORMAT: This is a flat OpenDocument XML file (.fodt), not a Word document.'],
  ];
  for (const [path, detected, message] of cases) {
    it(`${path}: ${detected}`, () => {
      const bytes = bytesOf(path);
      expect(detect(bytes)).toBe(detected);
      expect(refusal(bytes)).toBe(message);
    });
  }

  it.skipIf(!hasCorpus)('the corpus\'s Excel workbook named .doc (poi/TestRobert_Flaherty.doc)', () => {
    const bytes = new Uint8Array(readFileSync(join(corpusDir, 'docs/poi/TestRobert_Flaherty.doc')));
    expect(detect(bytes)).toBe('excel');
    expect(refusal(bytes)).toBe('NOT_WORD: This is an Excel workbook, not a Word document.');
  });
});
