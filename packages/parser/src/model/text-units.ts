/**
 * A document's characters as UTF-16 code units, one a CP ([MS-DOC] 2.4.1: control characters
 * intact), in segments: each a run of CPs read from one Uint16Array. A long UTF-16 piece whose
 * bytes are aligned in one part of the stream is a view of the input (no copy); 8-bit pieces
 * (through the code page's byte table), short or unaligned pieces and gaps are written into one
 * array of their own (word/characters.ts). A stream stored in non-contiguous parts is one more
 * segment boundary, not a copy.
 *
 * The plain-text renderer reads the units where they lie, segment by segment (render/plain-text.ts):
 * plain text makes no string of the document's characters. The string (`string()`) is made on
 * first use, by whoever needs it (catdoc mode, the document tree, `characters()`), and kept.
 */
import { unitRunsToString } from '../io/encoding.js';

export class TextUnits {
  /** Units of the document (its CP count). */
  readonly length: number;
  private text: string | undefined;
  /** The last segment found (`segmentAt`): CPs are mostly asked for in order. */
  private last = 0;

  /**
   * Segment k holds CPs [starts[k], starts[k + 1]), CP `cp` at arrays[k][cp + deltas[k]]. `starts`
   * has one more entry than `arrays`: the length. Segments are not empty.
   */
  constructor(
    readonly starts: Int32Array,
    readonly arrays: readonly Uint16Array[],
    readonly deltas: Int32Array,
    text?: string,
  ) {
    this.length = starts[arrays.length]!;
    this.text = text;
  }

  /** A string's units (readers that produce a string: they are small), the string kept as the text. */
  static ofString(s: string): TextUnits {
    const units = new Uint16Array(s.length);
    for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
    return s.length === 0 ? new TextUnits(Int32Array.of(0), [], new Int32Array(0), s) : new TextUnits(Int32Array.of(0, s.length), [units], Int32Array.of(0), s);
  }

  /** The segment holding `cp` (0 ≤ cp < length). */
  segmentAt(cp: number): number {
    const starts = this.starts;
    let k = this.last;
    if (cp >= starts[k]! && cp < starts[k + 1]!) return k;
    if (cp >= starts[k + 1]! && cp < starts[k + 2]!) return (this.last = k + 1);
    let lo = 0;
    let hi = this.arrays.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= cp) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }

  /** The code unit of CP `cp` (0 ≤ cp < length). */
  at(cp: number): number {
    const k = this.segmentAt(cp);
    return this.arrays[k]![cp + this.deltas[k]!]!;
  }

  /** CPs [from, to) as a string (short spans: a field's instruction). */
  slice(from: number, to: number): string {
    if (this.text !== undefined) return this.text.slice(from, to);
    return unitRunsToString(this.runs(from, to));
  }

  /** Every CP's character, one string: made on first use, then kept. */
  string(): string {
    return (this.text ??= unitRunsToString(this.runs(0, this.length)));
  }

  /** CPs [from, to) as the views of the segments' arrays they span. */
  private runs(from: number, to: number): Uint16Array[] {
    const runs: Uint16Array[] = [];
    for (let cp = from; cp < to; ) {
      const k = this.segmentAt(cp);
      const end = Math.min(this.starts[k + 1]!, to);
      const d = this.deltas[k]!;
      runs.push(this.arrays[k]!.subarray(cp + d, end + d));
      cp = end;
    }
    return runs;
  }
}
