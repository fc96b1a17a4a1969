/**
 * A guard in front of the `cfb` package ([MS-CFB] compound files).
 *
 * `cfb` 1.2.2 throws plain errors on most damaged containers (container.ts wraps those), but on
 * some crafted ones it never returns, or allocates far more than the file holds — neither of which
 * a try/catch can stop:
 *
 *  - a FAT chain that loops, read from a sector other than the chain's head (`get_sector_list`
 *    has no loop check): an endless loop that grows an array until the heap is exhausted;
 *  - directory entries whose child/sibling ids form a cycle (`build_full_paths`): an endless loop,
 *    or an endless walk up the parent links that builds an ever longer path string;
 *  - FAT chains that run backwards (`make_sector_list` restarts at every sector not yet seen and
 *    copies each chain): time and memory quadratic in the file size (1 MB: 3.5 s, 1.1 GB);
 *  - without a Node Buffer (browsers): many directory entries naming the same long chain (each one
 *    copies it; quadratic memory), and name lengths up to 65535 in 128-byte directory entries
 *    (a 32K-iteration loop per entry).
 *
 * `validateCfb` replays what `cfb.read` will do — the same DIFAT/FAT walk, the same sector-list
 * construction, the same directory walk, with plain integer arrays and budgets proportional to the
 * file size — and throws `DocParseError` ('TRUNCATED' or 'CORRUPT') before `cfb` sees a container
 * on which it would loop or over-allocate. Every file `cfb` reads normally passes, except a few
 * that [MS-CFB] calls corrupt and `cfb` reads anyway: a looping directory or DIFAT chain, a
 * directory name longer than 64 bytes.
 */
import { DocParseError } from './errors.js';

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ENDOFCHAIN = -2;
const FREESECT = -1;
const NOSTREAM = -1;
const DIR_ENTRY = 128;
const MINI_CUTOFF = 4096;
/** [MS-CFB] 2.6.1: the name field holds at most 32 UTF-16 units including the terminator. */
const MAX_NAME_BYTES = 64;

/** What the replay measured (exported for tests and the fuzz runner). */
export interface CfbGuardStats {
  sectorSize: number;
  sectors: number;
  fatSectors: number;
  directoryEntries: number;
  /** Sector visits `cfb` makes building its sector lists (≈ sectors for a sound file). */
  sectorVisits: number;
  /** Bytes `cfb` copies into stream contents. */
  contentBytes: number;
  /** Elements `cfb`'s directory walk scans (Array.prototype.lastIndexOf). */
  treeWork: number;
  /** Steps of `cfb`'s parent walk that builds full paths, and the characters of those paths. */
  pathSteps: number;
  pathChars: number;
  /** Length of cfb's directory worklist (= entries for a sound tree). */
  treeQueue: number;
}

/**
 * Budgets, each proportional to the file size: what `cfb` may do on a file of `n` bytes.
 * A sound file uses about one sector visit per sector and copies at most its own size.
 */
export const CFB_GUARD_LIMITS = {
  /** Sector visits per sector, plus a constant. */
  sectorVisitsPerSector: 4,
  sectorVisitsExtra: 256,
  /** Stream bytes copied per file byte, plus a constant. */
  contentBytesPerByte: 2,
  contentBytesExtra: 1 << 20,
  /** Elements scanned by the directory walk (≈ 50 ms of work at worst), and its queue length per entry. */
  treeWork: 50_000_000,
  treeQueuePerEntry: 4,
  treeQueueExtra: 64,
  /** Parent-walk steps per directory entry, plus a constant. */
  pathStepsPerEntry: 64,
  pathStepsExtra: 4096,
  /** Characters of all full paths together, per entry plus a constant. */
  pathCharsPerEntry: 256,
  pathCharsExtra: 1 << 16,
} as const;

/** Throws `DocParseError` when `cfb.read` would loop, over-allocate or misread the container. */
export function validateCfb(bytes: Uint8Array): void {
  inspectCfb(bytes);
}

/** `validateCfb`, returning what it measured. */
export function inspectCfb(bytes: Uint8Array): CfbGuardStats {
  const len = bytes.length;
  const corrupt = (message: string): never => {
    throw new DocParseError('CORRUPT', `The OLE container is damaged: ${message}.`);
  };
  const truncated = (message: string): never => {
    throw new DocParseError('TRUNCATED', `The OLE container is truncated: ${message}.`);
  };
  const u16 = (o: number) => bytes[o]! | (bytes[o + 1]! << 8);
  const i32 = (o: number) => bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24);
  const u32 = (o: number) => i32(o) >>> 0;

  // ---- Header ([MS-CFB] 2.2) ------------------------------------------------------------------
  if (len < 512) truncated(`the file is ${len} bytes long, shorter than the 512-byte header`);
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) corrupt('the header signature is wrong');
  const major = u16(0x1a);
  if (major !== 3 && major !== 4) corrupt(`unknown major version ${major} (expected 3 or 4)`);
  const shift = u16(0x1e);
  if (shift !== (major === 3 ? 9 : 12)) corrupt(`sector shift ${shift} does not match version ${major} (expected ${major === 3 ? 9 : 12})`);
  if (u16(0x20) !== 6) corrupt(`mini sector shift ${u16(0x20)} (expected 6)`);
  for (let o = 0x22; o < 0x28; o++) if (bytes[o] !== 0) corrupt('the reserved header bytes are not zero');
  const ssz = 1 << shift;
  if (len < ssz) truncated(`the file is ${len} bytes long, shorter than its ${ssz}-byte header sector`);
  const csectDir = u32(0x28);
  const csectFat = u32(0x2c);
  const dirStart = i32(0x30);
  const miniCutoff = u32(0x38);
  const miniFatStart = i32(0x3c);
  const csectMiniFat = u32(0x40);
  const difatStart = i32(0x44);
  const csectDif = u32(0x48);
  if (major === 3 && csectDir !== 0) corrupt(`a version-3 header counts ${csectDir} directory sectors (must be 0)`);
  if (miniCutoff !== MINI_CUTOFF) corrupt(`mini stream cutoff ${miniCutoff} (expected 4096)`);

  // cfb: sectors 0..n-1 follow the header; the last one may be partial.
  const nsec = Math.max(0, Math.ceil(len / ssz) - 1);
  const sectorLength = (s: number) => (s === nsec - 1 ? len - ssz * (nsec) : ssz);
  const what = `the file holds ${nsec} sector(s) of ${ssz} bytes`;
  if (csectFat > nsec) corrupt(`the header counts ${csectFat} FAT sectors but ${what}`);
  if (csectDif > nsec) corrupt(`the header counts ${csectDif} DIFAT sectors but ${what}`);
  if (csectMiniFat > nsec) corrupt(`the header counts ${csectMiniFat} mini FAT sectors but ${what}`);
  if (csectDir > nsec) corrupt(`the header counts ${csectDir} directory sectors but ${what}`);
  if (dirStart < 0 || dirStart >= nsec) {
    if (dirStart >= nsec) truncated(`the directory starts at sector ${dirStart}, but ${what}`);
    corrupt(`the directory start sector is ${dirStart}`);
  }
  /** int32 at byte `o` of sector `s`, or NaN where cfb reads past the data (it then stops). */
  const sectorI32 = (s: number, o: number): number => {
    if (s < 0 || s >= nsec || !Number.isInteger(s) || o + 4 > sectorLength(s)) return NaN;
    return i32(ssz * (s + 1) + o);
  };

  // ---- DIFAT: where the FAT sectors are (cfb: header array, then sleuth_fat) ----------------------
  const fatAddrs: number[] = [];
  for (let j = 0; j < 109; j++) {
    const q = i32(0x4c + 4 * j);
    if (q < 0) break;
    fatAddrs.push(q);
  }
  {
    let idx = difatStart;
    let cnt = csectDif;
    const seen = new Set<number>();
    for (;;) {
      if (idx === ENDOFCHAIN) {
        if (cnt !== 0) corrupt(`the DIFAT chain ends after fewer than the ${csectDif} sectors the header counts`);
        break;
      }
      if (idx === FREESECT || !(idx >= 0 && idx < nsec)) break; // cfb stops here too
      if (seen.has(idx)) corrupt(`the DIFAT chain loops back to sector ${idx}`);
      seen.add(idx);
      const m = ssz / 4 - 1;
      for (let i = 0; i < m; i++) {
        const q = sectorI32(idx, 4 * i);
        if (q === ENDOFCHAIN) break;
        fatAddrs.push(q);
      }
      if (cnt < 1) break;
      idx = sectorI32(idx, ssz - 4);
      cnt--;
    }
  }
  if (fatAddrs.length === 0 || !(fatAddrs[0]! >= 0 && fatAddrs[0]! < nsec)) corrupt('the header names no FAT sector within the file');

  /** The next sector after `j` (cfb's walk), or NaN where cfb stops. */
  const next = (j: number): number => {
    const addr = fatAddrs[Math.floor((j * 4) / ssz)];
    if (addr === undefined || addr < 0 || addr >= nsec) return NaN;
    return sectorI32(addr, (j * 4) & (ssz - 1));
  };

  // ---- Sector lists (cfb make_sector_list) --------------------------------------------------------
  // cfb walks a chain from every sector it has not yet seen, starting at the directory, stopping a
  // chain where it meets itself. Replayed here, counting the visits (each one copies a sector).
  const maxVisits = CFB_GUARD_LIMITS.sectorVisitsPerSector * nsec + CFB_GUARD_LIMITS.sectorVisitsExtra;
  const checked = new Uint8Array(nsec);
  const stamp = new Int32Array(nsec);
  /** Chain heads cfb records: sector → [length in bytes, loops]. */
  const heads = new Map<number, { bytes: number; loops: boolean }>();
  let visits = 0;
  let directoryChain: number[] = [];
  for (let i = 0; i < nsec; i++) {
    let k = i + dirStart;
    if (k >= nsec) k -= nsec;
    if (checked[k]) continue;
    const chainId = i + 1;
    let chainBytes = 0;
    let loops = false;
    const chain: number[] | null = i === 0 ? [] : null;
    /** Sectors past the end of the file this chain ran through (cfb follows their FAT entries). */
    let beyond: Set<number> | null = null;
    for (let j = k; j >= 0; ) {
      if (++visits > maxVisits) corrupt(`its sector chains are tangled (more than ${maxVisits} sector reads for ${nsec} sectors)`);
      if (j < nsec) {
        stamp[j] = chainId;
        checked[j] = 1;
        chainBytes += sectorLength(j);
      } else {
        (beyond ??= new Set()).add(j);
      }
      chain?.push(j);
      const n = next(j);
      if (!(n >= 0)) break;
      if (n < nsec ? stamp[n] === chainId : beyond?.has(n)) {
        loops = true;
        break;
      }
      j = n;
    }
    heads.set(k, { bytes: chainBytes, loops });
    if (chain) directoryChain = chain;
  }
  if (heads.get(dirStart)!.loops) corrupt(`the directory's sector chain loops`);
  for (const s of directoryChain) {
    if (s >= nsec) truncated(`the directory's sector chain runs to sector ${s}, past the end of the file (${what})`);
  }
  if (csectMiniFat > 0 && miniFatStart !== ENDOFCHAIN && !heads.has(miniFatStart)) {
    corrupt(`the mini FAT start sector ${miniFatStart} does not begin a sector chain`);
  }
  if (!heads.has(fatAddrs[0]!)) corrupt(`the first FAT sector ${fatAddrs[0]} does not begin a sector chain`);

  // ---- Directory entries (cfb read_directory) -----------------------------------------------------
  let dirBytes = 0;
  for (const s of directoryChain) dirBytes += sectorLength(s);
  if (dirBytes % DIR_ENTRY !== 0) truncated('the last directory sector is cut short');
  const entries = dirBytes / DIR_ENTRY;
  if (entries === 0) corrupt('the directory is empty');
  const entryOffset = (e: number): number => {
    const s = directoryChain[Math.floor((e * DIR_ENTRY) / ssz)]!;
    return ssz * (s + 1) + ((e * DIR_ENTRY) % ssz);
  };
  const left = new Int32Array(entries);
  const right = new Int32Array(entries);
  const child = new Int32Array(entries);
  const type = new Uint8Array(entries);
  const nameLength = new Int32Array(entries);
  const maxContent = CFB_GUARD_LIMITS.contentBytesPerByte * len + CFB_GUARD_LIMITS.contentBytesExtra;
  let contentBytes = 0;
  let miniStore = ENDOFCHAIN;
  for (let e = 0; e < entries; e++) {
    const o = entryOffset(e);
    const cb = u16(o + 64);
    if (cb > MAX_NAME_BYTES) corrupt(`directory entry ${e} has a name of ${cb} bytes (at most ${MAX_NAME_BYTES})`);
    nameLength[e] = Math.max(0, cb / 2 - 1);
    type[e] = bytes[o + 66]!;
    left[e] = i32(o + 68);
    right[e] = i32(o + 72);
    child[e] = i32(o + 76);
    // cfb follows sibling ids without a range check (it throws, or loops); a child id out of range
    // it only records, harmlessly, so that is let through as before.
    for (const [label, id] of [['left sibling', left[e]!], ['right sibling', right[e]!]] as const) {
      if (id !== NOSTREAM && (id < 0 || id >= entries)) {
        corrupt(`directory entry ${e} names ${label} ${id >>> 0}, but the directory has ${entries} entries`);
      }
    }
    const start = i32(o + 116);
    const size = i32(o + 120);
    if (size < 0 && start < 0) {
      type[e] = 0;
      continue;
    }
    if (type[e] === 5) {
      miniStore = start;
      if (csectMiniFat > 0 && miniStore !== ENDOFCHAIN && !heads.has(miniStore)) {
        corrupt(`the mini stream's start sector ${miniStore} does not begin a sector chain`);
      }
    } else if (size >= MINI_CUTOFF) {
      let chain = heads.get(start);
      if (!chain) {
        // cfb get_sector_list: a walk from a sector inside another chain, with no loop check.
        let bytesRead = 0;
        const seen = new Set<number>();
        for (let j = start; j >= 0; ) {
          if (seen.has(j)) corrupt(`the sector chain of directory entry ${e} loops back to sector ${j}`);
          seen.add(j);
          if (++visits > maxVisits) corrupt(`its sector chains are tangled (more than ${maxVisits} sector reads for ${nsec} sectors)`);
          if (j < nsec) bytesRead += sectorLength(j);
          const n = next(j);
          if (!(n >= 0)) break;
          j = n;
        }
        chain = { bytes: bytesRead, loops: false };
        heads.set(start, chain);
      }
      contentBytes += Math.min(size, chain.bytes);
    } else if (size > 0 && miniStore !== ENDOFCHAIN && start !== ENDOFCHAIN && heads.has(miniStore)) {
      contentBytes += size; // at most 4095, read 64 bytes (a mini sector) at a time
    }
    if (contentBytes > maxContent) {
      corrupt(`its directory entries name ${contentBytes}+ bytes of stream data, far more than the file's ${len} bytes`);
    }
  }

  // ---- Directory tree (cfb build_full_paths) --------------------------------------------------------
  // Replays cfb's worklist with its lastIndexOf scans counted, then its walk up the parent links.
  const dad = new Int32Array(entries);
  for (let i = 0; i < entries; i++) dad[i] = i;
  const lastPos = new Int32Array(entries);
  for (let i = 0; i < entries; i++) lastPos[i] = i;
  let q = new Int32Array(Math.max(16, 2 * entries));
  for (let i = 0; i < entries; i++) q[i] = i;
  let qlen = entries;
  let work = 0;
  const maxWork = CFB_GUARD_LIMITS.treeWork;
  const maxQueue = CFB_GUARD_LIMITS.treeQueuePerEntry * entries + CFB_GUARD_LIMITS.treeQueueExtra;
  const cycle = () => corrupt('its directory tree has a cycle (sibling or child links lead back to an entry already visited)');
  const push = (id: number) => {
    if (qlen >= maxQueue) cycle();
    if (qlen === q.length) {
      const bigger = new Int32Array(q.length * 2);
      bigger.set(q);
      q = bigger;
    }
    lastPos[id] = qlen;
    q[qlen++] = id;
  };
  let L = 0;
  let R = 0;
  for (let j = 0; j < qlen; j++) {
    const i = q[j]!;
    L = left[i]!;
    R = right[i]!;
    const C = child[i]!;
    if (dad[i] === i) {
      if (L !== NOSTREAM && dad[L] !== L) dad[i] = dad[L]!;
      if (R !== NOSTREAM && dad[R] !== R) dad[i] = dad[R]!;
    }
    if (C !== NOSTREAM) dad[C] = i;
    for (const s of [L, R]) {
      if (s === NOSTREAM || i === dad[i]) continue;
      dad[s] = dad[i]!;
      work += qlen - lastPos[s]!; // q.lastIndexOf(s) scans from the end
      if (lastPos[s]! < j) push(s);
    }
    if (work > maxWork) cycle();
  }
  for (let i = 1; i < entries; i++) {
    if (dad[i] !== i) continue;
    if (R !== NOSTREAM && dad[R] !== R) dad[i] = dad[R]!;
    else if (L !== NOSTREAM && dad[L] !== L) dad[i] = dad[L]!;
  }
  const pathLength = new Float64Array(entries);
  for (let i = 0; i < entries; i++) pathLength[i] = nameLength[i]!;
  const maxSteps = CFB_GUARD_LIMITS.pathStepsPerEntry * entries + CFB_GUARD_LIMITS.pathStepsExtra;
  const maxChars = CFB_GUARD_LIMITS.pathCharsPerEntry * entries + CFB_GUARD_LIMITS.pathCharsExtra;
  let steps = 0;
  let chars = 0;
  for (let i = 1; i < entries; i++) {
    if (type[i] === 0) continue;
    let j = i;
    if (j !== dad[j]) {
      do {
        j = dad[j]!;
        if (j < 0) break; // cfb reads FP[-1] once and stops
        pathLength[i] += pathLength[j]! + 1;
        if (++steps > maxSteps || chars + pathLength[i]! > maxChars) {
          corrupt('its directory tree has a cycle (an entry is its own ancestor) or is nested too deeply');
        }
      } while (j !== 0 && dad[j] !== -1 && j !== dad[j]);
    }
    chars += pathLength[i]!;
    dad[i] = -1;
  }

  return {
    sectorSize: ssz,
    sectors: nsec,
    fatSectors: csectFat,
    directoryEntries: entries,
    sectorVisits: visits,
    contentBytes,
    treeWork: work,
    pathSteps: steps,
    pathChars: chars,
    treeQueue: qlen,
  };
}
