import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeTextFile,
  guessTextEncoding,
  isValidUtf8,
  looksLikeText,
} from '../src/formats/text.js';
import { decode as decodeCodePage, decoderFor } from '../src/io/encoding.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/text/', import.meta.url));
const fixture = (name: string) => new Uint8Array(readFileSync(FIXTURES + name));
const SAMPLE = 'Hello, wörld — “quotes” and café.\r\nSecond line\twith a tab.\r\n';

const utf8 = (s: string) => new TextEncoder().encode(s);
function utf16(s: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < s.length; i++) view.setUint16(2 * i, s.charCodeAt(i), littleEndian);
  return out;
}

describe('decodeTextFile: fixtures', () => {
  it.each([
    ['utf8.txt', 'utf8'],
    ['utf8-bom.txt', 'utf8-bom'],
    ['utf16le-bom.txt', 'utf16le-bom'],
    ['utf16be-bom.txt', 'utf16be-bom'],
    ['utf16le-nobom.txt', 'utf16le'],
    ['cp1252.txt', 'cp1252'],
  ])('%s is read as %s', (name, encoding) => {
    const bytes = fixture(name);
    expect(guessTextEncoding(bytes)).toBe(encoding);
    expect(decodeTextFile(bytes)).toBe(SAMPLE);
    expect(looksLikeText(bytes)).toBe(true);
  });
});

describe('decodeTextFile', () => {
  it('drops the BOM and keeps everything else, line ends included', () => {
    expect(decodeTextFile(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8('Привет\r\n')))).toBe('Привет\r\n');
    expect(decodeTextFile(Uint8Array.of(0xff, 0xfe, ...utf16('日本\n', true)))).toBe('日本\n');
    expect(decodeTextFile(Uint8Array.of(0xfe, 0xff, ...utf16('日本\n', false)))).toBe('日本\n');
  });

  it('reads valid UTF-8 without a BOM, including 4-byte sequences', () => {
    expect(decodeTextFile(utf8('Съешь же ещё 😀'))).toBe('Съешь же ещё 😀');
  });

  it('reads BOM-less UTF-16 of mostly Latin text (LE and BE)', () => {
    expect(decodeTextFile(utf16('Plain text in UTF-16', true))).toBe('Plain text in UTF-16');
    expect(decodeTextFile(utf16('Plain text in UTF-16', false))).toBe('Plain text in UTF-16');
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
    expect(decodeTextFile(Uint8Array.of(0x93, 0x68, 0x69, 0x94, 0x20, 0xe9, 0x80))).toBe('“hi” é€');
  });

  it('drops a dangling odd byte of UTF-16', () => {
    expect(decodeTextFile(Uint8Array.of(0xff, 0xfe, 0x41, 0x00, 0x42))).toBe('A');
  });

  it('handles empty and tiny inputs', () => {
    expect(decodeTextFile(new Uint8Array(0))).toBe('');
    expect(decodeTextFile(Uint8Array.of(0x41))).toBe('A');
    expect(decodeTextFile(Uint8Array.of(0xef, 0xbb, 0xbf))).toBe('');
    expect(decodeTextFile(Uint8Array.of(0xff, 0xfe))).toBe('');
  });

  it('decodes large input (past the apply() argument limit)', () => {
    const text = 'ab\u00e9'.repeat(100_000);
    expect(decodeTextFile(utf8(text))).toBe(text);
    const body = utf16(text, true);
    const withBom = new Uint8Array(body.length + 2);
    withBom.set([0xff, 0xfe]);
    withBom.set(body, 2);
    expect(decodeTextFile(withBom)).toBe(text);
  });

  it('round-trips any string through UTF-8 and UTF-16 with a BOM', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (s) => {
        expect(decodeTextFile(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8(s)))).toBe(s);
        expect(decodeTextFile(Uint8Array.of(0xff, 0xfe, ...utf16(s, true)))).toBe(s);
      }),
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(typeof decodeTextFile(b)).toBe('string');
        expect(typeof looksLikeText(b)).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('isValidUtf8', () => {
  it('accepts well-formed UTF-8', () => {
    expect(isValidUtf8(utf8('a é € 😀 \u{10ffff}'))).toBe(true);
    expect(isValidUtf8(new Uint8Array(0))).toBe(true);
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong 2-byte form', [0xc0, 0x80]],
    ['an overlong 3-byte form', [0xe0, 0x80, 0x80]],
    ['an overlong 4-byte form', [0xf0, 0x80, 0x80, 0x80]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a byte that never occurs (F5)', [0xf5, 0x80, 0x80, 0x80]],
    ['a truncated sequence', [0x41, 0xe2, 0x82]],
    ['a bad continuation', [0xe2, 0x41, 0x41]],
  ])('rejects %s', (_, b) => {
    expect(isValidUtf8(Uint8Array.from(b))).toBe(false);
  });

  it('agrees with TextDecoder in fatal mode', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (b) => {
        let valid = true;
        try {
          fatal.decode(b);
        } catch {
          valid = false;
        }
        expect(isValidUtf8(b)).toBe(valid);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('looksLikeText', () => {
  it('accepts plain text in common encodings', () => {
    expect(looksLikeText(utf8('Just a note.\nSecond line.\n'))).toBe(true);
    expect(looksLikeText(utf8('Привет, мир'))).toBe(true);
    expect(looksLikeText(Uint8Array.of(0x93, 0x68, 0x69, 0x94))).toBe(true);
    expect(looksLikeText(utf16('UTF-16 text without BOM', true))).toBe(true);
    expect(looksLikeText(Uint8Array.of(0xff, 0xfe, ...utf16('日本語のテキスト', true)))).toBe(true);
    expect(looksLikeText(utf8('page one\fpage two\x1b[0m\x1a'))).toBe(true);
  });

  it('rejects empty input and binary formats', () => {
    expect(looksLikeText(new Uint8Array(0))).toBe(false);
    // OLE compound file, ZIP, PNG, Word 2 (bare FIB)
    expect(looksLikeText(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0))).toBe(false);
    expect(looksLikeText(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0, 0x08, 0))).toBe(false);
    expect(looksLikeText(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d))).toBe(false);
    expect(looksLikeText(Uint8Array.of(0xdb, 0xa5, 0x2d, 0x00, 0x00, 0x00, 0x09, 0x04))).toBe(false);
  });

  it('rejects text with a NUL byte or many control characters', () => {
    expect(looksLikeText(utf8('text\0more text'))).toBe(false);
    expect(looksLikeText(utf8('a\x01b\x02c\x03d\x04e\x05f'))).toBe(false);
  });

  it('rejects UTF-16 whose characters are controls', () => {
    expect(looksLikeText(Uint8Array.of(0xff, 0xfe, 1, 0, 2, 0, 3, 0, 4, 0))).toBe(false);
  });

  it('judges only the first 4 KB', () => {
    const b = new Uint8Array(8192).fill(0x61);
    b[6000] = 0;
    expect(looksLikeText(b)).toBe(true);
    b[100] = 0;
    expect(looksLikeText(b)).toBe(false);
  });
});

describe('code pages', () => {
  it('has a decoder for the Windows code pages files name (65001 read as 16-bit: -535), none for unknown ones', () => {
    expect(decoderFor(1252)!(Uint8Array.of(0x80))).toBe('€');
    expect(decoderFor(65001)!(Uint8Array.of(0xc3, 0xa9))).toBe('é');
    expect(decoderFor(-535)!(Uint8Array.of(0xc3, 0xa9))).toBe('é');
    expect(decoderFor(1200)!(Uint8Array.of(0x41, 0x00))).toBe('A');
    expect(decoderFor(10000)!(Uint8Array.of(0x8e))).toBe('é');
    expect(decoderFor(12345)).toBeNull();
  });

  it('decodes through the code page, falling back to Windows-1252', () => {
    expect(decodeCodePage(Uint8Array.of(0xcf, 0xf0), 1251)).toBe('Пр');
    expect(decodeCodePage(Uint8Array.of(0x82, 0xa0), 932)).toBe('あ');
    expect(decodeCodePage(Uint8Array.of(0x41, 0x42), 1252)).toBe('AB');
    expect(decodeCodePage(Uint8Array.of(0x80), 12345)).toBe('€');
  });
});
