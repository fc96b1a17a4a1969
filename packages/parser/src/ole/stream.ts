import { loaded } from '../io/lazy-input.js';
import { cutShort, type Named } from './errors.js';

/** A run of a stream that lies end to end in the file: a view of the file, `at` its offset in the stream. */
export interface StreamPart {
  at: number;
  bytes: Uint8Array;
}

/**
 * The parts of a stream as one array: the part itself when there is one, else one copy. (These
 * three functions are the parts' readers: a lazy input's bytes are read in here, io/lazy-input.ts.)
 */
export function joinParts(parts: readonly StreamPart[]): Uint8Array {
  if (parts.length === 1) return loaded(parts[0]!.bytes);
  const last = parts[parts.length - 1];
  const out = new Uint8Array(last ? last.at + last.bytes.length : 0);
  for (const part of parts) out.set(loaded(part.bytes), part.at);
  return out;
}

/**
 * Copies stream bytes [from, to) of the parts into `out`, the byte at stream offset `from` going
 * to `out[into]`; returns `out`. Parts are in order and end to end.
 */
export function copyPartsRange(parts: readonly StreamPart[], from: number, to: number, out: Uint8Array, into: number): Uint8Array {
  for (const { at, bytes } of parts) {
    const start = Math.max(from, at);
    const end = Math.min(to, at + bytes.length);
    if (start < end) out.set(loaded(bytes, start - at, end - at).subarray(start - at, end - at), start - from + into);
  }
  return out;
}

/** The index of the part holding stream offset `offset` (parts are in order and end to end). */
export function partAt(parts: readonly StreamPart[], offset: number): number {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (parts[mid]!.at <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Stream bytes [from, to) (within the stream): a view of the part holding them all, else a copy. */
export function partsView(parts: readonly StreamPart[], from: number, to: number): Uint8Array {
  const part = parts[partAt(parts, from)]!;
  if (to <= part.at + part.bytes.length) return loaded(part.bytes, from - part.at, to - part.at).subarray(from - part.at, to - part.at);
  return copyPartsRange(parts, from, to, new Uint8Array(to - from), 0);
}

/**
 * A stream's bytes from its chain of equal-sized units (sectors, or mini sectors), as the runs of
 * units that lie end to end in the file: views, no copy (`joinParts` makes one array of them: the
 * view itself for a single run, else one copy). The stream is its declared size, or less where
 * its chain ends early or where the file ends inside its last unit (as other readers have it). A
 * unit the file cuts short with more of the stream after it is a hole: that file is cut short.
 *
 * `extents`: where the runs lie in the file, as offset, length, offset, length, … (lengths whole
 * units). An empty stream is one empty part.
 */
export function partsOf(bytes: Uint8Array, extents: readonly number[], unit: number, size: number, what: Named): StreamPart[] {
  const e = extents.length;
  if (e === 0) return [{ at: 0, bytes: bytes.subarray(0, 0) }];
  let units = 0;
  for (let r = 0; r < e; r += 2) {
    // Every unit but the stream's last one whole in the file.
    const whole = r < e - 2 ? extents[r + 1]! : extents[r + 1]! - unit;
    if (extents[r]! + whole > bytes.length) cutShort(`${what} runs past its end (${bytes.length} bytes)`);
    units += extents[r + 1]! / unit;
  }
  const total = Math.min(size, (units - 1) * unit + clip(bytes, extents[e - 2]! + extents[e - 1]! - unit, unit));
  const parts: StreamPart[] = [];
  let filled = 0;
  for (let r = 0; r < e && (filled < total || r === 0); r += 2) {
    const length = Math.min(extents[r + 1]!, total - filled);
    parts.push({ at: filled, bytes: bytes.subarray(extents[r]!, extents[r]! + length) });
    filled += length;
  }
  return parts;
}

/** Bytes of the unit at `at` present in the file. */
function clip(bytes: Uint8Array, at: number, unit: number): number {
  return Math.max(0, Math.min(unit, bytes.length - at));
}
