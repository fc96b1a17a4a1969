/**
 * The file as a run of sectors ([MS-CFB] 2.2, 2.3): sector `s` starts at byte (s + 1) × sector size,
 * the header taking the first sector's room. The last sector may be cut short (files whose length
 * is not a whole number of sectors are common: its missing tail is simply absent).
 */
import { corrupt, cutShort } from './errors.js';

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
  /** Sectors the allocation table declares in use (0 until the FAT is read). */
  declared = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly shift: number,
  ) {
    this.size = 2 ** shift;
    this.count = Math.max(0, Math.ceil(bytes.length / this.size) - 1);
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
  require(sector: number, what: string): void {
    if (sector < this.count) return;
    if (this.declared === 0 || sector < this.declared) {
      const declared = Math.max(this.declared, sector + 1);
      cutShort(
        `its header and allocation table declare ${declared} sectors of ${this.size} bytes, but it holds only ${this.count} ` +
          `(${this.bytes.length} bytes; ${what} needs sector ${sector})`,
      );
    }
    corrupt(`${what} points to sector ${sector}, past the ${this.declared} sectors the allocation table declares`);
  }

  /** `require`, and the whole sector present (structures the reader parses sector by sector). */
  requireWhole(sector: number, what: string): void {
    this.require(sector, what);
    if (this.length(sector) < this.size) {
      cutShort(`${what} needs all of sector ${sector}, but the file ends ${this.length(sector)} bytes into it (the file is ${this.bytes.length} bytes)`);
    }
  }
}

/**
 * "Seen" marks for one walk at a time over `n` numbered units (sectors, mini sectors, directory
 * entries): a stamp per unit and a generation per walk, so a new walk costs nothing to start.
 */
export class Marks {
  private readonly stamps: Uint32Array;
  private generation = 1;

  constructor(n: number) {
    this.stamps = new Uint32Array(n);
  }

  /** Starts a new walk: every unit unmarked. */
  reset(): void {
    this.generation++;
  }

  /** Marks `i`; false when it was already marked in this walk. */
  mark(i: number): boolean {
    if (this.stamps[i] === this.generation) return false;
    this.stamps[i] = this.generation;
    return true;
  }
}
