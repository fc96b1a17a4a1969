/**
 * detect() runs first on every input: Word binaries, their older siblings, and the formats people
 * send under a .doc name are told apart, and parseDoc answers each the right way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocParseError, detect, parseDoc } from '../src/index.js';
import { repoRoot } from './support/corpus.js';

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'fixtures', name)));
const ascii = (s: string) => new TextEncoder().encode(s);
const codeOf = (bytes: Uint8Array) => {
  try {
    parseDoc(bytes);
    return 'parsed';
  } catch (error) {
    return error instanceof DocParseError ? error.code : `untyped ${String(error)}`;
  }
};

describe('detect', () => {
  it('recognises Word 97 binaries, RTF and plain text', () => {
    expect(detect(fixture('simple.doc'))).toBe('word97');
    expect(detect(fixture('rtf-as-doc.doc'))).toBe('rtf');
    expect(detect(fixture('text-as-doc.doc'))).toBe('text');
  });

  it('sends .docx and Word XML to their readers, and names WordPerfect in an UNSUPPORTED_FORMAT error', () => {
    const docx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...ascii('[Content_Types].xml')]);
    const wordml = ascii('<?xml version="1.0"?>\n<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body/></w:wordDocument>');
    const wordperfect = Uint8Array.from([0xff, 0x57, 0x50, 0x43, 0x10, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x01]);
    expect(detect(docx)).toBe('docx');
    expect(detect(wordml)).toBe('wordml');
    expect(detect(wordperfect)).toBe('wordperfect');
    expect(codeOf(docx)).toBe('TRUNCATED'); // a ZIP local header with no archive behind it
    expect(parseDoc(wordml).info.format).toBe('wordml');
    expect(parseDoc(wordml).text('body')).toBe('');
    expect(codeOf(wordperfect)).toBe('UNSUPPORTED_FORMAT');
    expect(() => parseDoc(wordperfect)).toThrow('This is a WordPerfect document, not a Word document.');
  });

  it('recognises Word 2 and Write headers by their magic numbers', () => {
    expect(detect(Uint8Array.from([0xdb, 0xa5, 0x2d, 0x00]))).toBe('word2');
    expect(detect(Uint8Array.from([0x31, 0xbe, 0x00, 0x00]))).toBe('write');
  });

  it('names an image by its magic number; calls binary data that is nothing it knows unknown, and parseDoc says NOT_OLE', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]);
    expect(detect(png)).toBe('png');
    expect(codeOf(png)).toBe('UNSUPPORTED_FORMAT');
    const binary = Uint8Array.from([0x00, 0x01, 0x02, 0xfe, 0x13, 0x37, 0x00, 0x00, 0x7f, 0x80, 0x90, 0x05]);
    expect(detect(binary)).toBe('unknown');
    expect(codeOf(binary)).toBe('NOT_OLE');
    expect(codeOf(new Uint8Array(0))).toBe('NOT_OLE');
  });

  it('passes plain text through as the body, line ends as paragraphs', () => {
    const doc = parseDoc(ascii('first line\r\nsecond line\n'));
    expect(doc.info.format).toBe('text');
    expect(doc.text('body')).toBe('first line\nsecond line\n');
  });
});
