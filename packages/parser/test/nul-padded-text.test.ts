/**
 * Old DOS ".DOC" files are plain text padded with NUL bytes (to a 128-byte record, a sector, or
 * more). detect() used to judge the first 4 KB with "no NUL byte": a file whose padding began in
 * those 4 KB was NOT_OLE, a sibling whose text ran past them was text. Trailing NUL padding is
 * now not part of the judgement, however long it is; a NUL inside the text still means binary.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, parseDoc } from '../src/index.js';
import { decodeTextFile, looksLikeText } from '../src/formats/text.js';
import { repoRoot } from './support/corpus.js';

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'fixtures', 'text', name)));
const expected = readFileSync(join(repoRoot, 'fixtures', 'text', 'dos-nul-padded.body.txt'), 'utf8');
const ascii = (s: string) => new TextEncoder().encode(s);
const padded = (bytes: Uint8Array, nuls: number) => Uint8Array.from([...bytes, ...new Array<number>(nuls).fill(0)]);

describe('NUL-padded DOS text', () => {
  for (const name of ['dos-nul-padded.doc', 'dos-nul-padded-long.doc']) {
    it(`${name} is text, read without its padding or ^Z`, () => {
      const bytes = fixture(name);
      expect(bytes[bytes.length - 1]).toBe(0);
      expect(detect(bytes)).toBe('text');
      const doc = parseDoc(bytes);
      expect(doc.info.format).toBe('text');
      expect(doc.text('body')).toBe(expected);
      expect(doc.characters('body')).not.toContain('\0');
    });
  }

  it('the length of the padding does not matter; a NUL inside the text, or only NULs, is still not text', () => {
    for (const nuls of [1, 100, 4096, 20_000]) expect(looksLikeText(padded(ascii('Plain text.\r\n'), nuls))).toBe(true);
    expect(looksLikeText(padded(ascii('text\0more text'), 10))).toBe(false);
    expect(looksLikeText(new Uint8Array(5000))).toBe(false);
  });

  it('UTF-16 text keeps its last character (the high byte of "B\\0" is not padding)', () => {
    const utf16 = Uint8Array.from([0x41, 0, 0x42, 0, 0x43, 0, 0x44, 0, 0x45, 0]);
    expect(decodeTextFile(padded(utf16, 12))).toBe('ABCDE');
    expect(decodeTextFile(padded(Uint8Array.from([0xff, 0xfe, 0x41, 0, 0x42, 0]), 7))).toBe('AB');
    expect(decodeTextFile(padded(ascii('caf\xe9'.replace('\xe9', 'é')), 3))).toBe('café');
  });
});
