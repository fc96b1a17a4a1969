/**
 * Decryption of password-protected Word files ([MS-DOC] 2.2.6, [MS-OFFCRYPTO] 2.3.5-2.3.7):
 * files LibreOffice encrypted (RC4), the corpus's two real encrypted files (RC4 CryptoAPI 128-bit
 * and RC4, made by Word and kept in Apache POI's tests), and plain fixtures protected in the test
 * (harness/word-protect.ts) for the schemes no available writer makes (CryptoAPI 40/56-bit, XOR).
 * Success is judged on the text parseDoc reads with the password (the `password` option).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocParseError, extractText, parseDoc, type DocInfo } from '../src/index.js';
import { decryptWordStreams, type FibProtection } from '../src/crypto/index.js';
import { xorArray, xorLKey, xorTransform } from '../src/crypto/xor-obfuscation.js';
import iconv from 'iconv-lite';
import { hasCorpus, readCorpusFile, repoRoot } from './support/corpus.js';
import { protectWordFile, readWordFile, withStreams, type Protection } from '../harness/word-protect.js';

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'fixtures', name)));
const expectedBody = (name: string) => readFileSync(join(repoRoot, 'fixtures', name), 'utf8');

/** Reads a protected file through parseDoc with `password`: how it was protected, and its text. */
function open(file: Uint8Array, password?: string): { kind: DocInfo['encryption']; text: string; all: string } {
  const doc = parseDoc(file, password === undefined ? {} : { password });
  return { kind: doc.info.encryption, text: doc.text('body'), all: doc.text('all') };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DocParseError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('files LibreOffice encrypted (Office 97/2000 RC4)', () => {
  const cases: Array<[string, string, string]> = [
    ['encrypted.doc', 'secret', 'simple.body.txt'],
    ['encrypted-unicode.doc', 'Ключ-ü€', 'multilingual.body.txt'],
    ['encrypted-long.doc', 'fifteen-chars!!', 'long.body.txt'],
  ];
  for (const [name, password, body] of cases) {
    it(`${name} with its password gives ${body}`, () => {
      const result = open(fixture(name), password);
      expect(result.kind).toBe('rc4');
      expect(result.text).toBe(expectedBody(body));
    });
  }

  it('extractText, catdoc mode included, takes the password; an open file has encryption null', () => {
    const file = fixture('encrypted.doc');
    expect(extractText(file, { password: 'secret' })).toBe(expectedBody('simple.body.txt'));
    expect(extractText(file, { password: 'secret', format: 'catdoc' })).toBe(extractText(fixture('simple.doc'), { format: 'catdoc' }));
    expect(parseDoc(fixture('simple.doc')).info.encryption).toBeNull();
    expect(parseDoc(fixture('simple.doc'), { password: 'unused' }).text()).toBe(expectedBody('simple.body.txt'));
  });

  it('encrypted-long.doc really spans many RC4 blocks', () => {
    const { streams } = readWordFile(fixture('encrypted-long.doc'));
    expect(streams.wordDocument.length).toBeGreaterThan(40 * 512);
  });

  it('a wrong password is WRONG_PASSWORD, none is ENCRYPTED with a message asking for it', () => {
    const { streams, fib } = readWordFile(fixture('encrypted.doc'));
    expect(codeOf(() => decryptWordStreams(streams, fib, 'Secret'))).toBe('WRONG_PASSWORD');
    expect(codeOf(() => decryptWordStreams(streams, fib))).toBe('ENCRYPTED');
    expect(codeOf(() => decryptWordStreams(streams, fib, ''))).toBe('ENCRYPTED');
    expect(() => decryptWordStreams(streams, fib)).toThrow(/password-protected; give its password/);
  });

  it('a password longer than 15 characters opens a file keyed with its first 15 (Word 97-2003 hashed no more)', () => {
    expect(open(fixture('encrypted-long.doc'), 'fifteen-chars!!-and-then-some').text).toBe(expectedBody('long.body.txt'));
  });

  it('leaves the inputs untouched and keeps the FibBase and the encryption header in the clear', () => {
    const file = fixture('encrypted.doc');
    const { streams, fib } = readWordFile(file);
    const before = { wd: streams.wordDocument.slice(), table: streams.table!.slice() };
    const out = decryptWordStreams(streams, fib, 'secret');
    expect(streams.wordDocument).toEqual(before.wd);
    expect(streams.table).toEqual(before.table);
    expect(out.table!.subarray(0, fib.lKey)).toEqual(before.table.subarray(0, fib.lKey));
    // FibBase as it was, except fEncrypted cleared (byte 0x0B bit 0).
    expect(out.wordDocument[0x0b]).toBe(before.wd[0x0b]! & ~1);
    expect(out.wordDocument.subarray(0x0c, 68)).toEqual(before.wd.subarray(0x0c, 68));
    expect(out.wordDocument.subarray(68)).not.toEqual(before.wd.subarray(68));
  });

  it('copies Node Buffers too (Buffer.slice is a view): the inputs stay encrypted', () => {
    for (const [name, password] of [
      ['encrypted.doc', 'secret'],
      ['encrypted-unicode.doc', 'Ключ-ü€'],
    ]) {
      const { streams, fib } = readWordFile(fixture(name!));
      const wordDocument = Buffer.from(streams.wordDocument);
      const table = Buffer.from(streams.table!);
      decryptWordStreams({ wordDocument, table }, fib, password);
      expect(new Uint8Array(wordDocument)).toEqual(streams.wordDocument);
      expect(new Uint8Array(table)).toEqual(streams.table);
    }
    const xorFile = protectWordFile(fixture('simple.doc'), { kind: 'xor' }, 'x0r');
    const { streams, fib } = readWordFile(xorFile);
    const wordDocument = Buffer.from(streams.wordDocument);
    decryptWordStreams({ wordDocument, table: Buffer.from(streams.table!) }, fib, 'x0r');
    expect(new Uint8Array(wordDocument)).toEqual(streams.wordDocument);
  });
});

// Skipped without the corpus (support/corpus.ts says so); in CI its absence fails corpus.test.ts.
describe.skipIf(!hasCorpus)('encrypted files in the shared corpus', () => {
  it('poi/password_password_cryptoapi.doc (RC4 CryptoAPI, 128-bit, with a Data stream) opens with "password"', () => {
    const file = readCorpusFile('poi/password_password_cryptoapi.doc');
    const { streams, fib } = readWordFile(file);
    expect(streams.data).toBeDefined();
    const out = decryptWordStreams(streams, fib, 'password');
    const v = new DataView(out.wordDocument.buffer);
    expect(v.getUint16(0, true)).toBe(0xa5ec); // wIdent
    expect(v.getUint16(2, true)).toBe(193); // nFib, Word 97
    expect(v.getUint16(32, true)).toBe(14); // csw
    expect(v.getUint16(62, true)).toBe(22); // cslw
    expect(v.getInt32(64, true)).toBeLessThanOrEqual(out.wordDocument.length); // cbMac
    expect(v.getInt32(76, true)).toBe('This is a test\r'.length); // ccpText
    const result = open(file, 'password');
    expect(result.kind).toBe('rc4-cryptoapi');
    expect(result.text).toBe('This is a test\n');
    // fDocProps is set: the property streams were left in the clear, and read.
    expect(parseDoc(file, { password: 'password' }).metadata).toMatchObject({ author: 'kiwiwings', words: 2 });
  });

  it('pictures: the Data stream is decrypted with the same key (poi/two_images.doc protected three ways)', () => {
    const plain = parseDoc(readCorpusFile('poi/two_images.doc')).images();
    expect(plain.length).toBeGreaterThan(0);
    const protections: Protection[] = [{ kind: 'rc4' }, { kind: 'rc4-cryptoapi', keyBits: 128 }, { kind: 'xor' }];
    for (const protection of protections) {
      const file = protectWordFile(readCorpusFile('poi/two_images.doc'), protection, 'pict');
      // The Data stream really is encrypted: its bytes differ from the open file's.
      expect(readWordFile(file).streams.data).not.toEqual(readWordFile(readCorpusFile('poi/two_images.doc')).streams.data);
      const images = parseDoc(file, { password: 'pict' }).images();
      expect(images.map((p) => p.contentType)).toEqual(plain.map((p) => p.contentType));
      images.forEach((picture, i) => expect(picture.bytes).toEqual(plain[i]!.bytes));
    }
  });

  it('poi/password_tika_binaryrc4.doc (RC4) opens with "tika"', () => {
    const result = open(readCorpusFile('poi/password_tika_binaryrc4.doc'), 'tika');
    expect(result.kind).toBe('rc4');
    expect(result.text).toBe('This is an encrypted Word 2007 File.\n');
  });

  it('wrong and missing passwords', () => {
    for (const name of ['poi/password_password_cryptoapi.doc', 'poi/password_tika_binaryrc4.doc', 'poi/PasswordProtected.doc']) {
      const { streams, fib } = readWordFile(readCorpusFile(name));
      expect(codeOf(() => decryptWordStreams(streams, fib, 'not-it')), name).toBe('WRONG_PASSWORD');
      expect(codeOf(() => decryptWordStreams(streams, fib)), name).toBe('ENCRYPTED');
    }
  });

  it('a Word 95 file, XOR-obfuscated here, reads as the original', () => {
    const plain = readCorpusFile('poi/Word95.doc');
    const protectedFile = protectWordFile(plain, { kind: 'xor' }, 'Geheim95');
    const { streams, fib } = readWordFile(protectedFile);
    expect(fib.version).toBe('word6');
    expect(streams.table).toBeUndefined();
    expect(codeOf(() => decryptWordStreams(streams, fib, 'geheim95'))).toBe('WRONG_PASSWORD');
    const result = open(protectedFile, 'Geheim95');
    expect(result.kind).toBe('xor');
    expect(result.all).toBe(parseDoc(plain).text('all'));
    expect(result.all.length).toBeGreaterThan(20);
  });
});

describe('plain fixtures protected in the test (round trips through our reading of the spec)', () => {
  const schemes: Array<[string, Protection]> = [
    ['RC4', { kind: 'rc4' }],
    ['RC4 CryptoAPI 40-bit', { kind: 'rc4-cryptoapi', keyBits: 40 }],
    ['RC4 CryptoAPI 56-bit', { kind: 'rc4-cryptoapi', keyBits: 56 }],
    ['RC4 CryptoAPI 128-bit', { kind: 'rc4-cryptoapi', keyBits: 128 }],
    ['XOR obfuscation', { kind: 'xor' }],
  ];
  for (const [label, protection] of schemes) {
    for (const [doc, body] of [
      ['simple.doc', 'simple.body.txt'],
      ['long.doc', 'long.body.txt'],
    ]) {
      it(`${label}: ${doc} decrypts to ${body}; wrong password refused; no password → ENCRYPTED`, () => {
        const protectedFile = protectWordFile(fixture(doc), protection, 'Pässw0rd');
        const { streams, fib } = readWordFile(protectedFile);
        expect(Buffer.from(streams.wordDocument).includes('Last paragraph')).toBe(false);
        expect(Buffer.from(streams.wordDocument).includes('quick brown')).toBe(false);
        const result = open(protectedFile, 'Pässw0rd');
        expect(result.kind).toBe(protection.kind);
        expect(result.text).toBe(expectedBody(body));
        expect(codeOf(() => decryptWordStreams(streams, fib, 'passw0rd'))).toBe('WRONG_PASSWORD');
        expect(codeOf(() => decryptWordStreams(streams, fib))).toBe('ENCRYPTED');
      });
    }
    it(`${label}: a file protected with "VelvetSweatshop" opens without a password`, () => {
      const protectedFile = protectWordFile(fixture('simple.doc'), protection, 'VelvetSweatshop');
      expect(open(protectedFile).text).toBe(expectedBody('simple.body.txt'));
      // A wrong password still falls back to the standard one, as Word opens such files silently.
      expect(open(protectedFile, 'anything').text).toBe(expectedBody('simple.body.txt'));
    });
  }

  it('XOR accepts the password by either single-byte form ([MS-OFFCRYPTO] 2.3.7.4)', () => {
    // Protected with "€uro" as Windows-1252 bytes (0x80 'u' 'r' 'o').
    const plain = fixture('simple.doc');
    const { streams, tableName } = readWordFile(plain);
    const bytes = Uint8Array.of(0x80, 0x75, 0x72, 0x6f);
    const array = xorArray(bytes);
    const wordDocument = streams.wordDocument.slice();
    const v = new DataView(wordDocument.buffer);
    v.setUint16(0x0a, v.getUint16(0x0a, true) | 0x8100, true); // fEncrypted, fObfuscated
    v.setUint32(0x0e, xorLKey(bytes), true);
    xorTransform(wordDocument, array, 68);
    const table = streams.table!.slice();
    xorTransform(table, array);
    const protectedFile = withStreams(plain, tableName, { wordDocument, table });
    expect(open(protectedFile, '€uro').text).toBe(expectedBody('simple.body.txt'));
  });

  it("XOR takes the password in the code page of the document's language (FibBase.lid)", () => {
    // "Пароль" typed on a Russian system: Windows-1251 bytes, in a file whose lid says Russian.
    const protect = (lid: number) => {
      const { streams, tableName } = readWordFile(fixture('simple.doc'));
      const bytes = new Uint8Array(iconv.encode('Пароль', 'win1251'));
      const array = xorArray(bytes);
      const wordDocument = streams.wordDocument.slice();
      const v = new DataView(wordDocument.buffer);
      v.setUint16(0x06, lid, true);
      v.setUint16(0x0a, v.getUint16(0x0a, true) | 0x8100, true); // fEncrypted, fObfuscated
      v.setUint32(0x0e, xorLKey(bytes), true);
      xorTransform(wordDocument, array, 68);
      const table = streams.table!.slice();
      xorTransform(table, array);
      return withStreams(fixture('simple.doc'), tableName, { wordDocument, table });
    };
    expect(open(protect(0x0419), 'Пароль').text).toBe(expectedBody('simple.body.txt'));
    // The same bytes in a file marked English (Windows-1252) do not match "Пароль" typed as text.
    expect(codeOf(() => open(protect(0x0409), 'Пароль'))).toBe('WRONG_PASSWORD');
  });
});

describe('XOR obfuscation of a Word 6/95 stream', () => {
  it('keeps the FIB up to ccpText (0x34) clear and transforms the rest by stream offset', () => {
    const plain = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7 + 1) & 0xff);
    plain.set([0xdc, 0xa5, 101, 0], 0); // wIdent, nFib 101
    plain[0x0a] = 0;
    plain[0x0b] = 0x01; // fEncrypted
    const password = new Uint8Array(Buffer.from('word95', 'latin1'));
    const fib: FibProtection = { version: 'word6', fEncrypted: true, fObfuscated: false, lKey: xorLKey(password) };
    const obfuscated = plain.slice();
    xorTransform(obfuscated, xorArray(password), 0x34);
    expect(obfuscated.subarray(0, 0x34)).toEqual(plain.subarray(0, 0x34));
    const out = decryptWordStreams({ wordDocument: obfuscated }, fib, 'word95');
    expect(out.kind).toBe('xor');
    expect(out.table).toBeUndefined();
    expect(out.wordDocument[0x0b]).toBe(0);
    expect(out.wordDocument.subarray(0x0c)).toEqual(plain.subarray(0x0c));
  });
});

describe('what is refused, and how', () => {
  const word97: FibProtection = { version: 'word97', fEncrypted: true, fObfuscated: false, lKey: 52 };
  const wordDocument = new Uint8Array(1024);
  const header = (...u32s: number[]) => {
    const b = new Uint8Array(400);
    const v = new DataView(b.buffer);
    u32s.forEach((n, i) => v.setUint32(4 * i, n >>> 0, true));
    return b;
  };

  it('an encryption version other than RC4 1.1 or CryptoAPI x.2 is ENCRYPTED, naming the version', () => {
    const agile = header(0x00040004);
    expect(codeOf(() => decryptWordStreams({ wordDocument, table: agile }, word97, 'x'))).toBe('ENCRYPTED');
    expect(() => decryptWordStreams({ wordDocument, table: agile }, word97, 'x')).toThrow(/version 4\.4/);
  });

  it('CryptoAPI with AES, or with a hash other than SHA-1, is ENCRYPTED', () => {
    // Version 4.2, Flags, HeaderSize 32, EncryptionHeader: fCryptoAPI|fAES, 0, AES-128 (0x660E), SHA-1, 128 bits.
    const aes = header(0x00020004, 0x24, 32, 0x24, 0, 0x660e, 0x8004, 128);
    expect(codeOf(() => decryptWordStreams({ wordDocument, table: aes }, { ...word97, lKey: 200 }, 'x'))).toBe('ENCRYPTED');
    const md5Hash = header(0x00020004, 0x04, 32, 0x04, 0, 0x6801, 0x8003, 128);
    expect(codeOf(() => decryptWordStreams({ wordDocument, table: md5Hash }, { ...word97, lKey: 200 }, 'x'))).toBe('ENCRYPTED');
  });

  it('headers that do not fit are TRUNCATED or CORRUPT', () => {
    const rc4 = header(0x00010001);
    expect(codeOf(() => decryptWordStreams({ wordDocument, table: rc4.subarray(0, 40) }, word97, 'x'))).toBe('TRUNCATED');
    expect(codeOf(() => decryptWordStreams({ wordDocument, table: rc4 }, { ...word97, lKey: 0 }, 'x'))).toBe('CORRUPT');
    expect(codeOf(() => decryptWordStreams({ wordDocument }, word97, 'x'))).toBe('CORRUPT');
    const badKeySize = header(0x00020004, 0x04, 32, 0x04, 0, 0x6801, 0x8004, 129);
    expect(codeOf(() => decryptWordStreams({ wordDocument, table: badKeySize }, { ...word97, lKey: 200 }, 'x'))).toBe('CORRUPT');
  });

  it('random encryption headers give a DocParseError or a refusal, never another error', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(0x00010001, 0x00020002, 0x00020003, 0x00020004),
        (bytes, lKey, version) => {
          const table = new Uint8Array(bytes.length + 4);
          new DataView(table.buffer).setUint32(0, version, true);
          table.set(bytes, 4);
          const code = codeOf(() => decryptWordStreams({ wordDocument, table }, { ...word97, lKey }, 'x'));
          expect(['WRONG_PASSWORD', 'ENCRYPTED', 'TRUNCATED', 'CORRUPT']).toContain(code);
        },
      ),
      { numRuns: 500, seed: 15 },
    );
  });
});
