/**
 * A document's characters as UTF-16 code units, one a CP ([MS-DOC] 2.4.1: control characters
 * intact), in segments, each a run of CPs read where it lies (word/characters.ts builds them):
 * - a long UTF-16 piece whose bytes are aligned in one part of the stream: a view of the input
 *   (no copy);
 * - a long 8-bit piece: a view of its bytes in the input, read through the code page's byte
 *   table (`table`), a window at a time where the renderer reads it (no copy held: a decoded
 *   copy of 8-bit text would hold two bytes a character for the model's life);
 * - short or unaligned pieces, a double-byte code page's text and gaps: one array of units the
 *   text owns, each stretch of it between two views a segment.
 * - a long piece of a lazy input (io/lazy-input.ts): a view of bytes not read in. The renderer's
 *   `view` reads a window of it from the file (`lazy`); `at`, `slice` and `string` read in what
 *   they need.
 * A stream stored in non-contiguous parts is one more segment boundary, not a copy.
 *
 * The plain-text renderer reads the units where they lie, segment by segment (`view`,
 * render/plain-text.ts): plain text makes no string of the document's characters. The string
 * (`string()`) is made on first use, by whoever needs it (catdoc mode, the document tree,
 * `characters()`), and kept.
 */
import { scratchArray, tableInto, tableString, unitRunsToString } from '../io/encoding.js';
import { isLazy, loaded, readLazy } from '../io/lazy-input.js';

export class TextUnits {
  /** Units of the document (its CP count). */
  readonly length: number;
  private text: string | undefined;
  /** The last segment found (`segmentAt`): CPs are mostly asked for in order. */
  private last = 0;

  /** 1 for a segment of a lazy input's bytes, not read in (null: none is). */
  private readonly lazy: Uint8Array | null;

  /** After `view`: the units it points at, CP c at viewUnits[c + viewDelta]. */
  viewUnits: Uint16Array = WINDOW;
  viewDelta = 0;

  /**
   * Segment k holds CPs [starts[k], starts[k + 1]): CP `cp` at arrays[k][cp + deltas[k]], or, in
   * an 8-bit segment, at table[bytes[k][cp + deltas[k]]] (arrays[k] is then empty). `starts` has
   * one more entry than `arrays`: the length. Segments are not empty.
   */
  constructor(
    readonly starts: Int32Array,
    readonly arrays: readonly Uint16Array[],
    readonly deltas: Int32Array,
    private readonly bytes: ReadonlyArray<Uint8Array | null> = [],
    private readonly table: Uint16Array | null = null,
    text?: string,
  ) {
    this.length = starts[arrays.length]!;
    this.text = text;
    let lazy: Uint8Array | null = null;
    for (let k = 0; k < arrays.length; k++) if (isLazy(bytes[k] ?? arrays[k]!)) (lazy ??= new Uint8Array(arrays.length))[k] = 1;
    this.lazy = lazy;
  }

  /** A string's units (readers that produce a string: they are small), the string kept as the text. */
  static ofString(s: string): TextUnits {
    const units = new Uint16Array(s.length);
    for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
    return s.length === 0 ? new TextUnits(Int32Array.of(0), [], new Int32Array(0), [], null, s) : new TextUnits(Int32Array.of(0, s.length), [units], Int32Array.of(0), [], null, s);
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
    const bytes = this.bytes[k];
    const i = cp + this.deltas[k]!;
    if (this.lazy !== null && this.lazy[k] === 1) loaded(bytes ?? this.arrays[k]!, i, i + 1);
    return bytes ? this.table![bytes[i]!]! : this.arrays[k]![i]!;
  }

  /**
   * Points `viewUnits` and `viewDelta` at the units of CPs from `cp` (< length): where they lie,
   * or, in an 8-bit segment, a window of them decoded into a scratch array (valid until the next
   * call: the renderer's passes run one after another). Returns the CP up to which the view
   * holds, at most `limit`.
   */
  view(cp: number, limit: number): number {
    const k = this.segmentAt(cp);
    const end = Math.min(this.starts[k + 1]!, limit);
    const d = this.deltas[k]!;
    const bytes = this.bytes[k];
    const lazy = this.lazy !== null && this.lazy[k] === 1;
    if (!bytes && !lazy) {
      this.viewUnits = this.arrays[k]!;
      this.viewDelta = d;
      return end;
    }
    const stop = Math.min(end, cp + WINDOW.length);
    if (!bytes) readLazy(this.arrays[k]!, 2 * (cp + d), WINDOW_BYTES.subarray(0, 2 * (stop - cp))); // UTF-16LE: this host's order (characters.ts)
    else tableInto(lazy ? readLazy(bytes, cp + d, BYTE_WINDOW.subarray(0, stop - cp)) : bytes.subarray(cp + d, stop + d), this.table!, WINDOW, 0);
    this.viewUnits = WINDOW;
    // 0 - cp, not -cp: -0 is no small integer, and a field that held one would change its
    // representation (the map deprecated: the renderer's compiled code thrown away).
    this.viewDelta = 0 - cp;
    return stop;
  }

  /** CPs [from, to) as a string (short spans: a field's instruction). */
  slice(from: number, to: number): string {
    if (this.text !== undefined) return this.text.slice(from, to);
    return unitRunsToString(this.runs(from, to));
  }

  /** Every CP's character, one string: made on first use, then kept. */
  string(): string {
    if (this.text !== undefined) return this.text;
    const bytes = this.bytes[0];
    // One 8-bit segment (a document of one 8-bit piece): straight from its bytes, one copy.
    if (this.arrays.length === 1 && bytes) return (this.text = tableString(loaded(bytes, this.deltas[0]!, this.deltas[0]! + this.length).subarray(this.deltas[0]!, this.deltas[0]! + this.length), this.table!));
    return (this.text = unitRunsToString(this.runs(0, this.length)));
  }

  /** CPs [from, to) as the views of the segments' arrays they span. */
  private runs(from: number, to: number): Uint16Array[] {
    const runs: Uint16Array[] = [];
    for (let cp = from; cp < to; ) {
      const k = this.segmentAt(cp);
      const end = Math.min(this.starts[k + 1]!, to);
      const d = this.deltas[k]!;
      const bytes = this.bytes[k];
      if (this.lazy !== null && this.lazy[k] === 1) loaded(bytes ?? this.arrays[k]!, cp + d, end + d);
      if (bytes) {
        const units = scratchArray(Uint16Array, end - cp); // every unit written below
        tableInto(bytes.subarray(cp + d, end + d), this.table!, units, 0);
        runs.push(units);
      } else runs.push(this.arrays[k]!.subarray(cp + d, end + d));
      cp = end;
    }
    return runs;
  }
}

/** The window an 8-bit segment is decoded into for the renderer (`view`), and the view of none. */
const WINDOW = new Uint16Array(16384);
/** The window's bytes (a lazy input's UTF-16 text is read into them), and the bytes of its 8-bit text. */
const WINDOW_BYTES = new Uint8Array(WINDOW.buffer);
const BYTE_WINDOW = new Uint8Array(WINDOW.length);
