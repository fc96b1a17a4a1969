/**
 * A read-only compound file ([MS-CFB]): `openCompoundFile(bytes)` reads and checks the header, the
 * DIFAT, the FAT and the directory tree; streams are read when asked for, their chains checked then.
 * Every failure is a `DocParseError`: `TRUNCATED` for a file cut short, `CORRUPT` for structures
 * that contradict each other.
 */
import { loaded } from '../io/lazy-input.js';
import { readDifat } from './difat.js';
import { isNamed, readDirectory, upperName, type DirectoryEntry } from './directory.js';
import { corrupt, named } from './errors.js';
import { Fat } from './fat.js';
import { MINI_SECTOR_SIZE, MINI_STREAM_CUTOFF, readHeader, type Header } from './header.js';
import { MiniStream } from './mini-stream.js';
import { joinParts, partsOf, type StreamPart } from './stream.js';
import { Sectors } from './sectors.js';

export interface CompoundFile {
  readonly version: 3 | 4;
  readonly sectorSize: number;
  /** The root storage; its `children` are the entries at the top of the file. */
  readonly root: DirectoryEntry;
  /**
   * A stream directly under the root storage by name (case-insensitive, as [MS-CFB] compares), or
   * null. An entry typed as a storage that still holds stream data counts (Word reads those).
   */
  stream(name: string): Uint8Array | null;
  /** A stream by its path of storage names from the root ("ObjectPool/_1234/WordDocument"), or null. */
  streamByPath(path: string | readonly string[]): Uint8Array | null;
  /** The bytes of a stream entry (a view into the input where its sectors are contiguous). */
  read(entry: DirectoryEntry): Uint8Array;
  /**
   * A stream directly under the root storage, as `stream` finds it, in the runs that lie end to
   * end in the file: views, never a copy (a large stream's readers take what they need from them).
   */
  streamParts(name: string): StreamPart[] | null;
}

export function openCompoundFile(bytes: Uint8Array): CompoundFile {
  const header = readHeader(loaded(bytes, 0, 512));
  const sectors = new Sectors(bytes, header.sectorShift);
  const fat = Fat.read(bytes, readDifat(bytes, header, sectors), sectors);
  const root = readDirectory(bytes, header, sectors, fat);
  return new File(bytes, header, sectors, fat, root);
}

/** Stream sizes from 2^31 up cannot be real in a file read into memory (and v3 allows at most 2^31). */
const MAX_STREAM_SIZE = 2 ** 31 - 1;

class File implements CompoundFile {
  readonly version: 3 | 4;
  readonly sectorSize: number;
  private miniStream: MiniStream | null = null;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly header: Header,
    private readonly sectors: Sectors,
    private readonly fat: Fat,
    readonly root: DirectoryEntry,
  ) {
    this.version = header.version;
    this.sectorSize = sectors.size;
  }

  stream(name: string): Uint8Array | null {
    return this.streamByPath([name]);
  }

  streamByPath(path: string | readonly string[]): Uint8Array | null {
    const parts = this.partsByPath(typeof path === 'string' ? path.split('/').filter(Boolean) : path);
    return parts && joinParts(parts);
  }

  streamParts(name: string): StreamPart[] | null {
    return this.partsByPath([name]);
  }

  read(entry: DirectoryEntry): Uint8Array {
    return joinParts(this.parts(entry));
  }

  private partsByPath(names: readonly string[]): StreamPart[] | null {
    let entry: DirectoryEntry | undefined = this.root;
    for (const name of names) {
      entry = entry.kind === 'stream' ? undefined : childNamed(entry, name);
      if (!entry) return null;
    }
    if (entry.kind === 'stream') return this.parts(entry);
    return entry.kind === 'storage' ? this.storageData(entry) : null;
  }

  private parts(entry: DirectoryEntry): StreamPart[] {
    const what = named(() => `the sector chain of ${entry.kind} "${entry.name}"`);
    if (entry.size > MAX_STREAM_SIZE) corrupt(`directory entry ${entry.id} ("${entry.name}") declares ${entry.size} bytes, more than any real stream`);
    if (entry.size === 0) return [{ at: 0, bytes: this.bytes.subarray(0, 0) }];
    if (entry.size >= MINI_STREAM_CUTOFF) {
      const walk = this.fat.chain(entry.start, Math.ceil(entry.size / this.sectors.size), what);
      return partsOf(this.bytes, this.fat.extents(walk), this.sectors.size, entry.size, what);
    }
    const mini = (this.miniStream ??= MiniStream.read(this.bytes, this.header, this.sectors, this.fat, this.root));
    const walk = mini.chain(entry.start, Math.ceil(entry.size / MINI_SECTOR_SIZE), what);
    return partsOf(this.bytes, mini.extents(walk), MINI_SECTOR_SIZE, entry.size, what);
  }

  /**
   * What a storage entry's start and size fields lead to, when they lead to stream data that reads
   * cleanly; storages have no data ([MS-CFB] 2.6.3), so anything else there is junk, not damage.
   */
  private storageData(entry: DirectoryEntry): StreamPart[] | null {
    if (entry.size === 0) return null;
    try {
      const parts = this.parts(entry);
      return parts[parts.length - 1]!.at + parts[parts.length - 1]!.bytes.length > 0 ? parts : null;
    } catch {
      return null;
    }
  }
}

/**
 * A storage's child named `name` (compared upper-cased, [MS-CFB] 2.6.4); of equal names, the first
 * in directory order. A scan: a storage has a few children, and a reader asks for a few names.
 */
function childNamed(storage: DirectoryEntry, name: string): DirectoryEntry | undefined {
  const key = upperName(name);
  let found: DirectoryEntry | undefined;
  for (const child of storage.children) {
    if ((!found || child.id < found.id) && isNamed(child, key)) found = child;
  }
  return found;
}
