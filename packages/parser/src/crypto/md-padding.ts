/**
 * The Merkle–Damgård framing MD5 and SHA-1 share (RFC 1321 3.1-3.2, FIPS 180-4 5.1.1): the
 * message in 64-byte blocks, then 0x80, zeros, and the message length in bits as 8 bytes.
 */

/** Scratch block, reused by every call (digests are synchronous and not re-entrant). */
const BLOCK = new Uint8Array(64);

/** Calls `compress` on each 64-byte block of `data` and of its padding. */
export function forEachPaddedBlock(
  data: Uint8Array,
  lengthByteOrder: 'little' | 'big',
  compress: (bytes: Uint8Array, offset: number) => void,
): void {
  const full = data.length - (data.length % 64);
  for (let offset = 0; offset < full; offset += 64) compress(data, offset);
  const block = BLOCK.fill(0);
  const rest = data.length - full;
  block.set(data.subarray(full));
  block[rest] = 0x80;
  if (rest >= 56) {
    compress(block, 0);
    block.fill(0);
  }
  const bits = data.length * 8;
  const low = bits >>> 0;
  const high = Math.floor(bits / 0x100000000);
  if (lengthByteOrder === 'little') {
    writeU32(block, 56, low, 'little');
    writeU32(block, 60, high, 'little');
  } else {
    writeU32(block, 56, high, 'big');
    writeU32(block, 60, low, 'big');
  }
  compress(block, 0);
}

export function writeU32(out: Uint8Array, offset: number, value: number, byteOrder: 'little' | 'big'): void {
  for (let i = 0; i < 4; i++) out[offset + (byteOrder === 'little' ? i : 3 - i)] = (value >>> (8 * i)) & 0xff;
}
