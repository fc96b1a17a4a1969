/**
 * CP runs: sorted, disjoint CP ranges [starts[k], ends[k]) with a value each, in flat arrays.
 * Property runs (PAPX, CHPX) are found by stream offset; the piece table turns them into CP runs
 * once per document (PieceTable.cpRuns), and the renderer walks them with a cursor that only
 * moves forward — no per-character lookups, sets or pair lists.
 */
import { scratchArray } from '../io/encoding.js';

/**
 * What to do with a range that starts before the previous one ends (a damaged file, or two runs
 * sharing a UTF-16 character at an odd stream offset):
 * - 'first-wins': it is cut to start where the previous one ends (dropped when nothing is left);
 * - 'merge': the two become one range (the first one's value).
 */
export type Overlap = 'first-wins' | 'merge';

export class CpRuns<T> {
  constructor(
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly values: readonly T[],
  ) {}

  /** No runs (its arrays shared: nothing writes into a CpRuns). */
  static empty<T>(): CpRuns<T> {
    return new CpRuns<T>(NONE, NONE, []);
  }

  get length(): number {
    return this.values.length;
  }

  /** The index of the first run that ends after `cp` (`length` when none): where a cursor at `cp` starts. */
  seek(cp: number): number {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid]! <= cp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The value of the run holding `cp`, or undefined. */
  at(cp: number): T | undefined {
    const k = this.seek(cp);
    return k < this.values.length && this.starts[k]! <= cp ? this.values[k] : undefined;
  }
}

const NONE = new Int32Array(0);

/** Collects CP ranges given in order of their start into a CpRuns (one growing typed array, no object per range). */
export class CpRunsBuilder<T> {
  /** Starts at [0, capacity), ends at [capacity, 2 · capacity): one allocation. */
  private bounds: Int32Array;
  private capacity: number;
  private readonly values: T[] = [];
  private end = -1;

  /** `expected`: how many ranges are likely (the array starts that long and grows past it). */
  constructor(
    private readonly overlap: Overlap,
    expected = 16,
  ) {
    this.capacity = Math.max(1, expected);
    this.bounds = scratchArray(Int32Array, 2 * this.capacity); // only the ranges added are read
  }

  /** Adds [a, b) with its value; `a` must not be below the start of the range added before. */
  add(a: number, b: number, value: T): void {
    const n = this.values.length;
    if (a < this.end) {
      if (this.overlap === 'merge') {
        if (b > this.end) this.bounds[this.capacity + n - 1] = this.end = b;
        return;
      }
      a = this.end;
    } else if (a === this.end && this.overlap === 'merge') {
      if (b > a) this.bounds[this.capacity + n - 1] = this.end = b;
      return;
    }
    if (b <= a) return;
    if (n === this.capacity) this.grow();
    this.bounds[n] = a;
    this.bounds[this.capacity + n] = b;
    this.values.push(value);
    this.end = b;
  }

  build(): CpRuns<T> {
    const n = this.values.length;
    // Views, not copies: the array is at most twice as long as needed (or the size expected).
    return new CpRuns(this.bounds.subarray(0, n), this.bounds.subarray(this.capacity, this.capacity + n), this.values);
  }

  private grow(): void {
    const size = this.capacity;
    const grown = scratchArray(Int32Array, 4 * size);
    grown.set(this.bounds.subarray(0, size));
    grown.set(this.bounds.subarray(size, 2 * size), 2 * size);
    this.bounds = grown;
    this.capacity = 2 * size;
  }
}
