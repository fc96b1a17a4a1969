/**
 * Property runs (fkp.ts: PAPX and CHPX runs by stream offset) in flat arrays: a struct of arrays,
 * as cp-runs.ts holds CP runs, so that reading a document's formatting makes no object per run.
 */
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
    readonly sources: Int32Array,
    readonly arrays: readonly Uint8Array[],
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly istds: Int32Array,
  ) {}

  static readonly EMPTY = new PropertyRuns(new Float64Array(0), new Float64Array(0), new Int32Array(0), [], new Int32Array(0), new Int32Array(0), new Int32Array(0));

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

/** Collects runs into a PropertyRuns (arrays grown by doubling past `expected`). */
export class PropertyRunsBuilder {
  private n = 0;
  private fcStarts: Float64Array;
  private fcEnds: Float64Array;
  private sources: Int32Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private istds: Int32Array;
  private readonly arrays: Uint8Array[] = [];

  constructor(expected = 16) {
    const size = Math.max(1, expected);
    this.fcStarts = new Float64Array(size);
    this.fcEnds = new Float64Array(size);
    this.sources = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.istds = new Int32Array(size);
  }

  get length(): number {
    return this.n;
  }

  add(fcStart: number, fcEnd: number, bytes: Uint8Array, start: number, end: number, istd: number): void {
    const n = this.n;
    if (n === this.fcStarts.length) this.grow();
    // Runs of one page follow each other: one entry in `arrays` per page (a repeat is harmless).
    if (this.arrays[this.arrays.length - 1] !== bytes) this.arrays.push(bytes);
    this.fcStarts[n] = fcStart;
    this.fcEnds[n] = fcEnd;
    this.sources[n] = this.arrays.length - 1;
    this.starts[n] = start;
    this.ends[n] = end;
    this.istds[n] = istd;
    this.n = n + 1;
  }

  /** Run k of `runs` over [fcStart, fcEnd). */
  addPart(runs: PropertyRuns, k: number, fcStart: number, fcEnd: number): void {
    this.add(fcStart, fcEnd, runs.bytes(k), runs.starts[k]!, runs.ends[k]!, runs.istds[k]!);
  }

  /** Moves the end of the run added last. */
  extendLast(fcEnd: number): void {
    this.fcEnds[this.n - 1] = fcEnd;
  }

  build(): PropertyRuns {
    const n = this.n;
    return new PropertyRuns(
      this.fcStarts.subarray(0, n),
      this.fcEnds.subarray(0, n),
      this.sources.subarray(0, n),
      this.arrays,
      this.starts.subarray(0, n),
      this.ends.subarray(0, n),
      this.istds.subarray(0, n),
    );
  }

  private grow(): void {
    const size = this.fcStarts.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.fcStarts = f64(this.fcStarts);
    this.fcEnds = f64(this.fcEnds);
    this.sources = i32(this.sources);
    this.starts = i32(this.starts);
    this.ends = i32(this.ends);
    this.istds = i32(this.istds);
  }
}

/** FC ranges collected in order (sorted, disjoint), each with a value: what a pass over property runs hands to PieceTable.cpRuns. */
export class FcRangeList<V> implements FcRanges {
  fcStarts = new Float64Array(16);
  fcEnds = new Float64Array(16);
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
    const n = this.values.length;
    if (n === this.fcStarts.length) {
      const starts = new Float64Array(2 * n);
      const ends = new Float64Array(2 * n);
      starts.set(this.fcStarts);
      ends.set(this.fcEnds);
      this.fcStarts = starts;
      this.fcEnds = ends;
    }
    this.fcStarts[n] = fcStart;
    this.fcEnds[n] = fcEnd;
    this.values.push(value);
  }
}
