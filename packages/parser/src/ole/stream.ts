import { cutShort } from './errors.js';

/**
 * A stream's bytes from its chain of equal-sized units (sectors, or mini sectors): a view into the
 * file when the units lie end to end in it (no copy), else one copy. The stream is its declared
 * size, or less where its chain ends early or where the file ends inside its last unit (as other
 * readers have it). A unit the file cuts short with more of the stream after it is a hole: that
 * file is cut short.
 */
export function assemble(bytes: Uint8Array, offsets: readonly number[], unit: number, size: number, what: string): Uint8Array {
  if (offsets.length === 0) return bytes.subarray(0, 0);
  for (let k = 0; k + 1 < offsets.length; k++) {
    if (offsets[k]! + unit > bytes.length) cutShort(`${what} runs past its end (${bytes.length} bytes)`);
  }
  const first = offsets[0]!;
  let contiguous = true;
  for (let k = 1; k < offsets.length && contiguous; k++) contiguous = offsets[k] === first + k * unit;
  if (contiguous) return bytes.subarray(first, Math.min(first + size, first + offsets.length * unit, bytes.length));
  const total = (offsets.length - 1) * unit + clip(bytes, offsets[offsets.length - 1]!, unit);
  const out = new Uint8Array(Math.min(size, total));
  let filled = 0;
  for (let k = 0; k < offsets.length && filled < out.length; k++) {
    const at = offsets[k]!;
    const n = Math.min(clip(bytes, at, unit), out.length - filled);
    out.set(bytes.subarray(at, at + n), filled);
    filled += n;
  }
  return out;
}

/** Bytes of the unit at `at` present in the file. */
function clip(bytes: Uint8Array, at: number, unit: number): number {
  return Math.max(0, Math.min(unit, bytes.length - at));
}
