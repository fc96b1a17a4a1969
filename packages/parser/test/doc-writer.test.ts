/**
 * Checks the test-only synthetic .doc writer itself (test/support/doc-writer.ts) and the ready-made
 * cases (test/support/synthetic-cases.ts), with a small reference reader written here from
 * [MS-DOC] — independent of the parser under packages/parser/src.
 */
import CFB from 'cfb';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FIB, FIB_FLAGS, writeDoc, type SyntheticDoc } from '../harness/doc-writer.js';
import { SYNTHETIC_CASES, type SyntheticCase } from './support/synthetic-cases.js';

// ---------------------------------------------------------------- reference reader (test-only)

interface Opened {
  container: CFB.CFB$Container;
  names: string[];
  wordDocument: Uint8Array;
  table: Uint8Array;
  tableName: string;
}

function open(bytes: Uint8Array): Opened {
  const container = CFB.read(bytes, { type: 'array' });
  const names = container.FileIndex.filter((e) => e.type === 2).map((e) => e.name);
  const wd = CFB.find(container, 'WordDocument');
  if (!wd?.content) throw new Error('no WordDocument stream');
  const wordDocument = Uint8Array.from(wd.content as ArrayLike<number>);
  const flags = u16(wordDocument, FIB.flags);
  const tableName = flags & FIB_FLAGS.fWhichTblStm ? '1Table' : '0Table';
  const t = CFB.find(container, tableName);
  if (!t?.content) throw new Error(`no ${tableName} stream`);
  return { container, names, wordDocument, table: Uint8Array.from(t.content as ArrayLike<number>), tableName };
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u16 = (b: Uint8Array, at: number) => view(b).getUint16(at, true);
const u32 = (b: Uint8Array, at: number) => view(b).getUint32(at, true);
const i32 = (b: Uint8Array, at: number) => view(b).getInt32(at, true);

interface ReadPcd {
  cpStart: number;
  cpEnd: number;
  flags: number;
  rawFc: number;
  compressed: boolean;
  /** Byte offset of the text in WordDocument. */
  offset: number;
  prm: number;
}

/** Clx → Prc grpprls and the PlcPcd ([MS-DOC] 2.9.38, 2.9.209, 2.9.178, 2.8.35, 2.9.177, 2.9.73). */
function readClx(o: Opened): { prcs: Uint8Array[]; pcds: ReadPcd[] } {
  const fcClx = u32(o.wordDocument, FIB.fcClx);
  const lcbClx = u32(o.wordDocument, FIB.lcbClx);
  const t = o.table;
  let p = fcClx;
  const prcs: Uint8Array[] = [];
  while (t[p] === 0x01) {
    const cb = view(t).getInt16(p + 1, true);
    prcs.push(t.slice(p + 3, p + 3 + cb));
    p += 3 + cb;
  }
  expect(t[p]).toBe(0x02);
  const lcb = u32(t, p + 1);
  p += 5;
  expect(p + lcb).toBe(fcClx + lcbClx);
  expect((lcb - 4) % 12).toBe(0);
  const n = (lcb - 4) / 12;
  const pcds: ReadPcd[] = [];
  for (let i = 0; i < n; i++) {
    const q = p + 4 * (n + 1) + 8 * i;
    const rawFc = u32(t, q + 2);
    const compressed = (rawFc & 0x40000000) !== 0;
    const fc = rawFc & 0x3fffffff;
    pcds.push({
      cpStart: u32(t, p + 4 * i),
      cpEnd: u32(t, p + 4 * (i + 1)),
      flags: u16(t, q),
      rawFc,
      compressed,
      offset: compressed ? fc / 2 : fc,
      prm: u16(t, q + 6),
    });
  }
  return { prcs, pcds };
}

/** All characters of the document in CP order; 8-bit pieces decode as cp1252. */
function allCharacters(o: Opened): string {
  let out = '';
  for (const pcd of readClx(o).pcds) {
    const len = pcd.cpEnd - pcd.cpStart;
    const size = pcd.compressed ? len : 2 * len;
    if (pcd.offset + size > o.wordDocument.length) throw new Error('piece runs past the end of WordDocument');
    const bytes = o.wordDocument.subarray(pcd.offset, pcd.offset + size);
    if (pcd.compressed) out += iconv.decode(Buffer.from(bytes), 'cp1252');
    else for (let i = 0; i < len; i++) out += String.fromCharCode(u16(bytes, 2 * i));
  }
  return out;
}

function ccps(o: Opened) {
  const w = o.wordDocument;
  return {
    text: i32(w, FIB.ccpText),
    ftn: i32(w, FIB.ccpFtn),
    hdd: i32(w, FIB.ccpHdd),
    mcr: i32(w, FIB.ccpMcr),
    atn: i32(w, FIB.ccpAtn),
    edn: i32(w, FIB.ccpEdn),
    txbx: i32(w, FIB.ccpTxbx),
    hdrTxbx: i32(w, FIB.ccpHdrTxbx),
  };
}

/** Plain text of field-, note- and paragraph-mark characters only (no tables in these cases). */
function plain(chars: string): string {
  let out = '';
  const fields: boolean[] = []; // per open field: in its instruction part?
  for (const ch of chars) {
    if (ch === '\u0013') fields.push(true);
    else if (ch === '\u0014') fields[fields.length - 1] = false;
    else if (ch === '\u0015') fields.pop();
    else if (fields.includes(true)) continue;
    else if (ch === '\r') out += '\n';
    else if (ch !== '\u0002' && ch !== '\u0005') out += ch;
  }
  return out;
}

const simple: SyntheticDoc = { pieces: [{ text: 'Hello.\r', compressed: false }] };

// ---------------------------------------------------------------- the container

describe('doc-writer: compound file', () => {
  it('opens with cfb and holds exactly WordDocument and 1Table (no cfb placeholder)', () => {
    const o = open(writeDoc(simple));
    expect(o.names.sort()).toEqual(['1Table', 'WordDocument']);
    expect(o.container.FullPaths.some((p) => p.includes('Sh33tJ5'))).toBe(false);
    expect(Array.from(writeDoc(simple).subarray(0, 8))).toEqual([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  });

  it('puts the Clx in 0Table when whichTable is 0', () => {
    const o = open(writeDoc({ ...simple, whichTable: 0 }));
    expect(o.names.sort()).toEqual(['0Table', 'WordDocument']);
    expect(u16(o.wordDocument, FIB.flags) & FIB_FLAGS.fWhichTblStm).toBe(0);
  });

  it('writes lower- and upper-case stream names on request', () => {
    const lower = CFB.read(writeDoc({ ...simple, streamNameCase: 'lower' }), { type: 'array' });
    expect(lower.FileIndex.filter((e) => e.type === 2).map((e) => e.name).sort()).toEqual(['1table', 'worddocument']);
    const upper = CFB.read(writeDoc({ ...simple, streamNameCase: 'upper', whichTable: 0 }), { type: 'array' });
    expect(upper.FileIndex.filter((e) => e.type === 2).map((e) => e.name).sort()).toEqual(['0TABLE', 'WORDDOCUMENT']);
  });

  it('pads WordDocument to 4096 bytes by default, and not when told', () => {
    expect(open(writeDoc(simple)).wordDocument.length).toBe(4096);
    expect(open(writeDoc({ ...simple, minWordDocumentSize: 0 })).wordDocument.length).toBe(0x800 + 14);
  });
});

// ---------------------------------------------------------------- the FIB

describe('doc-writer: FIB', () => {
  it('writes FibBase, FibRgW97, FibRgLw97 and FibRgFcLcb97 at their [MS-DOC] offsets', () => {
    const o = open(writeDoc({ pieces: [{ text: 'Body.\r', compressed: true }] }));
    const w = o.wordDocument;
    expect(u16(w, 0x00)).toBe(0xa5ec); // wIdent
    expect(u16(w, 0x02)).toBe(0x00c1); // nFib
    expect(u16(w, 0x06)).toBe(0x0409); // lid
    expect(u16(w, 0x0a)).toBe(FIB_FLAGS.fExtChar | FIB_FLAGS.fWhichTblStm);
    expect(u16(w, 0x0c)).toBe(0x00bf); // nFibBack
    expect(u32(w, 0x0e)).toBe(0); // lKey
    expect(w[0x12]).toBe(0); // envr
    expect(u16(w, 0x20)).toBe(14); // csw
    expect(u16(w, 0x22 + 26)).toBe(0x0409); // FibRgW97.lidFE
    expect(u16(w, 0x3e)).toBe(22); // cslw
    expect(u32(w, 0x40)).toBe(w.length); // cbMac
    expect(i32(w, 0x4c)).toBe(6); // ccpText
    for (let at = 0x50; at < 0x6c; at += 4) expect(i32(w, at)).toBe(0); // ccpFtn … ccpHdrTxbx
    expect(u16(w, 0x98)).toBe(0x5d); // cbRgFcLcb
    expect(u16(w, 0x9a + 0x5d * 8)).toBe(0); // cswNew
    expect(FIB.fcClx).toBe(0x1a2);
    expect(u32(w, 0x1a2)).toBe(0x200); // fcClx
    expect(u32(w, 0x1a6)).toBe(5 + 8 + 8); // lcbClx: clxt + lcb, 2 CPs, 1 Pcd
    // every other fc/lcb pair is zero
    for (let i = 0; i < 0x5d; i++) if (i !== 33) expect([u32(w, 0x9a + 8 * i), u32(w, 0x9e + 8 * i)]).toEqual([0, 0]);
    // reserved5/6: the Word 97 fcMin/fcMac of the text
    expect([u32(w, 0x18), u32(w, 0x1c)]).toEqual([0x800, 0x806]);
  });

  it('sets the flag bits it is asked for', () => {
    const w = open(
      writeDoc({ ...simple, fDot: true, fComplex: true, cQuickSaves: 3, fEncrypted: true, fObfuscated: true, lKey: 0xdeadbeef, whichTable: 0 }),
    ).wordDocument;
    const flags = u16(w, FIB.flags);
    expect(flags & FIB_FLAGS.fDot).toBeTruthy();
    expect(flags & FIB_FLAGS.fGlsy).toBe(0);
    expect(flags & FIB_FLAGS.fComplex).toBeTruthy();
    expect((flags >> 4) & 0xf).toBe(3);
    expect(flags & FIB_FLAGS.fEncrypted).toBeTruthy();
    expect(flags & FIB_FLAGS.fWhichTblStm).toBe(0);
    expect(flags & FIB_FLAGS.fExtChar).toBeTruthy();
    expect(flags & FIB_FLAGS.fObfuscated).toBeTruthy();
    expect(u32(w, FIB.lKey)).toBe(0xdeadbeef);
  });

  it('writes nFib, lid and the story lengths it is given', () => {
    const spec: SyntheticDoc = {
      pieces: [{ text: 'x'.repeat(50), compressed: true }],
      nFib: 0x00c2,
      lid: 0x0419,
      ccp: { text: 10, ftn: 9, hdd: 8, atn: 7, edn: 6, txbx: 5, hdrTxbx: 4 },
    };
    const o = open(writeDoc(spec));
    expect(u16(o.wordDocument, FIB.nFib)).toBe(0x00c2);
    expect(u16(o.wordDocument, FIB.lid)).toBe(0x0419);
    expect(ccps(o)).toEqual({ text: 10, ftn: 9, hdd: 8, mcr: 0, atn: 7, edn: 6, txbx: 5, hdrTxbx: 4 });
  });

  it('defaults ccpText to the text left after the other stories and their final paragraph mark', () => {
    const o = open(writeDoc({ pieces: [{ text: 'Body\u0002.\r\u0002 note\r\r', compressed: false }], ccp: { ftn: 7 } }));
    expect(ccps(o).text).toBe(7);
  });

  it('writes FibRgCswNew and the longer FibRgFcLcb that nFibNew requires', () => {
    for (const [nFibNew, cb, cswNew] of [
      [0x00d9, 0x6c, 2],
      [0x0101, 0x88, 2],
      [0x010c, 0xa4, 2],
      [0x0112, 0xb7, 5],
    ] as const) {
      const w = open(writeDoc({ ...simple, nFibNew })).wordDocument;
      expect(u16(w, FIB.nFib)).toBe(0x00c1);
      expect(u16(w, FIB.cbRgFcLcb)).toBe(cb);
      const at = FIB.fibRgFcLcb + cb * 8;
      expect(u16(w, at)).toBe(cswNew);
      expect(u16(w, at + 2)).toBe(nFibNew);
      expect(u32(w, FIB.fcClx)).toBe(0x200); // pair 33 stays where it is
    }
  });
});

// ---------------------------------------------------------------- the Clx

describe('doc-writer: Clx and pieces', () => {
  it('writes a PlcPcd with FcCompressed (fc × 2, bit 30) for 8-bit pieces', () => {
    const o = open(
      writeDoc({
        pieces: [
          { text: 'abc', compressed: true },
          { text: 'déf', compressed: false },
          { text: 'ghi\r', compressed: true },
        ],
      }),
    );
    const { prcs, pcds } = readClx(o);
    expect(prcs).toEqual([]);
    expect(pcds.map((p) => [p.cpStart, p.cpEnd, p.compressed])).toEqual([
      [0, 3, true],
      [3, 6, false],
      [6, 10, true],
    ]);
    expect(pcds[0].rawFc).toBe(0x40000000 | (0x800 * 2));
    expect(pcds[1].rawFc).toBe(0x804); // 0x803 rounded up to an even offset
    expect(pcds[2].rawFc).toBe(0x40000000 | ((0x804 + 6) * 2));
    expect(pcds.every((p) => p.prm === 0 && p.flags === 0)).toBe(true);
    expect(allCharacters(o)).toBe('abcdéfghi\r');
  });

  it('lays pieces out in the stream order asked for', () => {
    const o = open(
      writeDoc({
        pieces: [
          { text: 'one ', compressed: false },
          { text: 'two ', compressed: true },
          { text: 'three', compressed: false },
        ],
        streamOrder: [2, 0, 1],
      }),
    );
    const offsets = readClx(o).pcds.map((p) => p.offset);
    expect(offsets).toEqual([0x800 + 10, 0x800 + 18, 0x800]);
    expect(allCharacters(o)).toBe('one two three');
    expect(() => writeDoc({ ...simple, streamOrder: [1] })).toThrow(/permutation/);
  });

  it('lets mutatePieces change a Pcd before the Clx is written', () => {
    const o = open(
      writeDoc({
        pieces: [
          { text: 'a', compressed: false },
          { text: 'b', compressed: true },
        ],
        mutatePieces: (pcds) => {
          pcds[0].fc = 0x123456;
          pcds[1].fc = 0x7000;
          pcds[1].prm = 0x0a0b;
        },
      }),
    );
    const pcds = readClx(o).pcds;
    expect(pcds[0].rawFc).toBe(0x123456);
    expect(pcds[1].rawFc).toBe(0x40000000 | 0xe000);
    expect(pcds[1].prm).toBe(0x0a0b);
  });

  it('writes Prc entries (clxt 1, cbGrpprl, grpprl) before the Pcdt', () => {
    const one = readClx(open(writeDoc({ ...simple, prcBeforePcdt: true })));
    expect(one.prcs.map((g) => Array.from(g))).toEqual([[0x35, 0x08, 0x01]]);
    const two = readClx(open(writeDoc({ ...simple, prcs: [Uint8Array.of(1, 2, 3, 4, 5), Uint8Array.of()] })));
    expect(two.prcs.map((g) => Array.from(g))).toEqual([[1, 2, 3, 4, 5], []]);
  });

  it('refuses 8-bit pieces its encoding cannot hold', () => {
    expect(() => writeDoc({ pieces: [{ text: 'Привет', compressed: true }] })).toThrow(/8-bit/);
    expect(() => writeDoc({ pieces: [{ text: 'Привет', compressed: true, encoding: 'cp1251' }] })).not.toThrow();
  });

  it('writes PlcfFldMom for the field characters when asked', () => {
    const text = 'A \u0013 PAGE \u00141\u0015 b \u0013 DATE \u0015.\r';
    const w = open(writeDoc({ pieces: [{ text, compressed: false }], fieldPlc: true }));
    const fc = u32(w.wordDocument, FIB.fcPlcfFldMom);
    const lcb = u32(w.wordDocument, FIB.fcPlcfFldMom + 4);
    const n = (lcb - 4) / 6;
    expect(n).toBe(5);
    const cps = Array.from({ length: n + 1 }, (_, i) => u32(w.table, fc + 4 * i));
    expect(cps).toEqual([2, 9, 11, 15, 22, text.length]);
    const flds = Array.from({ length: n }, (_, i) => [w.table[fc + 4 * (n + 1) + 2 * i], w.table[fc + 4 * (n + 1) + 2 * i + 1]]);
    expect(flds).toEqual([
      [0x13, 0x21],
      [0x14, 0xff],
      [0x15, 0x80],
      [0x13, 0x1f],
      [0x15, 0x00],
    ]);
  });
});

// ---------------------------------------------------------------- the ready-made cases

describe('synthetic cases', () => {
  const cases = Object.entries(SYNTHETIC_CASES) as [string, SyntheticCase][];

  it.each(cases)('%s: writes a file whose bytes match its expectation', (_name, c) => {
    const o = open(writeDoc(c.spec));
    const lengths = ccps(o);
    const { pcds } = readClx(o);
    const cpEnd = pcds[pcds.length - 1].cpEnd;
    const e = c.expect;
    if (e.kind === 'text') {
      const chars = allCharacters(o);
      expect(chars.slice(0, lengths.text)).toBe(e.characters);
      expect(e.characters.length).toBe(lengths.text);
      const others = lengths.ftn + lengths.hdd + lengths.atn + lengths.edn + lengths.txbx + lengths.hdrTxbx;
      expect(cpEnd).toBe(lengths.text + others + (others > 0 ? 1 : 0));
      if (e.stories?.footnotes !== undefined) {
        expect(chars.slice(lengths.text, lengths.text + lengths.ftn)).toBe(e.stories.footnotes);
      }
      expect(plain(e.characters)).toBe(e.text);
    } else if (e.kind === 'error') {
      expect(e.code).toBe('ENCRYPTED');
      expect(u16(o.wordDocument, FIB.flags) & FIB_FLAGS.fEncrypted).toBeTruthy();
    } else {
      // damaged: something in the file really is out of range, and the salvage is what is left
      const inRange = pcds.filter((p) => p.offset + (p.cpEnd - p.cpStart) * (p.compressed ? 1 : 2) <= o.wordDocument.length);
      expect(inRange.length < pcds.length || lengths.text > cpEnd).toBe(true);
      const kept = inRange.map((p) => {
        const b = o.wordDocument.subarray(p.offset, p.offset + (p.cpEnd - p.cpStart) * (p.compressed ? 1 : 2));
        return p.compressed ? iconv.decode(Buffer.from(b), 'cp1252') : Buffer.from(b).toString('utf16le');
      });
      expect(plain(kept.join(''))).toBe(e.salvage);
    }
  });

  it('has the cases the parser tests rely on', () => {
    expect(Object.keys(SYNTHETIC_CASES)).toEqual(
      expect.arrayContaining([
        'severalPieces',
        'mixedCompressedAndUnicode',
        'piecesOutOfStreamOrder',
        'piecePastEndOfStream',
        'prcBeforePcdt',
        'lowerCaseStreamNames',
        'encrypted',
      ]),
    );
  });
});
