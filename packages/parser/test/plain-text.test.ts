import { describe, expect, it } from 'vitest';
import { guessRowEnds, toPlainText } from '../src/render/plain-text.js';

const plain = (chars: string, rowEnds: number[] = [], inserts: Array<[number, string]> = []) =>
  toPlainText({ chars, rowEnds: new Set(rowEnds), inserts });

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
    // nested field inside the result of another
    expect(plain('\x13 A \x14r1\x13 B \x14r2\x15r3\x15\r')).toBe('r1r2r3\n');
  });

  it('ignores an unmatched field end and separator', () => {
    expect(plain('x\x15y\x14z\r')).toBe('xyz\n');
  });

  it('maps cell marks to tabs and row ends to newlines without a trailing tab', () => {
    const chars = 'a\x07b\x07\x07c\x07d\x07\x07';
    expect(plain(chars, [4, 9])).toBe('a\tb\nc\td\n');
  });

  it('maps special characters', () => {
    expect(plain('non\x1ebreaking soft\x1fhyphen nb\xa0space\ttab\r')).toBe('non-breaking softhyphen nb space\ttab\n');
  });

  it('drops anchors, note marks and other control characters', () => {
    expect(plain('pic\x01 note\x02 sep\x03\x04 ann\x05 obj\x08 z\ufeffw\0\r')).toBe('pic note sep ann obj zw\n');
  });

  it('inserts list numbers and note numbers at their positions', () => {
    expect(plain('item\rnote\x02 here\r', [], [[0, '1.\t'], [9, '1']])).toBe('1.\titem\nnote1 here\n');
  });

  it('does not insert inside a field instruction', () => {
    expect(plain('\x13 REF x \x14r\x15\r', [], [[3, 'NO']])).toBe('r\n');
  });
});

describe('guessRowEnds', () => {
  it('takes an 0x07 after a cell mark as a row end, but not an empty first cell of the next row', () => {
    const chars = 'a\x07\x07\x07b\x07\x07';
    expect([...guessRowEnds(chars)]).toEqual([2, 6]);
  });
});
