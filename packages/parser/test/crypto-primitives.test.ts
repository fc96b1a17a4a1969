/**
 * The cryptographic building blocks of decryption, against published test vectors: MD5 (RFC 1321
 * A.5), SHA-1 (FIPS 180 / RFC 3174), RC4 (RFC 6229 and the classic vectors), XOR obfuscation's
 * key and verifier (values Word and Excel stored for known passwords), and password forms.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5 } from '../src/crypto/md5.js';
import { sha1 } from '../src/crypto/sha1.js';
import { Rc4 } from '../src/crypto/rc4.js';
import { passwordVariants, singleBytePasswords, utf16le } from '../src/crypto/password.js';
import { xorArray, xorKey, xorLKey, xorTransform, xorVerifier } from '../src/crypto/xor-obfuscation.js';

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    const suite: Array<[string, string]> = [
      ['', 'd41d8cd98f00b204e9800998ecf8427e'],
      ['a', '0cc175b9c0f1b6a831c399e269772661'],
      ['abc', '900150983cd24fb0d6963f7d28e17f72'],
      ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
      ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
      ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
    ];
    for (const [input, digest] of suite) expect(hex(md5(ascii(input))), JSON.stringify(input)).toBe(digest);
  });

  it('agrees with node:crypto at every padding boundary (0..200 bytes)', () => {
    for (let n = 0; n <= 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(hex(md5(data)), `length ${n}`).toBe(createHash('md5').update(data).digest('hex'));
    }
  });
});

describe('sha1', () => {
  it('matches the FIPS 180 examples', () => {
    expect(hex(sha1(ascii('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(ascii('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    expect(hex(sha1(new Uint8Array(1_000_000).fill(0x61)))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
  });

  it('agrees with node:crypto at every padding boundary (0..200 bytes)', () => {
    for (let n = 0; n <= 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 17 + 3 * n) & 0xff);
      expect(hex(sha1(data)), `length ${n}`).toBe(createHash('sha1').update(data).digest('hex'));
    }
  });
});

describe('rc4', () => {
  const run = (key: Uint8Array, data: Uint8Array) => {
    const out = data.slice();
    new Rc4(key).apply(out);
    return out;
  };

  it('gives the RFC 6229 key stream for the 40-bit key 0x0102030405 (offsets 0 and 16)', () => {
    expect(hex(run(fromHex('0102030405'), new Uint8Array(32)))).toBe(
      'b2396305f03dc027ccc3524a0a1118a8' + '6982944f18fc82d589c403a47a0d0919',
    );
  });

  it('gives the classic ciphertexts', () => {
    expect(hex(run(ascii('Key'), ascii('Plaintext')))).toBe('bbf316e8d940af0ad3');
    expect(hex(run(ascii('Wiki'), ascii('pedia')))).toBe('1021bf0420');
    expect(hex(run(ascii('Secret'), ascii('Attack at dawn')))).toBe('45a01f645fc35b383552544b9bf5');
  });

  it('continues one key stream across calls and sub-ranges, and inverts itself', () => {
    const key = ascii('Secret');
    const whole = run(key, ascii('Attack at dawn'));
    const parts = ascii('Attack at dawn');
    const cipher = new Rc4(key);
    cipher.apply(parts, 0, 5);
    cipher.apply(parts, 5, 14);
    expect(hex(parts)).toBe(hex(whole));
    expect(Buffer.from(run(key, whole)).toString('latin1')).toBe('Attack at dawn');
  });
});

describe('XOR obfuscation ([MS-OFFCRYPTO] 2.3.7)', () => {
  // Key and verifier pairs read out of real protected files (github.com/nono/xor_me README):
  // a Word document with password "0824", an Excel workbook with password "1950".
  it('derives the key and verifier Word and Excel stored for known passwords', () => {
    expect(xorKey(ascii('0824'))).toBe(0xd10d);
    expect(xorVerifier(ascii('0824'))).toBe(0xcc1f);
    expect(xorKey(ascii('1950'))).toBe(0x499a);
    expect(xorVerifier(ascii('1950'))).toBe(0xcc61);
    expect(xorLKey(ascii('0824'))).toBe(0xd10dcc1f);
  });

  it('builds a 16-byte array from password, pad and key; the transform is its own inverse and keeps 0 and key bytes', () => {
    const password = ascii('secret');
    const array = xorArray(password);
    expect(array.length).toBe(16);
    // Byte 0: ('s' XOR low byte of the key), rotated right by one bit.
    const v = 0x73 ^ (xorKey(password) & 0xff);
    expect(array[0]).toBe(((v >>> 1) | (v << 7)) & 0xff);
    const plain = Uint8Array.from({ length: 100 }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? array[i & 15]! : i * 37));
    const data = plain.slice();
    xorTransform(data, array, 10);
    expect(hex(data.subarray(0, 10))).toBe(hex(plain.subarray(0, 10)));
    for (let i = 10; i < 100; i++) {
      if (plain[i] === 0 || plain[i] === array[i & 15]) expect(data[i]).toBe(plain[i]);
      else expect(data[i]).toBe(plain[i]! ^ array[i & 15]!);
    }
    xorTransform(data, array, 10);
    expect(hex(data)).toBe(hex(plain));
  });
});

describe('password forms', () => {
  it('hashes UTF-16LE code units', () => {
    expect(hex(utf16le('Ab€'))).toBe('41006200ac20');
  });

  it('also tries a long password cut to Word 97-2003\'s 15 characters', () => {
    expect(passwordVariants('short')).toEqual(['short']);
    expect(passwordVariants('a-much-longer-password')).toEqual(['a-much-longer-password', 'a-much-longer-p']);
  });

  it('gives XOR the ANSI (Windows-1252) and low-byte single-byte forms, cut to 15', () => {
    expect(singleBytePasswords('plain').map(hex)).toEqual([hex(ascii('plain'))]);
    // '€' is 0x80 in Windows-1252, 0xAC by its low byte; 'Ж' (U+0416) has no cp1252 byte: '?' / 0x16.
    expect(singleBytePasswords('a€Ж').map(hex)).toEqual(['61803f', '61ac16']);
    expect(singleBytePasswords('x'.repeat(20))[0]!.length).toBe(15);
  });
});
