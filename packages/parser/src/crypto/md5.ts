/**
 * MD5 (RFC 1321), for the Office binary RC4 key ([MS-OFFCRYPTO] 2.3.6.2). Pure TypeScript: the
 * browser's WebCrypto has no MD5 and no synchronous digest. Not for security; Word 97's RC4
 * encryption is what needs it.
 */

/** Per-round left-rotation amounts (RFC 1321 3.4). */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/** T[i] = floor(2^32 * |sin(i + 1)|) (RFC 1321 3.4). */
const T = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0);

/** Scratch space, reused by every call (the digest is synchronous and not re-entrant). */
const WORDS = new Int32Array(16);
const BLOCK = new Uint8Array(64);

/** The 16-byte MD5 digest of `data`. */
export function md5(data: Uint8Array): Uint8Array {
  const state = new Int32Array([0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476]);
  const block = BLOCK.fill(0);
  const full = data.length - (data.length % 64);
  for (let offset = 0; offset < full; offset += 64) compress(state, data, offset);
  // Padding: 0x80, zeros, then the length in bits as a 64-bit little-endian number.
  const rest = data.length - full;
  block.set(data.subarray(full));
  block[rest] = 0x80;
  if (rest >= 56) {
    compress(state, block, 0);
    block.fill(0);
  }
  const bits = data.length * 8;
  writeU32(block, 56, bits >>> 0);
  writeU32(block, 60, Math.floor(bits / 0x100000000));
  compress(state, block, 0);
  const out = new Uint8Array(16);
  for (let i = 0; i < 4; i++) writeU32(out, 4 * i, state[i]!);
  return out;
}

function compress(state: Int32Array, bytes: Uint8Array, offset: number): void {
  const x = WORDS;
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    x[i] = bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let i = 0; i < 64; i++) {
    const round = i >> 4;
    let f: number;
    let g: number;
    if (round === 0) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (round === 1) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (round === 2) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const s = SHIFTS[(round << 2) | (i & 3)]!;
    const sum = (a + f + T[i]! + x[g]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

function writeU32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value & 0xff;
  out[offset + 1] = (value >>> 8) & 0xff;
  out[offset + 2] = (value >>> 16) & 0xff;
  out[offset + 3] = (value >>> 24) & 0xff;
}
