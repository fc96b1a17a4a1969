/**
 * Office binary document RC4 encryption ([MS-OFFCRYPTO] 2.3.6), Word 97/2000's "Office 97/2000
 * compatible" encryption: a 40-bit MD5-derived key, re-keyed per 512-byte block.
 */
import type { ByteReader } from '../io/bytes.js';
import { md5 } from './md5.js';
import { Rc4 } from './rc4.js';
import { concatBytes, equalBytes, withBlockNumber, type BlockKey } from './rc4-blocks.js';
import { utf16le } from './password.js';

/** RC4 Encryption Header (2.3.6.1): Version 1.1, then Salt, EncryptedVerifier, EncryptedVerifierHash. */
export interface Rc4Header {
  readonly salt: Uint8Array;
  readonly encryptedVerifier: Uint8Array;
  readonly encryptedVerifierHash: Uint8Array;
}

/** Size of the header: 4 (version) + 3 × 16. */
export const RC4_HEADER_SIZE = 52;

/** Reads the header after its version (which the caller checked is 1.1) at offset 4. */
export function parseRc4Header(r: ByteReader): Rc4Header {
  return {
    salt: r.slice(4, 16),
    encryptedVerifier: r.slice(20, 16),
    encryptedVerifierHash: r.slice(36, 16),
  };
}

/**
 * The block keys for `password`, or null when the password is not the one the file was
 * encrypted with (2.3.6.4: the verifier decrypted with block 0's key must hash to the verifier hash).
 */
export function openRc4(header: Rc4Header, password: string): BlockKey | null {
  // 2.3.6.2: H0 = MD5(password); the first 5 bytes and the salt, 16 times over, hashed again.
  const h0 = md5(utf16le(password)).subarray(0, 5);
  const repeated = new Uint8Array(16 * (5 + 16));
  for (let i = 0; i < 16; i++) {
    repeated.set(h0, i * 21);
    repeated.set(header.salt, i * 21 + 5);
  }
  const h1 = md5(repeated).subarray(0, 5);
  const input = withBlockNumber(h1);
  const blockKey: BlockKey = (block) => md5(input(block));

  const check = concatBytes(header.encryptedVerifier, header.encryptedVerifierHash);
  new Rc4(blockKey(0)).apply(check);
  return equalBytes(md5(check.subarray(0, 16)), check.subarray(16)) ? blockKey : null;
}
