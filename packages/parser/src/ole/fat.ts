/**
 * [MS-CFB] 2.3: the FAT, one 32-bit "next sector" entry per sector, and the walk along a chain of
 * it. Every chain is checked as it is walked: each sector number in the file, no sector twice, and
 * no more sectors than the caller's bound (a stream's declared size, or the file).
 */
import { corrupt } from './errors.js';
import { u32le as u32 } from '../io/bytes.js';
import { FREESECT, Marks, MAXREGSECT, type Sectors } from './sectors.js';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export class Fat {
  private readonly marks: Marks;

  private constructor(
    readonly entries: Uint32Array,
    private readonly sectors: Sectors,
  ) {
    this.marks = new Marks(sectors.count);
  }

  /** Reads the FAT from its sectors (from the DIFAT), and tells `sectors` how many are in use. */
  static read(bytes: Uint8Array, fatSectors: readonly number[], sectors: Sectors): Fat {
    const perSector = sectors.size / 4;
    const entries = new Uint32Array(fatSectors.length * perSector);
    for (let k = 0; k < fatSectors.length; k++) {
      const at = sectors.offset(fatSectors[k]!);
      // A little-endian host reads an aligned sector as it is (one copy); else entry by entry.
      if (LITTLE_ENDIAN && ((bytes.byteOffset + at) & 3) === 0) entries.set(new Uint32Array(bytes.buffer, bytes.byteOffset + at, perSector), k * perSector);
      else for (let i = 0; i < perSector; i++) entries[k * perSector + i] = u32(bytes, at + 4 * i);
    }
    let declared = entries.length;
    while (declared > 0 && entries[declared - 1] === FREESECT) declared--;
    sectors.declared = declared;
    return new Fat(entries, sectors);
  }

  /**
   * The sectors of the chain from `start`, at most `limit` of them (a chain longer than its
   * stream needs is cut there). The chain ends at ENDOFCHAIN, or early at any other special value
   * (FREESECT, FATSECT, …: the stream is then shorter than declared, as other readers have it).
   */
  chain(start: number, limit: number, what: string): number[] {
    const out: number[] = [];
    this.marks.reset();
    for (let s = start; limit > 0 && s <= MAXREGSECT; ) {
      this.sectors.require(s, what);
      if (!this.marks.mark(s)) corrupt(`${what} loops back to sector ${s}`);
      out.push(s);
      if (out.length === limit) break;
      if (s >= this.entries.length) corrupt(`${what} runs through sector ${s}, which the allocation table does not describe`);
      s = this.entries[s]!;
    }
    return out;
  }
}
