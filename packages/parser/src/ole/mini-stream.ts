/**
 * [MS-CFB] 2.6.3 and 2.4: streams under 4096 bytes live in the mini stream (the root storage's
 * own stream, in the FAT) as 64-byte mini sectors, chained by the mini FAT (itself a FAT chain from
 * the header). Mini chains are checked as FAT chains are: each mini sector inside the mini stream,
 * none twice, no more than the stream's size needs.
 */
import type { DirectoryEntry } from './directory.js';
import { corrupt, type Named } from './errors.js';
import type { Fat } from './fat.js';
import { MINI_SECTOR_SIZE, type Header } from './header.js';
import { u32le as u32 } from '../io/bytes.js';
import { MAXREGSECT, Walk, type Sectors } from './sectors.js';

export class MiniStream {
  /** Mini sectors the mini stream's chain holds. */
  readonly count: number;
  /** Mini FAT entries its sectors hold. */
  private readonly entries: number;

  private constructor(
    private readonly bytes: Uint8Array,
    private readonly sectors: Sectors,
    /** The mini stream's sectors in the file. */
    private readonly hostChain: readonly number[],
    /** File offset of each mini FAT sector, in order (each one whole in the file). */
    private readonly miniFat: readonly number[],
  ) {
    this.count = hostChain.length * (sectors.size / MINI_SECTOR_SIZE);
    this.entries = miniFat.length * (sectors.size / 4);
  }

  static read(bytes: Uint8Array, header: Header, sectors: Sectors, fat: Fat, root: DirectoryEntry): MiniStream {
    const miniFatChain = fat.chain(header.miniFatStart, sectors.count, "the mini FAT's sector chain").units();
    for (const s of miniFatChain) sectors.requireWhole(s, 'the mini FAT');
    const hostChain = fat.chain(root.start, sectors.count, "the mini stream's sector chain").units();
    return new MiniStream(
      bytes,
      sectors,
      hostChain,
      miniFatChain.map((s) => sectors.offset(s)),
    );
  }

  /** File offset of mini sector `m` (< count). */
  offset(m: number): number {
    const perSector = this.sectors.size / MINI_SECTOR_SIZE;
    return this.sectors.offset(this.hostChain[Math.floor(m / perSector)]!) + (m % perSector) * MINI_SECTOR_SIZE;
  }

  /** Mini FAT entry `m` (< its entry count): the mini sector after `m`, or a special value. */
  private next(m: number): number {
    const perSector = this.sectors.size / 4;
    return u32(this.bytes, this.miniFat[Math.floor(m / perSector)]! + 4 * (m % perSector));
  }

  /** The walk along the mini chain from `start`, at most `limit` mini sectors; ends early as FAT chains do. */
  chain(start: number, limit: number, what: Named): Walk {
    const walk = new Walk(this.count);
    for (let m = start; limit > 0 && m <= MAXREGSECT; ) {
      if (m >= this.count) corrupt(`${what} points to mini sector ${m}, past the ${this.count} mini sectors of the mini stream`);
      if (!walk.step(m)) corrupt(`${what} loops back to mini sector ${m}`);
      if (walk.length === limit) break;
      if (m >= this.entries) corrupt(`${what} runs through mini sector ${m}, which the mini FAT does not describe`);
      m = this.next(m);
    }
    return walk;
  }

  /** Where the mini sectors of a walk lie in the file: offset, length, offset, length, … (those end to end joined). */
  extents(walk: Walk): number[] {
    const out: number[] = [];
    for (let r = 0; r < walk.runs.length; r += 2) {
      for (let m = walk.runs[r]!, end = m + walk.runs[r + 1]!; m < end; m++) {
        const at = this.offset(m);
        if (out.length > 0 && out[out.length - 2]! + out[out.length - 1]! === at) out[out.length - 1] = out[out.length - 1]! + MINI_SECTOR_SIZE;
        else out.push(at, MINI_SECTOR_SIZE);
      }
    }
    return out;
  }
}
