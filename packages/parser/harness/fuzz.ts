/**
 * Hostile-input fuzzing (issue 6): seeds, a map of each seed's OLE container and Word structures,
 * structure-aware mutators, and the oracle every mutated input must satisfy. Shared by
 * test/fuzz.test.ts (fast-check, a few thousand seeded cases) and scripts/fuzz.ts (the long runner).
 *
 * Mutators work on the raw file bytes. The container map (`mapSeed`) is read here, independently
 * of `cfb` and of the parser, so OLE-level mutations (FAT, DIFAT, MiniFAT, directory) hit exactly
 * the bytes they mean to. Word-level mutations (FIB, piece table, FKPs, style sheet, list tables)
 * are written through the WordDocument / table stream's sector chain in place, so everything
 * else in the file stays intact; "truncating" a stream shortens its directory entry's size.
 */
import { FcLcb } from '../src/word/fib.js';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DocParseError, parseDoc } from '../src/index.js';
import { repoRoot } from './paths.js';

// ---------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------

export interface Seed {
  /** `fixtures/<name>` or `corpus/<source>/<name>`. */
  name: string;
  bytes: Uint8Array;
}

export const fixturesDir = resolve(repoRoot, 'fixtures');
export const corpusDocsDir = resolve(repoRoot, '../shared/corpus/docs');
export const fuzzFixturesDir = resolve(fixturesDir, 'fuzz');

/**
 * Seed files: the repository fixtures, then the shared corpus (POI clusterfuzz cases included),
 * each at most `maxBytes` long. Warns once, clearly, when the corpus is absent.
 */
export function loadSeeds(options: { maxBytes?: number; corpus?: boolean } = {}): Seed[] {
  const maxBytes = options.maxBytes ?? Infinity;
  const seeds: Seed[] = [];
  const add = (name: string, path: string) => {
    const bytes = new Uint8Array(readFileSync(path));
    if (bytes.length <= maxBytes) seeds.push({ name, bytes });
  };
  for (const f of listFiles(fixturesDir)) if (/\.(doc|dot)$/i.test(f)) add(`fixtures/${f}`, join(fixturesDir, f));
  if (options.corpus !== false) {
    if (!existsSync(corpusDocsDir)) {
      console.warn(`[fuzz] ${corpusDocsDir} is absent: corpus seeds (incl. POI clusterfuzz-*) are SKIPPED; fuzzing fixtures only.`);
    } else {
      for (const source of listFiles(corpusDocsDir).sort()) {
        const dir = join(corpusDocsDir, source);
        for (const f of listFiles(dir).sort()) if (/\.(doc|dot)$/i.test(f)) add(`corpus/${source}/${f}`, join(dir, f));
      }
    }
  }
  return seeds;
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Random numbers: a small deterministic PRNG (mulberry32), so a case is (seed index, number).
// ---------------------------------------------------------------------------------------------

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.u32() / 0x100000000) * n);
  }
  chance(p: number): boolean {
    return this.u32() / 0x100000000 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// The container map ([MS-CFB]), read defensively: every walk is bounded.
// ---------------------------------------------------------------------------------------------

export interface DirEntry {
  index: number;
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
  /** File offset of the 128-byte entry. */
  offset: number;
}

/** A stream's bytes as file ranges: stream offset `i` lives at `segments[i / unit] + i % unit`. */
export interface StreamMap {
  entry: DirEntry;
  unit: number;
  segments: number[];
  /** Stream length, cut to what the chain covers. */
  length: number;
}

export interface CfbMap {
  ssz: number;
  nsec: number;
  sectorOffset(s: number): number;
  /** FAT sectors in order (header DIFAT, then DIFAT sectors). */
  fatSectors: number[];
  difatSectors: number[];
  /** File offset of FAT entry `i` (the link from sector i), or -1. */
  fatEntryOffset(i: number): number;
  fatEntry(i: number): number;
  chain(start: number): number[];
  dirChain: number[];
  entries: DirEntry[];
  miniFatChain: number[];
  miniStreamChain: number[];
  miniFatEntryOffset(i: number): number;
  stream(name: string): StreamMap | null;
}

const ENDOFCHAIN = 0xfffffffe;

export function readU16(b: Uint8Array, o: number): number {
  return o >= 0 && o + 2 <= b.length ? b[o]! | (b[o + 1]! << 8) : 0;
}
export function readU32(b: Uint8Array, o: number): number {
  return o >= 0 && o + 4 <= b.length ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0 : 0;
}
export function writeU16(b: Uint8Array, o: number, v: number): void {
  if (o < 0 || o + 2 > b.length) return;
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}
export function writeU32(b: Uint8Array, o: number, v: number): void {
  if (o < 0 || o + 4 > b.length) return;
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/** Maps a (sound) compound file; null when the header is unreadable. */
export function mapCfb(bytes: Uint8Array): CfbMap | null {
  if (bytes.length < 512 || readU32(bytes, 0) !== 0xe011cfd0) return null;
  const shift = readU16(bytes, 0x1e);
  if (shift !== 9 && shift !== 12) return null;
  const ssz = 1 << shift;
  const nsec = Math.max(0, Math.ceil(bytes.length / ssz) - 1);
  const sectorOffset = (s: number) => ssz * (s + 1);
  const inFile = (s: number) => s >= 0 && s < nsec && sectorOffset(s) + ssz <= bytes.length;
  const fatSectors: number[] = [];
  for (let j = 0; j < 109; j++) {
    const s = readU32(bytes, 0x4c + 4 * j);
    if (s >= 0xfffffffa) break;
    fatSectors.push(s);
  }
  const difatSectors: number[] = [];
  for (let s = readU32(bytes, 0x44), n = 0; inFile(s) && n < nsec && !difatSectors.includes(s); n++) {
    difatSectors.push(s);
    for (let i = 0; i < ssz / 4 - 1; i++) {
      const f = readU32(bytes, sectorOffset(s) + 4 * i);
      if (f < 0xfffffffa) fatSectors.push(f);
    }
    s = readU32(bytes, sectorOffset(s) + ssz - 4);
  }
  const perFat = ssz / 4;
  const fatEntryOffset = (i: number) => {
    const fs = fatSectors[Math.floor(i / perFat)];
    return fs !== undefined && inFile(fs) ? sectorOffset(fs) + 4 * (i % perFat) : -1;
  };
  const fatEntry = (i: number) => {
    const o = fatEntryOffset(i);
    return o < 0 ? ENDOFCHAIN : readU32(bytes, o);
  };
  const chain = (start: number): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let s = start; inFile(s) && !seen.has(s) && out.length <= nsec; s = fatEntry(s)) {
      seen.add(s);
      out.push(s);
    }
    return out;
  };
  const dirChain = chain(readU32(bytes, 0x30));
  const entries: DirEntry[] = [];
  for (const s of dirChain) {
    for (let k = 0; k < ssz / 128; k++) {
      const offset = sectorOffset(s) + 128 * k;
      const cb = Math.min(64, readU16(bytes, offset + 64));
      let name = '';
      for (let c = 0; c + 2 < cb; c += 2) name += String.fromCharCode(readU16(bytes, offset + c));
      entries.push({
        index: entries.length,
        name,
        type: bytes[offset + 66]!,
        left: readU32(bytes, offset + 68),
        right: readU32(bytes, offset + 72),
        child: readU32(bytes, offset + 76),
        start: readU32(bytes, offset + 116),
        size: readU32(bytes, offset + 120),
        offset,
      });
    }
  }
  const miniFatChain = chain(readU32(bytes, 0x3c));
  const root = entries[0];
  const miniStreamChain = root && root.type === 5 ? chain(root.start) : [];
  const miniFatEntryOffset = (i: number) => {
    const fs = miniFatChain[Math.floor(i / perFat)];
    return fs === undefined ? -1 : sectorOffset(fs) + 4 * (i % perFat);
  };
  const stream = (name: string): StreamMap | null => {
    const entry = entries.find((e) => e.type === 2 && e.name.toUpperCase() === name.toUpperCase());
    if (!entry) return null;
    const segments: number[] = [];
    let unit: number;
    if (entry.size >= 4096) {
      unit = ssz;
      for (const s of chain(entry.start)) segments.push(sectorOffset(s));
    } else {
      unit = 64;
      const perSector = ssz / 64;
      const seen = new Set<number>();
      for (let m = entry.start; m < 0xfffffffa && !seen.has(m) && segments.length * 64 < entry.size; ) {
        seen.add(m);
        const host = miniStreamChain[Math.floor(m / perSector)];
        if (host === undefined) break;
        segments.push(sectorOffset(host) + 64 * (m % perSector));
        const o = miniFatEntryOffset(m);
        m = o < 0 ? ENDOFCHAIN : readU32(bytes, o);
      }
    }
    return { entry, unit, segments, length: Math.min(entry.size, segments.length * unit) };
  };
  return {
    ssz,
    nsec,
    sectorOffset,
    fatSectors,
    difatSectors,
    fatEntryOffset,
    fatEntry,
    chain,
    dirChain,
    entries,
    miniFatChain,
    miniStreamChain,
    miniFatEntryOffset,
    stream,
  };
}

/** File offset of stream byte `i`, or -1. */
export function streamOffset(map: StreamMap, i: number): number {
  if (i < 0 || i >= map.length) return -1;
  const seg = map.segments[Math.floor(i / map.unit)];
  return seg === undefined ? -1 : seg + (i % map.unit);
}

/** Reads `n` bytes (≤ 4) of a stream, little-endian. */
export function readStream(bytes: Uint8Array, map: StreamMap, i: number, n: number): number {
  let v = 0;
  for (let k = n - 1; k >= 0; k--) {
    const o = streamOffset(map, i + k);
    v = v * 256 + (o < 0 ? 0 : bytes[o]!);
  }
  return v;
}

/** Writes `n` bytes (≤ 4) of a stream, little-endian; bytes outside the stream are skipped. */
export function writeStream(bytes: Uint8Array, map: StreamMap, i: number, n: number, value: number): void {
  for (let k = 0; k < n; k++) {
    const o = streamOffset(map, i + k);
    if (o >= 0) bytes[o] = Math.floor(value / 256 ** k) & 0xff;
  }
}

// ---------------------------------------------------------------------------------------------
// The Word structures of a seed (FIB fields, FcLcb pairs, Clx) located in its streams.
// ---------------------------------------------------------------------------------------------

export interface WordMap {
  word: StreamMap;
  table: StreamMap | null;
  version: 'word97' | 'word6';
  /** Stream offsets of FIB fields worth attacking, with their size in bytes. */
  fields: Array<{ name: string; at: number; size: 2 | 4 }>;
  /** Stream offset of FcLcb pair i (fc at +0, lcb at +4); -1 when absent. */
  pairAt(i: number): number;
  pairCount: number;
  /** Offsets of FIB section boundaries (truncation points). */
  boundaries: number[];
  /** Regions of the table stream (or WordDocument for Word 6) named by FcLcb pairs: [fc, lcb]. */
  regions: Array<{ name: string; fc: number; lcb: number }>;
}

/** FcLcb indexes of the structures the parser reads (fib.ts). */
export const PAIRS: Record<string, number> = FcLcb;

export function mapWord(bytes: Uint8Array, cfb: CfbMap): WordMap | null {
  const word = cfb.stream('WordDocument');
  if (!word || word.length < 64) return null;
  const nFib = readStream(bytes, word, 2, 2);
  const flags = readStream(bytes, word, 0x0a, 2);
  const fields: WordMap['fields'] = [
    { name: 'wIdent', at: 0, size: 2 },
    { name: 'nFib', at: 2, size: 2 },
    { name: 'lid', at: 6, size: 2 },
    { name: 'flags', at: 0x0a, size: 2 },
    { name: 'nFibBack', at: 0x0c, size: 2 },
    { name: 'fcMin', at: 0x18, size: 4 },
    { name: 'fcMac', at: 0x1c, size: 4 },
  ];
  if (nFib >= 101 && nFib <= 105) {
    for (let i = 0; i < 8; i++) fields.push({ name: `ccp[${i}]`, at: 0x34 + 4 * i, size: 4 });
    const pairAt = (i: number) => (0x58 + 8 * i + 8 <= word.length ? 0x58 + 8 * i : -1);
    const table = word;
    return {
      word,
      table,
      version: 'word6',
      fields,
      pairAt,
      pairCount: Math.floor((Math.min(word.length, 0x2f0) - 0x58) / 8),
      boundaries: [0, 1, 2, 4, 0x0a, 0x0c, 0x18, 0x20, 0x34, 0x54, 0x58, 0x118, 0x200, 0x2f0, 0x400, 0x600],
      regions: regionsOf(bytes, word, pairAt),
    };
  }
  const csw = readStream(bytes, word, 32, 2);
  const cslwAt = 34 + 2 * csw;
  const cslw = readStream(bytes, word, cslwAt, 2);
  const rgLw = cslwAt + 2;
  const cbAt = rgLw + 4 * cslw;
  const cbRgFcLcb = readStream(bytes, word, cbAt, 2);
  const rgFcLcb = cbAt + 2;
  const cswNewAt = rgFcLcb + 8 * cbRgFcLcb;
  fields.push(
    { name: 'csw', at: 32, size: 2 },
    { name: 'cslw', at: cslwAt, size: 2 },
    { name: 'cbRgFcLcb', at: cbAt, size: 2 },
    { name: 'cswNew', at: cswNewAt, size: 2 },
    { name: 'nFibNew', at: cswNewAt + 2, size: 2 },
  );
  for (let i = 0; i < Math.min(cslw, 22); i++) fields.push({ name: `rgLw[${i}]`, at: rgLw + 4 * i, size: 4 });
  const pairAt = (i: number) => (i < cbRgFcLcb && rgFcLcb + 8 * i + 8 <= word.length ? rgFcLcb + 8 * i : -1);
  const tableName = flags & 0x0200 ? '1Table' : '0Table';
  const table = cfb.stream(tableName) ?? cfb.stream(tableName === '1Table' ? '0Table' : '1Table');
  const boundaries = [0, 1, 2, 4, 0x0a, 0x0c, 0x18, 0x20, 32, 34, 34 + csw, cslwAt, cslwAt + 1, rgLw, cbAt, rgFcLcb, rgFcLcb + 8 * 33, cswNewAt, cswNewAt + 2, cswNewAt + 4, 0x200, 0x400, 0x600];
  return {
    word,
    table,
    version: 'word97',
    fields,
    pairAt,
    pairCount: cbRgFcLcb,
    boundaries,
    regions: table ? regionsOf(bytes, word, pairAt) : [],
  };
}

function regionsOf(bytes: Uint8Array, word: StreamMap, pairAt: (i: number) => number): WordMap['regions'] {
  const regions: WordMap['regions'] = [];
  for (const [name, i] of Object.entries(PAIRS)) {
    const at = pairAt(i);
    if (at < 0) continue;
    const fc = readStream(bytes, word, at, 4);
    const lcb = readStream(bytes, word, at + 4, 4);
    if (lcb > 0) regions.push({ name, fc, lcb });
  }
  return regions;
}

/** A seed with its maps, computed once. */
export interface PreparedSeed extends Seed {
  cfb: CfbMap | null;
  word: WordMap | null;
}

export function prepare(seed: Seed): PreparedSeed {
  const cfb = mapCfb(seed.bytes);
  let word: WordMap | null = null;
  try {
    word = cfb ? mapWord(seed.bytes, cfb) : null;
  } catch {
    word = null;
  }
  return { ...seed, cfb, word };
}

// ---------------------------------------------------------------------------------------------
// Mutators. Each returns a new buffer (the seed is never modified) and a description.
// ---------------------------------------------------------------------------------------------

export interface Mutation {
  bytes: Uint8Array;
  /** What was done, e.g. "fat-loop: FAT[12] = 9 (WordDocument chain)". */
  what: string[];
}

type Mutator = (seed: PreparedSeed, out: Uint8Array, rng: Rng) => string | null;

/** Interesting 32-bit values: boundaries, sentinels, huge counts. */
function interesting32(rng: Rng, near: number[] = []): number {
  const base = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x1ff, 0x200, 0x1000, 0xffff, 0x10000, 0x3fffffff, 0x40000000, 0x7ffffffe, 0x7fffffff, 0x80000000, 0xfffffffa, 0xfffffffb, 0xfffffffc, 0xfffffffd, 0xfffffffe, 0xffffffff];
  const r = rng.int(10);
  if (r < 5) return rng.pick(base);
  if (r < 8 && near.length) {
    const n = rng.pick(near);
    return (n + rng.pick([-2, -1, 0, 1, 2, 7, 8, -8, 512, -512])) >>> 0;
  }
  return rng.u32();
}

function interesting16(rng: Rng, near: number[] = []): number {
  const base = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x1ff, 0x7fff, 0x8000, 0xfffe, 0xffff];
  const r = rng.int(10);
  if (r < 5) return rng.pick(base);
  if (r < 8 && near.length) return (rng.pick(near) + rng.pick([-2, -1, 1, 2, 8])) & 0xffff;
  return rng.int(0x10000);
}

const flipBits: Mutator = (_seed, out, rng) => {
  const n = 1 + rng.int(8);
  const at: number[] = [];
  // Half the time, concentrate on the header and the first sectors (where the structures are).
  const span = rng.chance(0.5) ? Math.min(out.length, 4096) : out.length;
  for (let i = 0; i < n; i++) {
    const o = rng.int(span);
    out[o]! ^= 1 << rng.int(8);
    at.push(o);
  }
  return `bit flips at ${at.join(',')}`;
};

const overwriteBytes: Mutator = (_seed, out, rng) => {
  const o = rng.int(out.length);
  const kind = rng.int(3);
  if (kind === 0) {
    const n = 1 + rng.int(16);
    for (let i = 0; i < n && o + i < out.length; i++) out[o + i] = rng.int(256);
    return `${n} random bytes at ${o}`;
  }
  const v = kind === 1 ? interesting16(rng) : interesting32(rng);
  if (kind === 1) writeU16(out, o, v);
  else writeU32(out, o, v);
  return `${kind === 1 ? 'u16' : 'u32'} 0x${v.toString(16)} at ${o}`;
};

/** File offsets where a structure starts or ends: truncating there is the classic edge. */
export function truncationPoints(seed: PreparedSeed): number[] {
  const b = [0, 1, 8, 0x1c, 0x4c, 76 + 4 * 109, 511, 512, 513];
  const m = seed.cfb;
  if (m) {
    for (const s of [...m.fatSectors, ...m.difatSectors, ...m.dirChain, ...m.miniFatChain, ...m.miniStreamChain.slice(0, 4)]) {
      if (s >= m.nsec) continue;
      b.push(m.sectorOffset(s), m.sectorOffset(s) + 1, m.sectorOffset(s) + m.ssz - 1, m.sectorOffset(s) + 64, m.sectorOffset(s) + 128);
    }
    for (const name of ['WordDocument', '1Table', '0Table']) {
      const s = m.stream(name);
      if (!s) continue;
      b.push(s.segments[0] ?? 0, (s.segments[0] ?? 0) + 32, (s.segments[0] ?? 0) + 0x9a, s.segments[s.segments.length >> 1] ?? 0, s.segments[s.segments.length - 1] ?? 0);
    }
  }
  const w = seed.word;
  if (w) {
    for (const fibEdge of w.boundaries) b.push(streamOffset(w.word, fibEdge));
    for (const r of w.regions) {
      if (!w.table) break;
      for (const rel of [0, 1, 4, r.lcb >> 1, r.lcb - 1, r.lcb]) b.push(streamOffset(w.table, r.fc + rel));
    }
  }
  return [...new Set(b.filter((o) => o > 0 && o < seed.bytes.length))];
}

const truncate = (seed: PreparedSeed, rng: Rng): { bytes: Uint8Array; what: string } => {
  const points = truncationPoints(seed);
  const at = rng.chance(0.8) && points.length ? rng.pick(points) : rng.int(seed.bytes.length);
  return { bytes: seed.bytes.slice(0, at), what: `truncated to ${at} bytes` };
};

const HEADER_FIELDS: Array<[string, number, 2 | 4]> = [
  ['minorVersion', 0x18, 2],
  ['majorVersion', 0x1a, 2],
  ['byteOrder', 0x1c, 2],
  ['sectorShift', 0x1e, 2],
  ['miniSectorShift', 0x20, 2],
  ['csectDir', 0x28, 4],
  ['csectFat', 0x2c, 4],
  ['sectDirStart', 0x30, 4],
  ['miniCutoff', 0x38, 4],
  ['sectMiniFatStart', 0x3c, 4],
  ['csectMiniFat', 0x40, 4],
  ['sectDifStart', 0x44, 4],
  ['csectDif', 0x48, 4],
  ['difat[0]', 0x4c, 4],
  ['difat[1]', 0x50, 4],
  ['difat[108]', 0x4c + 4 * 108, 4],
];

const headerField: Mutator = (seed, out, rng) => {
  const [name, at, size] = rng.pick(HEADER_FIELDS);
  const m = seed.cfb;
  const near = m ? [m.nsec, m.nsec - 1, m.dirChain[0] ?? 0, m.fatSectors[0] ?? 0, m.fatSectors.length] : [];
  let v: number;
  if (name === 'sectorShift') v = rng.pick([0, 6, 7, 8, 9, 10, 12, 13, 16, 31, 0xffff]);
  else if (name === 'majorVersion') v = rng.pick([0, 1, 2, 3, 4, 5, 0xffff]);
  else if (name === 'miniSectorShift') v = rng.pick([0, 5, 6, 7, 9, 12, 0xffff]);
  else v = size === 2 ? interesting16(rng, near) : interesting32(rng, near);
  if (size === 2) writeU16(out, at, v);
  else writeU32(out, at, v);
  return `header ${name} = 0x${v.toString(16)}`;
};

/** A sector number worth pointing a FAT/DIFAT link at. */
function linkTarget(m: CfbMap, rng: Rng, self: number, chain: number[]): number {
  switch (rng.int(9)) {
    case 0:
      return self; // self-loop
    case 1:
      return chain.length ? rng.pick(chain) : self; // back into its own chain
    case 2:
      return Math.max(0, self - 1 - rng.int(4)); // backwards
    case 3:
      return m.nsec + rng.int(4); // past the end
    case 4:
      return rng.pick([0xfffffffe, 0xffffffff, 0xfffffffd, 0xfffffffc, 0xfffffffb, 0x7fffffff]);
    case 5:
      return m.dirChain[0] ?? 0;
    case 6:
      return m.fatSectors[0] ?? 0;
    default:
      return rng.int(Math.max(1, m.nsec));
  }
}

/** Chains worth attacking: the directory, the big streams, the mini FAT and mini stream. */
function chains(m: CfbMap): Array<[string, number[]]> {
  const out: Array<[string, number[]]> = [
    ['directory', m.dirChain],
    ['miniFAT', m.miniFatChain],
    ['ministream', m.miniStreamChain],
  ];
  for (const e of m.entries) if (e.type === 2 && e.size >= 4096) out.push([e.name, m.chain(e.start)]);
  return out.filter(([, c]) => c.length > 0);
}

const fatEntry: Mutator = (seed, out, rng) => {
  const m = seed.cfb;
  if (!m || m.nsec === 0) return null;
  const all = chains(m);
  let i: number;
  let label = 'random sector';
  let chain: number[] = [];
  if (all.length && rng.chance(0.7)) {
    const [name, c] = rng.pick(all);
    chain = c;
    i = rng.pick(c);
    label = `${name} chain`;
  } else {
    i = rng.int(m.nsec + 2);
  }
  const o = m.fatEntryOffset(i);
  if (o < 0) return null;
  const v = linkTarget(m, rng, i, chain);
  writeU32(out, o, v);
  return `FAT[${i}] = 0x${v.toString(16)} (${label})`;
};

/** Closes a chain on itself: a later sector links back to an earlier one. */
const chainLoop: Mutator = (seed, out, rng) => {
  const m = seed.cfb;
  if (!m) return null;
  const all = chains(m);
  if (!all.length) return null;
  const [name, c] = rng.pick(all);
  const from = rng.int(c.length);
  const to = rng.int(from + 1);
  const o = m.fatEntryOffset(c[from]!);
  if (o < 0) return null;
  writeU32(out, o, c[to]!);
  // Sometimes also point a stream at the middle of the loop (cfb reads those without a loop check).
  if (rng.chance(0.5) && m.entries.length > 1 && to < from) {
    const e = rng.pick(m.entries.slice(1));
    writeU32(out, e.offset + 116, c[Math.min(from, to + 1)]!);
    writeU32(out, e.offset + 120, Math.max(4096, e.size));
    return `${name} chain loops: FAT[${c[from]}] = ${c[to]}; entry ${e.index} starts inside the loop`;
  }
  return `${name} chain loops: FAT[${c[from]}] = ${c[to]}`;
};

/** Rewrites a run of FAT entries so chains run backwards (quadratic sector-list building). */
const backwardChains: Mutator = (seed, out, rng) => {
  const m = seed.cfb;
  if (!m || m.nsec < 4) return null;
  const a = rng.int(m.nsec - 2);
  const b = Math.min(m.nsec, a + 2 + rng.int(m.nsec - a));
  for (let s = a; s < b; s++) writeU32(out, m.fatEntryOffset(s), s === a ? 0xfffffffe : s - 1);
  return `FAT[${a}..${b}) link backwards`;
};

const miniFatEntry: Mutator = (seed, out, rng) => {
  const m = seed.cfb;
  if (!m || !m.miniFatChain.length) return null;
  const n = (m.miniFatChain.length * m.ssz) / 4;
  const i = rng.int(Math.min(n, 256));
  const v = rng.pick([i, Math.max(0, i - 1), 0, 0xfffffffe, 0xffffffff, n, n + 1000, 0x7fffffff, rng.int(n)]);
  writeU32(out, m.miniFatEntryOffset(i), v);
  return `MiniFAT[${i}] = 0x${v.toString(16)}`;
};

const difat: Mutator = (seed, out, rng) => {
  const m = seed.cfb;
  if (!m) return null;
  if (m.difatSectors.length && rng.chance(0.5)) {
    const s = rng.pick(m.difatSectors);
    const i = rng.int(m.ssz / 4);
    const v = i === m.ssz / 4 - 1 ? rng.pick([s, m.difatSectors[0]!, 0xfffffffe, 0xffffffff, m.nsec]) : linkTarget(m, rng, s, []);
    writeU32(out, m.sectorOffset(s) + 4 * i, v);
    return `DIFAT sector ${s}[${i}] = 0x${v.toString(16)}`;
  }
  if (rng.chance(0.4)) {
    // Invent a DIFAT chain: a sector that names itself as the next DIFAT sector.
    const s = m.nsec > 0 ? rng.int(m.nsec) : 0;
    writeU32(out, 0x44, s);
    writeU32(out, 0x48, rng.pick([1, 2, 100, 0x7fffffff, 0xffffffff]));
    writeU32(out, m.sectorOffset(s) + m.ssz - 4, rng.chance(0.7) ? s : 0xfffffffe);
    return `DIFAT chain starts at sector ${s} and loops`;
  }
  const j = rng.int(Math.max(1, Math.min(109, m.fatSectors.length + 1)));
  const v = linkTarget(m, rng, m.fatSectors[j] ?? 0, m.fatSectors);
  writeU32(out, 0x4c + 4 * j, v);
  return `header DIFAT[${j}] = 0x${v.toString(16)}`;
};

const DIR_FIELDS: Array<[string, number, 1 | 2 | 4]> = [
  ['nameLength', 64, 2],
  ['type', 66, 1],
  ['color', 67, 1],
  ['left', 68, 4],
  ['right', 72, 4],
  ['child', 76, 4],
  ['start', 116, 4],
  ['size', 120, 4],
  ['sizeHigh', 124, 4],
];

const dirEntry: Mutator = (seed, out, rng) => {
  const m = seed.cfb;
  if (!m || !m.entries.length) return null;
  const e = rng.pick(m.entries);
  const [name, at, size] = rng.pick(DIR_FIELDS);
  const n = m.entries.length;
  let v: number;
  if (name === 'left' || name === 'right' || name === 'child') {
    v = rng.pick([e.index, 0, Math.max(0, e.index - 1), n, n + 1, 0xffffffff, 0xfffffffe, 0x7fffffff, rng.int(n)]);
  } else if (name === 'type') {
    v = rng.pick([0, 1, 2, 3, 4, 5, 6, 0xff]);
  } else if (name === 'nameLength') {
    v = rng.pick([0, 1, 2, 63, 64, 65, 66, 128, 0x7fff, 0xffff]);
  } else if (name === 'start') {
    v = linkTarget(m, rng, e.start, m.chain(e.start));
  } else {
    v = interesting32(rng, [e.size, 4095, 4096, seed.bytes.length, seed.bytes.length * 4]);
  }
  if (size === 1) out[e.offset + at] = v & 0xff;
  else if (size === 2) writeU16(out, e.offset + at, v);
  else writeU32(out, e.offset + at, v);
  return `dir[${e.index} ${JSON.stringify(e.name)}].${name} = 0x${v.toString(16)}`;
};

/** Child/sibling ids pointing back up the tree (cycles). */
const dirCycle: Mutator = (seed, out, rng) => {
  const m = seed.cfb;
  if (!m || m.entries.length < 2) return null;
  const linked = m.entries.filter((e) => e.type !== 0);
  const e = rng.pick(linked.length ? linked : m.entries);
  const field = rng.pick([68, 72, 76]);
  const target = rng.pick([0, e.index, rng.pick(linked.length ? linked : m.entries).index]);
  writeU32(out, e.offset + field, target);
  if (rng.chance(0.5)) {
    // and a second link, so two entries point at each other
    const t = m.entries[target];
    if (t) writeU32(out, t.offset + rng.pick([68, 72, 76]), e.index);
  }
  return `dir[${e.index}].${field === 68 ? 'left' : field === 72 ? 'right' : 'child'} = ${target} (cycle)`;
};

/** Many directory entries naming the same big chain (each copy costs cfb the whole chain). */
const dirFanOut: Mutator = (seed, out, rng) => {
  const m = seed.cfb;
  if (!m || m.entries.length < 3) return null;
  const big = m.entries.filter((e) => e.size >= 4096);
  if (!big.length) return null;
  const target = rng.pick(big);
  for (const e of m.entries) {
    if (e.index === 0 || (e.type !== 0 && rng.chance(0.5))) continue;
    writeU32(out, e.offset + 116, target.start);
    writeU32(out, e.offset + 120, rng.chance(0.5) ? 0x7fffffff : target.size);
  }
  return `directory entries all start at sector ${target.start} (${JSON.stringify(target.name)})`;
};

// ---- Word level --------------------------------------------------------------------------------

const FIB_FLAG_BITS = [0x0001, 0x0002, 0x0004, 0x0008, 0x0100, 0x0200, 0x0400, 0x0800, 0x1000, 0x2000, 0x4000, 0x8000];

const fibField: Mutator = (seed, out, rng) => {
  const w = seed.word;
  if (!w) return null;
  const f = rng.pick(w.fields);
  let v: number;
  if (f.name === 'flags') v = readStream(out, w.word, f.at, 2) ^ rng.pick(FIB_FLAG_BITS) ^ (rng.chance(0.2) ? rng.pick(FIB_FLAG_BITS) : 0);
  else if (f.name === 'nFib' || f.name === 'nFibNew') v = rng.pick([0, 100, 101, 103, 104, 105, 106, 0xc0, 0xc1, 0xd9, 0x101, 0x10c, 0x112, 0x1ff, 0x200, 0xffff]);
  else if (f.name === 'wIdent') v = rng.pick([0xa5ec, 0xa5dc, 0xa5db, 0, 0xffff]);
  else v = f.size === 2 ? interesting16(rng, [readStream(out, w.word, f.at, 2)]) : interesting32(rng, [w.word.length, w.table?.length ?? 0, readStream(out, w.word, f.at, 4)]);
  writeStream(out, w.word, f.at, f.size, v);
  return `FIB ${f.name} = 0x${v.toString(16)}`;
};

const fibPair: Mutator = (seed, out, rng) => {
  const w = seed.word;
  if (!w || w.pairCount === 0) return null;
  const names = Object.keys(PAIRS);
  const useNamed = rng.chance(0.8);
  const name = useNamed ? rng.pick(names) : '';
  const i = useNamed ? PAIRS[name]! : rng.int(w.pairCount);
  const at = w.pairAt(i);
  if (at < 0) return null;
  const tableLength = w.table?.length ?? 0;
  const fc = readStream(out, w.word, at, 4);
  const lcb = readStream(out, w.word, at + 4, 4);
  const which = rng.int(3);
  const near = [tableLength, tableLength - fc, fc, lcb, lcb * 2, lcb + 4, lcb + 12, w.word.length];
  if (which !== 1) writeStream(out, w.word, at, 4, interesting32(rng, near));
  if (which !== 0) writeStream(out, w.word, at + 4, 4, interesting32(rng, near));
  return `FcLcb ${name || i}: ${which === 0 ? 'fc' : which === 1 ? 'lcb' : 'fc and lcb'} changed (was ${fc}/${lcb})`;
};

/** Piece table: CPs, FCs, counts and Clx entry types. */
const clx: Mutator = (seed, out, rng) => {
  const w = seed.word;
  if (!w || !w.table) return null;
  const region = w.regions.find((r) => r.name === 'Clx');
  if (!region) return null;
  const t = w.table;
  // Find the Pcdt: skip Prc entries.
  let o = region.fc;
  for (let guard = 0; guard < 1000 && o < region.fc + region.lcb && readStream(out, t, o, 1) === 1; guard++) o += 3 + readStream(out, t, o + 1, 2);
  if (readStream(out, t, o, 1) !== 2) {
    writeStream(out, t, region.fc + rng.int(region.lcb), 1, rng.int(256));
    return 'Clx: random byte (no Pcdt found)';
  }
  const lcbPlc = readStream(out, t, o + 1, 4);
  const n = Math.max(0, Math.floor((lcbPlc - 4) / 12));
  const cps = o + 5;
  const pcds = cps + 4 * (n + 1);
  switch (rng.int(7)) {
    case 0: {
      const v = interesting32(rng, [lcbPlc, region.lcb]);
      writeStream(out, t, o + 1, 4, v);
      return `Clx: lcbPlc = 0x${v.toString(16)} (was ${lcbPlc})`;
    }
    case 1:
    case 2: {
      const k = rng.int(n + 1);
      const v = interesting32(rng, [readStream(out, t, cps + 4 * k, 4), 0x7fffffff]);
      writeStream(out, t, cps + 4 * k, 4, v);
      return `Clx: CP[${k}] = 0x${v.toString(16)}`;
    }
    case 3:
    case 4: {
      const k = rng.int(Math.max(1, n));
      const old = readStream(out, t, pcds + 8 * k + 2, 4);
      const v = rng.chance(0.3)
        ? old ^ 0x40000000 // flip fCompressed
        : (old & 0x40000000) | (interesting32(rng, [w.word.length, 2 * w.word.length, (old & 0x3fffffff) >>> 0]) & 0x3fffffff);
      writeStream(out, t, pcds + 8 * k + 2, 4, v >>> 0);
      return `Clx: pcd[${k}].fc = 0x${(v >>> 0).toString(16)} (was 0x${old.toString(16)}; piece past the end?)`;
    }
    case 5: {
      const v = rng.pick([0, 1, 3, 0xff]);
      writeStream(out, t, region.fc, 1, v);
      return `Clx: clxt = ${v}`;
    }
    default: {
      // A Prc with a huge or negative cbGrpprl in front.
      writeStream(out, t, region.fc, 1, 1);
      const v = interesting16(rng, [region.lcb]);
      writeStream(out, t, region.fc + 1, 2, v);
      return `Clx: Prc cbGrpprl = 0x${v.toString(16)}`;
    }
  }
};

/** Random damage inside a structure the FIB points to (style sheet, lists, bin tables, …). */
const tableRegion: Mutator = (seed, out, rng) => {
  const w = seed.word;
  if (!w || !w.table || !w.regions.length) return null;
  const r = rng.pick(w.regions);
  const k = 1 + rng.int(4);
  const at: number[] = [];
  for (let i = 0; i < k; i++) {
    const o = r.fc + rng.int(Math.max(1, r.lcb));
    const kind = rng.int(3);
    if (kind === 0) writeStream(out, w.table, o, 1, readStream(out, w.table, o, 1) ^ (1 << rng.int(8)));
    else if (kind === 1) writeStream(out, w.table, o & ~1, 2, interesting16(rng));
    else writeStream(out, w.table, o & ~3, 4, interesting32(rng, [r.lcb, w.word.length]));
    at.push(o - r.fc);
  }
  return `${r.name}: damaged at +${at.join(',+')}`;
};

/** FKP pages (512-byte property pages of the WordDocument stream named by the bin tables). */
const fkp: Mutator = (seed, out, rng) => {
  const w = seed.word;
  if (!w || !w.table) return null;
  const bins = w.regions.filter((r) => r.name === 'PlcfBteChpx' || r.name === 'PlcfBtePapx');
  if (!bins.length) return null;
  const r = rng.pick(bins);
  const n = Math.floor((r.lcb - 4) / 8);
  if (n <= 0) return null;
  const k = rng.int(n);
  const pnAt = r.fc + 4 * (n + 1) + 4 * k;
  if (rng.chance(0.25)) {
    const v = rng.pick([0, 1, 0x3fffff, 0xffffffff, Math.floor(w.word.length / 512), rng.int(1 << 22)]);
    writeStream(out, w.table, pnAt, 4, v);
    return `${r.name}: pn[${k}] = 0x${v.toString(16)}`;
  }
  const page = 512 * (readStream(out, w.table, pnAt, 4) & 0x3fffff);
  const field = rng.int(4);
  if (field === 0) {
    const v = rng.pick([0, 1, 0x7f, 0x80, 0xfe, 0xff]);
    writeStream(out, w.word, page + 511, 1, v);
    return `${r.name} page ${page / 512}: crun = ${v}`;
  }
  if (field === 1) {
    const crun = readStream(out, w.word, page + 511, 1);
    const j = rng.int(crun + 1);
    const v = interesting32(rng, [readStream(out, w.word, page + 4 * j, 4)]);
    writeStream(out, w.word, page + 4 * j, 4, v);
    return `${r.name} page ${page / 512}: rgfc[${j}] = 0x${v.toString(16)}`;
  }
  const o = rng.int(512);
  writeStream(out, w.word, page + o, 1, rng.int(256));
  return `${r.name} page ${page / 512}: byte ${o} randomised`;
};

/**
 * Stream sizes worth trying for the WordDocument stream (FIB section edges) and the table stream
 * (edges of every structure the FIB points to), each as a copy of the seed with that size.
 */
export function streamTruncations(seed: PreparedSeed): Array<{ what: string; bytes: Uint8Array }> {
  const w = seed.word;
  if (!w) return [];
  const out: Array<{ what: string; bytes: Uint8Array }> = [];
  const sized = (map: StreamMap, size: number) => {
    const bytes = seed.bytes.slice();
    writeU32(bytes, map.entry.offset + 120, size);
    out.push({ what: `${map.entry.name} size = ${size} (was ${map.entry.size})`, bytes });
  };
  const keepBig = (map: StreamMap, size: number) => (map.entry.size >= 4096 ? Math.max(4096, size) : size);
  for (const b of new Set(w.boundaries.filter((b) => b < w.word.length))) sized(w.word, keepBig(w.word, b));
  if (w.table && w.table !== w.word) {
    const edges = w.regions.flatMap((r) => [r.fc, r.fc + 1, r.fc + (r.lcb >> 1), r.fc + r.lcb - 1]);
    for (const b of new Set(edges.filter((b) => b >= 0 && b < w.table!.length))) sized(w.table, keepBig(w.table, b));
  }
  return out;
}

/** Shortens a stream by its directory entry's size, at a structure boundary. */
const streamTruncate: Mutator = (seed, out, rng) => {
  const w = seed.word;
  if (!w) return null;
  let target: StreamMap = w.word;
  let points = w.boundaries;
  if (w.table && w.table !== w.word && rng.chance(0.5)) {
    target = w.table;
    points = w.regions.flatMap((r) => [r.fc, r.fc + 1, r.fc + (r.lcb >> 1), r.fc + r.lcb - 1]);
  }
  points = [...points, target.length - 1, target.length >> 1, 4095, 4096, 0];
  let size = rng.pick(points);
  // Keep big streams big: a size under 4096 moves the stream into the mini stream (also tried).
  if (target.entry.size >= 4096 && size < 4096 && rng.chance(0.7)) size = 4096;
  writeU32(out, target.entry.offset + 120, Math.max(0, size));
  return `${target.entry.name} size = ${size} (was ${target.entry.size})`;
};

/** Story lengths and the piece table's last CP raised together: text claimed far past the stream. */
const hugeText: Mutator = (seed, out, rng) => {
  const w = seed.word;
  if (!w) return null;
  const v = rng.pick([0x7fffffff, 0x1fffffe0, 0x10000000, 0x01000000, 4 * w.word.length + rng.int(1000)]);
  const ccps = w.fields.filter((f) => (w.version === 'word6' ? /^ccp\[/ : /^rgLw\[(3|4|5|7|8|9|10)\]$/).test(f.name));
  if (ccps.length) writeStream(out, w.word, rng.pick(ccps).at, 4, v);
  const clx = w.regions.find((r) => r.name === 'Clx');
  if (clx && w.table && readStream(out, w.table, clx.fc, 1) === 2) {
    const n = Math.max(0, Math.floor((readStream(out, w.table, clx.fc + 1, 4) - 4) / 12));
    writeStream(out, w.table, clx.fc + 5 + 4 * (rng.chance(0.8) ? n : rng.int(n + 1)), 4, v);
  } else {
    const fcMac = w.fields.find((f) => f.name === 'fcMac')!;
    writeStream(out, w.word, fcMac.at, 4, v);
  }
  return `story length and last CP (or fcMac) = 0x${v.toString(16)}`;
};

/** List levels (LVL): start value, number format, template length, follow character. */
const listLevel: Mutator = (seed, out, rng) => {
  const w = seed.word;
  if (!w || !w.table || w.version !== 'word97') return null;
  const lst = w.regions.find((r) => r.name === 'PlcfLst');
  if (!lst) return null;
  const t = w.table;
  const cLst = readStream(out, t, lst.fc, 2);
  if (cLst === 0 || cLst > 1000) return null;
  const levels: number[] = [];
  let o = lst.fc + 2 + 28 * cLst;
  for (let i = 0; i < cLst && levels.length < 256; i++) {
    const simple = (readStream(out, t, lst.fc + 2 + 28 * i + 26, 1) & 1) !== 0;
    for (let l = 0; l < (simple ? 1 : 9); l++) {
      if (o + 28 > t.length) break;
      levels.push(o);
      const xst = o + 28 + readStream(out, t, o + 25, 1) + readStream(out, t, o + 24, 1);
      o = xst + 2 + 2 * readStream(out, t, xst, 2);
    }
  }
  if (!levels.length) return null;
  const at = rng.pick(levels);
  switch (rng.int(5)) {
    case 0: {
      const v = interesting32(rng, [1, 26, 27, 780, 781, 3999, 4000]);
      writeStream(out, t, at, 4, v);
      if (rng.chance(0.5)) writeStream(out, t, at + 4, 1, rng.pick([1, 2, 3, 4, 5, 22]));
      return `LVL at ${at}: iStartAt = 0x${v.toString(16)}`;
    }
    case 1: {
      const v = rng.pick([0, 1, 2, 3, 4, 5, 22, 23, 255, rng.int(256)]);
      writeStream(out, t, at + 4, 1, v);
      return `LVL at ${at}: nfc = ${v}`;
    }
    case 2: {
      const xst = at + 28 + readStream(out, t, at + 25, 1) + readStream(out, t, at + 24, 1);
      const v = interesting16(rng, [readStream(out, t, xst, 2), (t.length - xst) >> 1]);
      writeStream(out, t, xst, 2, v);
      return `LVL at ${at}: number text length = ${v}`;
    }
    case 3: {
      const field = rng.pick([24, 25]);
      const v = rng.int(256);
      writeStream(out, t, at + field, 1, v);
      return `LVL at ${at}: ${field === 24 ? 'cbGrpprlChpx' : 'cbGrpprlPapx'} = ${v}`;
    }
    default: {
      const v = rng.int(256);
      writeStream(out, t, at + 15, 1, v);
      return `LVL at ${at}: ixchFollow = ${v}`;
    }
  }
};

export const MUTATORS: Record<string, { weight: number; apply: Mutator }> = {
  flipBits: { weight: 10, apply: flipBits },
  overwriteBytes: { weight: 6, apply: overwriteBytes },
  headerField: { weight: 6, apply: headerField },
  fatEntry: { weight: 6, apply: fatEntry },
  chainLoop: { weight: 5, apply: chainLoop },
  backwardChains: { weight: 2, apply: backwardChains },
  miniFatEntry: { weight: 3, apply: miniFatEntry },
  difat: { weight: 3, apply: difat },
  dirEntry: { weight: 6, apply: dirEntry },
  dirCycle: { weight: 4, apply: dirCycle },
  dirFanOut: { weight: 2, apply: dirFanOut },
  fibField: { weight: 8, apply: fibField },
  fibPair: { weight: 10, apply: fibPair },
  clx: { weight: 8, apply: clx },
  tableRegion: { weight: 8, apply: tableRegion },
  fkp: { weight: 5, apply: fkp },
  streamTruncate: { weight: 4, apply: streamTruncate },
  hugeText: { weight: 3, apply: hugeText },
  listLevel: { weight: 4, apply: listLevel },
};
const TOTAL_WEIGHT = Object.values(MUTATORS).reduce((a, m) => a + m.weight, 0);

function pickMutator(rng: Rng): [string, Mutator] {
  let r = rng.int(TOTAL_WEIGHT);
  for (const [name, m] of Object.entries(MUTATORS)) {
    if (r < m.weight) return [name, m.apply];
    r -= m.weight;
  }
  throw new Error('unreachable');
}

/**
 * One fuzz case: 1–3 mutations of `seed` (sometimes followed by a truncation), chosen by `caseSeed`.
 * `only` restricts the mutators (by name) — the tests use it to give each family its own budget.
 */
export function mutate(seed: PreparedSeed, caseSeed: number, only?: readonly string[]): Mutation {
  const rng = new Rng(caseSeed);
  const out = seed.bytes.slice();
  const what: string[] = [];
  if (only?.length === 1 && only[0] === 'truncate') {
    const t = truncate(seed, rng);
    return { bytes: t.bytes, what: [t.what] };
  }
  const count = 1 + (rng.chance(0.3) ? rng.int(3) : 0);
  for (let tries = 0; what.length < count && tries < 20; tries++) {
    const [name, apply] = only ? ((n) => [n, MUTATORS[n]!.apply] as const)(rng.pick(only)) : pickMutator(rng);
    const d = apply(seed, out, rng);
    if (d) what.push(`${name}: ${d}`);
  }
  if (!only && rng.chance(0.1)) {
    const t = truncate({ ...seed, bytes: out }, rng);
    what.push(t.what);
    return { bytes: t.bytes, what };
  }
  return { bytes: out, what };
}

// ---------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------

/** Invariant limits (issue 6). */
export const LIMITS = {
  /** One input, all calls together. */
  ms: 500,
  heapBytes: 256 * 1024 * 1024,
  /** Output characters per input byte (and a constant): allocation bounded by the input size. */
  charsPerByte: 8,
  charsExtra: 1 << 16,
} as const;

export type Outcome =
  | { kind: 'text'; ms: number; chars: number }
  | { kind: 'rejected'; ms: number; code: string; message: string }
  | { kind: 'failure'; ms: number; reason: string; error?: unknown; signature: string };

/**
 * Runs the public API on `bytes`: parseDoc, then text('all'), text('body'), characters('all').
 * Anything but strings or a DocParseError is a failure; so are outputs beyond the size bound and
 * cases slower than LIMITS.ms (the caller measures heap).
 */
export function runCase(bytes: Uint8Array): Outcome {
  const t0 = performance.now();
  let chars = 0;
  try {
    const doc = parseDoc(bytes);
    const all = doc.text('all');
    const body = doc.text('body');
    const raw = doc.characters('all');
    for (const [name, s] of [['text(all)', all], ['text(body)', body], ['characters(all)', raw]] as const) {
      if (typeof s !== 'string') return failure(t0, `${name} returned ${typeof s}`, 'type');
      const bound = LIMITS.charsPerByte * bytes.length + LIMITS.charsExtra;
      if (s.length > bound) return failure(t0, `${name} is ${s.length} characters from a ${bytes.length}-byte input (bound ${bound})`, `size:${name}`);
    }
    chars = all.length;
  } catch (error) {
    const ms = performance.now() - t0;
    if (error instanceof DocParseError) {
      if (ms > LIMITS.ms) return failure(t0, `slow: ${ms.toFixed(0)} ms before ${error.code}`, 'slow');
      return { kind: 'rejected', ms, code: error.code, message: error.message };
    }
    return { kind: 'failure', ms, reason: `threw ${describeError(error)}`, error, signature: signatureOf(error) };
  }
  const ms = performance.now() - t0;
  if (ms > LIMITS.ms) return failure(t0, `slow: ${ms.toFixed(0)} ms`, 'slow');
  return { kind: 'text', ms, chars };
}

function failure(t0: number, reason: string, signature: string): Outcome {
  return { kind: 'failure', ms: performance.now() - t0, reason, signature };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Error type + top stack frame inside the parser or its dependencies (for de-duplication). */
export function signatureOf(error: unknown): string {
  if (!(error instanceof Error)) return `non-error ${typeof error}`;
  const frame = (error.stack ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .find((l) => l.startsWith('at '));
  const where = frame ? frame.replace(/^at /, '').replace(/\(?(?:file:\/\/)?\/.*\/(packages|node_modules)\//, '($1/').replace(/:\d+\)?$/, ')') : '?';
  return `${error.name} @ ${where}`;
}
