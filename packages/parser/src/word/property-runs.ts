/**
 * Property runs (fkp.ts: PAPX and CHPX runs by stream offset) in flat arrays: a struct of arrays,
 * as cp-runs.ts holds CP runs, so that reading a document's formatting makes no object per run.
 */
import { scratchArray } from '../io/encoding.js';

/** One property run as an object (PropertyRuns.run): for the structure readers and tests. */
export interface PropertyRun {
  /** First stream offset covered by the run. */
  fcStart: number;
  /** Stream offset after the run. */
  fcEnd: number;
  /** Bytes holding the run's grpprl: its page (a view of the file where the page lies in one piece). */
  bytes: Uint8Array;
  /** Start and end of the grpprl in `bytes`. */
  start: number;
  end: number;
  /** Paragraph runs: the paragraph style (istd); 0 for character runs. */
  istd: number;
}

/** Stream-offset ranges [fcStarts[k], fcEnds[k]), sorted by start and disjoint: what PieceTable.cpRuns turns into CP runs. */
export interface FcRanges {
  readonly length: number;
  readonly fcStarts: ArrayLike<number>;
  readonly fcEnds: ArrayLike<number>;
}

/**
 * Property runs in flat arrays, one slot per run (no object per run: a large document has tens of
 * thousands, and they live as long as the document): run k covers stream offsets
 * [fcStarts[k], fcEnds[k]), its grpprl is [starts[k], ends[k]) of `arrays[sources[k]]` (its FKP
 * page, or a merged grpprl: prm.ts), its paragraph style istds[k] (0 for character runs).
 */
export class PropertyRuns implements FcRanges {
  constructor(
    readonly fcStarts: Float64Array,
    readonly fcEnds: Float64Array,
    readonly sources: Float64Array,
    readonly arrays: readonly Uint8Array[],
    readonly starts: Float64Array,
    readonly ends: Float64Array,
    readonly istds: Float64Array,
  ) {}

  static readonly EMPTY = new PropertyRuns(new Float64Array(0), new Float64Array(0), new Float64Array(0), [], new Float64Array(0), new Float64Array(0), new Float64Array(0));

  /** Runs given as objects (sorted by fcStart and disjoint, as the readers give them). */
  static of(runs: Iterable<PropertyRun>): PropertyRuns {
    const out = new PropertyRunsBuilder();
    for (const r of runs) out.add(r.fcStart, r.fcEnd, r.bytes, r.start, r.end, r.istd);
    return out.build();
  }

  get length(): number {
    return this.fcStarts.length;
  }

  /** The array holding run k's grpprl. */
  bytes(k: number): Uint8Array {
    return this.arrays[this.sources[k]!]!;
  }

  /** Run k as an object. */
  run(k: number): PropertyRun {
    return { fcStart: this.fcStarts[k]!, fcEnd: this.fcEnds[k]!, bytes: this.bytes(k), start: this.starts[k]!, end: this.ends[k]!, istd: this.istds[k]! };
  }

  *[Symbol.iterator](): Iterator<PropertyRun> {
    for (let k = 0; k < this.length; k++) yield this.run(k);
  }

  /** The index of the run covering stream offset `fc`, by binary search; -1 if none. */
  indexAt(fc: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (fc < this.fcStarts[mid]!) hi = mid - 1;
      else if (fc >= this.fcEnds[mid]!) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}

/**
 * Collects runs into a PropertyRuns: its six columns in one Float64Array (one allocation; a typed
 * array costs about a microsecond to make, whatever its size: a scratch array, from Node's pool
 * when small), grown by doubling past `expected`.
 */
export class PropertyRunsBuilder {
  private n = 0;
  private capacity: number;
  private columns: Float64Array;
  private readonly arrays: Uint8Array[] = [];

  constructor(expected = 16) {
    this.capacity = Math.max(1, expected);
    this.columns = scratchArray(Float64Array, COLUMNS * this.capacity); // only the runs added are read
  }

  get length(): number {
    return this.n;
  }

  add(fcStart: number, fcEnd: number, bytes: Uint8Array, start: number, end: number, istd: number): void {
    const n = this.n;
    if (n === this.capacity) this.grow();
    // Runs of one page follow each other: one entry in `arrays` per page (a repeat is harmless).
    if (this.arrays[this.arrays.length - 1] !== bytes) this.arrays.push(bytes);
    const c = this.columns;
    const size = this.capacity;
    c[n] = fcStart;
    c[size + n] = fcEnd;
    c[2 * size + n] = this.arrays.length - 1;
    c[3 * size + n] = start;
    c[4 * size + n] = end;
    c[5 * size + n] = istd;
    this.n = n + 1;
  }

  /** Run k of `runs` over [fcStart, fcEnd). */
  addPart(runs: PropertyRuns, k: number, fcStart: number, fcEnd: number): void {
    this.add(fcStart, fcEnd, runs.bytes(k), runs.starts[k]!, runs.ends[k]!, runs.istds[k]!);
  }

  /** Moves the end of the run added last. */
  extendLast(fcEnd: number): void {
    this.columns[this.capacity + this.n - 1] = fcEnd;
  }

  build(): PropertyRuns {
    const column = (i: number) => this.columns.subarray(i * this.capacity, i * this.capacity + this.n);
    return new PropertyRuns(column(0), column(1), column(2), this.arrays, column(3), column(4), column(5));
  }

  private grow(): void {
    const size = this.capacity;
    const grown = scratchArray(Float64Array, COLUMNS * 2 * size);
    for (let i = 0; i < COLUMNS; i++) grown.set(this.columns.subarray(i * size, (i + 1) * size), i * 2 * size);
    this.columns = grown;
    this.capacity = 2 * size;
  }
}

/** fcStart, fcEnd, source, start, end, istd. */
const COLUMNS = 6;

/**
 * FC ranges collected in order (sorted, disjoint), each with a value: what a pass over property
 * runs hands to PieceTable.cpRuns. Plain arrays: most documents have a few such ranges, and a
 * typed array costs more to make than a small array.
 */
export class FcRangeList<V> implements FcRanges {
  readonly fcStarts: number[] = [];
  readonly fcEnds: number[] = [];
  readonly values: V[] = [];

  /** Ranges given as objects, with a value each. */
  static of<R extends { fcStart: number; fcEnd: number }, V>(ranges: readonly R[], value: (range: R) => V): FcRangeList<V> {
    const out = new FcRangeList<V>();
    for (const r of ranges) out.add(r.fcStart, r.fcEnd, value(r));
    return out;
  }

  get length(): number {
    return this.values.length;
  }

  add(fcStart: number, fcEnd: number, value: V): void {
    this.fcStarts.push(fcStart);
    this.fcEnds.push(fcEnd);
    this.values.push(value);
  }
}
