/**
 * fonts.ts: the font table (SttbfFfn) in its three layouts, the charset → code page map, and the
 * document code page heuristic for Word 6/95 files — checked on synthetic tables and, when the
 * shared corpus is present, on its Word 6/95 files against LibreOffice's text.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openContainer } from '../src/container.js';
import { Charset, codePageForCharset, decoderFor } from '../src/io/encoding.js';
import { parseDoc } from '../src/parse.js';
import { documentCodePage, fontCodePage, platformOf } from '../src/word/code-page.js';
import { FcLcb, parseFib } from '../src/word/fib.js';
import { parseFontTable, type FontEntry } from '../src/word/fonts.js';
import { corpusFiles, hasCorpus, libreOfficeText, readCorpusFile, tokenF1 } from './support/corpus.js';

// ---------------------------------------------------------------------------------------------
// Builders of font tables, from [MS-DOC] 2.9.286 SttbfFfn / 2.9.81 FFN and the Word 6 / Word 2 layouts.

interface FontSpec {
  name: string;
  chs: number;
  alt?: string;
  /** Encoding of an 8-bit name (Word 6 / Word 2). */
  encoding?: string;
}

/** Word 97+: cData, cbExtra, FFNs with panose/fs and a UTF-16 name. */
function word97Table(fonts: FontSpec[]): Uint8Array {
  const entries = fonts.map((f) => {
    const name = Buffer.from(`${f.name}\0${f.alt ? `${f.alt}\0` : ''}`, 'utf16le');
    const e = Buffer.alloc(40 + name.length);
    e[0] = e.length - 1; // cbFfnM1
    e[1] = 0x26; // prq 2 (variable), fTrueType, ff 2 (swiss)
    e.writeInt16LE(400, 2); // wWeight
    e[4] = f.chs;
    e[5] = f.alt ? f.name.length + 1 : 0; // ixchSzAlt
    for (let i = 6; i < 40; i++) e[i] = 0xa5; // panose + fs: anything
    name.copy(e, 40);
    return e;
  });
  const head = Buffer.alloc(4);
  head.writeUInt16LE(fonts.length, 0);
  return new Uint8Array(Buffer.concat([head, ...entries]));
}

/** Word 6/95: cbSttbf, FFNs with an 8-bit name at offset 6. */
function word6Table(fonts: FontSpec[]): Uint8Array {
  const entries = fonts.map((f) => {
    const name = Buffer.concat([iconv.encode(`${f.name}\0${f.alt ? `${f.alt}\0` : ''}`, f.encoding ?? 'cp1252')]);
    const e = Buffer.alloc(6 + name.length);
    e[0] = e.length - 1;
    e[1] = 0x16;
    e.writeInt16LE(400, 2);
    e[4] = f.chs;
    e[5] = f.alt ? Buffer.from(iconv.encode(f.name, f.encoding ?? 'cp1252')).length + 1 : 0;
    name.copy(e, 6);
    return e;
  });
  const table = Buffer.concat([Buffer.alloc(2), ...entries]);
  table.writeUInt16LE(table.length, 0);
  return new Uint8Array(table);
}

/** Word 1/2: cbSttbf, FFNs of cbFfnM1, ffid, chs, 8-bit name. */
function word2Table(fonts: FontSpec[]): Uint8Array {
  const entries = fonts.map((f) => {
    const name = Buffer.concat([iconv.encode(`${f.name}\0`, f.encoding ?? 'cp1252')]);
    const e = Buffer.alloc(3 + name.length);
    e[0] = e.length - 1;
    e[1] = 0x16;
    e[2] = f.chs;
    name.copy(e, 3);
    return e;
  });
  const table = Buffer.concat([Buffer.alloc(2), ...entries]);
  table.writeUInt16LE(table.length, 0);
  return new Uint8Array(table);
}

/** Puts `table` at offset `at` of a zero-filled stream of `size` bytes. */
function inStream(table: Uint8Array, at: number, size = at + table.length + 64): Uint8Array {
  const s = new Uint8Array(size);
  s.set(table, at);
  return s;
}

const FONTS: FontSpec[] = [
  { name: 'Times New Roman', chs: Charset.ANSI },
  { name: 'Symbol', chs: Charset.SYMBOL },
  { name: 'Arial Cyr', chs: Charset.RUSSIAN, alt: 'Arial' },
];

const names = (fonts: FontEntry[]) => fonts.map((f) => [f.name, f.charset, f.codePage]);

// ---------------------------------------------------------------------------------------------

describe('codePageForCharset', () => {
  it('maps every Windows charset to its code page', () => {
    const table: Array<[number, number]> = [
      [0, 1252], [1, 1252], [2, 0], [77, 10000], [128, 932], [129, 949], [130, 1361], [134, 936],
      [136, 950], [161, 1253], [162, 1254], [163, 1258], [177, 1255], [178, 1256], [186, 1257],
      [204, 1251], [222, 874], [238, 1250], [255, 437],
    ];
    for (const [chs, cp] of table) expect([chs, codePageForCharset(chs)]).toEqual([chs, cp]);
  });

  it('reads unknown charsets as 1252', () => {
    expect(codePageForCharset(3)).toBe(1252);
    expect(codePageForCharset(200)).toBe(1252);
  });
});

describe('decoderFor (io/encoding.ts) for the code pages of font charsets', () => {
  it('decodes each as iconv-lite does; symbol fonts (0) and Johab (1361) have no decoder (read as cp1252)', () => {
    const high = Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i);
    for (const cp of [437, 874, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258, 10000]) {
      expect([cp, decoderFor(cp)!(high)]).toEqual([cp, iconv.decode(Buffer.from(high), cp === 10000 ? 'macintosh' : `cp${cp}`)]);
    }
    expect(decoderFor(932)!(Uint8Array.of(0x82, 0xa0))).toBe('あ');
    for (const cp of [936, 949, 950]) expect(decoderFor(cp)).not.toBeNull();
    expect(decoderFor(0)).toBeNull();
    expect(decoderFor(1361)).toBeNull();
  });
});

describe('parseFontTable', () => {
  it('reads a Word 97 SttbfFfn (UTF-16 names, alternate name ignored)', () => {
    const table = word97Table([...FONTS, { name: 'ＭＳ 明朝', chs: Charset.SHIFTJIS }]);
    const stream = inStream(table, 0x123);
    expect(names(parseFontTable(stream, 0x123, table.length, 'word97'))).toEqual([
      ['Times New Roman', 0, 1252],
      ['Symbol', 2, 0],
      ['Arial Cyr', 204, 1251],
      ['ＭＳ 明朝', 128, 932],
    ]);
  });

  it('reads a Word 6/95 table (8-bit names, decoded in the font charset)', () => {
    const table = word6Table([...FONTS, { name: 'ＭＳ 明朝', chs: Charset.SHIFTJIS, encoding: 'cp932' }]);
    const stream = inStream(table, 0x300);
    expect(names(parseFontTable(stream, 0x300, table.length, 'word6'))).toEqual([
      ['Times New Roman', 0, 1252],
      ['Symbol', 2, 0],
      ['Arial Cyr', 204, 1251],
      ['ＭＳ 明朝', 128, 932],
    ]);
  });

  it('reads a Word 1/2 table', () => {
    const table = word2Table([{ name: 'Tms Rmn', chs: 0 }, { name: 'Symbol', chs: 2 }, { name: 'Arial', chs: 0 }]);
    expect(names(parseFontTable(inStream(table, 10), 10, table.length, 'word2'))).toEqual([
      ['Tms Rmn', 0, 1252],
      ['Symbol', 2, 0],
      ['Arial', 0, 1252],
    ]);
  });

  it('reads no more fonts than cData says (Word 97)', () => {
    const table = word97Table(FONTS);
    new DataView(table.buffer).setUint16(0, 2, true);
    expect(parseFontTable(table, 0, table.length, 'word97').map((f) => f.name)).toEqual(['Times New Roman', 'Symbol']);
  });

  it('stops at cbSttbf when lcb is larger (Word 6)', () => {
    const table = word6Table(FONTS);
    const stream = inStream(table, 0, table.length + 100);
    stream.fill(0x20, table.length); // junk after the table that would parse as entries
    expect(parseFontTable(stream, 0, table.length + 100, 'word6')).toHaveLength(3);
  });

  it('keeps the fonts before a damaged entry, and reads a table cut by the end of the stream', () => {
    const table = word97Table(FONTS);
    const cut = table.subarray(0, table.length - 10); // third FFN cut short
    expect(parseFontTable(cut, 0, table.length, 'word97').map((f) => f.name)).toEqual(['Times New Roman', 'Symbol']);
    const bad = word6Table(FONTS);
    bad[2 + bad[2]! + 1] = 0xff; // second entry claims 256 bytes
    expect(parseFontTable(bad, 0, bad.length, 'word6').map((f) => f.name)).toEqual(['Times New Roman']);
  });

  it('returns nothing for an absent, empty or out-of-range table', () => {
    const table = word97Table(FONTS);
    expect(parseFontTable(table, 0, 0, 'word97')).toEqual([]);
    expect(parseFontTable(table, table.length + 5, 100, 'word97')).toEqual([]);
    expect(parseFontTable(table, -1, 10, 'word97')).toEqual([]);
    expect(parseFontTable(new Uint8Array(1), 0, 1, 'word6')).toEqual([]);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.integer({ min: -10, max: 700 }),
        fc.integer({ min: -10, max: 900 }),
        fc.constantFrom<'word97' | 'word6' | 'word2'>('word97', 'word6', 'word2'),
        (bytes, at, lcb, layout) => {
          const fonts = parseFontTable(bytes, at, lcb, layout);
          for (const f of fonts) expect(typeof f.name).toBe('string');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('documentCodePage', () => {
  const font = (charset: number, name = 'F'): FontEntry => ({ name, charset, codePage: codePageForCharset(charset) });
  const western = [font(0), font(2), font(0)];
  const high = new Uint8Array([0x41, 0xe0, 0xe1, 0x20]);

  it('takes Mac files as Mac Roman', () => {
    expect(documentCodePage(western, 0x0409, 'mac')).toBe(10000);
  });

  it('takes the language code page when it is not 1252', () => {
    expect(documentCodePage(western, 0x0419, 'windows')).toBe(1251);
    expect(documentCodePage([...western, font(238)], 0x0408, 'windows')).toBe(1253);
  });

  it('takes the dominant non-ANSI font charset when the language says 1252', () => {
    expect(documentCodePage([...western, font(204), font(204)], 0x0409, 'windows')).toBe(1251);
    expect(documentCodePage([...western, font(204), font(0)], 0x0409, 'windows', high)).toBe(1251);
    expect(documentCodePage([...western, font(238)], 0x0409, 'windows')).toBe(1250);
  });

  it('ignores SYMBOL, OEM and DEFAULT fonts and ties', () => {
    expect(documentCodePage([font(0), font(2), font(255), font(1)], 0x0409, 'windows')).toBe(1252);
    expect(documentCodePage([font(204), font(238)], 0x0409, 'windows')).toBe(1252);
    expect(fontCodePage([font(204), font(204), font(238)])).toBe(1251);
    expect(fontCodePage([])).toBeNull();
  });

  it('keeps 1252 when the sample has no byte ≥ 0x80 (every code page reads it alike)', () => {
    expect(documentCodePage([...western, font(128), font(128)], 0x0409, 'windows', new Uint8Array([0x41, 0x0d]))).toBe(1252);
  });

  it('accepts a double-byte font code page only when the sample reads as double-byte text', () => {
    const cjk = [...western, font(136), font(136)];
    const big5 = new Uint8Array(iconv.encode('中文文件，測試。', 'cp950'));
    expect(documentCodePage(cjk, 0x0409, 'windows', big5)).toBe(950);
    // English with a cp1252 apostrophe (0x92) followed by a letter: not Big5.
    expect(documentCodePage(cjk, 0x0409, 'windows', new Uint8Array(Buffer.from('client\x92s', 'latin1')))).toBe(1252);
    expect(documentCodePage(cjk, 0x0409, 'windows')).toBe(950); // no sample: fonts alone
  });
});

// ---------------------------------------------------------------------------------------------
// The corpus: Word 6/95 files whose 8-bit text needs a code page, decoded with the one chosen.

/** Word 6/95 corpus files → the code page documentCodePage must choose (verified against LibreOffice). */
const WORD6_CODE_PAGES: Record<string, number> = {
  'poi/52117.doc': 1251, // lid en-US; fonts "Times New Roman Cyr" (204)
  'poi/TestBug52117.doc': 1251,
  'poi/Bug49933.doc': 1251,
  'poi/word95err.doc': 1251,
  'poi/Bug60942b.doc': 1251, // "Roboto" (204)
  'poi/Bug50955.doc': 1251, // lid ru-RU
  'poi/Bug60936.doc': 1250, // "inherit" (238)
  'poi/TestInvertedClassID.doc': 10000, // written on a Mac (envr 1, chse 256)
  'poi/Bug51944.doc': 1252, // Far-East Word 95, Big5 fonts, English text with a cp1252 quote
  'poi/Word6.doc': 1252, // Shift-JIS fonts listed, ASCII text
  'poi/Word95.doc': 1252,
  'poi/Word6_sections.doc': 1252,
  'poi/Word6_sections2.doc': 1252,
  'poi/57843.doc': 1252,
  'poi/Bug60942.doc': 1252,
  'poi/TestMickey.doc': 1252,
  'poi/cn.orthodox.www_divenbog_APRIL_30-APRIL.DOC': 1252,
};

/** Files whose body differs from LibreOffice's for reasons other than the code page. */
const OTHER_DIFFERENCES = new Set(['poi/Bug60942.doc']);

function word6CodePage(bytes: Uint8Array): { nFib: number; codePage: number } | null {
  const wordDocument = openContainer(bytes).stream('WordDocument');
  if (!wordDocument) return null;
  const fib = parseFib(wordDocument);
  if (fib.version !== 'word6') return null;
  const ffn = fib.fcLcb(FcLcb.SttbfFfn);
  const fonts = parseFontTable(wordDocument, ffn.fc, ffn.lcb, 'word6');
  const mac = platformOf(fib.envr, fib.chse);
  const sample = wordDocument.subarray(fib.fcMin, Math.min(Math.max(fib.fcMac, fib.fcMin), wordDocument.length));
  return { nFib: fib.nFib, codePage: documentCodePage(fonts, fib.lid, mac, sample) };
}

describe.skipIf(!hasCorpus)('shared corpus: Word 6/95 code pages', () => {
  it('lists every Word 6/95 file of the corpus', () => {
    const found: string[] = [];
    for (const file of corpusFiles()) {
      try {
        if (word6CodePage(readCorpusFile(file))) found.push(file);
      } catch {
        // not an OLE Word file, or a damaged one: not ours
      }
    }
    expect(found.sort()).toEqual(Object.keys(WORD6_CODE_PAGES).sort());
  });

  for (const [file, expected] of Object.entries(WORD6_CODE_PAGES)) {
    it(`${file}: code page ${expected}, and the body then reads as LibreOffice's`, () => {
      const bytes = readCorpusFile(file);
      const chosen = word6CodePage(bytes);
      expect(chosen?.codePage).toBe(expected);
      const reference = libreOfficeText(file);
      if (reference === null || OTHER_DIFFERENCES.has(file)) return;
      const text = parseDoc(bytes, { codePage: expected }).text('body');
      expect(tokenF1(reference, text)).toBeGreaterThanOrEqual(0.99);
    });
  }

  it('the font table of every Word 97+ corpus file parses to named fonts', () => {
    let tables = 0;
    for (const file of corpusFiles()) {
      let fonts: FontEntry[];
      try {
        const container = openContainer(readCorpusFile(file));
        const wordDocument = container.stream('WordDocument');
        if (!wordDocument) continue;
        const fib = parseFib(wordDocument);
        if (fib.version !== 'word97' || fib.fEncrypted) continue;
        const table = container.stream(fib.fWhichTblStm ? '1Table' : '0Table');
        const ffn = fib.fcLcb(FcLcb.SttbfFfn);
        if (!table || ffn.lcb === 0) continue;
        fonts = parseFontTable(table, ffn.fc, ffn.lcb, 'word97');
      } catch {
        continue; // damaged containers / FIBs are other tests' business
      }
      if (file.includes('clusterfuzz')) continue;
      tables++;
      expect(fonts.length, file).toBeGreaterThan(0);
      expect(fonts[0]!.name.length, file).toBeGreaterThan(0);
    }
    expect(tables).toBeGreaterThan(100);
  });
});
