/**
 * Office binary document RC4 CryptoAPI encryption ([MS-OFFCRYPTO] 2.3.5), Word 2002/2003's
 * stronger choice: a SHA-1-derived RC4 key of 40 to 128 bits, re-keyed per 512-byte block.
 */
import { ByteReader } from '../io/bytes.js';
import { DocParseError } from '../errors.js';
import { Rc4 } from './rc4.js';
import { sha1 } from './sha1.js';
import { concatBytes, equalBytes, withBlockNumber, type BlockKey } from './rc4-blocks.js';
import { utf16le } from './password.js';

export interface CryptoApiHeader {
  /** RC4 key length in bits, 40..128 (KeySize 0 means 40). */
  readonly keyBits: number;
  readonly salt: Uint8Array;
  readonly encryptedVerifier: Uint8Array;
  readonly encryptedVerifierHash: Uint8Array;
}

/** EncryptionHeaderFlags (2.3.1). */
const F_CRYPTOAPI = 0x04;
const F_EXTERNAL = 0x10;
const F_AES = 0x20;
/** ALG_ID values (2.3.2): RC4, and SHA-1 for the hash; 0 means "the default for the flags". */
const ALG_RC4 = 0x6801;
const ALG_SHA1 = 0x8004;
const SHA1_SIZE = 20;

/**
 * RC4 CryptoAPI Encryption Header (2.3.5.1) at the start of the table stream, after its
 * version (which the caller checked is 2.2, 3.2 or 4.2): Flags, HeaderSize, EncryptionHeader
 * (2.3.2; its CSPName is not needed), EncryptionVerifier (2.3.3). Throws ENCRYPTED for a cipher
 * other than RC4 with SHA-1. (fDocProps, 0x08, CLEAR means the document properties were moved
 * into an encrypted "Encryption" stream, [MS-OFFCRYPTO] 2.3.5.4; they are not read from there.)
 */
export function parseCryptoApiHeader(r: ByteReader): CryptoApiHeader {
  const headerSize = r.u32(8);
  if (headerSize < 32) {
    throw new DocParseError('CORRUPT', `The encryption header is ${headerSize} bytes long, shorter than its fixed fields.`);
  }
  const h = 12;
  const flags = r.u32(h);
  const algId = r.u32(h + 8);
  const algIdHash = r.u32(h + 12);
  const keySize = r.u32(h + 16);
  if ((flags & F_CRYPTOAPI) === 0 || (flags & (F_AES | F_EXTERNAL)) !== 0 || (algId !== 0 && algId !== ALG_RC4)) {
    throw new DocParseError(
      'ENCRYPTED',
      `This document is encrypted with a cipher this reader does not decrypt (CryptoAPI algorithm 0x${algId.toString(16)}, flags 0x${flags.toString(16)}); only RC4 is supported.`,
    );
  }
  if (algIdHash !== 0 && algIdHash !== ALG_SHA1) {
    throw new DocParseError('ENCRYPTED', `This document's encryption hashes with algorithm 0x${algIdHash.toString(16)}; only SHA-1 is supported.`);
  }
  const keyBits = keySize === 0 ? 40 : keySize;
  if (keyBits < 40 || keyBits > 128 || keyBits % 8 !== 0) {
    throw new DocParseError('CORRUPT', `The encryption header gives an RC4 key size of ${keySize} bits (40 to 128, in steps of 8, expected).`);
  }
  const v = h + headerSize; // EncryptionVerifier
  const saltSize = r.u32(v);
  const hashSize = r.u32(v + 4 + saltSize + 16);
  if (saltSize !== 16 || hashSize !== SHA1_SIZE) {
    throw new DocParseError('CORRUPT', `The encryption verifier has a ${saltSize}-byte salt and a ${hashSize}-byte hash (16 and 20 expected).`);
  }
  return {
    keyBits,
    salt: r.slice(v + 4, 16),
    encryptedVerifier: r.slice(v + 20, 16),
    encryptedVerifierHash: r.slice(v + 40, SHA1_SIZE),
  };
}

/**
 * The block keys for `password`, or null when it is not the file's password (2.3.5.6: the
 * verifier and its hash, decrypted in one RC4 run with block 0's key, must agree under SHA-1).
 */
export function openCryptoApi(header: CryptoApiHeader, password: string): BlockKey | null {
  // 2.3.5.2: H0 = SHA1(salt + password), never iterated; Hfinal = SHA1(H0 + block).
  const input = withBlockNumber(sha1(concatBytes(header.salt, utf16le(password))));
  const keyBytes = header.keyBits / 8;
  // A 40-bit key is used as 128 bits: its 5 bytes followed by 11 zero bytes.
  const padded40 = new Uint8Array(16);
  const blockKey: BlockKey = (block) => {
    const hFinal = sha1(input(block));
    if (keyBytes !== 5) return hFinal.subarray(0, keyBytes);
    padded40.set(hFinal.subarray(0, 5));
    return padded40;
  };

  const check = concatBytes(header.encryptedVerifier, header.encryptedVerifierHash);
  new Rc4(blockKey(0)).apply(check);
  return equalBytes(sha1(check.subarray(0, 16)), check.subarray(16)) ? blockKey : null;
}
