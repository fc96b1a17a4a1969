/**
 * [MS-CFB] 2.6: the directory, an array of 128-byte entries in its own sector chain, and the tree
 * they form: each storage (the root first) names one child, and its children are the nodes of a
 * red-black tree linked by left/right sibling ids.
 *
 * The whole tree is walked once when the file is opened, without recursion, each entry at most once
 * (an entry reached twice — a cycle, or two parents — is damage). Entries of no use to a reader are
 * passed over but their links still followed: unallocated ones, the obsolete kinds 3 and 4, and
 * whatever a stream names as its child; they are not listed. A link to an entry past the end of a
 * whole directory (a damaged id) leads nowhere: it is read as NOSTREAM, as Word and LibreOffice
 * read such files, so the entries the tree does reach stay readable.
 */
import { corrupt, cutShort } from './errors.js';
import type { Fat } from './fat.js';
import type { Header } from './header.js';
import { u16le as u16, u32le as u32 } from '../io/bytes.js';
import type { Sectors } from './sectors.js';

const ENTRY_SIZE = 128;
/** [MS-CFB] 2.6.1: the name field holds at most 32 UTF-16 code units, the terminating NUL included. */
const MAX_NAME_BYTES = 64;
const NOSTREAM = 0xffffffff;
const MAXREGSID = 0xfffffffa;

const TYPE_STORAGE = 1;
const TYPE_STREAM = 2;
const TYPE_ROOT = 5;

export type EntryKind = 'root' | 'storage' | 'stream';

export interface DirectoryEntry {
  readonly id: number;
  readonly name: string;
  readonly kind: EntryKind;
  /** First sector (in the FAT, or in the mini stream for streams under 4096 bytes). */
  readonly start: number;
  /** Declared size in bytes. For the root storage, the size of the mini stream. */
  readonly size: number;
  /** The entries of a storage in tree order (empty for a stream). */
  readonly children: readonly DirectoryEntry[];
}

/** A stream's children: none. */
const NO_CHILDREN: readonly DirectoryEntry[] = Object.freeze([]);

export function readDirectory(bytes: Uint8Array, header: Header, sectors: Sectors, fat: Fat): DirectoryEntry {
  const chain = fat.chain(header.directoryStart, sectors.count, "the directory's sector chain").units();
  if (chain.length === 0) corrupt('its header names no directory sector');
  const last = chain[chain.length - 1]!;
  const offsets: number[] = [];
  for (const s of chain) {
    if (s !== last && sectors.length(s) < sectors.size) cutShort(`the directory needs all of sector ${s}, but the file ends inside it`);
    offsets.push(sectors.offset(s));
    sectors.load(s);
  }
  // 4 entries to a 512-byte sector, 32 to a 4096-byte one.
  const shift = sectors.shift - 7;
  const mask = (1 << shift) - 1;
  const count = ((chain.length - 1) << shift) + Math.floor(sectors.length(last) / ENTRY_SIZE);
  const cut = sectors.length(last) < sectors.size;
  const at = (id: number) => offsets[id >>> shift]! + (id & mask) * ENTRY_SIZE;

  if (count === 0) cutShort(`the directory's first entry is missing (the file is ${bytes.length} bytes)`);
  if (bytes[at(0) + 66] !== TYPE_ROOT) corrupt('its first directory entry is not the root storage');
  // cfb and others take any root-typed entry as the root: one elsewhere would make readers disagree.
  for (let id = 1; id < count; id++) {
    if (bytes[at(id) + 66] === TYPE_ROOT) corrupt(`directory entry ${id} claims to be a second root storage`);
  }

  /** The entry a link names; null for a dangling link (past the directory, or a reserved id). */
  const entryId = (value: number, from: number, link: string): number | null => {
    if (value < count) return value;
    if (value <= MAXREGSID && cut) {
      cutShort(`directory entry ${from} names entry ${value} as its ${link}, but the directory ends after ${count} entries`);
    }
    return null;
  };
  const visited = new Uint8Array(count);
  visited[0] = 1;
  const parse = (id: number, kind: EntryKind, children: readonly DirectoryEntry[]): DirectoryEntry => {
    const o = at(id);
    const nameBytes = u16(bytes, o + 64);
    if (nameBytes > MAX_NAME_BYTES) corrupt(`directory entry ${id} gives its name a length of ${nameBytes} bytes (at most ${MAX_NAME_BYTES})`);
    // [MS-CFB] 2.6.3: in a version-3 file the size's high 32 bits are to be ignored.
    const size = u32(bytes, o + 120) + (header.version === 4 ? u32(bytes, o + 124) * 2 ** 32 : 0);
    return new Entry(id, kind, u32(bytes, o + 116), size, children, bytes, o, nameBytes);
  };

  const root = parse(0, 'root', []);
  // Every entry's child link is followed, so a cycle through one is found; only the children of
  // storages are listed (a stream naming a child is out of spec, and what it names is ignored).
  const parents: Array<{ id: number; children: DirectoryEntry[] | null }> = [{ id: 0, children: root.children as DirectoryEntry[] }];
  for (let k = 0; k < parents.length; k++) {
    const { id: parent, children } = parents[k]!;
    // In-order walk of the parent's sibling tree, with an explicit stack.
    const stack: number[] = [];
    let node = u32(bytes, at(parent) + 76);
    let from = parent;
    let link = 'child';
    for (;;) {
      while (node !== NOSTREAM) {
        const id = entryId(node, from, link);
        if (id === null) break;
        if (visited[id]) corrupt(`its directory tree has a cycle: entry ${id} is reached twice`);
        visited[id] = 1;
        stack.push(id);
        node = u32(bytes, at(id) + 68);
        from = id;
        link = 'left sibling';
      }
      const id = stack.pop();
      if (id === undefined) break;
      const type = bytes[at(id) + 66];
      let listed: DirectoryEntry[] | null = null;
      if (children && type === TYPE_STREAM) children.push(parse(id, 'stream', NO_CHILDREN));
      else if (children && type === TYPE_STORAGE) {
        listed = [];
        children.push(parse(id, 'storage', listed));
      }
      if (u32(bytes, at(id) + 76) !== NOSTREAM) parents.push({ id, children: listed });
      node = u32(bytes, at(id) + 72);
      from = id;
      link = 'right sibling';
    }
  }
  return root;
}

/** A directory entry read from the input; its name is decoded when first asked for. */
class Entry implements DirectoryEntry {
  private decoded: string | undefined;

  constructor(
    readonly id: number,
    readonly kind: EntryKind,
    readonly start: number,
    readonly size: number,
    readonly children: readonly DirectoryEntry[],
    private readonly bytes: Uint8Array,
    /** The entry's offset in the file (the name field first), and the name field's length in bytes (≤ 64). */
    private readonly at: number,
    private readonly nameBytes: number,
  ) {}

  get name(): string {
    if (this.decoded === undefined) {
      const units: number[] = [];
      for (let k = 0; this.hasUnit(k); k++) units.push(u16(this.bytes, this.at + 2 * k));
      this.decoded = String.fromCharCode(...units);
    }
    return this.decoded;
  }

  /** Whether the name has a unit `k`: one the field's length covers, its NUL aside, before the first NUL. */
  private hasUnit(k: number): boolean {
    return 2 * k + 2 < this.nameBytes && u16(this.bytes, this.at + 2 * k) !== 0;
  }

  /** Whether the name is `upper` (an upper-cased name) compared as [MS-CFB] 2.6.4 has it, unit by unit upper-cased. */
  isNamed(upper: string): boolean {
    // Upper-casing keeps every unit one unit: a name of another length never matches.
    for (let k = 0; k < upper.length; k++) {
      if (!this.hasUnit(k) || upperUnit(u16(this.bytes, this.at + 2 * k)) !== upper.charCodeAt(k)) return false;
    }
    return !this.hasUnit(upper.length);
  }
}

/** Whether `entry` is named `upper` (an upper-cased name, see upperName). */
export function isNamed(entry: DirectoryEntry, upper: string): boolean {
  return entry instanceof Entry ? entry.isNamed(upper) : upperName(entry.name) === upper;
}

/** One UTF-16 code unit upper-cased on its own (itself when that would take more than one unit). */
function upperUnit(unit: number): number {
  if (unit < 0x80) return unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit;
  const upper = String.fromCharCode(unit).toUpperCase();
  return upper.length === 1 ? upper.charCodeAt(0) : unit;
}

/** [MS-CFB] 2.6.4: names compare case-insensitively, each UTF-16 code unit upper-cased on its own. */
export function upperName(name: string): string {
  // ASCII (every stream name Word writes): String#toUpperCase maps each unit to one unit already.
  if (ASCII.test(name)) return name.toUpperCase();
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const unit = name[i]!;
    const upper = unit.toUpperCase();
    out += upper.length === 1 ? upper : unit;
  }
  return out;
}

const ASCII = /^[\x00-\x7f]*$/;
