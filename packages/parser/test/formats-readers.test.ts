/**
 * The readers of non-binary formats named .doc, on real files: LibreOffice converted the same
 * fixtures/src/*.fodt sources to .docx, Word 2003 XML and HTML that it converted to .doc, so the
 * hand-written expectations of the .doc fixtures (fixtures/<name>.body.txt, .stories.json) apply
 * to them too — the outputs of every format agree. Where a format's file really says something
 * else, fixtures/<format>/<name>.body.txt overrides (see fixtures/README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identify } from '../src/formats/identify.js';
import { readFormat } from '../src/formats/readers.js';
import type { FormatReadResult } from '../src/formats/result.js';
import { repoRoot } from './support/corpus.js';

const fixtures = join(repoRoot, 'fixtures');
const bytesOf = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));

/** The expected body: the format's own file if there is one, else the .doc fixture's. */
function expectedBody(dir: string, name: string): string {
  const own = join(fixtures, dir, `${name}.body.txt`);
  return readFileSync(existsSync(own) ? own : join(fixtures, `${name}.body.txt`), 'utf8');
}

function expectStories(result: FormatReadResult, file: string): void {
  if (!existsSync(file)) return;
  const phrases = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>;
  for (const [story, list] of Object.entries(phrases)) {
    for (const phrase of list) expect(result.stories[story as keyof FormatReadResult['stories']] ?? '', `${story}`).toContain(phrase);
  }
}

function read(path: string): FormatReadResult {
  const bytes = bytesOf(path);
  const kind = identify(bytes);
  if (kind !== 'zip' && kind !== 'wordml' && kind !== 'flat-opc' && kind !== 'html' && kind !== 'mhtml') {
    throw new Error(`${path}: identified as ${String(kind)}`);
  }
  return readFormat(kind, bytes);
}

const DOCX = [
  'simple', 'table', 'nested-table', 'notes', 'header-footer', 'fields', 'comments', 'textbox', 'all-stories',
  'multilingual', 'special-chars', 'lists', 'revisions', 'hidden', 'symbols', 'symbol-ascii',
];

describe('.docx (LibreOffice, from the .doc fixtures\' sources)', () => {
  for (const name of DOCX) {
    it(`${name}.docx gives the .doc fixture's text`, () => {
      const result = read(`docx/${name}.docx`);
      expect(result.format).toBe('docx');
      expect(result.version).toBe('Word 2007+ document (.docx)');
      expect(result.stories.body).toBe(expectedBody('docx', name));
      expectStories(result, join(fixtures, `${name}.stories.json`));
    });
  }

  it('hidden.docx: LibreOffice hid the direct-formatted paragraph\'s mark too (w:pPr/w:rPr/w:vanish), so no empty line', () => {
    const xml = strFromU8(unzipSync(bytesOf('docx/hidden.docx'))['word/document.xml']!);
    expect(xml).toMatch(/<w:rPr><w:vanish\/><\/w:rPr><\/w:pPr><w:r><w:rPr><w:vanish\/><\/w:rPr><w:t>The text of this paragraph is hidden/);
    expect(read('docx/hidden.docx').stories.body).toContain('character style.\nBetween the hidden paragraphs.\n');
  });

  it('reads document properties from docProps/core.xml and app.xml', () => {
    const { metadata } = read('docx/simple.docx');
    // LibreOffice writes <Application>, <TotalTime>0</TotalTime> and <cp:revision>0</cp:revision>; empty elements are absent.
    expect(metadata).toEqual({ application: expect.stringMatching(/^LibreOffice\//), editTimeMinutes: 0, revision: '0' });
  });
});

describe('Word 2003 XML', () => {
  for (const name of ['all-stories', 'table', 'multilingual', 'symbols']) {
    it(`${name}.xml (LibreOffice) gives the .doc fixture's text`, () => {
      const result = read(`wordml/${name}.xml`);
      expect(result.format).toBe('wordml');
      expect(result.version).toBe('Word 2003 XML');
      expect(result.stories.body).toBe(expectedBody('wordml', name));
      expectStories(result, join(fixtures, `${name}.stories.json`));
    });
  }

  it('word2003.xml (hand-written in Word 2003\'s own dialect): revisions, hidden text, lists, fields, notes, comments, headers', () => {
    const result = read('wordml/word2003.xml');
    expect(result.stories.body).toBe(expectedBody('wordml', 'word2003'));
    expectStories(result, join(fixtures, 'wordml/word2003.stories.json'));
    expect(result.metadata).toMatchObject({ title: 'Hand-written Word 2003 XML', author: 'Ada Writer', created: '2001-02-03T10:00:00.000Z', pages: 1 });
  });
});

describe('HTML and MHTML', () => {
  for (const name of ['lists', 'table', 'nested-table', 'special-chars', 'notes']) {
    it(`${name}.html (LibreOffice) gives the text a browser shows`, () => {
      const result = read(`html/${name}.html`);
      expect(result.format).toBe('html');
      expect(result.version).toMatch(/^HTML \(LibreOffice/);
      expect(result.stories.body).toBe(expectedBody('html', name));
      expectStories(result, join(fixtures, `${name}.stories.json`));
    });
  }

  it('word-web-page.html: Word\'s Web Page conventions, windows-1252, no script or style text', () => {
    const result = read('html/word-web-page.html');
    expect(result.version).toBe('Word Web Page (Microsoft Word 11)');
    expect(result.stories.body).toBe(expectedBody('html', 'word-web-page'));
    expectStories(result, join(fixtures, 'html/word-web-page.stories.json'));
    const all = Object.values(result.stories).join('');
    expect(all).not.toMatch(/script text|Style Definitions|TrackRevisions|secret|13,444/);
    expect(result.metadata).toMatchObject({ title: 'Quarterly report', author: 'Ada Writer', lastAuthor: 'Bob Editor', words: 64, company: 'Example Ltd' });
  });

  it('word-web-page.mht: the same page as a quoted-printable MIME part, its header part base64', () => {
    const result = read('html/word-web-page.mht');
    expect(result.format).toBe('mhtml');
    expect(result.version).toBe('Word Single File Web Page (MHTML) (Microsoft Word 11)');
    expect(result.stories.body).toBe(expectedBody('html', 'word-web-page'));
    expectStories(result, join(fixtures, 'html/word-web-page-mht.stories.json'));
  });
});
