/**
 * [MS-CFB] 2.3: the FAT, one 32-bit "next sector" entry per sector, and the walk along a chain of
 * it. Entries are read from the FAT's sectors in the input as a walk needs them (no copy). Every
 * chain is checked as it is walked: each sector number in the file, no sector twice, and no more
 * sectors than the caller's bound (a stream's declared size, or the file).
 */
import { corrupt, type Named } from './errors.js';
import { u32le as u32 } from '../io/bytes.js';
import { FREESECT, MAXREGSECT, Walk, type Sectors } from './sectors.js';

export class Fat {
  /** Entries the FAT's sectors hold. */
  readonly length: number;
  /** log2 of the entries per FAT sector, and the mask of an entry's place in its sector. */
  private readonly shift: number;
  private readonly mask: number;

  private constructor(
    private readonly bytes: Uint8Array,
    /** File offset of each FAT sector, in order. */
    private readonly offsets: readonly number[],
    private readonly sectors: Sectors,
  ) {
    this.shift = sectors.shift - 2;
    this.mask = (1 << this.shift) - 1;
    this.length = offsets.length << this.shift;
  }

  /** The FAT in its sectors (from the DIFAT, each checked whole there); `sectors` learns from it how many are in use. */
  static read(bytes: Uint8Array, fatSectors: readonly number[], sectors: Sectors): Fat {
    const fat = new Fat(
      bytes,
      fatSectors.map((s) => sectors.offset(s)),
      sectors,
    );
    sectors.countDeclaredWith(() => fat.declared());
    return fat;
  }

  /** Entry `s` (< length): the sector after `s` in its chain, or a special value. */
  next(s: number): number {
    return u32(this.bytes, this.offsets[s >>> this.shift]! + 4 * (s & this.mask));
  }

  /** Sectors the FAT declares in use: up to its last entry that is not FREESECT. */
  declared(): number {
    let n = this.length;
    while (n > 0 && this.next(n - 1) === FREESECT) n--;
    return n;
  }

  /**
   * The walk along the chain from `start`, at most `limit` sectors (a chain longer than its
   * stream needs is cut there). The chain ends at ENDOFCHAIN, or early at any other special value
   * (FREESECT, FATSECT, …: the stream is then shorter than declared, as other readers have it).
   */
  chain(start: number, limit: number, what: Named): Walk {
    const walk = new Walk(this.sectors.count);
    for (let s = start; limit > 0 && s <= MAXREGSECT; ) {
      this.sectors.require(s, what);
      if (!walk.step(s)) corrupt(`${what} loops back to sector ${s}`);
      if (walk.length === limit) break;
      if (s >= this.length) corrupt(`${what} runs through sector ${s}, which the allocation table does not describe`);
      s = this.next(s);
    }
    return walk;
  }

  /** Where the sectors of a walk lie in the file: offset, length, offset, length, … (runs of sectors lie end to end). */
  extents(walk: Walk): number[] {
    const out: number[] = [];
    for (let r = 0; r < walk.runs.length; r += 2) out.push(this.sectors.offset(walk.runs[r]!), walk.runs[r + 1]! * this.sectors.size);
    return out;
  }
}
