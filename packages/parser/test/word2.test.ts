/**
 * word2.ts: Word for Windows 1.x/2.x and Windows Write files. Synthetic files are built here from
 * the layouts documented in word2.ts (LibreOffice 7.4 reads files built this way to the same
 * text); the corpus's one Word 2 file, poi/word2.doc, is compared with LibreOffice and catdoc when
 * the shared corpus is present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DocParseError } from '../src/errors.js';
import { detect } from '../src/detect.js';
import { parseWord2Clx, readWord2File as readWord2 } from '../src/formats/word2.js';
import { corpusDir, hasCorpus, libreOfficeText, readCorpusFile, tokenF1 } from './support/corpus.js';

// ---------------------------------------------------------------------------------------------
// A Word 2 writer: FIB (0x180 bytes), text at fcMin = 0x180, then font table and Clx.

interface Word2Spec {
  body: string;
  footnotes?: string;
  headers?: string;
  encoding?: string;
  lid?: number;
  wIdent?: number;
  /** Extra FIB flag bits (fEncrypted 0x0100, fDot 0x0001, …). */
  flags?: number;
  /** Byte 0x12 (1 = Mac) and chse at 0x14 (256 = Mac charset). */
  envr?: number;
  chse?: number;
  fonts?: Array<[name: string, chs: number]>;
  /** Fast-saved: the text is stored as pieces in reverse order, read through a Clx. */
  complex?: boolean;
  /** Write the Pcdt length as 32 bits (Word 6 style) instead of Word 2's 16 bits. */
  pcdt32?: boolean;
}

const FCMIN = 0x180;

function buildWord2(o: Word2Spec): Uint8Array {
  const enc = (s: string) => Buffer.from(iconv.encode(s, o.encoding ?? 'cp1252'));
  const all = enc((o.body ?? '') + (o.footnotes ?? '') + (o.headers ?? ''));
  const fib = Buffer.alloc(FCMIN);
  let text: Buffer = all;
  let clx: Buffer | null = null;
  if (o.complex) {
    // Two pieces, the second half stored first: only the piece table puts them back in order.
    const mid = Math.floor(all.length / 2);
    const first = all.subarray(0, mid);
    const second = all.subarray(mid);
    text = Buffer.concat([second, first]);
    const plc = Buffer.alloc(4 * 3 + 8 * 2);
    plc.writeUInt32LE(0, 0);
    plc.writeUInt32LE(mid, 4);
    plc.writeUInt32LE(all.length, 8);
    plc.writeUInt32LE(FCMIN + second.length, 12 + 2); // Pcd 0: fc of the first half
    plc.writeUInt32LE(FCMIN, 12 + 8 + 2); // Pcd 1: fc of the second half
    const prc = Buffer.from([0x01, 0x02, 0x00, 0x00, 0x00]); // clxt 1, cb 2, a 2-byte grpprl
    const pcdt = Buffer.alloc(o.pcdt32 ? 5 : 3);
    pcdt[0] = 0x02;
    if (o.pcdt32) pcdt.writeUInt32LE(plc.length, 1);
    else pcdt.writeUInt16LE(plc.length, 1);
    clx = Buffer.concat([prc, pcdt, plc]);
  }
  const fcMac = FCMIN + text.length;
  const pair = (i: number, at: number, lcb: number) => {
    fib.writeUInt32LE(at, 0x58 + 6 * i);
    fib.writeUInt16LE(lcb, 0x58 + 6 * i + 4);
  };
  for (let i = 0; i < 40; i++) pair(i, fcMac, 0);
  fib.writeUInt16LE(o.wIdent ?? 0xa5db, 0);
  fib.writeUInt16LE(45, 2); // nFib
  fib.writeUInt16LE(0x4031, 4); // nProduct
  fib.writeUInt16LE(o.lid ?? 0x0409, 6);
  fib.writeUInt16LE((o.complex ? 0x0014 : 0) | (o.flags ?? 0), 0x0a);
  fib.writeUInt16LE(45, 0x0c);
  fib[0x12] = o.envr ?? 0;
  fib.writeUInt16LE(o.chse ?? 0, 0x14);
  fib.writeUInt32LE(FCMIN, 0x18);
  fib.writeUInt32LE(fcMac, 0x1c);
  fib.writeUInt32LE(enc(o.body).length, 0x34);
  fib.writeUInt32LE(enc(o.footnotes ?? '').length, 0x38);
  fib.writeUInt32LE(enc(o.headers ?? '').length, 0x3c);
  const tail: Buffer[] = [];
  let at = fcMac;
  if (o.fonts) {
    const ffns = o.fonts.map(([name, chs]) => {
      const n = Buffer.concat([iconv.encode(name, 'cp1252'), Buffer.from([0])]);
      return Buffer.concat([Buffer.from([2 + n.length, 0x16, chs]), n]);
    });
    const table = Buffer.concat([Buffer.alloc(2), ...ffns]);
    table.writeUInt16LE(table.length, 0);
    pair(15, at, table.length);
    tail.push(table);
    at += table.length;
  }
  if (clx) {
    pair(33, at, clx.length);
    tail.push(clx);
    at += clx.length;
  }
  fib.writeUInt32LE(at, 0x20); // cbMac
  return new Uint8Array(Buffer.concat([fib, text, ...tail]));
}

// ---------------------------------------------------------------------------------------------
// A Windows Write writer: header page, text from 128, one character page, one paragraph page.

interface WriteParagraph {
  bytes: Uint8Array | string;
  /** PAP rhc byte: 0x10 picture, 0x06 running head (0x01 = footer). */
  rhc?: number;
}

function buildWrite(paragraphs: WriteParagraph[], o: { pnMac0?: boolean; fcMacDelta?: number } = {}): Uint8Array {
  const bytesOf = (p: WriteParagraph) => (typeof p.bytes === 'string' ? Buffer.from(iconv.encode(p.bytes, 'cp1252')) : Buffer.from(p.bytes));
  const parts = paragraphs.map(bytesOf);
  const text = Buffer.concat(parts);
  const fcMac = 128 + text.length;
  const pnChar = Math.ceil(fcMac / 128);
  const charPage = Buffer.alloc(128);
  charPage.writeUInt32LE(128, 0);
  charPage.writeUInt32LE(fcMac, 4);
  charPage.writeUInt16LE(0xffff, 8);
  charPage[127] = 1;
  const paraPage = Buffer.alloc(128);
  paraPage.writeUInt32LE(128, 0);
  const fprops = new Map<number, number>();
  let fpropAt = 123 - 18; // bfprop counts from byte 4 of the page
  let fcLim = 128;
  paragraphs.forEach((p, i) => {
    fcLim += parts[i]!.length;
    paraPage.writeUInt32LE(fcLim, 4 + 6 * i);
    let bfprop = 0xffff;
    if (p.rhc) {
      if (!fprops.has(p.rhc)) {
        fprops.set(p.rhc, fpropAt);
        paraPage[4 + fpropAt] = 17; // cch: PAP bytes 0..16
        paraPage[4 + fpropAt + 1] = 60; // PAP byte 0 (reserved, 60)
        paraPage[4 + fpropAt + 1 + 16] = p.rhc;
        fpropAt -= 18;
      }
      bfprop = fprops.get(p.rhc)!;
    }
    paraPage.writeUInt16LE(bfprop, 4 + 6 * i + 4);
  });
  paraPage[127] = paragraphs.length;
  const pnPara = pnChar + 1;
  const pnFntb = pnPara + 1;
  const header = Buffer.alloc(128);
  header.writeUInt16LE(0xbe31, 0);
  header.writeUInt16LE(0xab00, 4); // wTool
  header.writeUInt32LE(fcMac + (o.fcMacDelta ?? 0), 14);
  header.writeUInt16LE(pnPara, 18);
  for (const at of [20, 22, 24, 26, 28]) header.writeUInt16LE(pnFntb, at); // no FNTB, SEP, SETB, PGTB, FFNTB
  header.writeUInt16LE(o.pnMac0 ? 0 : pnFntb, 96); // pnMac
  const textPages = Buffer.alloc(pnChar * 128 - 128);
  text.copy(textPages);
  return new Uint8Array(Buffer.concat([header, textPages, charPage, paraPage]));
}

/** The plain text a reader sees: CR LF → newline, other controls dropped. */
const plain = (chars: string) => chars.replace(/\r\n?/g, '\n').replace(/[\x00-\x08\x0a-\x1f]/g, (c) => (c === '\n' ? c : ''));

const story = (doc: ReturnType<typeof readWord2>, name: 'body' | 'footnotes' | 'headers') => {
  const order = ['body', 'footnotes', 'headers'] as const;
  let start = 0;
  for (const s of order) {
    if (s === name) return doc.text.slice(start, start + doc.ccp[s]);
    start += doc.ccp[s];
  }
  return '';
};

// ---------------------------------------------------------------------------------------------

describe('readWord2: Word for Windows 2.x', () => {
  it('reads the text of a file that is not fast-saved, one character per CP', () => {
    const doc = readWord2(buildWord2({ body: 'Hello Word two\r\nSecond para\r\n', footnotes: 'Note\r\n', headers: 'Head\r\n\r\n' }));
    expect(doc.format).toBe('word2');
    expect(doc.nFib).toBe(45);
    expect(doc.lid).toBe(0x0409);
    expect(doc.complex).toBe(false);
    expect(doc.pieces).toBe(1);
    expect(doc.codePage).toBe(1252);
    expect(doc.ccp).toMatchObject({ body: 29, footnotes: 6, headers: 8, macros: 0, comments: 0, endnotes: 0 });
    expect(doc.text).toBe('Hello Word two\r\nSecond para\r\nNote\r\nHead\r\n\r\n');
    expect(story(doc, 'headers')).toBe('Head\r\n\r\n');
    expect(doc.warnings).toEqual([]);
  });

  it('reads a fast-saved file through its piece table (16-bit Pcdt length)', () => {
    const doc = readWord2(buildWord2({ body: 'Fast saved text here\r\nMore words\r\n', complex: true }));
    expect(doc.complex).toBe(true);
    expect(doc.pieces).toBe(2);
    expect(doc.text).toBe('Fast saved text here\r\nMore words\r\n');
  });

  it('accepts a 32-bit Pcdt length too', () => {
    const doc = readWord2(buildWord2({ body: 'Another fast save\r\n', complex: true, pcdt32: true }));
    expect(doc.text).toBe('Another fast save\r\n');
  });

  it('decodes in the code page of the language, of the fonts, or of the Mac', () => {
    expect(readWord2(buildWord2({ body: 'Привет мир\r\n', encoding: 'cp1251', lid: 0x0419 })).text).toBe('Привет мир\r\n');
    const cyrFonts = buildWord2({
      body: 'Привет мир\r\n',
      encoding: 'cp1251',
      fonts: [['Times New Roman', 0], ['Symbol', 2], ['Times New Roman Cyr', 204]],
    });
    const doc = readWord2(cyrFonts);
    expect(doc.codePage).toBe(1251);
    expect(doc.fonts.map((f) => f.name)).toEqual(['Times New Roman', 'Symbol', 'Times New Roman Cyr']);
    expect(doc.text).toBe('Привет мир\r\n');
    const mac = readWord2(buildWord2({ body: 'Café\r\n', encoding: 'macintosh', chse: 256 }));
    expect(mac.codePage).toBe(10000);
    expect(mac.text).toBe('Café\r\n');
    expect(readWord2(buildWord2({ body: 'Café\r\n', encoding: 'macintosh', envr: 1 })).text).toBe('Café\r\n');
  });

  it('lets the caller override the code page', () => {
    const bytes = buildWord2({ body: 'Ελληνικά\r\n', encoding: 'cp1253' });
    expect(readWord2(bytes).text).not.toBe('Ελληνικά\r\n');
    expect(readWord2(bytes, { codePage: 1253 }).text).toBe('Ελληνικά\r\n');
    expect(readWord2(bytes, { codePage: 'cp1253' }).codePage).toBe(0); // a name, not a number
  });

  it('reads Word 1 files (country code in place of the language id)', () => {
    const doc = readWord2(buildWord2({ body: 'Word one\r\n', wIdent: 0xa59b, lid: 1 }));
    expect(doc.text).toBe('Word one\r\n');
    expect(doc.codePage).toBe(1252); // lid 1 is a country code, not Arabic
  });

  it('reports templates, refuses encrypted files', () => {
    expect(readWord2(buildWord2({ body: 'x\r\n', flags: 0x0001 })).template).toBe(true);
    expect(() => readWord2(buildWord2({ body: 'secret\r\n', flags: 0x0100 }))).toThrow(
      expect.objectContaining({ name: 'DocParseError', code: 'ENCRYPTED' }),
    );
  });

  it('cuts text that runs past the end of the file, with a warning', () => {
    const bytes = buildWord2({ body: 'Some text that is cut\r\n' });
    const doc = readWord2(bytes.subarray(0, FCMIN + 9));
    expect(doc.text.startsWith('Some text')).toBe(true);
    expect(doc.warnings.join(' ')).toMatch(/cut|covers/);
  });

  it('rejects truncated headers and other formats with typed errors', () => {
    expect(() => readWord2(new Uint8Array([0xdb, 0xa5, 0x2d]))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => readWord2(new Uint8Array([0x50, 0x4b, 3, 4]))).toThrow(expect.objectContaining({ code: 'NOT_WORD' }));
    expect(() => readWord2(new Uint8Array(0))).toThrow(DocParseError);
    expect(detect(buildWord2({ body: 'x' }))).toBe('word2');
    expect(detect(new Uint8Array([0xd0, 0xcf]))).not.toMatch(/word2|write/);
  });

  it('parseWord2Clx skips Prc entries and rejects impossible tables', () => {
    const plc = Buffer.alloc(16);
    plc.writeUInt32LE(0, 0);
    plc.writeUInt32LE(5, 4);
    plc.writeUInt32LE(0x200, 8 + 2);
    const clx = new Uint8Array(Buffer.concat([Buffer.from([1, 1, 0, 0x55, 2, 16, 0]), plc]));
    expect(parseWord2Clx(clx, 0, clx.length)).toEqual([{ cpStart: 0, cpEnd: 5, offset: 0x200, compressed: true }]);
    expect(() => parseWord2Clx(new Uint8Array([2, 7, 0, 0, 0, 0, 0]), 0, 7)).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => parseWord2Clx(new Uint8Array([9, 0, 0]), 0, 3)).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(() => parseWord2Clx(clx, 0, 999)).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});

describe('readWord2: Windows Write', () => {
  const picture = new Uint8Array(60).map((_, i) => (i === 0 ? 0x88 : (i * 37) & 0xff)); // metafile-ish binary

  it('reads the text, skips pictures and moves running heads to the headers story', () => {
    const doc = readWord2(
      buildWrite([
        { bytes: 'Header text\r\n', rhc: 0x06 },
        { bytes: 'Hello Write café\r\n' },
        { bytes: picture, rhc: 0x10 },
        { bytes: 'Second paragraph\r\n' },
        { bytes: 'Page footer\r\n', rhc: 0x07 },
      ]),
    );
    expect(doc.format).toBe('write');
    expect(doc.codePage).toBe(1252);
    // What LibreOffice 7.4 (libwps) prints for this file: the body, without header or picture.
    expect(plain(story(doc, 'body'))).toBe('Hello Write café\nSecond paragraph\n');
    expect(story(doc, 'body')).toContain('\x01');
    expect(doc.ccp.body).toBe(18 + 60 + 18); // one CP per byte
    expect(story(doc, 'headers')).toBe('Header text\r\nPage footer\r\n');
    expect(doc.warnings).toEqual(['1 picture or object paragraph(s) skipped']);
  });

  it('reads a file without paragraph pages as plain text', () => {
    const bytes = buildWrite([{ bytes: 'Just text\r\n' }]);
    bytes[18] = 0; // pnPara = 0
    bytes[19] = 0;
    expect(readWord2(bytes).text).toBe('Just text\r\n');
  });

  it('reads Word for DOS files (pnMac 0) in the IBM PC code page', () => {
    const doc = readWord2(buildWrite([{ bytes: new Uint8Array(iconv.encode('Größe\r\n', 'cp437')) }], { pnMac0: true }));
    expect(doc.codePage).toBe(437);
    expect(doc.text).toBe('Größe\r\n');
  });

  it('cuts fcMac to the file and keeps going', () => {
    const doc = readWord2(buildWrite([{ bytes: 'Short\r\n' }], { fcMacDelta: 100000 }));
    expect(doc.warnings.some((w) => /past the end/.test(w))).toBe(true);
    expect(doc.text.startsWith('Short\r\n')).toBe(true);
  });

  it('rejects a truncated header', () => {
    expect(() => readWord2(buildWrite([{ bytes: 'x' }]).subarray(0, 100))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});

describe('readWord2: damaged input', () => {
  const samples = [
    buildWord2({ body: 'Hello Word two\r\nSecond para\r\n', headers: 'Head\r\n', fonts: [['Arial', 0]] }),
    buildWord2({ body: 'Fast saved text here\r\nMore words\r\n', complex: true }),
    buildWrite([{ bytes: 'Header\r\n', rhc: 0x06 }, { bytes: 'Body text\r\n' }, { bytes: new Uint8Array(40), rhc: 0x10 }]),
  ];

  it('throws nothing but DocParseError on mutated files', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        fc.option(fc.nat(), { nil: undefined }),
        (sample, edits, cut) => {
          const bytes = sample.slice(0, cut === undefined ? sample.length : Math.max(2, cut % (sample.length + 1)));
          for (const [at, value] of edits) {
            // Keep the signature so the mutation exercises the reader, not the format check.
            const i = at % bytes.length;
            if (i >= 2) bytes[i] = value;
          }
          try {
            const doc = readWord2(bytes);
            expect(typeof doc.text).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(DocParseError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe.skipIf(!hasCorpus)('shared corpus: poi/word2.doc', () => {
  const file = 'poi/word2.doc';

  it('reads the FIB: Word 2 (nFib 45), en-US, not fast-saved, body and headers', () => {
    const doc = readWord2(readCorpusFile(file));
    expect(doc).toMatchObject({ format: 'word2', nFib: 45, lid: 0x0409, codePage: 1252, complex: false, pieces: 1 });
    expect(doc.ccp).toMatchObject({ body: 5498, footnotes: 0, headers: 311 });
    expect(doc.text.length).toBe(0x1833 - 0x180); // fcMac - fcMin
    expect(doc.warnings).toEqual([]);
    expect(story(doc, 'headers')).toContain('PARTICIPANTS LIST');
  });

  it("body text is exactly LibreOffice's", () => {
    const doc = readWord2(readCorpusFile(file));
    const reference = libreOfficeText(file);
    expect(reference).not.toBeNull();
    expect(plain(story(doc, 'body'))).toBe(reference!.replace(/^\ufeff/, ''));
  });

  it("has every word catdoc prints (catdoc loses the first paragraphs: it starts 128 bytes late)", () => {
    const catdocFile = join(corpusDir, 'expected', 'catdoc', `${file}.txt`);
    if (!existsSync(catdocFile)) return;
    const catdoc = readFileSync(catdocFile, 'utf8');
    const doc = readWord2(readCorpusFile(file));
    expect(tokenF1(catdoc, plain(doc.text))).toBeGreaterThan(0.97);
    const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu));
    const ours = words(plain(doc.text));
    expect([...words(catdoc)].filter((w) => !ours.has(w))).toEqual([]);
  });
});
