/**
 * [MS-CFB] 2.6.3 and 2.4: streams under 4096 bytes live in the mini stream (the root storage's
 * own stream, in the FAT) as 64-byte mini sectors, chained by the mini FAT (itself a FAT chain from
 * the header). Mini chains are checked as FAT chains are: each mini sector inside the mini stream,
 * none twice, no more than the stream's size needs.
 */
import type { DirectoryEntry } from './directory.js';
import { corrupt } from './errors.js';
import type { Fat } from './fat.js';
import { MINI_SECTOR_SIZE, type Header } from './header.js';
import { u32le as u32 } from '../io/bytes.js';
import { Marks, MAXREGSECT, type Sectors } from './sectors.js';

export class MiniStream {
  /** Mini sectors the mini stream's chain holds. */
  readonly count: number;
  private readonly marks: Marks;

  private constructor(
    private readonly sectors: Sectors,
    /** The mini stream's sectors in the file. */
    private readonly hostChain: readonly number[],
    private readonly miniFat: Uint32Array,
  ) {
    this.count = hostChain.length * (sectors.size / MINI_SECTOR_SIZE);
    this.marks = new Marks(this.count);
  }

  static read(bytes: Uint8Array, header: Header, sectors: Sectors, fat: Fat, root: DirectoryEntry): MiniStream {
    const miniFatChain = fat.chain(header.miniFatStart, sectors.count, "the mini FAT's sector chain");
    const perSector = sectors.size / 4;
    const miniFat = new Uint32Array(miniFatChain.length * perSector);
    for (let k = 0; k < miniFatChain.length; k++) {
      sectors.requireWhole(miniFatChain[k]!, 'the mini FAT');
      const at = sectors.offset(miniFatChain[k]!);
      for (let i = 0; i < perSector; i++) miniFat[k * perSector + i] = u32(bytes, at + 4 * i);
    }
    const hostChain = fat.chain(root.start, sectors.count, "the mini stream's sector chain");
    return new MiniStream(sectors, hostChain, miniFat);
  }

  /** File offset of mini sector `m` (< count). */
  offset(m: number): number {
    const perSector = this.sectors.size / MINI_SECTOR_SIZE;
    return this.sectors.offset(this.hostChain[Math.floor(m / perSector)]!) + (m % perSector) * MINI_SECTOR_SIZE;
  }

  /** The mini sectors of the chain from `start`, at most `limit` of them; ends early as FAT chains do. */
  chain(start: number, limit: number, what: string): number[] {
    const out: number[] = [];
    this.marks.reset();
    for (let m = start; limit > 0 && m <= MAXREGSECT; ) {
      if (m >= this.count) corrupt(`${what} points to mini sector ${m}, past the ${this.count} mini sectors of the mini stream`);
      if (!this.marks.mark(m)) corrupt(`${what} loops back to mini sector ${m}`);
      out.push(m);
      if (out.length === limit) break;
      if (m >= this.miniFat.length) corrupt(`${what} runs through mini sector ${m}, which the mini FAT does not describe`);
      m = this.miniFat[m]!;
    }
    return out;
  }
}
