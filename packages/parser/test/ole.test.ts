/**
 * The compound-file reader (src/ole) on small containers: written by the `cfb` package or by
 * test/support/cfb-build.ts, then damaged byte by byte where a test means to. Every damaged
 * container must give a DocParseError with the right code and a message in plain words.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { DocParseError } from '../src/errors.js';
import { parseDoc } from '../src/index.js';
import { openCompoundFile, type CompoundFile, type DirectoryEntry } from '../src/ole/index.js';
import { buildCfb } from './support/cfb-build.js';
import { fuzzFixturesDir } from '../harness/fuzz.js';

const pattern = (n: number, k: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + k * 7 + (i >> 8)) & 0xff);
const WORD = pattern(10_000, 1);
const TABLE = pattern(5_000, 2);
const SMALL = pattern(300, 3);
const STREAMS = [
  { name: 'WordDocument', data: WORD },
  { name: '1Table', data: TABLE },
  { name: '\u0005SummaryInformation', data: SMALL },
  { name: 'Empty', data: new Uint8Array(0) },
];

const u32 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(o, v >>> 0, true);
const u16 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(o, v, true);

/** Opens and reads every stream; the error it throws, or null. */
function failure(bytes: Uint8Array): DocParseError | null {
  try {
    readAll(openCompoundFile(bytes));
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DocParseError);
    const e = error as DocParseError;
    expect(e.message).not.toMatch(/undefined|NaN|Cannot read|is not a function|Invalid array/);
    return e;
  }
}

function readAll(file: CompoundFile): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (e: DirectoryEntry, path: string) => {
    for (const c of e.children) {
      if (c.kind === 'stream') out.set(path + c.name, file.read(c));
      else walk(c, `${path}${c.name}/`);
    }
  };
  walk(file.root, '');
  return out;
}

describe('a sound container', () => {
  it.each([
    ['version 3', { version: 3 as const }],
    ['version 4 (4096-byte sectors)', { version: 4 as const }],
    ['version 3 with 300 FAT sectors (a DIFAT chain) and interleaved streams', { version: 3 as const, minFatSectors: 300, interleave: true }],
  ])('%s: every stream, byte for byte', (_label, options) => {
    const built = buildCfb({ ...options, streams: STREAMS });
    if (options.minFatSectors) expect(built.difat.length).toBeGreaterThan(0);
    const file = openCompoundFile(built.bytes);
    expect(file.version).toBe(options.version);
    expect(file.root.children.map((c) => c.name)).toEqual(STREAMS.map((s) => s.name));
    for (const s of STREAMS) expect(file.stream(s.name)).toEqual(s.data);
  });

  it('finds root streams case-insensitively, and nothing else', () => {
    const file = openCompoundFile(buildCfb({ streams: STREAMS }).bytes);
    expect(file.stream('WORDDOCUMENT')).toEqual(WORD);
    expect(file.stream('1table')).toEqual(TABLE);
    expect(file.stream('\u0005summaryinformation')).toEqual(SMALL);
    expect(file.stream('Data')).toBeNull();
    expect(file.stream('Root Entry')).toBeNull();
  });

  it('returns a view into the input when the sectors are contiguous, one copy when they are not', () => {
    const plain = buildCfb({ streams: STREAMS });
    const word = openCompoundFile(plain.bytes).stream('WordDocument')!;
    expect(word.buffer).toBe(plain.bytes.buffer);
    expect(word.byteOffset).toBe(plain.sectorOffset(plain.chains.get('WordDocument')![0]!));
    const interleaved = buildCfb({ streams: STREAMS, interleave: true });
    const copied = openCompoundFile(interleaved.bytes).stream('WordDocument')!;
    expect(copied.buffer).not.toBe(interleaved.bytes.buffer);
    expect(copied).toEqual(WORD);
  });

  it('reads what the cfb package writes: nested storages by path, names compared upper-cased', () => {
    const c = CFB.utils.cfb_new();
    CFB.utils.cfb_add(c, 'WordDocument', WORD);
    CFB.utils.cfb_add(c, 'ObjectPool/_1234/WordDocument', TABLE);
    CFB.utils.cfb_add(c, 'ObjectPool/_1234/\u0001CompObj', SMALL);
    const bytes = new Uint8Array(CFB.write(c, { type: 'array' }) as number[]);
    const file = openCompoundFile(bytes);
    expect(file.stream('worddocument')).toEqual(WORD);
    expect(file.streamByPath('ObjectPool/_1234/WordDocument')).toEqual(TABLE);
    expect(file.streamByPath(['objectpool', '_1234', '\u0001compobj'])).toEqual(SMALL);
    expect(file.streamByPath('ObjectPool/_9999/WordDocument')).toBeNull();
    expect(file.stream('ObjectPool')).toBeNull(); // a storage without data
  });

  it('ignores the high 32 bits of a version-3 stream size ([MS-CFB] 2.6.3)', () => {
    const built = buildCfb({ streams: STREAMS });
    u32(built.bytes, built.entryOffset(1) + 124, 0x12345678);
    expect(openCompoundFile(built.bytes).stream('WordDocument')).toEqual(WORD);
  });

  it('ignores DIFAT entries past the header\'s FAT sector count', () => {
    const built = buildCfb({ streams: STREAMS });
    u32(built.bytes, 0x4c + 4 * built.fat.length, 77); // a stale entry after the last FAT sector
    expect(openCompoundFile(built.bytes).stream('WordDocument')).toEqual(WORD);
  });

  it('tolerates a cut-short last sector: the stream ends where the file does (as cfb has it)', () => {
    const built = buildCfb({ streams: [{ name: 'WordDocument', data: WORD }] });
    const last = built.chains.get('WordDocument')!.at(-1)!;
    expect(built.sectorOffset(last) + 512).toBe(built.bytes.length);
    const cut = built.bytes.subarray(0, built.sectorOffset(last) + 200); // 200 of the last sector's 272 bytes of data
    const word = openCompoundFile(cut).stream('WordDocument')!;
    expect(word).toEqual(WORD.subarray(0, 19 * 512 + 200));
    const cfbWord = CFB.find(CFB.read(cut, { type: 'array' }), 'WordDocument')!.content as number[];
    expect(word).toEqual(Uint8Array.from(cfbWord));
  });

  it('gives a stream whose chain ends before its size the bytes the chain holds', () => {
    const built = buildCfb({ streams: STREAMS });
    const chain = built.chains.get('WordDocument')!;
    u32(built.bytes, built.fatEntryOffset(chain[3]!), 0xfffffffe);
    expect(openCompoundFile(built.bytes).stream('WordDocument')).toEqual(WORD.subarray(0, 4 * 512));
  });
});

describe('a damaged container: a DocParseError in plain words', () => {
  const fresh = () => buildCfb({ streams: STREAMS });

  it('not a compound file, or shorter than its header', () => {
    expect(failure(new Uint8Array(600))?.code).toBe('NOT_OLE');
    expect(failure(fresh().bytes.subarray(0, 300))?.code).toBe('TRUNCATED');
  });

  it.each([
    ['version 2', (b: Uint8Array) => u16(b, 0x1a, 2), /format version 2/],
    ['4096-byte sectors in a version-3 file', (b: Uint8Array) => u16(b, 0x1e, 12), /4096-byte sectors/],
    ['sector shift 13', (b: Uint8Array) => u16(b, 0x1e, 13), /8192-byte sectors/],
    ['mini sector shift 7', (b: Uint8Array) => u16(b, 0x20, 7), /128-byte mini sectors/],
    ['mini stream cutoff 8192', (b: Uint8Array) => u32(b, 0x38, 8192), /cutoff of 8192/],
    ['no FAT sectors', (b: Uint8Array) => u32(b, 0x2c, 0), /counts no FAT sectors/],
    ['more FAT sectors than listed', (b: Uint8Array) => u32(b, 0x2c, 5), /counts 5 FAT sectors, but the DIFAT lists only 1/],
  ])('header: %s → CORRUPT', (_label, edit, message) => {
    const b = fresh().bytes;
    edit(b);
    const e = failure(b);
    expect(e?.code).toBe('CORRUPT');
    expect(e?.message).toMatch(message);
  });

  it('a FAT loop in a stream\'s chain', () => {
    const built = fresh();
    const chain = built.chains.get('WordDocument')!;
    u32(built.bytes, built.fatEntryOffset(chain[5]!), chain[2]!);
    const e = failure(built.bytes);
    expect(e?.code).toBe('CORRUPT');
    expect(e?.message).toBe(`The OLE container is damaged: the sector chain of stream "WordDocument" loops back to sector ${chain[2]}.`);
  });

  it('a FAT loop in the directory\'s chain, and in the mini stream\'s', () => {
    const dir = fresh();
    u32(dir.bytes, dir.fatEntryOffset(dir.directory.at(-1)!), dir.directory[0]!);
    expect(failure(dir.bytes)?.message).toMatch(/directory's sector chain loops back/);
    const mini = fresh();
    u32(mini.bytes, mini.fatEntryOffset(mini.miniStream[0]!), mini.miniStream[0]!);
    expect(failure(mini.bytes)?.message).toMatch(/mini stream's sector chain loops back/);
  });

  it('a mini FAT loop', () => {
    const built = fresh();
    u32(built.bytes, built.sectorOffset(built.miniFat[0]!) + 4 * 2, 0);
    expect(failure(built.bytes)?.message).toMatch(/SummaryInformation" loops back to mini sector 0/);
  });

  it('a FAT sector listed twice, or as a DIFAT sector too: in the header (a few FAT sectors) and past it (300)', () => {
    const few = fresh();
    const first = new DataView(few.bytes.buffer, few.bytes.byteOffset).getUint32(0x4c, true);
    u32(few.bytes, 0x2c, 2);
    u32(few.bytes, 0x4c + 4, first);
    expect(failure(few.bytes)?.message).toBe(`The OLE container is damaged: the DIFAT lists sector ${first} as a FAT sector twice.`);
    const many = buildCfb({ streams: STREAMS, minFatSectors: 300 });
    const view = new DataView(many.bytes.buffer, many.bytes.byteOffset);
    const listed = view.getUint32(0x4c + 4 * 50, true);
    u32(many.bytes, many.sectorOffset(many.difat[0]!) + 4 * 10, listed); // the 120th FAT sector: the 51st again
    expect(failure(many.bytes)?.message).toBe(`The OLE container is damaged: the DIFAT lists sector ${listed} as a FAT sector twice.`);
    const both = buildCfb({ streams: STREAMS, minFatSectors: 300 });
    u32(both.bytes, both.sectorOffset(both.difat[0]!) + 4 * 10, both.difat[0]!);
    expect(failure(both.bytes)?.message).toBe(`The OLE container is damaged: sector ${both.difat[0]} is listed both as a FAT sector and as a DIFAT sector.`);
  });

  it('a DIFAT loop (a DIFAT sector naming itself as the next)', () => {
    const built = buildCfb({ streams: STREAMS, minFatSectors: 300 });
    u32(built.bytes, 0x48, 1000);
    u32(built.bytes, built.sectorOffset(built.difat.at(-1)!) + 508, built.difat[0]!);
    const e = failure(built.bytes);
    expect(e?.code).toBe('CORRUPT');
    expect(e?.message).toMatch(/the DIFAT chain loops back to sector/);
  });

  it('a directory sibling cycle, a child cycle, a second parent', () => {
    const sibling = fresh();
    u32(sibling.bytes, sibling.entryOffset(3) + 72, 1);
    expect(failure(sibling.bytes)?.message).toMatch(/directory tree has a cycle: entry 1 is reached twice/);
    const child = fresh();
    u32(child.bytes, child.entryOffset(2) + 76, 0);
    expect(failure(child.bytes)?.message).toMatch(/cycle: entry 0 is reached twice/);
    const parents = fresh();
    u32(parents.bytes, parents.entryOffset(1) + 76, 3); // entry 3 is already entry 2's right sibling
    expect(failure(parents.bytes)?.code).toBe('CORRUPT');
  });

  it('a sibling id past the directory leads nowhere (the entries the tree reaches stay readable)', () => {
    const whole = readAll(openCompoundFile(fresh().bytes));
    const left = fresh();
    const leftOf2 = new DataView(left.bytes.buffer, left.bytes.byteOffset).getUint32(left.entryOffset(2) + 68, true);
    u32(left.bytes, left.entryOffset(2) + 68, 1000);
    const read = readAll(openCompoundFile(left.bytes));
    // What entry 2's left link reached (when anything) is gone; everything else is read as before.
    expect(read.size).toBeLessThanOrEqual(whole.size);
    for (const [name, data] of read) expect(data).toEqual(whole.get(name));
    if (leftOf2 === 0xffffffff) expect([...read.keys()]).toEqual([...whole.keys()]);
    // A reserved id (0xFFFFFFFB-0xFFFFFFFE) likewise.
    const reserved = fresh();
    u32(reserved.bytes, reserved.entryOffset(2) + 72, 0xfffffffc);
    expect(failure(reserved.bytes)).toBeNull();
  });

  it('a name longer than 64 bytes, a second root', () => {
    const name = fresh();
    u16(name.bytes, name.entryOffset(2) + 64, 66);
    expect(failure(name.bytes)?.message).toMatch(/entry 2 gives its name a length of 66 bytes/);
    const root = fresh();
    root.bytes[root.entryOffset(4) + 66] = 5;
    expect(failure(root.bytes)?.message).toMatch(/entry 4 claims to be a second root/);
  });

  it('a sector index past the end of the file, and past anything allocated', () => {
    const built = fresh();
    u32(built.bytes, built.entryOffset(1) + 116, 5000);
    const e = failure(built.bytes);
    expect(e?.code).toBe('CORRUPT');
    expect(e?.message).toMatch(/stream "WordDocument" points to sector 5000, past the \d+ sectors the allocation table declares/);
    const mini = fresh();
    u32(mini.bytes, mini.entryOffset(3) + 116, 4000);
    expect(failure(mini.bytes)?.message).toMatch(/points to mini sector 4000, past the \d+ mini sectors of the mini stream/);
  });

  it('a stream size of 2 GB or more', () => {
    const built = buildCfb({ version: 4, streams: STREAMS });
    u32(built.bytes, built.entryOffset(1) + 124, 1);
    expect(failure(built.bytes)?.message).toMatch(/declares 4294977296 bytes/);
  });

  it('a file cut short: TRUNCATED, saying how many sectors it declares and holds', () => {
    const built = fresh();
    const total = built.bytes.length / 512 - 1;
    for (const at of [4 * 512, 2048 + 100, built.sectorOffset(built.directory[0]!) + 64]) {
      const e = failure(built.bytes.subarray(0, at));
      expect(e?.code, `cut at ${at}`).toBe('TRUNCATED');
      expect(e?.message).toMatch(new RegExp(`^The file is cut short: its header and allocation table declare ${total} sectors of 512 bytes, but it holds only \\d+ \\(${at} bytes;`));
    }
  });

  it('the crash fixtures of fixtures/fuzz/cfb-*.doc', () => {
    const names = readdirSync(fuzzFixturesDir).filter((f) => /^cfb-.*\.doc$/.test(f));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const e = failure(new Uint8Array(readFileSync(join(fuzzFixturesDir, name))));
      expect(e?.code, name).toBe('CORRUPT');
    }
  });
});

describe('through parseDoc (issue 12)', () => {
  it('a Word file cut at 4 KB is TRUNCATED, in plain words, with no internal error text', () => {
    const bytes = new Uint8Array(readFileSync(join(fuzzFixturesDir, '..', 'simple.doc'))).slice(0, 4096);
    let error: unknown;
    try {
      parseDoc(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DocParseError);
    expect((error as DocParseError).code).toBe('TRUNCATED');
    expect((error as DocParseError).message).toMatch(/^The file is cut short: its header and allocation table declare 16 sectors of 512 bytes, but it holds only 7 \(4096 bytes; /);
  });
});
