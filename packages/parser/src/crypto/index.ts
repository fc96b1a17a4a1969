/** Decryption of password-protected Word binary documents ([MS-OFFCRYPTO], [MS-DOC] 2.2.6). */
export {
  decryptWordStreams,
  type DecryptedStreams,
  type EncryptionKind,
  type FibProtection,
  type WordStreams,
} from './word-decryption.js';
