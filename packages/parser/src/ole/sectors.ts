/**
 * The file as a run of sectors ([MS-CFB] 2.2, 2.3): sector `s` starts at byte (s + 1) × sector size,
 * the header taking the first sector's room. The last sector may be cut short (files whose length
 * is not a whole number of sectors are common: its missing tail is simply absent).
 */
import { loaded } from '../io/lazy-input.js';
import { corrupt, cutShort, type Named } from './errors.js';

/** [MS-CFB] 2.1: the largest regular sector number, and the special values above it. */
export const MAXREGSECT = 0xfffffffa;
export const DIFSECT = 0xfffffffc;
export const FATSECT = 0xfffffffd;
export const ENDOFCHAIN = 0xfffffffe;
export const FREESECT = 0xffffffff;

export class Sectors {
  readonly size: number;
  /** Sectors present in the file, the last one possibly partial. */
  readonly count: number;
  /** Counts the sectors the allocation table declares in use (0 until the FAT is read): error messages only. */
  private declaredBy: () => number = () => 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly shift: number,
  ) {
    this.size = 2 ** shift;
    this.count = Math.max(0, Math.ceil(bytes.length / this.size) - 1);
  }

  /** Sectors the allocation table declares in use (0 until the FAT is read), counted when asked. */
  get declared(): number {
    return this.declaredBy();
  }

  /** The FAT, once read, counts the sectors it declares when a message needs them. */
  countDeclaredWith(count: () => number): void {
    this.declaredBy = count;
  }

  offset(sector: number): number {
    return (sector + 1) * this.size;
  }

  /** Bytes of `sector` present in the file: the sector size, or fewer for a cut-short last sector. */
  length(sector: number): number {
    return Math.min(this.size, this.bytes.length - this.offset(sector));
  }

  /**
   * Throws unless `sector` (a regular sector number, ≤ MAXREGSECT) is in the file. A sector the
   * allocation table declares but the file lacks means the file was cut short; one past anything
   * declared is damage.
   */
  require(sector: number, what: Named): void {
    if (sector >= this.count) this.missing(sector, what);
  }

  private missing(sector: number, what: Named): never {
    const declared = this.declared;
    if (declared === 0 || sector < declared) {
      cutShort(
        `its header and allocation table declare ${Math.max(declared, sector + 1)} sectors of ${this.size} bytes, but it holds only ${this.count} ` +
          `(${this.bytes.length} bytes; ${what} needs sector ${sector})`,
      );
    }
    corrupt(`${what} points to sector ${sector}, past the ${declared} sectors the allocation table declares`);
  }

  /** `require`, and the whole sector present (structures the reader parses sector by sector), its bytes read in (a lazy input). */
  requireWhole(sector: number, what: Named): void {
    this.require(sector, what);
    if (this.length(sector) < this.size) {
      cutShort(`${what} needs all of sector ${sector}, but the file ends ${this.length(sector)} bytes into it (the file is ${this.bytes.length} bytes)`);
    }
    this.load(sector);
  }

  /** The bytes of `sector` (in the file) read in, where the input is read lazily (io/lazy-input.ts). */
  load(sector: number): void {
    loaded(this.bytes, this.offset(sector), this.offset(sector) + this.length(sector));
  }
}

/**
 * One walk along a chain of units (sectors, mini sectors) numbered below `n`, kept as runs of
 * consecutive units, and "no unit twice" checked on the way. A chain that keeps going forward
 * (each unit past the one before: nearly every chain a writer makes) cannot come back, so it needs
 * no marks; from its first step back, the units walked so far and every later one are marked.
 */
export class Walk {
  /** The units walked, as runs of consecutive numbers: first, count, first, count, … */
  readonly runs: number[] = [];
  /** Units walked. */
  length = 0;
  private last = -1;
  private marks: Uint8Array | null = null;

  constructor(private readonly n: number) {}

  /** Steps onto unit `u` (< n); false, and nothing recorded, when this walk has been there before. */
  step(u: number): boolean {
    if (this.marks === null && u <= this.last) {
      this.marks = new Uint8Array(this.n);
      for (let r = 0; r < this.runs.length; r += 2) this.marks.fill(1, this.runs[r]!, this.runs[r]! + this.runs[r + 1]!);
    }
    if (this.marks !== null) {
      if (this.marks[u] === 1) return false;
      this.marks[u] = 1;
    }
    const r = this.runs.length - 1;
    if (u === this.last + 1 && r > 0) this.runs[r] = this.runs[r]! + 1;
    else this.runs.push(u, 1);
    this.last = u;
    this.length++;
    return true;
  }

  /** Each unit walked, in order. */
  units(): number[] {
    const out: number[] = [];
    for (let r = 0; r < this.runs.length; r += 2) for (let k = 0; k < this.runs[r + 1]!; k++) out.push(this.runs[r]! + k);
    return out;
  }
}
