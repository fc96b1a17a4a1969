/**
 * Decryption of a password-protected Word binary document ([MS-DOC] 2.2.6): which scheme the
 * FIB and the table stream name, the password check, the decrypted WordDocument and Table
 * streams, and a decrypter for the Data stream (pictures: decrypted only when they are read).
 * Pure and synchronous: bytes in, bytes out, nothing kept.
 */
import { ByteReader } from '../io/bytes.js';
import { byteTableOf, decoderOrCp1252 } from '../io/encoding.js';
import { codePageForLid } from '../word/code-page.js';
import { DocParseError } from '../errors.js';
import { DEFAULT_PASSWORD, passwordVariants, singleBytePasswords } from './password.js';
import { decryptBlocks, type BlockKey } from './rc4-blocks.js';
import { RC4_HEADER_SIZE, openRc4, parseRc4Header } from './rc4-binary.js';
import { openCryptoApi, parseCryptoApiHeader } from './rc4-cryptoapi.js';
import { XOR_PASSWORD_LIMIT, xorArray, xorLKey, xorTransform } from './xor-obfuscation.js';

/** The protection schemes of Word binary files, as [MS-OFFCRYPTO] names them. */
export type EncryptionKind = 'xor' | 'rc4' | 'rc4-cryptoapi';

export interface WordStreams {
  /** The WordDocument stream (Word 6/95: the only stream, which holds the tables too). */
  wordDocument: Uint8Array;
  /** The 0Table/1Table stream the FIB names (Word 97 and later). */
  table?: Uint8Array;
}

/** The FibBase fields that say how a document is protected ([MS-DOC] 2.5.2). */
export interface FibProtection {
  /** 'word6': nFib 101..105 (Word 6/95), whose only protection is XOR obfuscation. */
  version: 'word97' | 'word6';
  fEncrypted: boolean;
  fObfuscated: boolean;
  /** FibBase.lKey (offset 0x0E): the header size in the table stream (RC4), or the XOR key and verifier. */
  lKey: number;
  /** FibBase.lid (offset 0x06): the language, whose ANSI code page an XOR password was typed in. */
  lid: number;
}

export interface DecryptedStreams extends WordStreams {
  kind: EncryptionKind;
  /** The Data stream decrypted with the same key (a copy; every byte of it is encrypted, from offset 0). */
  decryptData(data: Uint8Array): Uint8Array;
}

/** Bytes at the start of the WordDocument stream written in the clear: Word 97 ([MS-DOC] 2.2.6), Word 6/95. */
const CLEAR_WORD97 = 68;
/** Word 6/95 FIBs keep the fields before ccpText (0x34) clear (wvWare starts at 0x30; the 4 bytes between are an unused spare). */
const CLEAR_WORD6 = 0x34;

/**
 * Decrypts the streams of a protected document. With no password (undefined or ''), the
 * standard password "VelvetSweatshop" is tried; the returned WordDocument stream has
 * fEncrypted and fObfuscated cleared, so it reads as an unprotected document.
 *
 * Throws DocParseError: ENCRYPTED when no password was given and one is needed, or the scheme
 * is one this reader does not decrypt; WRONG_PASSWORD when the password given does not open
 * the file; TRUNCATED/CORRUPT for an encryption header that cannot be read.
 */
export function decryptWordStreams(streams: WordStreams, fib: FibProtection, password?: string): DecryptedStreams {
  const given = password !== undefined && password !== '';
  const candidates = given ? [...passwordVariants(password), DEFAULT_PASSWORD] : [DEFAULT_PASSWORD];
  const out =
    fib.version === 'word6' || fib.fObfuscated
      ? decryptXor(streams, fib, candidates)
      : decryptRc4(streams, requireTable(streams), fib.lKey, candidates);
  if (out) {
    clearProtectionFlags(out.wordDocument);
    return out;
  }
  if (!given) {
    throw new DocParseError(
      'ENCRYPTED',
      'This document is password-protected; give its password to read it (the `password` option; doc2text --password or DOC2TEXT_PASSWORD).',
    );
  }
  throw new DocParseError('WRONG_PASSWORD', 'The password given does not open this document.');
}

function requireTable(streams: WordStreams): Uint8Array {
  if (!streams.table) throw new DocParseError('CORRUPT', 'This encrypted document has no table stream, which holds its encryption header.');
  return streams.table;
}

/** RC4 and RC4 CryptoAPI ([MS-DOC] 2.2.6.2, 2.2.6.3): the header is the first lKey bytes of the table stream. */
function decryptRc4(streams: WordStreams, table: Uint8Array, lKey: number, candidates: string[]): DecryptedStreams | null {
  if (lKey < 4) throw new DocParseError('CORRUPT', `FibBase.lKey is ${lKey}: the encrypted document gives no encryption header.`);
  if (lKey > table.length) {
    throw new DocParseError('TRUNCATED', `The encryption header is ${lKey} bytes long, but the table stream has only ${table.length}.`);
  }
  const r = new ByteReader(table.subarray(0, lKey), 'encryption header (start of the table stream)');
  const major = r.u16(0);
  const minor = r.u16(2);
  let open: (password: string) => BlockKey | null;
  let kind: EncryptionKind;
  if (major === 1 && minor === 1) {
    if (lKey < RC4_HEADER_SIZE) throw new DocParseError('TRUNCATED', `The RC4 encryption header is ${lKey} bytes long, shorter than ${RC4_HEADER_SIZE}.`);
    const header = parseRc4Header(r);
    open = (p) => openRc4(header, p);
    kind = 'rc4';
  } else if (major >= 2 && major <= 4 && minor === 2) {
    const header = parseCryptoApiHeader(r);
    open = (p) => openCryptoApi(header, p);
    kind = 'rc4-cryptoapi';
  } else {
    throw new DocParseError(
      'ENCRYPTED',
      `This document is encrypted with a scheme this reader does not decrypt (encryption version ${major}.${minor}; RC4 1.1 and RC4 CryptoAPI 2.2-4.2 are supported).`,
    );
  }
  for (const password of candidates) {
    const blockKey = open(password);
    if (!blockKey) continue;
    return {
      kind,
      wordDocument: decryptBlocks(streams.wordDocument, blockKey, CLEAR_WORD97),
      table: decryptBlocks(table, blockKey, lKey),
      decryptData: (data) => decryptBlocks(data, blockKey, 0),
    };
  }
  return null;
}

/** XOR obfuscation ([MS-DOC] 2.2.6.1): lKey holds the key and verifier; every byte is transformed relative to its stream's start. */
function decryptXor(streams: WordStreams, fib: FibProtection, candidates: string[]): DecryptedStreams | null {
  for (const candidate of candidates) {
    for (const password of singleBytePasswords(candidate, byteTableOf(decoderOrCp1252(codePageForLid(fib.lid))))) {
      if (password.length === 0 || password.length > XOR_PASSWORD_LIMIT || xorLKey(password) !== fib.lKey >>> 0) continue;
      const array = xorArray(password);
      const transform = (stream: Uint8Array, clear: number) => {
        const copy = new Uint8Array(stream); // a copy, even of a Buffer
        xorTransform(copy, array, Math.min(clear, copy.length));
        return copy;
      };
      const decryptData = (data: Uint8Array) => transform(data, 0);
      if (fib.version === 'word6') return { kind: 'xor', wordDocument: transform(streams.wordDocument, CLEAR_WORD6), decryptData };
      return {
        kind: 'xor',
        wordDocument: transform(streams.wordDocument, CLEAR_WORD97),
        table: transform(requireTable(streams), 0),
        decryptData,
      };
    }
  }
  return null;
}

/** FibBase flags (offset 0x0A): fEncrypted 0x0100, fObfuscated 0x8000. */
function clearProtectionFlags(wordDocument: Uint8Array): void {
  if (wordDocument.length >= 0x0c) wordDocument[0x0b] = wordDocument[0x0b]! & ~(0x01 | 0x80);
}
