/**
 * XOR obfuscation ([MS-OFFCRYPTO] 2.3.7), what Word 95 and Word 97's "compatible" protection
 * write: a 16-bit key and a 16-bit verifier in FibBase.lKey, and a 16-byte array built from
 * the password that is XORed over the streams ([MS-DOC] 2.2.6.1).
 */

/** InitialCode (2.3.7.2), by password length − 1. */
const INITIAL_CODE = [
  0xe1f0, 0x1d0f, 0xcc9c, 0x84c0, 0x110c, 0x0e10, 0xf1ce, 0x313e, 0x1872, 0xe139, 0xd40f, 0x84f9, 0x280c, 0xa96a, 0x4ec3,
];

/** XorMatrix (2.3.7.2): 7 entries for each of the 15 password positions. */
const XOR_MATRIX = [
  0xaefc, 0x4dd9, 0x9bb2, 0x2745, 0x4e8a, 0x9d14, 0x2a09, 0x7b61, 0xf6c2, 0xfda5, 0xeb6b, 0xc6f7, 0x9dcf, 0x2bbf,
  0x4563, 0x8ac6, 0x05ad, 0x0b5a, 0x16b4, 0x2d68, 0x5ad0, 0x0375, 0x06ea, 0x0dd4, 0x1ba8, 0x3750, 0x6ea0, 0xdd40,
  0xd849, 0xa0b3, 0x5147, 0xa28e, 0x553d, 0xaa7a, 0x44d5, 0x6f45, 0xde8a, 0xad35, 0x4a4b, 0x9496, 0x390d, 0x721a,
  0xeb23, 0xc667, 0x9cef, 0x29ff, 0x53fe, 0xa7fc, 0x5fd9, 0x47d3, 0x8fa6, 0x0f6d, 0x1eda, 0x3db4, 0x7b68, 0xf6d0,
  0xb861, 0x60e3, 0xc1c6, 0x93ad, 0x377b, 0x6ef6, 0xddec, 0x45a0, 0x8b40, 0x06a1, 0x0d42, 0x1a84, 0x3508, 0x6a10,
  0xaa51, 0x4483, 0x8906, 0x022d, 0x045a, 0x08b4, 0x1168, 0x76b4, 0xed68, 0xcaf1, 0x85c3, 0x1ba7, 0x374e, 0x6e9c,
  0x3730, 0x6e60, 0xdcc0, 0xa9a1, 0x4363, 0x86c6, 0x1dad, 0x3331, 0x6662, 0xccc4, 0x89a9, 0x0373, 0x06e6, 0x0dcc,
  0x1021, 0x2042, 0x4084, 0x8108, 0x1231, 0x2462, 0x48c4,
];

/** PadArray (2.3.7.2): fills the XOR array after the password. */
const PAD_ARRAY = [0xbb, 0xff, 0xff, 0xba, 0xff, 0xff, 0xb9, 0x80, 0x00, 0xbe, 0x0f, 0x00, 0xbf, 0x0f, 0x00];

/** Passwords are 1..15 single-byte characters. */
export const XOR_PASSWORD_LIMIT = 15;

/** CreateXorKey_Method1 (2.3.7.2): the 16-bit obfuscation key. `password`: 1..15 bytes. */
export function xorKey(password: Uint8Array): number {
  let key = INITIAL_CODE[password.length - 1]!;
  let element = XOR_MATRIX.length - 1;
  for (let i = password.length - 1; i >= 0; i--) {
    let char = password[i]!;
    for (let bit = 0; bit < 7; bit++, element--) {
      if (char & 0x40) key ^= XOR_MATRIX[element]!;
      char <<= 1;
    }
  }
  return key;
}

/** CreatePasswordVerifier_Method1 (2.3.7.1): the 16-bit verifier, over the length then the bytes, last first. */
export function xorVerifier(password: Uint8Array): number {
  let verifier = 0;
  for (let i = password.length; i >= 0; i--) {
    const byte = i === 0 ? password.length : password[i - 1]!;
    verifier = (((verifier >> 14) & 1) | ((verifier << 1) & 0x7fff)) ^ byte;
  }
  return verifier ^ 0xce4b;
}

/**
 * CreatePasswordVerifier_Method2 (2.3.7.4), what Word stores in FibBase.lKey: the key in the
 * high 16 bits, the verifier in the low 16.
 */
export function xorLKey(password: Uint8Array): number {
  return ((xorKey(password) << 16) | xorVerifier(password)) >>> 0;
}

/**
 * The XOR array for Word (2.3.7.5, CreateXorArray_Method2): the password then PadArray, each
 * byte XORed with the key's low byte (even positions) or high byte (odd), rotated right by one bit.
 */
export function xorArray(password: Uint8Array): Uint8Array {
  const key = xorKey(password);
  const out = new Uint8Array(16);
  out.set(password);
  out.set(PAD_ARRAY.slice(0, 16 - password.length), password.length);
  for (let i = 0; i < 16; i++) {
    const v = out[i]! ^ (i & 1 ? key >>> 8 : key & 0xff);
    out[i] = ((v >>> 1) | (v << 7)) & 0xff;
  }
  return out;
}

/**
 * XOR data transformation method 2 (2.3.7.6), in place on `data[start, end)`, where `data[0]`
 * is the first byte of the stream: the array index runs with the stream offset. A byte that is
 * 0, or equal to its array byte, is stored unchanged (it would otherwise become or stay 0), so
 * the same operation obfuscates and de-obfuscates.
 */
export function xorTransform(data: Uint8Array, array: Uint8Array, start = 0, end = data.length): void {
  for (let i = start; i < end; i++) {
    const v = data[i]!;
    const k = array[i & 15]!;
    if (v !== 0 && v !== k) data[i] = v ^ k;
  }
}
