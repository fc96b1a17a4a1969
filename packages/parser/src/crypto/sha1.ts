/**
 * SHA-1 (FIPS 180-4), for the RC4 CryptoAPI key ([MS-OFFCRYPTO] 2.3.5.2). Pure TypeScript and
 * synchronous, so it runs in a browser without WebCrypto. Not for security.
 */
import { forEachPaddedBlock, writeU32 } from './md-padding.js';

/** Scratch words, reused by every call (the digest is synchronous and not re-entrant). */
const WORDS = new Int32Array(80);

/** The 20-byte SHA-1 digest of `data`. */
export function sha1(data: Uint8Array): Uint8Array {
  const state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0]);
  forEachPaddedBlock(data, 'big', (bytes, offset) => compress(state, bytes, offset));
  const out = new Uint8Array(20);
  for (let i = 0; i < 5; i++) writeU32(out, 4 * i, state[i]!, 'big');
  return out;
}

function compress(state: Int32Array, bytes: Uint8Array, offset: number): void {
  const w = WORDS;
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    w[i] = (bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!;
  }
  for (let i = 16; i < 80; i++) {
    const v = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (v << 1) | (v >>> 31);
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  for (let i = 0; i < 80; i++) {
    let f: number;
    let k: number;
    if (i < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (i < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (i < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc | 0;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6 | 0;
    }
    const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
}
