/**
 * Stream decryption in 512-byte blocks, as Word applies both RC4 schemes ([MS-DOC] 2.2.6.2,
 * 2.2.6.3): the block number starts at 0 at the beginning of each stream and steps at every
 * 512-byte boundary; each block gets a fresh RC4 key derived from the password and that number.
 */
import { Rc4 } from './rc4.js';

/** Bytes per re-keyed block in Word's WordDocument, Table and Data streams. */
export const WORD_BLOCK_SIZE = 512;

/** The RC4 key of one block, for a password already verified (valid until the next call). */
export type BlockKey = (block: number) => Uint8Array;

/**
 * A decrypted copy of `stream`. The cipher runs from the start of the stream even over bytes
 * written in the clear ([MS-DOC] 2.2.6.2); those first `plainPrefix` bytes are kept as they are.
 */
export function decryptBlocks(stream: Uint8Array, blockKey: BlockKey, plainPrefix: number): Uint8Array {
  const out = new Uint8Array(stream); // a copy, even of a Node Buffer (whose slice() is a view)
  let rc4: Rc4 | null = null;
  for (let block = 0, start = 0; start < out.length; block++, start += WORD_BLOCK_SIZE) {
    const end = Math.min(start + WORD_BLOCK_SIZE, out.length);
    if (end <= plainPrefix) continue;
    const key = blockKey(block);
    if (rc4) rc4.rekey(key);
    else rc4 = new Rc4(key);
    rc4.apply(out, start, end);
  }
  out.set(stream.subarray(0, Math.min(plainPrefix, stream.length)));
  return out;
}

/**
 * `prefix` followed by a block number (32-bit little-endian), the input hashed to key one block
 * (2.3.5.2, 2.3.6.2). One buffer, rewritten by each call.
 */
export function withBlockNumber(prefix: Uint8Array): (block: number) => Uint8Array {
  const input = new Uint8Array(prefix.length + 4);
  input.set(prefix);
  const at = prefix.length;
  return (block) => {
    input[at] = block & 0xff;
    input[at + 1] = (block >>> 8) & 0xff;
    input[at + 2] = (block >>> 16) & 0xff;
    input[at + 3] = (block >>> 24) & 0xff;
    return input;
  };
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
