/**
 * catdoc output mode. The expected outputs below were produced by the real catdoc 0.95 (Debian)
 * from the same characters (see catdoc-oracle.ts), and are re-checked against it when catdoc is
 * installed. Golden comparison on the shared corpus: every file whose catdoc output is not a
 * classified catdoc defect must come out byte for byte identical.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseDoc } from '../src/index.js';
import { runCatdoc } from '../src/cli/catdoc.js';
import { CATDOC_USAGE, catdocCharsetList, parseCatdocArgs } from '../src/cli/catdoc-args.js';
import { CATDOC_CHARSETS } from '../src/render/catdoc/charsets.js';
import {
  CATDOC_MAX_WIDTH,
  CatdocOptionError,
  catdocCharsetNames,
  catdocParagraphs,
  formatCatdoc,
  formatCatdocExact,
  formatCatdocText,
  type CatdocOptions,
} from '../src/render/catdoc/format.js';
import { catdocCharsetToIconv, catdocCopyOut, decodeCatdocCharset } from '../src/render/catdoc/source.js';
import { hostCatdocAvailable, oracleSafe, runCatdocOnChars } from './catdoc-oracle.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = resolve(root, '../shared/corpus');
const hasCatdoc = hostCatdocAvailable();

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
function optionsFromFlags(flags: readonly string[]): Partial<CatdocOptions> {
  const args = parseCatdocArgs(flags);
  expect(args.action).toBe('run');
  return args.options;
}

// expected: catdoc's stdout bytes as a latin1 string
const CASES: { name: string; chars: string; flags: string[]; expected: string }[] = [
  { name: "paragraphs end with a blank line", chars: "First paragraph.\rSecond.\r", flags: [], expected: "First paragraph.\n\nSecond.\n\n" },
  { name: "-w: one line per paragraph", chars: "First paragraph.\rSecond.\r", flags: ["-w"], expected: "First paragraph.\nSecond.\n" },
  { name: "empty paragraphs print nothing", chars: "\r\r\ra\r\r", flags: [], expected: "a\n\n" },
  { name: "a paragraph of one character prints; a bare mark does not", chars: "x\r\r", flags: [], expected: "x\n\n" },
  { name: "0x0B hard return ends a paragraph", chars: "line one\u000bline two\r", flags: [], expected: "line one\n\nline two\n\n" },
  { name: "table: cells -> TAB, row end -> paragraph end", chars: "a\u0007b\u0007\u0007c\u0007\u0007next\r", flags: [], expected: "a\tb\n\nc\n\nnext\n\n" },
  { name: "table with a paragraph inside a cell", chars: "p1\rp2\u0007q\u0007\u0007after\r", flags: [], expected: "p1\n\np2\tq\n\nafter\n\n" },
  { name: "empty cell looks like a row end", chars: "a\u0007\u0007c\u0007\u0007\r", flags: [], expected: "a\n\nc\n\n\n\n" },
  { name: "three cell marks: row end then cell separator", chars: "a\u0007\u0007\u0007d\r", flags: [], expected: "a\n\n\td\n\n" },
  { name: "page break kept, 0x1E -> -, 0x1F soft hyphen dropped, 0x02 dropped", chars: "a\fb\u001ec\u001fd\u0002e\r", flags: [], expected: "a\fb-cde\n\n" },
  { name: "U+00AD and U+FEFF dropped", chars: "so\u00adft\ufeffx\r", flags: [], expected: "softx\n\n" },
  { name: "field: instructions printed, 0x13 0x14 0x15 -> spaces", chars: "See \u0013 HYPERLINK \"http://x.org\" \u0014the site\u0015.\r", flags: [], expected: "See   HYPERLINK \"http://x.org\"  the site .\n\n" },
  { name: "0x01 in field instructions is skipped", chars: "a\u0013 EMBED \u0001\u0014\u0015b\r", flags: [], expected: "a  EMBED   b\n\n" },
  { name: "0x01 outside a field discards the paragraph so far", chars: "lost text\u0001kept\r", flags: [], expected: "kept\n\n" },
  { name: "0x15 does not end field mode: a later 0x01 is still skipped", chars: "a\u0013 X \u0015b\u0001c\r", flags: [], expected: "a  X  bc\n\n" },
  { name: "0x08 and 0x05 discard the paragraph so far", chars: "drawing\b after\rnote\u0005ref\r", flags: [], expected: " after\n\nref\n\n" },
  { name: "a control character just before the mark leaves an empty paragraph", chars: "gone\u0003\rnext\r", flags: [], expected: "next\n\n" },
  { name: "tabs kept", chars: "a\tb\r", flags: [], expected: "a\tb\n\n" },
  { name: "wrap at the last space at or before column 72", chars: "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa end\r", flags: [], expected: "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\naaaa aaaa aaaa aaaa aaaa aaaa end\n\n" },
  { name: "wrap counts UTF-8 bytes", chars: "\u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \u00e9\u00e9 \r", flags: [], expected: "\u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9\n\u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9\n\u00c3\u00a9\u00c3\u00a9 \u00c3\u00a9\u00c3\u00a9 \n\n" },
  { name: "no space: cut at 72 bytes, backed up to a UTF-8 character start", chars: "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\r", flags: [], expected: "\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\n\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\u00c3\u00a9\n\n" },
  { name: "no space and ASCII: hard cut at 72", chars: ".xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r", flags: [], expected: ".xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nxxxxxxx\n\n" },
  { name: "wrap may break at a TAB", chars: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\tyyyyyyyyyyyyyyyyyyyy\r", flags: [], expected: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nyyyyyyyyyyyyyyyyyyyy\n\n" },
  { name: "a space at index 0 does not count", chars: " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r", flags: [], expected: " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nxxxxxxxxx\n\n" },
  { name: "-m 20", chars: "the quick brown fox jumps over the lazy dog\r", flags: ["-m","20"], expected: "the quick brown fox\njumps over the lazy\ndog\n\n" },
  { name: "-m 0 is -w", chars: "the quick brown fox\rjumps\r", flags: ["-m","0"], expected: "the quick brown fox\njumps\n" },
  { name: "tex format", chars: "#$%&_{}[]^\\~\u00a9\u00a0 50%\r", flags: ["-t"], expected: "\\#\\$\\%\\&\\_${$$}$$[$$]$\\asciicircum{}$\\backslash$\\asciitilde{}\\copyright{\n}~ 50\\%\n\n" },
  { name: "tex row end", chars: "a\u0007b\u0007\u0007c\r", flags: ["-t"], expected: "a&b\\\\\n\nc\n\n" },
  { name: "tex soft hyphen", chars: "hy\u001fphen\r", flags: ["-t"], expected: "hy\\-phen\n\n" },
  { name: "8-bit target: charset, then replacements, then ?", chars: "caf\u00e9 \u2013 \u201cq\u201d \u4e00\r", flags: ["-d","us-ascii"], expected: "cafe - ``q'' ?\n\n" },
  { name: "8-bit target: -x hex for unknown", chars: "caf\u00e9 \u4e00\r", flags: ["-d","us-ascii","-x"], expected: "cafe \\x4E00\n\n" },
  { name: "8-bit target: cp1252", chars: "caf\u00e9 \u2013 \u20ac \u0416\r", flags: ["-d","cp1252"], expected: "caf\u00e9 \u0096 \u0080 ZH\n\n" },
  { name: "8-bit target: koi8-r", chars: "\u041f\u0440\u0438\u0432\u0435\u0442 \u00e9\r", flags: ["-d","koi8-r"], expected: "\u00f0\u00d2\u00c9\u00d7\u00c5\u00d4 e\n\n" },
];

describe('catdoc rules on hand-made characters', () => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(latin1(formatCatdoc(c.chars, optionsFromFlags(c.flags)))).toBe(c.expected);
    });
  }

  it.skipIf(!hasCatdoc)('the expected outputs are what the installed catdoc prints', () => {
    for (const c of CASES) {
      expect(oracleSafe(c.chars), c.name).toBe(c.chars);
      expect(runCatdocOnChars(c.chars, c.flags).toString('latin1'), c.name).toBe(c.expected);
    }
  });

  it('returns UTF-8 text for -d utf-8 and decodes 8-bit output', () => {
    expect(formatCatdocText('caf\u00e9\r')).toBe('caf\u00e9\n\n');
    expect(formatCatdocText('\u041f\u0440\u0438\r', { targetCharset: 'koi8-r' })).toBe('\u041f\u0440\u0438\n\n');
  });

  it('writes characters outside the BMP as UTF-8, wrapping where catdoc wraps (6 bytes)', () => {
    const text = 'x'.repeat(60) + ' \u{1D11E}\u{1D11E} y' + '\r';
    const out = Buffer.from(formatCatdoc(text));
    expect(out.toString('utf8')).toBe('x'.repeat(60) + '\n\u{1D11E}\u{1D11E} y\n\n');
    // catdoc itself (exact mode) writes each surrogate as a 3-byte sequence
    const exact = Buffer.from(formatCatdocExact(text));
    expect(exact.includes(Buffer.from([0xed, 0xa0, 0xb4]))).toBe(true);
  });

  it('prints what is pending at the end of the characters (catdoc reads on into non-text bytes)', () => {
    expect(latin1(formatCatdoc('one\rtwo'))).toBe('one\n\ntwo');
    expect(latin1(formatCatdoc('one\rtwo', { width: 0 }))).toBe('one\ntwo');
    expect(latin1(formatCatdocExact('one\rtwo'))).toBe('one\n\n');
  });

  it('a margin narrower than a character: a line feed per character that finds the line stuck, then the line (where catdoc overflows its line buffer)', () => {
    const utf8 = (b: Uint8Array) => Buffer.from(b).toString('utf8');
    // 中 prints as 3 bytes: with -m 2 no cut can print it, and every character added prints a line feed.
    expect(utf8(formatCatdoc('中中a\r', { width: 2 }))).toBe('\n\n\n中中a\n\n');
    expect(utf8(formatCatdocExact('中中a', { width: 2 }))).toBe('\n\n\n');
    // Linear and without error on a long paragraph (the line grew past its buffer before).
    const n = 100_000;
    expect(utf8(formatCatdoc('中'.repeat(n) + '\r', { width: 2 }))).toBe('\n'.repeat(n) + '中'.repeat(n) + '\n\n');
  });

  it('drops a paragraph of 262144 units without a mark, like catdoc', () => {
    const paras: number[] = [];
    catdocParagraphs('a'.repeat(262144) + 'b\r', (p) => paras.push(p.length));
    expect(paras).toEqual([2]);
  });

  it('rejects bad options like catdoc', () => {
    expect(() => formatCatdoc('x', { width: 600 })).toThrow(CatdocOptionError);
    expect(() => formatCatdoc('x', { width: 600 })).toThrow('wrap margin is too large');
    expect(() => formatCatdoc('x', { targetCharset: 'latin-1' })).toThrow('Cannot load charset');
    expect(() => formatCatdoc('x', { width: -1 })).toThrow(CatdocOptionError);
    expect(() => formatCatdoc('x', { width: 400 })).not.toThrow();
  });

  it('CATDOC_MAX_WIDTH is the widest margin accepted (catdoc -m 505 runs, -m 506 refuses)', () => {
    expect(CATDOC_MAX_WIDTH).toBe(505);
    expect(() => formatCatdoc('x', { width: CATDOC_MAX_WIDTH })).not.toThrow();
    expect(() => formatCatdoc('x', { width: CATDOC_MAX_WIDTH + 1 })).toThrow('wrap margin is too large');
  });
});

describe('catdoc command-line options', () => {
  it('parses grouped, attached and separate values, files anywhere', () => {
    const a = parseCatdocArgs(['-wx', 'a.doc', '-dcp1251', '-m', '60', '-t', '--', '-b.doc']);
    expect(a.action).toBe('run');
    expect(a.options).toMatchObject({ width: 60, unknownAsHex: true, targetCharset: 'cp1251', format: 'tex' });
    expect(a.files).toEqual(['a.doc', '-b.doc']);
  });
  it('keeps the previous charset when -d/-s names an unknown one (as catdoc)', () => {
    const a = parseCatdocArgs(['-d', 'koi8-r', '-d', 'nonsense', '-s', 'UTF-8']);
    expect(a.options.targetCharset).toBe('koi8-r');
    expect(a.sourceCharset).toBeUndefined();
    expect(parseCatdocArgs(['-s', 'cp1251']).sourceCharset).toBe('cp1251');
  });
  it('-m: 0 is -w, strtol syntax, errors', () => {
    expect(parseCatdocArgs(['-m0']).options.width).toBe(0);
    expect(parseCatdocArgs(['-m', '0x10']).options.width).toBe(16);
    expect(parseCatdocArgs(['-m', '12x']).error).toBe("Invalid wrap margin value `12x'");
    expect(parseCatdocArgs(['-f', 'html']).error).toContain('Cannot read substitution map html');
    expect(parseCatdocArgs(['-q']).action).toBe('help');
    expect(parseCatdocArgs(['-m']).action).toBe('help');
  });
  it('-V, -l, -a, -b, -u, -8, -v', () => {
    expect(parseCatdocArgs(['-x', '-V']).action).toBe('version');
    expect(parseCatdocArgs(['-l']).action).toBe('list');
    expect(parseCatdocArgs(['-t', '-a']).options.format).toBe('ascii');
    const a = parseCatdocArgs(['-b', '-u', '-v']);
    expect([a.broken, a.readerHint, a.verbose]).toEqual([true, 'unicode', true]);
    expect(parseCatdocArgs(['-8']).readerHint).toBe('8bit');
  });
  it('-l lists the charsets as catdoc does', () => {
    const list = catdocCharsetList(catdocCharsetNames());
    expect(list.startsWith('Available charsets:\n8859-1\t8859-10\t8859-11\t8859-13\t8859-14\n')).toBe(true);
    expect(list.endsWith('\nus-ascii\tutf-8\n')).toBe(true);
    if (hasCatdoc) expect(list).toBe(spawnSync('catdoc', ['-l'], { encoding: 'latin1' }).stdout);
  });
});

describe('catdoc charsets', () => {
  it('has every charset catdoc lists', () => {
    expect(catdocCharsetNames()).toHaveLength(47);
    expect(CATDOC_CHARSETS['cp1252'].charCodeAt(0x80)).toBe(0x20ac);
    expect(CATDOC_CHARSETS['cp1252'].charCodeAt(0x81)).toBe(0); // undefined in catdoc's table
  });

  it('maps each catdoc charset to an iconv-lite encoding with the same table (for -s)', () => {
    for (const name of catdocCharsetNames()) {
      const enc = catdocCharsetToIconv(name);
      if (name === 'utf-8' || name === 'mac-arabic' || name === 'mac-hebrew') {
        expect(enc, name).toBeNull();
        continue;
      }
      expect(enc && iconv.encodingExists(enc), name).toBe(true);
      const table = CATDOC_CHARSETS[name];
      const decoded = iconv.decode(Buffer.from([...Array(256).keys()]), enc!);
      const diffs = [...Array(256).keys()].filter((b) => table.charCodeAt(b) !== 0 && decoded.charCodeAt(b) !== table.charCodeAt(b));
      // Known table differences: iconv-lite follows newer Apple tables; catdoc's us-ascii.txt maps
      // 0x27/0x60 to U+2019/U+2018.
      const known: Record<string, number[]> = { 'mac-cyrillic': [0xa2, 0xb6, 0xff], 'mac-greek': [0x9c, 0xaf, 0xff], 'mac-roman': [0xbd, 0xdb, 0xf0], 'us-ascii': [0x27, 0x60] };
      expect(diffs, name).toEqual(known[name] ?? []);
    }
  });

  it.skipIf(!hasCatdoc)('decodes and encodes every byte as the installed catdoc does', () => {
    const all = Buffer.from([...Array(256).keys()].filter((b) => b >= 0x20));
    for (const name of catdocCharsetNames()) {
      if (name === 'utf-8') continue;
      // plain (non-OLE) input is copied out through the source charset: catdoc's copy_out
      const r = spawnSync('catdoc', ['-s', name, '-d', 'utf-8', '-'], { input: Buffer.concat([Buffer.from('PLAINTXT'), all]), env: { ...process.env, LANG: 'C.UTF-8' } });
      const ours = catdocCopyOut(new Uint8Array(Buffer.concat([Buffer.from('PLAINTXT'), all])), { sourceCharset: name });
      expect(Buffer.from(ours).equals(r.stdout), `-s ${name}`).toBe(true);
      // and every Unicode character of the charset back to its bytes; catdoc 0.95 crashes
      // (SIGSEGV in make_reverse_map: signed short) on target charsets with code points >= U+8000
      if (name === 'cp864' || name === 'mac-hebrew' || name === 'mac-roman') continue;
      const text = decodeCatdocCharset(new Uint8Array(all), name);
      const r2 = spawnSync('catdoc', ['-s', name, '-d', name, '-'], { input: Buffer.concat([Buffer.from('PLAINTXT'), all]), env: { ...process.env, LANG: 'C.UTF-8' } });
      const ours2 = catdocCopyOut(new Uint8Array(Buffer.concat([Buffer.from('PLAINTXT'), all])), { sourceCharset: name, targetCharset: name });
      expect(Buffer.from(ours2).equals(r2.stdout), `-d ${name}`).toBe(true);
      expect(text.length).toBe(all.length);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Golden comparison on real files

/** Corpus files where catdoc 0.95 is wrong (classified by bench/golden/compare.ts). */
const CATDOC_DEFECTS = new Map<string, string>([
  ['poi/word2.doc', 'Word 2: catdoc starts reading 256 bytes late'],
  ['poi/52117.doc', 'Word 6 text in a non-1252 code page read as cp1252'],
  ['poi/Bug49933.doc', 'Word 6 text in a non-1252 code page read as cp1252'],
  ['poi/Bug60936.doc', 'Word 6 text in a non-1252 code page read as cp1252'],
  ['poi/Bug60942b.doc', 'Word 6 text in a non-1252 code page read as cp1252'],
  ['poi/TestBug52117.doc', 'Word 6 text in a non-1252 code page read as cp1252'],
  ['poi/word95err.doc', 'Word 6 text in a non-1252 code page read as cp1252'],
  ['poi/20-Force-on-a-current-S00.doc', 'pieces not contiguous in file order'],
  ['poi/47950_lower.doc', 'stream name case'],
  ['poi/47950_upper.doc', 'stream name case'],
  ['poi/52420.doc', 'pieces not contiguous in file order'],
  ['poi/53379.doc', 'prints embedded Word objects'],
  ['poi/61490.doc', 'pieces not contiguous in file order'],
  ['poi/Bug33519.doc', 'fast-saved'],
  ['poi/Bug45473.doc', 'text not at fcMin'],
  ['poi/Bug46610_2.doc', 'pieces not contiguous in file order'],
  ['poi/Bug46610_3.doc', 'text not at fcMin'],
  ['poi/Bug47286.doc', 'text not at fcMin'],
  ['poi/Bug47287.doc', 'text not at fcMin'],
  ['poi/Bug47731.doc', 'prints embedded Word objects'],
  ['poi/Bug47742.doc', 'text not at fcMin'],
  ['poi/Bug48075.doc', 'pieces not contiguous in file order'],
  ['poi/Bug50955.doc', 'fast-saved'],
  ['poi/Bug51944.doc', 'fast-saved'],
  ['poi/Bug52032_2.doc', 'text not at fcMin'],
  ['poi/Bug53380_1.doc', 'pieces not contiguous in file order'],
  ['poi/Bug53380_3.doc', 'prints embedded Word objects'],
  ['poi/FloatingPictures.doc', 'text not at fcMin'],
  ['poi/Fuzzed.doc', 'text not at fcMin'],
  ['poi/HeaderFooterUnicode.doc', 'pieces not contiguous in file order'],
  ['poi/TestChineseProperties.doc', 'text not at fcMin'],
  ['poi/TestInvertedClassID.doc', 'fast-saved'],
  ['poi/au.edu.utas.www___data_assets_word_doc_0003_154335_International-Travel-Approval-Request-Form.doc', 'pieces not contiguous in file order'],
  ['poi/cap.stanford.edu_profiles_viewbiosketch_facultyid=4009&name=m_maciver.doc', 'pieces not contiguous in file order'],
  ['poi/clusterfuzz-testcase-minimized-POIHWPFFuzzer-4951943183990784.doc', 'pieces not contiguous in file order'],
  // Read since the OLE directory's dangling links lead nowhere (ole/directory.ts); catdoc reads them too.
  ['poi/clusterfuzz-testcase-minimized-POIHWPFFuzzer-4892412469968896.doc', 'mixed 8-bit and UTF-16 pieces read as one run'],
  ['poi/clusterfuzz-testcase-minimized-POIHWPFFuzzer-5440721166139392.doc', 'prints bytes past the end of the text'],
  ['poi/clusterfuzz-testcase-POIHWPFFuzzer-5696094627495936.doc', 'fuzzed pieces: both read noise (LibreOffice refuses the file)'],
  ['poi/cn.orthodox.www_divenbog_APRIL_30-APRIL.DOC', 'fast-saved'],
  ['poi/header_image.doc', 'pieces not contiguous in file order'],
  ['poi/o_kurs.doc', 'fast-saved'],
  ['poi/ob_is.doc', 'fast-saved'],
  ['poi/picture.doc', 'UTF-16 block guess'],
  ['poi/rasp.doc', 'fast-saved'],
  ['poi/word_with_embeded.doc', 'prints embedded Word objects'],
  ['word-extractor/test01.doc', 'CESU-8 for non-BMP'],
  ['word-extractor/test04.doc', 'pieces not contiguous in file order'],
]);

function corpusFiles(): string[] {
  const docs = join(corpus, 'docs');
  if (!existsSync(docs)) return [];
  return readdirSync(docs)
    .sort()
    .flatMap((src) => readdirSync(join(docs, src)).sort().map((f) => `${src}/${f}`));
}

function ourCharacters(path: string): string | null {
  try {
    return parseDoc(new Uint8Array(readFileSync(path))).characters('all');
  } catch {
    return null; // refused with a typed error: the parser's tests cover these
  }
}

describe.skipIf(!existsSync(corpus))('golden: shared corpus vs catdoc 0.95', () => {
  const files = corpusFiles();
  it('is byte-identical to catdoc -d utf-8 (default wrap) except for classified catdoc defects', () => {
    const unexpected: string[] = [];
    let identical = 0;
    for (const f of files) {
      const chars = ourCharacters(join(corpus, 'docs', f));
      const expectedPath = join(corpus, 'expected/catdoc', `${f}.txt`);
      if (chars === null || !existsSync(expectedPath)) continue;
      const same = Buffer.from(formatCatdoc(chars)).equals(readFileSync(expectedPath));
      if (same) identical++;
      else if (!CATDOC_DEFECTS.has(f)) unexpected.push(f);
    }
    expect(unexpected).toEqual([]);
    expect(identical).toBeGreaterThanOrEqual(130);
  });

  it.skipIf(!hasCatdoc)('is byte-identical to catdoc -w except for classified catdoc defects', () => {
    const unexpected: string[] = [];
    for (const f of files) {
      const path = join(corpus, 'docs', f);
      const chars = ourCharacters(path);
      if (chars === null || CATDOC_DEFECTS.has(f)) continue;
      const theirs = spawnSync('catdoc', ['-d', 'utf-8', '-w', path], { env: { ...process.env, LANG: 'C.UTF-8' }, maxBuffer: 1 << 28 }).stdout;
      if (!Buffer.from(formatCatdoc(chars, { width: 0 })).equals(theirs)) unexpected.push(f);
    }
    expect(unexpected).toEqual([]);
  });
});

describe.skipIf(!hasCatdoc || !existsSync(join(root, 'fixtures')))('golden: fixtures vs catdoc 0.95', () => {
  const FIXTURE_DEFECTS = new Set(['multilingual.doc']); // CESU-8 for characters outside the BMP
  it('every fixture is byte-identical in both modes', () => {
    const unexpected: string[] = [];
    for (const f of readdirSync(join(root, 'fixtures')).filter((n) => n.endsWith('.doc'))) {
      const path = join(root, 'fixtures', f);
      // Word files only: catdoc reads RTF with its own RTF reader and copies text out unparsed.
      if (!readFileSync(path).subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) continue;
      const chars = ourCharacters(path);
      if (chars === null || FIXTURE_DEFECTS.has(f)) continue;
      for (const [flags, width] of [[[], 72], [['-w'], 0]] as const) {
        const theirs = spawnSync('catdoc', ['-d', 'utf-8', ...flags, path], { env: { ...process.env, LANG: 'C.UTF-8' } }).stdout;
        if (!Buffer.from(formatCatdoc(chars, { width })).equals(theirs)) unexpected.push(`${f} ${flags.join(' ')}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});

describe('catdoc-compatible command line (runCatdoc)', () => {
  const run = (argv: string[], files: Record<string, Uint8Array> = {}, stdin = new Uint8Array(0)) => {
    const out: Buffer[] = [];
    let err = '';
    const status = runCatdoc(argv, {
      readFile: (p) => {
        if (files[p]) return files[p];
        throw new Error('No such file or directory');
      },
      readStdin: () => stdin,
      stdinIsTTY: false,
      stdout: (b) => out.push(Buffer.from(b)),
      stderr: (t) => (err += t),
      writeFile: () => {
        throw new Error('catdoc writes no files');
      },
    });
    return { status, stdout: Buffer.concat(out), stderr: err };
  };

  it('-V, -l, usage errors', () => {
    expect(run(['-V']).stdout.toString()).toBe('Catdoc Version 0.95\n');
    expect(run(['-l']).stdout.toString()).toContain('Available charsets:\n');
    const bad = run(['-q']);
    expect([bad.status, bad.stderr, bad.stdout.toString()]).toEqual([1, "catdoc: invalid option -- 'q'\n", CATDOC_USAGE]);
    expect(run(['-m', '9999', 'x']).stderr).toBe('wrap margin is too large. cannot proceed\n');
    expect(run(['missing.doc']).status).toBe(1);
  });

  it('copies plain text out through the source charset, without wrapping', () => {
    const text = new Uint8Array(Buffer.from('plain \xe9 text ' + 'x'.repeat(100) + '\r\n', 'latin1'));
    expect(run(['-'], {}, text).stdout.toString('utf8')).toBe('plain \u00e9 text ' + 'x'.repeat(100) + '\r\n');
    expect(run(['-s', 'cp1251', '-'], {}, text).stdout.toString('utf8')).toBe('plain \u0439 text ' + 'x'.repeat(100) + '\r\n');
  });

  it('-b reads the input as 8-bit text through the paragraph rules', () => {
    const text = new Uint8Array(Buffer.from('one\rtwo\x07three\x07\x07\r', 'latin1'));
    expect(run(['-b', '-w', '-'], {}, text).stdout.toString()).toBe('one\ntwo\tthree\n\n');
  });

  it.skipIf(!hasCatdoc || !existsSync(join(corpus, 'docs')))('matches catdoc on a corpus document and on text files', () => {
    const path = join(corpus, 'docs/catdoc/basic.doc');
    const bytes = new Uint8Array(readFileSync(path));
    for (const flags of [[], ['-w'], ['-m', '40', '-d', 'cp1252'], ['-t', '-x', '-d', 'us-ascii']]) {
      const theirs = spawnSync('catdoc', [...flags, path], { env: { ...process.env, LANG: 'C.UTF-8' } });
      const ours = run([...flags, path], { [path]: bytes });
      expect(ours.stdout.equals(theirs.stdout), flags.join(' ')).toBe(true);
    }
    const text = Buffer.from('Plain text file\nwith \x93quotes\x94 and a \x1c cell mark ' + 'y'.repeat(90) + '\rend', 'latin1');
    for (const flags of [[], ['-d', 'koi8-r'], ['-t'], ['-b', '-m', '30'], ['-b', '-w']]) {
      const theirs = spawnSync('catdoc', [...flags, '-'], { input: text, env: { ...process.env, LANG: 'C.UTF-8' } });
      expect(run([...flags, '-'], {}, new Uint8Array(text)).stdout.toString('latin1'), flags.join(' ')).toBe(theirs.stdout.toString('latin1'));
    }
  });
});
