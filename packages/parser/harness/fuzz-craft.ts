/**
 * Hand-crafted hostile inputs (issue 6), each aimed at one place where a count or a structure taken
 * from the file used to drive work or allocation beyond what the file size allows. Two kinds:
 *
 *  - `FUZZ_FIXTURES`: small files derived from fixtures/simple.doc and fixtures/lists.doc, committed
 *    under fixtures/fuzz/ (scripts/make-fuzz-fixtures.ts writes them; fixtures/fuzz/README.md says
 *    what each one broke);
 *  - the `craft*` builders: inputs whose harm grows with their size (quadratic work), built at test
 *    time at a size where the unfixed code takes seconds or exhausts the heap.
 */
import CFB from 'cfb';
import { FIB, writeDoc } from './doc-writer.js';
import { mapCfb, mapWord, readStream, writeStream, writeU16, writeU32, type PreparedSeed } from './fuzz.js';

// ---------------------------------------------------------------------------------------------
// Small committed fixtures
// ---------------------------------------------------------------------------------------------

export interface FuzzFixture {
  /** File name under fixtures/fuzz/ (without .doc). */
  name: string;
  /** The seed fixture it is made from. */
  from: 'simple.doc' | 'lists.doc';
  /** How it is made (one line, for the README). */
  how: string;
  /** What it broke (one line, for the README). */
  broke: string;
  /** 'container': the container reader (src/ole) must reject it. 'parser': must parse or be rejected within the limits. */
  layer: 'container' | 'parser';
  make(seed: Uint8Array): Uint8Array;
}

function dirEntryOffset(bytes: Uint8Array, index: number): number {
  const m = mapCfb(bytes);
  const e = m?.entries[index];
  if (!e) throw new Error(`fuzz-craft: no directory entry ${index}`);
  return e.offset;
}

/** A big stream's chain in the seed (the mini stream's, in these small fixtures). */
function miniStreamChain(bytes: Uint8Array): number[] {
  const m = mapCfb(bytes)!;
  if (m.miniStreamChain.length < 4) throw new Error('fuzz-craft: the seed has no mini stream chain of 4+ sectors');
  return m.miniStreamChain;
}

export const FUZZ_FIXTURES: FuzzFixture[] = [
  {
    name: 'cfb-dir-sibling-cycle',
    from: 'simple.doc',
    how: "directory entry 2's right sibling set to entry 1 (whose left sibling is entry 2)",
    broke: 'cfb build_full_paths loops for ever, growing its work list: V8 heap exhausted, process aborts in ~3 s',
    layer: 'container',
    make(seed) {
      const b = seed.slice();
      writeU32(b, dirEntryOffset(b, 2) + 72, 1);
      return b;
    },
  },
  {
    name: 'cfb-fat-loop-midchain',
    from: 'simple.doc',
    how: "the mini stream's FAT chain closed into a loop (last sector → its 3rd), and entry 4 given size 8192 starting inside the loop",
    broke: 'cfb get_sector_list (no loop check) follows the loop for ever: > 30 s and 2.4 GB RSS from a Buffer, heap-limit abort in 3 s from a Uint8Array',
    layer: 'container',
    make(seed) {
      const b = seed.slice();
      const m = mapCfb(b)!;
      const chain = miniStreamChain(b);
      writeU32(b, m.fatEntryOffset(chain[chain.length - 1]!), chain[2]!);
      const e = dirEntryOffset(b, 4);
      writeU32(b, e + 116, chain[4]!);
      writeU32(b, e + 120, 8192);
      return b;
    },
  },
  {
    name: 'cfb-dir-child-cycle',
    from: 'simple.doc',
    how: 'entries 5 and 6 made each other\'s child',
    broke: 'cfb builds an ever longer path string (RangeError: Invalid string length); now rejected before cfb runs',
    layer: 'container',
    make(seed) {
      const b = seed.slice();
      writeU32(b, dirEntryOffset(b, 5) + 76, 6);
      writeU32(b, dirEntryOffset(b, 6) + 76, 5);
      return b;
    },
  },
  {
    name: 'cfb-difat-loop',
    from: 'simple.doc',
    how: 'header: first DIFAT sector 1, DIFAT count 0x7FFFFFFF, and sector 1 names itself as the next DIFAT sector',
    broke: 'cfb sleuth_fat recurses once per claimed DIFAT sector (RangeError: Maximum call stack size exceeded)',
    layer: 'container',
    make(seed) {
      const b = seed.slice();
      const m = mapCfb(b)!;
      writeU32(b, 0x44, 1);
      writeU32(b, 0x48, 0x7fffffff);
      writeU32(b, m.sectorOffset(1) + m.ssz - 4, 1);
      return b;
    },
  },
  {
    name: 'cfb-dir-name-length',
    from: 'simple.doc',
    how: 'every directory entry\'s name length set to 0xFFFF',
    broke: 'without a Node Buffer (browsers) cfb decodes 32K characters per 128-byte entry: ~4 ms an entry, ~30 s for a 1 MB directory',
    layer: 'container',
    make(seed) {
      const b = seed.slice();
      for (const e of mapCfb(b)!.entries) writeU16(b, e.offset + 64, 0xffff);
      return b;
    },
  },
  {
    name: 'cfb-dir-chain-loop',
    from: 'simple.doc',
    how: "the directory's last sector links back to its first",
    broke: 'a directory chain that loops ([MS-CFB] corrupt; cfb stops silently): must be CORRUPT',
    layer: 'container',
    make(seed) {
      const b = seed.slice();
      const m = mapCfb(b)!;
      writeU32(b, m.fatEntryOffset(m.dirChain[m.dirChain.length - 1]!), m.dirChain[0]!);
      return b;
    },
  },
  {
    name: 'huge-ccp-and-last-cp',
    from: 'simple.doc',
    how: 'FIB ccpText and the piece table\'s last CP both set to 0x1FFFFFE0',
    broke: "characters.ts padded the missing text with '\\0'.repeat(536 M): 9 s and 1.1 GB for an 8.7 KB file",
    layer: 'parser',
    make(seed) {
      const b = seed.slice();
      const w = wordOf(b);
      writeStream(b, w.word, w.fields.find((f) => f.name === 'rgLw[3]')!.at, 4, 0x1fffffe0);
      const clx = w.regions.find((r) => r.name === 'Clx')!;
      const n = (readStream(b, w.table!, clx.fc + 1, 4) - 4) / 12;
      writeStream(b, w.table!, clx.fc + 5 + 4 * n, 4, 0x1fffffe0);
      return b;
    },
  },
  {
    name: 'list-start-letters',
    from: 'lists.doc',
    how: 'every LVL of the list table: iStartAt = 0x7FFFFFFF, nfc = 4 (lower-case letters)',
    broke: "lists.ts toLetters repeated a letter 82 M times per number: 330 M characters, 720 MB, for a 10.7 KB file",
    layer: 'parser',
    make(seed) {
      const b = seed.slice();
      const w = wordOf(b);
      const t = w.table!;
      const lst = w.regions.find((r) => r.name === 'PlcfLst')!;
      const cLst = readStream(b, t, lst.fc, 2);
      let o = lst.fc + 2 + 28 * cLst;
      for (let i = 0; i < cLst; i++) {
        const simple = (readStream(b, t, lst.fc + 2 + 28 * i + 26, 1) & 1) !== 0;
        for (let l = 0; l < (simple ? 1 : 9); l++) {
          writeStream(b, t, o, 4, 0x7fffffff);
          writeStream(b, t, o + 4, 1, 4);
          const xst = o + 28 + readStream(b, t, o + 25, 1) + readStream(b, t, o + 24, 1);
          o = xst + 2 + 2 * readStream(b, t, xst, 2);
        }
      }
      return b;
    },
  },
];

function wordOf(bytes: Uint8Array) {
  const cfb = mapCfb(bytes);
  const w = cfb && mapWord(bytes, cfb);
  if (!w || !w.table) throw new Error('fuzz-craft: the seed is not a Word 97 file with a table stream');
  return w;
}

// ---------------------------------------------------------------------------------------------
// Size-driven inputs, built at test time
// ---------------------------------------------------------------------------------------------

/** Rewrites a Word 97 file made by doc-writer: extra FKP pages in WordDocument, extra bytes in the table. */
function extend(
  file: Uint8Array,
  edit: (word: Uint8Array, table: Uint8Array) => { word: Uint8Array; table: Uint8Array },
): Uint8Array {
  const c = CFB.read(file, { type: 'array' });
  const wd = CFB.find(c, 'WordDocument')!;
  const tb = CFB.find(c, '1Table')!;
  const out = edit(Uint8Array.from(wd.content as ArrayLike<number>), Uint8Array.from(tb.content as ArrayLike<number>));
  wd.content = out.word as unknown as CFB.CFB$Blob;
  wd.size = out.word.length;
  tb.content = out.table as unknown as CFB.CFB$Blob;
  tb.size = out.table.length;
  return new Uint8Array(CFB.write(c, { type: 'array' }) as ArrayLike<number>);
}

const u32 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(o, v, true);

/**
 * A PlcBteChpx/PlcBtePapx pointing at `pages` new FKP pages appended to WordDocument; `fill(page, p)`
 * writes each page. Sets FcLcb pair `pair` and appends `tableExtra` to the table before the bin table.
 */
export function withFkps(
  file: Uint8Array,
  pages: number,
  pair: 12 | 13,
  fill: (page: Uint8Array, p: number) => void,
  tableExtra: { bytes: number[]; pair: number } | null = null,
): Uint8Array {
  return extend(file, (w, t) => {
    const base = Math.ceil(w.length / 512);
    const word = new Uint8Array((base + pages) * 512);
    word.set(w);
    for (let p = 0; p < pages; p++) fill(word.subarray((base + p) * 512, (base + p + 1) * 512), p);
    const extraAt = t.length;
    const plcAt = extraAt + (tableExtra?.bytes.length ?? 0);
    const table = new Uint8Array(plcAt + 4 * (pages + 1) + 4 * pages);
    table.set(t);
    if (tableExtra) {
      table.set(tableExtra.bytes, extraAt);
      u32(word, FIB.fibRgFcLcb + 8 * tableExtra.pair, extraAt);
      u32(word, FIB.fibRgFcLcb + 8 * tableExtra.pair + 4, tableExtra.bytes.length);
    }
    for (let k = 0; k < pages; k++) u32(table, plcAt + 4 * (pages + 1) + 4 * k, base + k);
    u32(word, FIB.fibRgFcLcb + 8 * pair, plcAt);
    u32(word, FIB.fibRgFcLcb + 8 * pair + 4, table.length - plcAt);
    return { word, table };
  });
}

/** A ChpxFkp of `crun` runs [fc(k), fc(k+1)); run k's CHPX is `chpx` when `on(k)`, else none. */
function chpxPage(page: Uint8Array, crun: number, fc: (k: number) => number, chpx: number[], on: (k: number) => boolean = () => true): void {
  for (let k = 0; k <= crun; k++) u32(page, 4 * k, fc(k));
  for (let k = 0; k < crun; k++) page[4 * (crun + 1) + k] = on(k) ? 0xf0 : 0; // word offset 0xF0 = byte 480
  page.set(chpx, 480);
  page[511] = crun;
}

/** A style sheet: istd 0 a plain paragraph style, istd 1 a style (stk 1 or 2) whose one UPX is `grpprl` (with istd for papx). */
function styleSheet(stk: 1 | 2, upx: number[]): number[] {
  const std = (kind: number, body: number[] | null) => {
    let u = [10, 0, kind | 0xf0, 0xff, 0, 0, 0, 0, 0, 0, /* xstzName */ 1, 0, 0x61, 0, 0, 0];
    if (body) u = [...u, body.length & 0xff, body.length >> 8, ...body];
    return [u.length & 0xff, u.length >> 8, ...u];
  };
  return [18, 0, 2, 0, 10, 0, ...new Array<number>(14).fill(0), ...std(1, null), ...std(stk, upx)];
}

function repeated(sprm: number[], bytes: number): number[] {
  const out: number[] = [];
  while (out.length + sprm.length <= bytes) out.push(...sprm);
  return out;
}

/**
 * `pieces` one-character pieces and `pages` × 101 hidden CHPX runs: properties.ts visited every run
 * for every piece (pieces × runs; 440 KB: 2–3 s).
 */
export function craftPiecesTimesRuns(pieces = 16000, pages = 400): Uint8Array {
  const file = writeDoc({ pieces: Array.from({ length: pieces }, (_, i) => ({ text: i % 50 === 49 ? '\r' : 'a', compressed: true })) });
  return withFkps(file, pages, 12, (page, p) => chpxPage(page, 101, (k) => 0x10000000 + (p * 128 + k) * 2, [3, 0x3c, 0x08, 0x01]));
}

/**
 * One long piece, every other character hidden by its own CHPX run: document.ts rebuilt the whole
 * story string once per hidden range (ranges × length; 726 KB: 11 s).
 */
export function craftAlternatingHidden(chars = 200000): Uint8Array {
  const text = Array.from({ length: chars }, (_, i) => (i % 80 === 79 ? '\r' : 'x')).join('');
  const file = writeDoc({ pieces: [{ text, compressed: true }] });
  const pages = Math.ceil(chars / 2 / 50);
  return withFkps(file, pages, 12, (page, p) => chpxPage(page, 100, (k) => 0x800 + p * 100 + k, [3, 0x3c, 0x08, 0x01], (k) => k % 2 === 0));
}

/**
 * Runs whose hidden toggle (0x81) is resolved against a character style with a 64 KB CHPX: the
 * style chain was re-read for every run and every story (runs × style size; 134 KB: 5.7 s).
 */
export function craftStyleToggle(pages = 100): Uint8Array {
  const text = Array.from({ length: pages * 101 + 100 }, (_, i) => (i % 80 === 79 ? '\r' : 'x')).join('');
  const file = writeDoc({ pieces: [{ text, compressed: true }] });
  const sheet = styleSheet(2, repeated([0x3c, 0x08, 0x00], 65000));
  // CHPX: sprmCFVanish 0x81 (opposite of the style), sprmCIstd 1.
  return withFkps(file, pages, 12, (page, p) => chpxPage(page, 101, (k) => 0x800 + p * 101 + k, [7, 0x3c, 0x08, 0x81, 0x30, 0x4a, 0x01, 0x00]), { bytes: sheet, pair: 1 });
}

/**
 * One PAPX run per paragraph, all in a paragraph style with a 64 KB PAPX: the style chain was applied
 * once per run (runs × style size; 245 KB: 4.6 s).
 */
export function craftParagraphStyle(pages = 300): Uint8Array {
  const crun = 29;
  const text = Array.from({ length: pages * crun * 2 + 2 }, (_, i) => (i % 2 === 1 ? '\r' : 'x')).join('');
  const file = writeDoc({ pieces: [{ text, compressed: true }] });
  const sheet = styleSheet(1, [0, 0, ...repeated([0x0a, 0x26, 0x01], 65000)]);
  return withFkps(
    file,
    pages,
    13,
    (page, p) => {
      for (let k = 0; k <= crun; k++) u32(page, 4 * k, 0x800 + (p * crun + k) * 2);
      for (let k = 0; k < crun; k++) page[4 * (crun + 1) + 13 * k] = 0xf0;
      page.set([0, 2, 1, 0, 0x0a, 0x26, 0], 480); // PapxInFkp: cb 0, cb' 2 → istd 1
      page[511] = crun;
    },
    { bytes: sheet, pair: 1 },
  );
}

/** A raw compound file: `nsec` sectors of 512 bytes, FAT links from `link`, one directory of `entries`. */
function rawCfb(nsec: number, dirSectors: number, link: (s: number, dataStart: number) => number, entry: (e: number, o: number, b: Uint8Array, dataStart: number) => void): Uint8Array {
  const ssz = 512;
  const b = new Uint8Array(ssz * (nsec + 1));
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  writeU16(b, 0x18, 0x3e);
  writeU16(b, 0x1a, 3);
  writeU16(b, 0x1c, 0xfffe);
  writeU16(b, 0x1e, 9);
  writeU16(b, 0x20, 6);
  const fatSecs = Math.ceil(nsec / 128);
  writeU32(b, 0x2c, fatSecs);
  writeU32(b, 0x30, fatSecs);
  writeU32(b, 0x38, 4096);
  writeU32(b, 0x3c, 0xfffffffe);
  writeU32(b, 0x44, 0xfffffffe);
  for (let j = 0; j < 109; j++) writeU32(b, 0x4c + 4 * j, j < fatSecs ? j : 0xffffffff);
  const off = (s: number) => ssz * (s + 1);
  const fat = (s: number, v: number) => writeU32(b, off(Math.floor(s / 128)) + 4 * (s % 128), v);
  const dataStart = fatSecs + dirSectors;
  for (let s = 0; s < nsec; s++) {
    if (s < fatSecs) fat(s, 0xfffffffd);
    else if (s < dataStart) fat(s, s + 1 < dataStart ? s + 1 : 0xfffffffe);
    else fat(s, link(s, dataStart));
  }
  for (let e = 0; e < dirSectors * 4; e++) {
    const o = off(fatSecs + Math.floor(e / 4)) + 128 * (e % 4);
    const name = e === 0 ? 'Root Entry' : `S${e}`;
    for (let k = 0; k < name.length; k++) writeU16(b, o + 2 * k, name.charCodeAt(k));
    writeU16(b, o + 64, 2 * name.length + 2);
    b[o + 66] = e === 0 ? 5 : 2;
    b[o + 67] = 1;
    writeU32(b, o + 68, 0xffffffff);
    writeU32(b, o + 72, 0xffffffff);
    writeU32(b, o + 76, 0xffffffff);
    writeU32(b, o + 116, 0xfffffffe);
    entry(e, o, b, dataStart);
  }
  return b;
}

/**
 * A 1 MB container whose FAT links every data sector to the one before it: cfb's sector-list
 * building restarts at every sector and copies each chain (quadratic: 3.5 s and 1.1 GB RSS from a
 * Buffer; heap exhausted at 2 GB after 17 s from a Uint8Array).
 */
export function craftBackwardChains(nsec = 2048): Uint8Array {
  return rawCfb(nsec, 1, (s, dataStart) => (s === dataStart ? 0xfffffffe : s - 1), () => {});
}

/**
 * A 1 MB container whose 1,920 directory entries all name the same 780 KB chain: cfb copies the
 * chain once per entry (quadratic: heap exhausted at 2 GB in 9 s from a Uint8Array; from a Buffer
 * the copies are views, 46 ms).
 */
export function craftDirectoryFanOut(nsec = 2048, dirSectors = 480): Uint8Array {
  const entries = dirSectors * 4;
  return rawCfb(
    nsec,
    dirSectors,
    (s) => (s + 1 < nsec ? s + 1 : 0xfffffffe),
    (e, o, b, dataStart) => {
      if (e === 0) writeU32(b, o + 76, 1);
      else {
        writeU32(b, o + 72, e + 1 < entries ? e + 1 : 0xffffffff);
        writeU32(b, o + 116, dataStart);
        writeU32(b, o + 120, (nsec - dataStart) * 512);
      }
    },
  );
}

/** The corpus's word2.doc (Word 2) with fcMac raised by 9 × 65536 (found by the fuzzer, case 2975). */
export function craftWord2FcMac(seed: PreparedSeed): Uint8Array {
  const b = seed.bytes.slice();
  writeU16(b, 0x1e, 9);
  return b;
}
