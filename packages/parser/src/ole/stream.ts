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
  // Runs of units that lie end to end in the file: one run is a view, more are copied run by run.
  const runStarts: number[] = [offsets[0]!];
  const runEnds: number[] = [offsets[0]! + unit];
  for (let k = 1; k < offsets.length; k++) {
    const at = offsets[k]!;
    if (at === runEnds[runEnds.length - 1]) runEnds[runEnds.length - 1] = at + unit;
    else {
      runStarts.push(at);
      runEnds.push(at + unit);
    }
  }
  const total = Math.min(size, (offsets.length - 1) * unit + clip(bytes, offsets[offsets.length - 1]!, unit));
  if (runStarts.length === 1) return bytes.subarray(runStarts[0]!, runStarts[0]! + total);
  const out = new Uint8Array(total);
  let filled = 0;
  for (let r = 0; r < runStarts.length && filled < total; r++) {
    const n = Math.min(runEnds[r]! - runStarts[r]!, total - filled);
    out.set(bytes.subarray(runStarts[r]!, runStarts[r]! + n), filled);
    filled += n;
  }
  return out;
}

/** Bytes of the unit at `at` present in the file. */
function clip(bytes: Uint8Array, at: number, unit: number): number {
  return Math.max(0, Math.min(unit, bytes.length - at));
}
