/**
 * TEST-ONLY: password-protects a plain Word file the way [MS-DOC] 2.2.6 says Word does, for the
 * schemes no available writer produces (LibreOffice writes only Office 97/2000 RC4): RC4 CryptoAPI
 * (any key size), XOR obfuscation of Word 97 and Word 6/95 files, and RC4 with a chosen password.
 *
 * Keys are derived here from [MS-OFFCRYPTO] with node:crypto's MD5/SHA-1, not with the parser's
 * key code; the RC4 cipher (checked against RFC 6229) and the XOR array are the parser's. A file
 * made here proves that decryption inverts this reading of the spec, not that Word wrote it.
 *
 * RC4 kinds put the EncryptionHeader at the start of the table stream and move every table-stream
 * FcLcb offset in the FIB past it, as Word lays out an encrypted file.
 */
import CFB from 'cfb';
import { createHash } from 'node:crypto';
import { Rc4 } from '../src/crypto/rc4.js';
import { xorArray, xorLKey, xorTransform } from '../src/crypto/xor-obfuscation.js';
import type { FibProtection, WordStreams as CryptoStreams } from '../src/crypto/index.js';

/** The streams a protected file encrypts: WordDocument, the table stream, and the Data stream. */
export type WordStreams = CryptoStreams & { data?: Uint8Array };
import { removeCfbPlaceholder } from './doc-writer.js';

export type Protection = { kind: 'rc4' } | { kind: 'rc4-cryptoapi'; keyBits: number } | { kind: 'xor' };

export interface WordFile {
  streams: WordStreams;
  fib: FibProtection;
  /** '0Table' / '1Table' (Word 97), null for Word 6/95. */
  tableName: string | null;
}

const hash = (algorithm: 'md5' | 'sha1', ...parts: Uint8Array[]) => {
  const h = createHash(algorithm);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const u32le = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
const utf16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The streams and FibBase protection fields of a Word file. */
export function readWordFile(file: Uint8Array): WordFile {
  const cfb = CFB.read(file, { type: 'buffer' });
  const get = (name: string) => {
    const entry = CFB.find(cfb, name);
    return entry ? new Uint8Array(entry.content as ArrayLike<number>) : undefined;
  };
  const wordDocument = get('WordDocument');
  if (!wordDocument) throw new Error('no WordDocument stream');
  const v = view(wordDocument);
  const nFib = v.getUint16(2, true);
  const flags = v.getUint16(0x0a, true);
  const version = nFib >= 101 && nFib <= 105 ? 'word6' : 'word97';
  const tableName = version === 'word6' ? null : flags & 0x0200 ? '1Table' : '0Table';
  const table = tableName ? get(tableName) : undefined;
  const data = get('Data');
  return {
    streams: { wordDocument, ...(table ? { table } : {}), ...(data ? { data } : {}) },
    fib: { version, fEncrypted: (flags & 0x0100) !== 0, fObfuscated: (flags & 0x8000) !== 0, lKey: v.getUint32(0x0e, true), lid: v.getUint16(0x06, true) },
    tableName,
  };
}

/** `file` with its WordDocument, table and Data streams replaced by `streams`. */
export function withStreams(file: Uint8Array, tableName: string | null, streams: WordStreams): Uint8Array {
  const cfb = CFB.read(file, { type: 'buffer' });
  const put = (name: string, content: Uint8Array | undefined) => {
    if (!content) return;
    const entry = CFB.find(cfb, name);
    if (!entry) throw new Error(`no ${name} stream to replace`);
    entry.content = Buffer.from(content) as unknown as CFB.CFB$Blob;
    entry.size = content.length;
  };
  put('WordDocument', streams.wordDocument);
  if (tableName) put(tableName, streams.table);
  put('Data', streams.data);
  return removeCfbPlaceholder(Uint8Array.from(CFB.write(cfb, { type: 'buffer' }) as Buffer));
}

/** A protected copy of the plain Word file `file`. Salts and verifiers are fixed, so output is deterministic. */
export function protectWordFile(file: Uint8Array, protection: Protection, password: string): Uint8Array {
  const { streams, fib, tableName } = readWordFile(file);
  if (fib.fEncrypted || fib.fObfuscated) throw new Error('already protected');
  const out = protection.kind === 'xor' ? protectXor(streams, fib, password) : protectRc4(streams, protection, password);
  return withStreams(file, tableName, out);
}

function setFibBase(wordDocument: Uint8Array, lKey: number, flags: number): void {
  const v = view(wordDocument);
  v.setUint16(0x0a, v.getUint16(0x0a, true) | flags, true);
  v.setUint32(0x0e, lKey >>> 0, true);
}

function protectXor(streams: WordStreams, fib: FibProtection, password: string): WordStreams {
  const bytes = new Uint8Array(Buffer.from(password, 'latin1'));
  const array = xorArray(bytes);
  const wordDocument = streams.wordDocument.slice();
  // Word 6/95 has no fObfuscated meaning: fEncrypted alone says XOR.
  setFibBase(wordDocument, xorLKey(bytes), fib.version === 'word6' ? 0x0100 : 0x8100);
  xorTransform(wordDocument, array, fib.version === 'word6' ? 0x34 : 68);
  const transformed = (stream: Uint8Array) => {
    const copy = stream.slice();
    xorTransform(copy, array);
    return copy;
  };
  return {
    wordDocument,
    ...(streams.table ? { table: transformed(streams.table) } : {}),
    ...(streams.data ? { data: transformed(streams.data) } : {}),
  };
}

const SALT = Uint8Array.from({ length: 16 }, (_, i) => 0x10 + 7 * i);
const VERIFIER = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 ^ (13 * i));

function protectRc4(streams: WordStreams, protection: Exclude<Protection, { kind: 'xor' }>, password: string): WordStreams {
  let blockKey: (block: number) => Uint8Array;
  let header: Uint8Array;
  if (protection.kind === 'rc4') {
    // [MS-OFFCRYPTO] 2.3.6.2 and 2.3.6.1.
    const h0 = hash('md5', utf16(password)).subarray(0, 5);
    const h1 = hash('md5', ...Array.from({ length: 16 }, () => concat(h0, SALT))).subarray(0, 5);
    blockKey = (block) => hash('md5', h1, u32le(block));
    const check = concat(VERIFIER, hash('md5', VERIFIER));
    new Rc4(blockKey(0)).apply(check);
    header = concat(Uint8Array.of(1, 0, 1, 0), SALT, check);
  } else {
    // [MS-OFFCRYPTO] 2.3.5.2, 2.3.5.1, 2.3.2, 2.3.3.
    const bytes = protection.keyBits / 8;
    const h0 = hash('sha1', SALT, utf16(password));
    blockKey = (block) => {
      const h = hash('sha1', h0, u32le(block)).subarray(0, bytes);
      return bytes === 5 ? concat(h, new Uint8Array(11)) : h;
    };
    const check = concat(VERIFIER, hash('sha1', VERIFIER));
    new Rc4(blockKey(0)).apply(check);
    const csp = utf16('Microsoft Enhanced Cryptographic Provider v1.0\u0000');
    const encryptionHeader = concat(
      ...[0x04, 0, 0x6801, 0x8004, protection.keyBits === 40 ? 0 : protection.keyBits, 1, 0, 0].map(u32le),
      csp,
    );
    header = concat(
      Uint8Array.of(4, 0, 2, 0),
      u32le(0x04),
      u32le(encryptionHeader.length),
      encryptionHeader,
      u32le(16),
      SALT,
      check.subarray(0, 16),
      u32le(20),
      check.subarray(16),
    );
  }
  if (!streams.table) throw new Error('an RC4-encrypted Word file needs a table stream');
  const wordDocument = streams.wordDocument.slice();
  shiftTableOffsets(wordDocument, header.length);
  setFibBase(wordDocument, header.length, 0x0100);
  const table = concat(header, streams.table);
  const encrypt = (stream: Uint8Array, clear: number) => {
    const out = stream.slice();
    for (let start = 0; start < out.length; start += 512) new Rc4(blockKey(start / 512)).apply(out, start, Math.min(start + 512, out.length));
    out.set(stream.subarray(0, clear));
    return out;
  };
  return {
    wordDocument: encrypt(wordDocument, 68),
    table: encrypt(table, header.length),
    ...(streams.data ? { data: encrypt(streams.data, 0) } : {}),
  };
}

/** Adds `by` to every FibRgFcLcb offset with data (all of them point into the table stream, [MS-DOC] 2.5.6). */
function shiftTableOffsets(wordDocument: Uint8Array, by: number): void {
  const v = view(wordDocument);
  let o = 32;
  o += 2 + 2 * v.getUint16(o, true); // csw, FibRgW97
  o += 2 + 4 * v.getUint16(o, true); // cslw, FibRgLw97
  const pairs = v.getUint16(o, true);
  for (let i = 0; i < pairs; i++) {
    const at = o + 2 + 8 * i;
    if (v.getUint32(at + 4, true) > 0) v.setUint32(at, v.getUint32(at, true) + by, true);
  }
}
