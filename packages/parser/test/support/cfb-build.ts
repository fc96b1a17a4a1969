/**
 * A tiny compound-file writer for tests of the reader (src/ole): version 3 or 4, flat streams
 * under the root, big streams in the FAT and small ones in the mini stream, optionally with more
 * FAT sectors than the header's 109 DIFAT entries hold (so DIFAT sectors are written) and with big
 * streams' sectors interleaved (so they are not contiguous). It returns the layout, so a test can
 * damage exactly the bytes it means to. (The `cfb` package writes only the common case.)
 */
export interface BuildOptions {
  version?: 3 | 4;
  streams: ReadonlyArray<{ name: string; data: Uint8Array }>;
  /** At least this many FAT sectors (the extra ones free): above 109, DIFAT sectors are needed. */
  minFatSectors?: number;
  /** Big streams' sectors dealt out in turn instead of one stream after the other. */
  interleave?: boolean;
}

export interface Built {
  bytes: Uint8Array;
  sectorSize: number;
  sectorOffset(sector: number): number;
  /** File offset of the FAT entry of `sector`. */
  fatEntryOffset(sector: number): number;
  /** File offset of directory entry `id` (0 is the root; stream k is entry k + 1). */
  entryOffset(id: number): number;
  /** Sectors of each big stream, by name; of the directory; of the DIFAT. */
  chains: Map<string, number[]>;
  directory: number[];
  difat: number[];
  fat: number[];
  miniFat: number[];
  miniStream: number[];
}

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const DIFSECT = 0xfffffffc;

export function buildCfb(options: BuildOptions): Built {
  const version = options.version ?? 3;
  const ssz = version === 3 ? 512 : 4096;
  const per = ssz / 4;
  const big = options.streams.filter((s) => s.data.length >= 4096);
  const small = options.streams.filter((s) => s.data.length < 4096);
  const miniSectorsOf = (s: { data: Uint8Array }) => Math.ceil(s.data.length / 64);
  const miniTotal = small.reduce((a, s) => a + miniSectorsOf(s), 0);
  const hostSectors = Math.ceil((miniTotal * 64) / ssz);
  const miniFatSectors = Math.ceil((miniTotal * 4) / ssz);
  const dirSectors = Math.ceil(((1 + options.streams.length) * 128) / ssz);
  const bigSectors = big.reduce((a, s) => a + Math.ceil(s.data.length / ssz), 0);
  const data = dirSectors + miniFatSectors + hostSectors + bigSectors;
  let fatCount = Math.max(1, options.minFatSectors ?? 1);
  let difatCount = 0;
  for (;;) {
    difatCount = Math.max(0, Math.ceil((fatCount - 109) / (per - 1)));
    if (fatCount * per >= fatCount + difatCount + data) break;
    fatCount++;
  }
  const total = fatCount + difatCount + data;
  const bytes = new Uint8Array(ssz * (total + 1));
  const view = new DataView(bytes.buffer);
  const w16 = (o: number, v: number) => view.setUint16(o, v, true);
  const w32 = (o: number, v: number) => view.setUint32(o, v >>> 0, true);
  const sectorOffset = (s: number) => ssz * (s + 1);
  const fatSectorList = Array.from({ length: fatCount }, (_, i) => i);
  const fatEntryOffset = (s: number) => sectorOffset(fatSectorList[Math.floor(s / per)]!) + 4 * (s % per);
  for (const f of fatSectorList) bytes.fill(0xff, sectorOffset(f), sectorOffset(f) + ssz);
  let next = 0;
  const take = (n: number) => Array.from({ length: n }, () => next++);
  const link = (chain: number[]) => chain.forEach((s, i) => w32(fatEntryOffset(s), i + 1 < chain.length ? chain[i + 1]! : ENDOFCHAIN));
  const fat = take(fatCount);
  fat.forEach((s) => w32(fatEntryOffset(s), FATSECT));
  const difat = take(difatCount);
  difat.forEach((s) => w32(fatEntryOffset(s), DIFSECT));
  const directory = take(dirSectors);
  link(directory);
  const miniFat = take(miniFatSectors);
  link(miniFat);
  const miniStream = take(hostSectors);
  link(miniStream);
  const chains = new Map<string, number[]>();
  if (options.interleave) {
    const left = big.map((s) => Math.ceil(s.data.length / ssz));
    for (const s of big) chains.set(s.name, []);
    while (left.some((n) => n > 0)) big.forEach((s, i) => left[i]! > 0 && (left[i]!--, chains.get(s.name)!.push(next++)));
  } else {
    for (const s of big) chains.set(s.name, take(Math.ceil(s.data.length / ssz)));
  }
  for (const [name, chain] of chains) {
    link(chain);
    const d = big.find((s) => s.name === name)!.data;
    chain.forEach((s, i) => bytes.set(d.subarray(i * ssz, (i + 1) * ssz), sectorOffset(s)));
  }

  // Header ([MS-CFB] 2.2).
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  w16(0x18, 0x3e);
  w16(0x1a, version);
  w16(0x1c, 0xfffe);
  w16(0x1e, version === 3 ? 9 : 12);
  w16(0x20, 6);
  if (version === 4) w32(0x28, dirSectors);
  w32(0x2c, fatCount);
  w32(0x30, directory[0]!);
  w32(0x38, 4096);
  w32(0x3c, miniFat[0] ?? ENDOFCHAIN);
  w32(0x40, miniFatSectors);
  w32(0x44, difat[0] ?? ENDOFCHAIN);
  w32(0x48, difatCount);
  for (let j = 0; j < 109; j++) w32(0x4c + 4 * j, j < fatCount ? fat[j]! : FREESECT);
  let listed = 109;
  difat.forEach((d, k) => {
    const o = sectorOffset(d);
    for (let i = 0; i < per - 1; i++) w32(o + 4 * i, listed < fatCount ? fat[listed++]! : FREESECT);
    w32(o + ssz - 4, k + 1 < difat.length ? difat[k + 1]! : ENDOFCHAIN);
  });

  // Mini stream and mini FAT.
  const miniFatEntry = (m: number) => sectorOffset(miniFat[Math.floor(m / per)]!) + 4 * (m % per);
  const miniOffset = (m: number) => sectorOffset(miniStream[Math.floor((m * 64) / ssz)]!) + ((m * 64) % ssz);
  for (const mf of miniFat) bytes.fill(0xff, sectorOffset(mf), sectorOffset(mf) + ssz);
  let m = 0;
  const miniStarts = new Map<string, number>();
  for (const s of small) {
    const n = miniSectorsOf(s);
    miniStarts.set(s.name, n ? m : ENDOFCHAIN);
    for (let i = 0; i < n; i++) {
      bytes.set(s.data.subarray(i * 64, (i + 1) * 64), miniOffset(m + i));
      w32(miniFatEntry(m + i), i + 1 < n ? m + i + 1 : ENDOFCHAIN);
    }
    m += n;
  }

  // Directory: the root, then one entry per stream, chained as right siblings.
  const perDir = ssz / 128;
  const entryOffset = (id: number) => sectorOffset(directory[Math.floor(id / perDir)]!) + 128 * (id % perDir);
  const entry = (id: number, name: string, type: number, start: number, size: number, right: number, child: number) => {
    const o = entryOffset(id);
    for (let k = 0; k < name.length; k++) w16(o + 2 * k, name.charCodeAt(k));
    w16(o + 64, 2 * name.length + 2);
    bytes[o + 66] = type;
    bytes[o + 67] = 1;
    w32(o + 68, FREESECT);
    w32(o + 72, right);
    w32(o + 76, child);
    w32(o + 116, start);
    w32(o + 120, size);
  };
  for (let id = 1 + options.streams.length; id < dirSectors * perDir; id++) {
    const o = entryOffset(id);
    w32(o + 68, FREESECT);
    w32(o + 72, FREESECT);
    w32(o + 76, FREESECT);
  }
  entry(0, 'Root Entry', 5, miniStream[0] ?? ENDOFCHAIN, miniTotal * 64, FREESECT, options.streams.length ? 1 : FREESECT);
  options.streams.forEach((s, k) => {
    const start = s.data.length >= 4096 ? chains.get(s.name)![0]! : miniStarts.get(s.name)!;
    entry(k + 1, s.name, 2, start, s.data.length, k + 1 < options.streams.length ? k + 2 : FREESECT, FREESECT);
  });
  return { bytes, sectorSize: ssz, sectorOffset, fatEntryOffset, entryOffset, chains, directory, difat, fat, miniFat, miniStream };
}
