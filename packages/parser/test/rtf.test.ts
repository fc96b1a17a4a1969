import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocParseError } from '../src/errors.js';
import { rtfToText } from '../src/formats/rtf.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/rtf/', import.meta.url));

/** RTF source (7-bit, as RTF is written) → bytes. */
function bytes(source: string): Uint8Array {
  return Uint8Array.from(source, (c) => c.charCodeAt(0) & 0xff);
}

function rtf(source: string): string {
  return rtfToText(bytes(source));
}

describe('rtfToText: syntax', () => {
  it('reads text and paragraphs', () => {
    expect(rtf('{\\rtf1\\ansi Hello\\par World}')).toBe('Hello\nWorld');
  });

  it('a space after a control word is its delimiter; other spaces are text', () => {
    expect(rtf('{\\rtf1 \\b bold\\b0  two\\par}')).toBe('bold two\n');
  });

  it('a control word ends at a non-letter, and a numeric parameter is not text', () => {
    expect(rtf('{\\rtf1 \\fs24\\i1x\\i0;y}')).toBe('x;y');
    expect(rtf('{\\rtf1 \\li-720 z}')).toBe('z');
  });

  it('ignores bare CR and LF in the source', () => {
    expect(rtf('{\\rtf1 Hel\r\nlo\nworld}')).toBe('Helloworld');
  });

  it('treats backslash + CR/LF as \\par', () => {
    expect(rtf('{\\rtf1 one\\\ntwo\\\r\nthree}')).toBe('one\ntwo\nthree');
  });

  it('accepts a leading BOM and whitespace', () => {
    expect(rtfToText(Uint8Array.of(0xef, 0xbb, 0xbf, 0x20, 0x0a, ...bytes('{\\rtf1 ok}')))).toBe('ok');
  });

  it('stops at the closing brace of the document', () => {
    expect(rtf('{\\rtf1 in}out')).toBe('in');
  });

  it('returns the text read so far from a truncated document', () => {
    expect(rtf('{\\rtf1 abc{\\b def')).toBe('abcdef');
    expect(rtf('{\\rtf1 abc\\')).toBe('abc');
    expect(rtf("{\\rtf1 abc\\'e")).toBe('abc');
  });

  it('throws DocParseError CORRUPT for bytes that are not RTF', () => {
    for (const input of ['', 'hello', '{\\rtx1}', '\\rtf1']) {
      const call = () => rtf(input);
      expect(call).toThrow(DocParseError);
      try {
        call();
      } catch (e) {
        expect((e as DocParseError).code).toBe('CORRUPT');
      }
    }
  });
});

describe('rtfToText: characters', () => {
  it('maps special-character control words (RTF 1.9.1 "Special Characters")', () => {
    expect(rtf('{\\rtf1 a\\emdash b\\endash c\\lquote d\\rquote e\\ldblquote f\\rdblquote g\\bullet}')).toBe(
      'a\u2014b\u2013c\u2018d\u2019e\u201cf\u201dg\u2022',
    );
    expect(rtf('{\\rtf1 a\\tab b\\line c\\par d}')).toBe('a\tb\nc\nd');
    expect(rtf('{\\rtf1 a\\emspace b\\enspace c\\qmspace d}')).toBe('a\u2003b\u2002c\u2005d');
  });

  it('maps control symbols: \\~ → space, \\- dropped, \\_ → hyphen, escaped specials', () => {
    expect(rtf('{\\rtf1 non\\~breaking op\\-tional non\\_breaking \\\\ \\{x\\}}')).toBe(
      'non breaking optional non-breaking \\ {x}',
    );
  });

  it('drops hidden (\\v) and deleted (\\deleted) text, as the .doc formatter does', () => {
    expect(rtf('{\\rtf1 a{\\v hidden\\par}b\\deleted gone\\deleted0 c{\\v x\\v0 y}\\v z\\plain w}')).toBe('abcyw');
    expect(rtf('{\\rtf1\\trowd a\\cell{\\v b\\cell}\\row}')).toBe('a\t\n');
  });

  it('treats \\page and \\sect as line ends and drops \\chftn', () => {
    expect(rtf('{\\rtf1 a\\page b\\sect c{\\super\\chftn}}')).toBe('a\nb\nc');
  });

  it("decodes \\'hh in Windows-1252 by default", () => {
    expect(rtf("{\\rtf1\\ansi caf\\'e9 \\'93q\\'94 \\'80}")).toBe('café “q” €');
  });

  it("decodes \\'hh in the \\ansicpg code page", () => {
    expect(rtf("{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}")).toBe('Привет');
  });

  it("decodes \\'hh in Mac Roman under \\mac", () => {
    expect(rtf("{\\rtf1\\mac caf\\'8e}")).toBe('café');
  });

  it('decodes 8-bit literal characters in the document code page', () => {
    expect(rtfToText(Uint8Array.of(...bytes('{\\rtf1\\ansi\\ansicpg1251 '), 0xe4, 0xe0, 0x7d))).toBe('да');
  });

  it("honours \\fcharset of the current font for \\'hh", () => {
    const source =
      '{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}' +
      '{\\f1\\froman\\fcharset204 Times New Roman Cyr;}{\\f2\\fnil\\fcharset161 Greek;}' +
      "{\\f3\\fnil\\fcharset238 CE;}}\\f0 caf\\'e9 {\\f1 \\'cf\\'f0\\'e8} {\\f2 \\'e1\\'e2} \\f3 \\'9a \\f0 \\'e9}";
    expect(rtf(source)).toBe('café При αβ š é');
  });

  it('uses the default font (\\deff) until \\f, and again after \\plain', () => {
    const source =
      "{\\rtf1\\ansi\\deff1{\\fonttbl{\\f0\\fcharset0 Arial;}{\\f1\\fcharset204 Arial Cyr;}}\\'e0\\f0\\'e0\\plain\\'e0}";
    expect(rtf(source)).toBe('аàа');
  });

  it('maps 8-bit characters of symbol fonts (\\fcharset2) to U+F0xx, as Word stores them', () => {
    const source = "{\\rtf1\\ansi{\\fonttbl{\\f1\\fcharset2 Wingdings;}}{\\f1 v\\'a7\\'fc}}";
    expect(rtf(source)).toBe('v\uf0a7\uf0fc');
  });

  it('prefers a font\'s \\cpg over its \\fcharset', () => {
    const source = "{\\rtf1\\ansi{\\fonttbl{\\f0\\fcharset0\\cpg1253 Greek;}}\\f0 \\'e1}";
    expect(rtf(source)).toBe('α');
  });

  it('reads the old flat font-table form (no group per font)', () => {
    const source = "{\\rtf1\\ansi{\\fonttbl\\f0\\fcharset0 Arial;\\f1\\fcharset204 Cyr;}\\f1 \\'e0}";
    expect(rtf(source)).toBe('а');
  });

  it("joins double-byte \\'hh\\'hh pairs (Shift-JIS), including a raw trail byte", () => {
    const source = "{\\rtf1\\ansi\\ansicpg932{\\fonttbl{\\f0\\fcharset128 MS Mincho;}}\\f0 \\'82\\'a0\\'82\\'a2\\'83A}";
    expect(rtf(source)).toBe('あいア');
  });

  it('reads \\uN as a signed 16-bit code unit and skips one fallback character', () => {
    expect(rtf('{\\rtf1 \\u1055?\\u1088?\\u1080?}')).toBe('При');
    expect(rtf("{\\rtf1 \\u-3913\\'b7}")).toBe('\uf0b7'); // -3913 + 65536 = 0xF0B7
    expect(rtf('{\\rtf1 \\u-10179?\\u-8704?}')).toBe('😀'); // a surrogate pair
  });

  it("skips \\ucN fallback characters; \\'hh and control words count as one", () => {
    expect(rtf("{\\rtf1\\uc2 \\u20013\\'d6\\'d0 x}")).toBe('中 x');
    expect(rtf('{\\rtf1\\uc0 \\u1055 x}')).toBe('Пx');
    expect(rtf('{\\rtf1\\uc1 \\u1055\\emdash x}')).toBe('Пx');
  });

  it('scopes \\ucN to its group and stops skipping at a group boundary', () => {
    expect(rtf("{\\rtf1{\\uc2 \\u20013\\'d6\\'d0}\\u1055?}")).toBe('中П');
    expect(rtf('{\\rtf1{\\u1055}x}')).toBe('Пx');
  });
});

describe('rtfToText: destinations', () => {
  it('skips the header tables and document information', () => {
    const source =
      '{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}' +
      '{\\stylesheet{\\s0 Normal;}}{\\info{\\title T}{\\author A}}{\\*\\generator Gen;}Body}';
    expect(rtf(source)).toBe('Body');
  });

  it('skips pictures, including \\binN data with braces in it', () => {
    expect(rtf('{\\rtf1 a{\\pict\\pngblip 89504e47}b}')).toBe('ab');
    expect(rtf('{\\rtf1 a{\\pict\\bin4 {}{\\}b}')).toBe('ab');
    expect(rtfToText(Uint8Array.of(...bytes('{\\rtf1 a{\\*\\blob\\bin3 '), 0x7d, 0x5c, 0x00, ...bytes('}b}')))).toBe('ab');
  });

  it('skips ignorable destinations \\*\\… that it does not know', () => {
    expect(rtf('{\\rtf1 a{\\*\\unknownthing hidden {nested} text}b}')).toBe('ab');
    expect(rtf('{\\rtf1 a{\\*\\bkmkstart mark}b{\\*\\bkmkend mark}c}')).toBe('abc');
  });

  it('skips headers, footers, footnotes and annotations (body only)', () => {
    const source =
      '{\\rtf1{\\header Head\\par}{\\footerl Foot\\par}Body' +
      '{\\*\\atnid me}{\\*\\annotation Comment} text{\\footnote\\pard Custom-mark note}}';
    expect(rtf(source)).toBe('Body text');
  });

  it('numbers auto-numbered note references: footnotes 1, 2…, endnotes i, ii… (as the .doc formatter)', () => {
    const note = (kind: string) => `{\\super\\chftn}{\\footnote${kind}\\pard{\\super\\chftn} Note}`;
    const source = `{\\rtf1 a${note('')} b${note('\\ftnalt')} c${note('')} d${note('\\ftnalt')} e${note(' ')}}`;
    expect(rtf(source)).toBe('a1 bi c2 dii e3');
  });

  it('drops a \\chftn that no \\footnote follows', () => {
    expect(rtf('{\\rtf1 a{\\chftn} b{\\footnote\\pard x}}')).toBe('a b');
  });

  it('keeps a field result and drops its instruction', () => {
    expect(rtf('{\\rtf1 See {\\field{\\*\\fldinst HYPERLINK "http://x.test/"}{\\fldrslt {\\ul link}}} now}')).toBe(
      'See link now',
    );
    expect(rtf('{\\rtf1 Page {\\field{\\fldinst PAGE}{\\fldrslt 3}}}')).toBe('Page 3');
  });

  it('keeps an object\'s \\result and skips the object data', () => {
    const source =
      '{\\rtf1 a{\\object\\objemb{\\*\\objclass Excel.Sheet.8}{\\*\\objdata 01050000}' +
      '{\\result{\\pict\\wmetafile8 0100}Result}}b}';
    expect(rtf(source)).toBe('aResultb');
  });

  it('does not let a \\result revive text inside a skipped destination', () => {
    expect(rtf('{\\rtf1{\\header{\\object{\\result Hidden}}}Body}')).toBe('Body');
  });

  it('reads the \\ud part of \\upr and skips the ANSI part', () => {
    expect(rtf("{\\rtf1{\\upr{Ansi \\'3f}{\\*\\ud{Unicode \\u1055?}}}}")).toBe('Unicode П');
  });

  it('keeps list-number text, as the .doc formatter inserts list numbers', () => {
    expect(rtf('{\\rtf1{\\listtext\\pard 1.\\tab}Item\\par{\\pntext\\f0 \\bullet\\tab}Next\\par}')).toBe(
      '1.\tItem\n\u2022\tNext\n',
    );
    expect(rtf('{\\rtf1{\\*\\pn\\pnlvlblt{\\pntxtb x}}Item}')).toBe('Item');
  });

  it('shows the Symbol-font bullet of list text as U+2022', () => {
    const source =
      "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset2 Symbol;}}" +
      "{\\listtext\\pard\\plain\\f1 \\'b7\\tab}Item\\par{\\listtext\\pard\\plain \\u-3913\\'3f\\tab}Two}";
    expect(rtf(source)).toBe('\u2022\tItem\n\u2022\tTwo');
  });

  it('skips shapes, whose text is a text box, not body text', () => {
    expect(rtf('{\\rtf1 a{\\shp{\\*\\shpinst{\\sp{\\sn x}{\\sv 1}}{\\shptxt Box}}{\\shprslt Box}}b}')).toBe('ab');
  });

  it('skips RTF-only content of encapsulated HTML (\\htmlrtf)', () => {
    expect(rtf('{\\rtf1\\fromhtml1 {\\*\\htmltag <p>}\\htmlrtf {\\b rtf only}\\htmlrtf0 shown}')).toBe('shown');
  });
});

describe('rtfToText: tables', () => {
  it('joins cells with tabs and ends each row with a newline', () => {
    const source =
      '{\\rtf1\\trowd\\cellx1000\\cellx2000\\pard\\intbl a\\cell b\\cell\\row' +
      '\\trowd\\cellx1000\\cellx2000\\pard\\intbl c\\cell d\\cell\\row\\pard after\\par}';
    expect(rtf(source)).toBe('a\tb\nc\td\nafter\n');
  });

  it('keeps paragraphs inside a cell and empty cells', () => {
    expect(rtf('{\\rtf1\\trowd a\\par b\\cell c\\cell\\row}')).toBe('a\nb\tc\n');
    expect(rtf('{\\rtf1\\trowd\\cell\\cell\\row}')).toBe('\t\n');
    expect(rtf('{\\rtf1\\trowd x\\cell\\cell\\row}')).toBe('x\t\n');
  });

  it('reads nested rows from \\*\\nesttableprops and skips \\nonesttables', () => {
    const source =
      '{\\rtf1\\trowd outer\\cell\\pard\\intbl\\itap2 in1\\nestcell in2\\nestcell' +
      '{\\*\\nesttableprops\\trowd\\cellx500\\nestrow}{\\nonesttables\\par}\\cell\\row}';
    expect(rtf(source)).toBe('outer\tin1\tin2\n\n');
  });
});

describe('rtfToText: hostile input', () => {
  it('survives 200,000 nested groups without recursion', () => {
    const depth = 200_000;
    const source = '{\\rtf1 ' + '{'.repeat(depth) + 'x' + '}'.repeat(depth) + 'y}';
    expect(rtf(source)).toBe('xy');
  });

  it('restores state correctly after groups deeper than the cap', () => {
    const depth = 5_000;
    const source = "{\\rtf1\\ansi\\ansicpg1251 " + '{'.repeat(depth) + '\\ansicpg1252 ' + '}'.repeat(depth) + "{\\header x}\\'e0}";
    // \ansicpg is document-wide (not group state); the header is still skipped after the deep groups
    expect(rtf(source)).toBe('à');
  });

  it('does linear work on large input: byte reads and output grow as the input does', () => {
    const unit = '\\u1055?\\b x\\b0{\\i y}\\par ';
    // The reader's work, counted deterministically: every read of an input byte (no clock).
    const counted = (source: string) => {
      const input = bytes(source);
      let reads = 0;
      const view = new Proxy(input, {
        get(target, key) {
          if (typeof key === 'string' && key.charCodeAt(0) <= 0x39) reads++; // a numeric index
          const value = Reflect.get(target, key) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      return { text: rtfToText(view), reads, length: input.length };
    };
    const small = counted('{\\rtf1 ' + unit.repeat(10_000) + '}');
    const large = counted('{\\rtf1 ' + unit.repeat(100_000) + '}');
    expect(small.text.length * 10).toBe(large.text.length);
    expect(large.reads).toBeGreaterThanOrEqual(large.length - 1); // every byte is read…
    expect(large.reads).toBeLessThanOrEqual(4 * large.length); // …a bounded number of times
    expect(large.reads).toBeLessThanOrEqual(11 * small.reads);
  });

  it('ignores over-long control words and huge parameters', () => {
    expect(rtf(`{\\rtf1 \\${'a'.repeat(1000)} x\\u99999999999999999999 y\\bin99999999999999}`)).toBe('x\ue3ff');
  });

  it('never throws on arbitrary bytes after {\\rtf', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (tail) => {
        const input = Uint8Array.of(...bytes('{\\rtf1'), ...tail);
        expect(typeof rtfToText(input)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random RTF-like token soup', () => {
    const token = fc.constantFrom(
      '{', '}', '\\par ', '\\cell ', '\\row ', '\\u1055?', '\\uc2 ', "\\'e9", "\\'", '\\*', '\\fonttbl',
      '\\f1 ', '\\fcharset204 ', '\\bin3 ', '\\object', '\\result', '\\upr', '\\ud', '\\header', 'text ', '\\',
      '\\-', '\\~', '\\htmlrtf ', '\\ansicpg932 ', "\\'82",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 200 }), (tokens) => {
        expect(typeof rtf('{\\rtf1 ' + tokens.join(''))).toBe('string');
      }),
      { numRuns: 500 },
    );
  });
});

describe('rtfToText: LibreOffice fixture', () => {
  it('extracts body text: Cyrillic, Greek, a table, a hyperlink, no header or footer', () => {
    const text = rtfToText(new Uint8Array(readFileSync(FIXTURES + 'sample.rtf')));
    const expected = readFileSync(FIXTURES + 'sample.expected.txt', 'utf8');
    expect(text).toBe(expected);
    expect(text).not.toContain('Header text');
    expect(text).not.toContain('Footer text');
    expect(text).not.toContain('HYPERLINK');
  });
});
