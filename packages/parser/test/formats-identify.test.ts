/**
 * identify() and identifyOle(): what a file named .doc really is. Run on every file of
 * fixtures/ (each expectation written here by hand from what the file is), on every file of the
 * shared corpus (all Word binaries: identify() must claim none of them, identifyOle() must call
 * each readable container Word), and on the magic numbers of the formats people send instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as CFB from 'cfb';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocParseError } from '../src/errors.js';
import { describeForeign, foreignFormatError, identify, identifyOle, isForeignKind, type ForeignKind } from '../src/formats/identify.js';
import { readFormat } from '../src/formats/readers.js';
import { corpusFiles, hasCorpus, readCorpusFile, repoRoot } from './support/corpus.js';

const fixturesDir = join(repoRoot, 'fixtures');
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isCfb = (b: Uint8Array) => CFB_MAGIC.every((x, i) => b[i] === x);

/** Root stream names of an OLE file (null when the container cannot be read). */
function rootStreams(bytes: Uint8Array): string[] | null {
  try {
    const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
    const root = cfb.FullPaths[0]!;
    return cfb.FullPaths.filter((p, i) => p.startsWith(root) && cfb.FileIndex[i]!.type === 2)
      .map((p) => p.slice(root.length))
      .filter((p) => !p.includes('/'));
  } catch {
    return null;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** What each fixture is, by path (written from how the fixtures were made; see fixtures/README.md). */
function expectedKind(path: string): string | null {
  if (/^docx\/.*\.docx$/.test(path)) return 'zip';
  if (/^wordml\/.*\.xml$/.test(path)) return 'wordml';
  if (/\.mht$/.test(path)) return 'mhtml';
  if (/\.html?$/.test(path)) return 'html';
  if (/\.fod[tsp]$/.test(path)) return 'flat-odf';
  if (path === 'foreign/foreign-sheet.xlsx' || path === 'foreign/foreign-slides.pptx') return 'zip';
  if (path === 'foreign/text.odt') return 'odt';
  if (path === 'foreign/text.pdf') return 'pdf';
  // Word binaries (OLE, fuzzed OLE), the Excel binary (OLE), RTF and plain text: detect()'s business.
  return null;
}

describe('identify() on every fixture', () => {
  const files = walk(fixturesDir)
    .map((p) => relative(fixturesDir, p))
    .filter((p) => !/(?:\.body\.txt|\.stories\.json|\.error\.txt|\.structure\.(?:md|html)|README\.md|\.sh|\.mjs|\.py)$/.test(p));

  it('names each file as it was made', () => {
    expect(files.length).toBeGreaterThan(60);
    const got = Object.fromEntries(files.map((p) => [p, identify(new Uint8Array(readFileSync(join(fixturesDir, p))))]));
    const want = Object.fromEntries(files.map((p) => [p, expectedKind(p)]));
    expect(got).toEqual(want);
  });

  it('calls the OLE fixtures Word, except the Excel workbook', () => {
    for (const path of files) {
      const bytes = new Uint8Array(readFileSync(join(fixturesDir, path)));
      if (!isCfb(bytes) || path.startsWith('fuzz/')) continue; // fuzz/: containers damaged on purpose
      const names = rootStreams(bytes)!;
      expect(identifyOle(names), path).toBe(path === 'foreign/foreign-sheet.xls' ? 'excel' : 'word');
    }
  });

  it('refuses the non-Word packages with an error naming them', () => {
    const refusal = (path: string) => {
      try {
        readFormat('zip', new Uint8Array(readFileSync(join(fixturesDir, path))));
      } catch (error) {
        if (error instanceof DocParseError) return `${error.code}: ${error.message}`;
      }
      return 'read';
    };
    expect(refusal('foreign/foreign-sheet.xlsx')).toBe('UNSUPPORTED_FORMAT: This is an Excel workbook (.xlsx), not a Word document.');
    expect(refusal('foreign/foreign-slides.pptx')).toBe('UNSUPPORTED_FORMAT: This is a PowerPoint presentation (.pptx), not a Word document.');
    // Read as a ZIP (as if its magic had not been checked), the .odt is still named by its mimetype entry.
    expect(refusal('foreign/text.odt')).toBe('UNSUPPORTED_FORMAT: This is an OpenDocument text document (.odt), not a Word document.');
  });
});

/**
 * The corpus's one non-Word file: POI's hpsf test file TestRobert_Flaherty.doc is an Excel
 * workbook (root streams Book, Workbook and the two property sets) under a .doc name.
 */
const CORPUS_NOT_WORD: Readonly<Record<string, string>> = { 'poi/TestRobert_Flaherty.doc': 'excel' };

describe('identify() on the shared corpus', () => {
  it.skipIf(!hasCorpus)('claims no corpus file by its magic; every readable OLE container is Word but one Excel workbook', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThan(190);
    let ole = 0;
    for (const path of files) {
      const bytes = readCorpusFile(path);
      expect(identify(bytes), path).toBeNull();
      const names = isCfb(bytes) ? rootStreams(bytes) : null;
      if (names === null) continue;
      ole++;
      expect(identifyOle(names), path).toBe(CORPUS_NOT_WORD[path] ?? 'word');
    }
    expect(ole).toBeGreaterThan(180);
    expect(identifyOle(rootStreams(readCorpusFile('poi/TestRobert_Flaherty.doc'))!)).toBe('excel');
  });
});

describe('magic numbers', () => {
  const bytes = (...b: number[]) => Uint8Array.from([...b, ...new Array<number>(64).fill(0x20)]);
  const cases: Array<[string, Uint8Array, string | null]> = [
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'png'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0), 'jpeg'],
    ['GIF', strToU8('GIF89a\x01\x00\x01\x00'), 'gif'],
    ['TIFF little-endian', bytes(0x49, 0x49, 0x2a, 0x00), 'tiff'],
    ['TIFF big-endian', bytes(0x4d, 0x4d, 0x00, 0x2a), 'tiff'],
    ['gzip', bytes(0x1f, 0x8b, 0x08), 'gzip'],
    ['7-Zip', bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c), '7z'],
    ['RAR', strToU8('Rar!\x1a\x07\x00'), 'rar'],
    ['WordPerfect', bytes(0xff, 0x57, 0x50, 0x43, 0x10), 'wordperfect'],
    ['PostScript', strToU8('%!PS-Adobe-3.0\n'), 'postscript'],
    ['PDF after junk', strToU8('\r\n\r\n%PDF-1.4\n'), 'pdf'],
    ['empty ZIP', bytes(0x50, 0x4b, 0x05, 0x06), 'zip'],
    ['EPUB', strToU8('PK\x03\x04' + '\0'.repeat(26) + 'mimetypeapplication/epub+zip'), 'epub'],
    ['ODS', strToU8('PK\x03\x04' + '\0'.repeat(26) + 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet'), 'ods'],
    ['text that starts with "MZ"', strToU8('MZ is a postcode area in plain text, not a program.'.padEnd(80)), null],
    ['text that starts with "BM"', strToU8('BMW owners club newsletter, spring issue.'.padEnd(80)), null],
    ['text that starts with "<"', strToU8('<Untitled> notes from the meeting'), null],
    ['e-mail (MIME message)', strToU8('From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello'), 'mhtml'],
    ['header-like text without MIME', strToU8('Subject: minutes\nDate: Monday\n\nWe met.'), null],
    ['XHTML', strToU8('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n<html xmlns="http://www.w3.org/1999/xhtml">'), 'html'],
    ['HTML after a comment', strToU8('<!-- saved from url=(0014)about:internet -->\r\n<html><body>x</body></html>'), 'html'],
    ['Word 2003 XML without the processing instruction', strToU8('<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"/>'), 'wordml'],
    ['flat OPC', strToU8('<?xml version="1.0"?><?mso-application progid="Word.Document"?><pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage"/>'), 'flat-opc'],
    ['Excel 2003 XML', strToU8('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'), 'excel-xml'],
    ['other XML', strToU8('<?xml version="1.0"?><rss version="2.0"/>'), 'xml'],
    ['XML with a DOCTYPE subset', strToU8('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b>">]><r xmlns="urn:x"/>'), 'xml'],
  ];
  for (const [what, input, kind] of cases) {
    it(`${what} → ${String(kind)}`, () => expect(identify(input)).toBe(kind));
  }

  it('a Windows program: MZ with a PE header where e_lfanew points', () => {
    const exe = new Uint8Array(256);
    exe.set([0x4d, 0x5a]);
    exe[0x3c] = 0x80;
    exe.set([0x50, 0x45, 0, 0], 0x80);
    expect(identify(exe)).toBe('exe');
  });

  it('a BMP: "BM", its own size, zero reserved words', () => {
    const bmp = new Uint8Array(70);
    bmp.set([0x42, 0x4d, 70, 0, 0, 0]);
    expect(identify(bmp)).toBe('bmp');
  });

  it('HTML saved as UTF-16 (Word\'s "Unicode" web page) is recognised through its BOM', () => {
    const html = '<html><body>Unicode page</body></html>';
    const utf16 = new Uint8Array(2 + html.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < html.length; i++) utf16[2 + 2 * i] = html.charCodeAt(i);
    expect(identify(utf16)).toBe('html');
    expect(readFormat('html', utf16).stories.body).toBe('Unicode page\n');
  });
});

describe('OLE applications and messages', () => {
  it('names the application from its root streams', () => {
    expect(identifyOle(['WordDocument', '1Table'])).toBe('word');
    expect(identifyOle(['Workbook', '\u0005SummaryInformation'])).toBe('excel');
    expect(identifyOle(['Book'])).toBe('excel');
    expect(identifyOle(['PowerPoint Document', 'Current User'])).toBe('powerpoint');
    expect(identifyOle(['VisioDocument'])).toBe('visio');
    expect(identifyOle(['__properties_version1.0', '__nameid_version1.0'])).toBe('outlook');
    expect(identifyOle(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces'])).toBe('encrypted-ooxml');
    expect(identifyOle(['Contents'])).toBe('ole');
  });

  it('gives each foreign kind a typed error that names it', () => {
    const check = (kind: ForeignKind, code: string, message: string) => {
      const error = foreignFormatError(kind);
      expect(error).toBeInstanceOf(DocParseError);
      expect([error.code, error.message]).toEqual([code, message]);
      expect(describeForeign(kind)).toBe(message);
      expect(isForeignKind(kind)).toBe(true);
    };
    check('excel', 'NOT_WORD', 'This is an Excel workbook, not a Word document.');
    check('powerpoint', 'NOT_WORD', 'This is a PowerPoint presentation, not a Word document.');
    check('wordperfect', 'UNSUPPORTED_FORMAT', 'This is a WordPerfect document, not a Word document.');
    check('pdf', 'UNSUPPORTED_FORMAT', 'This is a PDF document, not a Word document.');
    check('jpeg', 'UNSUPPORTED_FORMAT', 'This is a JPEG image, not a Word document.');
    check('zip-archive', 'UNSUPPORTED_FORMAT', 'This is a ZIP archive, not a Word document.');
    check('encrypted-ooxml', 'ENCRYPTED', 'This is a password-protected Office 2007+ file (an encrypted .docx, .xlsx or .pptx); its text cannot be read without the password.');
    expect(isForeignKind('zip')).toBe(false);
  });
});
