import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import CFB from 'cfb';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  FMTID_DOC_SUMMARY_INFORMATION,
  FMTID_SUMMARY_INFORMATION,
  FMTID_USER_DEFINED_PROPERTIES,
  filetimeToIso,
  parseDocumentSummaryInformation,
  parseSummaryInformation,
  readMetadata,
  readPropertySetStream,
} from '../src/word/property-set.js';

// ---------------------------------------------------------------------------------------------
// A small PropertySetStream writer ([MS-OLEPS] 2.20, 2.21), for hand-made test streams
// ---------------------------------------------------------------------------------------------

type Prop = [pid: number, typed: Uint8Array];

const VT = { I2: 2, I4: 3, BOOL: 0x0b, LPSTR: 0x1e, LPWSTR: 0x1f, FILETIME: 0x40, CF: 0x47 } as const;

function le(n: number, size: number): number[] {
  return Array.from({ length: size }, (_, i) => Number((BigInt(n) >> BigInt(8 * i)) & 0xffn));
}

function typed(type: number, value: number[]): Uint8Array {
  const body = [...le(type, 2), 0, 0, ...value];
  while (body.length % 4) body.push(0); // values are padded to 4 bytes
  return Uint8Array.from(body);
}

const i2 = (v: number) => typed(VT.I2, le(v & 0xffff, 2));
const i4 = (v: number) => typed(VT.I4, le(v >>> 0, 4));
const bool = (v: boolean) => typed(VT.BOOL, v ? [0xff, 0xff] : [0, 0]);
/** CodePageString: Size counts the bytes including the terminating NUL. */
const lpstr = (raw: Uint8Array | number[]) => typed(VT.LPSTR, [...le(raw.length + 1, 4), ...raw, 0]);
const lpstrText = (text: string, encoding = 'cp1252') => lpstr([...iconv.encode(text, encoding)]);
/** UnicodeString: Length counts the characters including the terminating NUL. */
const lpwstr = (text: string) => typed(VT.LPWSTR, [...le(text.length + 1, 4), ...iconv.encode(text + '\0', 'utf16le')]);
const filetimeTicks = (ticks: bigint) => typed(VT.FILETIME, [...le(Number(ticks & 0xffffffffn), 4), ...le(Number(ticks >> 32n), 4)]);
const filetime = (iso: string) => filetimeTicks(BigInt(Date.parse(iso)) * 10000n + 116444736000000000n);

function guidBytes(guid: string): number[] {
  const hex = guid.replace(/-/g, '');
  const b = (i: number) => parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return [b(3), b(2), b(1), b(0), b(5), b(4), b(7), b(6), ...Array.from({ length: 8 }, (_, i) => b(8 + i))];
}

function propertySet(props: Prop[]): number[] {
  const headerSize = 8 + 8 * props.length;
  const index: number[] = [];
  const values: number[] = [];
  for (const [pid, value] of props) {
    index.push(...le(pid, 4), ...le(headerSize + values.length, 4));
    values.push(...value);
  }
  return [...le(headerSize + values.length, 4), ...le(props.length, 4), ...index, ...values];
}

function stream(sets: { fmtid: string; props: Prop[] }[]): Uint8Array {
  const header = [0xfe, 0xff, 0, 0, ...le(0x00020006, 4), ...new Array(16).fill(0), ...le(sets.length, 4)];
  let offset = header.length + 20 * sets.length;
  const entries: number[] = [];
  const bodies: number[] = [];
  for (const set of sets) {
    const body = propertySet(set.props);
    entries.push(...guidBytes(set.fmtid), ...le(offset, 4));
    bodies.push(...body);
    offset += body.length;
  }
  return Uint8Array.from([...header, ...entries, ...bodies]);
}

const summary = (props: Prop[]) => stream([{ fmtid: FMTID_SUMMARY_INFORMATION, props }]);

// ---------------------------------------------------------------------------------------------

describe('readPropertySetStream', () => {
  it('reads every supported property type', () => {
    const [set] = readPropertySetStream(
      summary([
        [1, i2(1252)],
        [2, lpstrText('Title')],
        [3, lpwstr('Wide')],
        [14, i4(-5)],
        [15, i2(-2)],
        [16, bool(true)],
        [17, bool(false)],
        [12, filetimeTicks(123n)],
        [18, typed(VT.CF, [1, 2, 3, 4])],
      ]),
    );
    expect(set.fmtid).toBe(FMTID_SUMMARY_INFORMATION);
    expect(set.codePage).toBe(1252);
    const p = set.properties;
    expect(p.get(2)).toEqual({ kind: 'string', value: 'Title' });
    expect(p.get(3)).toEqual({ kind: 'string', value: 'Wide' });
    expect(p.get(14)).toEqual({ kind: 'int', value: -5 });
    expect(p.get(15)).toEqual({ kind: 'int', value: -2 });
    expect(p.get(16)).toEqual({ kind: 'bool', value: true });
    expect(p.get(17)).toEqual({ kind: 'bool', value: false });
    expect(p.get(12)).toEqual({ kind: 'filetime', ticks: 123n });
    expect(p.has(18)).toBe(false); // clipboard data (thumbnail) is not read
  });

  it('reads both sets of a DocumentSummaryInformation stream', () => {
    const sets = readPropertySetStream(
      stream([
        { fmtid: FMTID_DOC_SUMMARY_INFORMATION, props: [[2, lpstrText('Cat')]] },
        { fmtid: FMTID_USER_DEFINED_PROPERTIES, props: [[2, lpstrText('Custom')]] },
      ]),
    );
    expect(sets.map((s) => s.fmtid)).toEqual([FMTID_DOC_SUMMARY_INFORMATION, FMTID_USER_DEFINED_PROPERTIES]);
  });

  it('returns [] for bytes that are not a property-set stream', () => {
    expect(readPropertySetStream(new Uint8Array(0))).toEqual([]);
    expect(readPropertySetStream(new Uint8Array(100))).toEqual([]); // ByteOrder is not 0xFFFE
    expect(readPropertySetStream(Uint8Array.of(0xfe, 0xff, 0, 0))).toEqual([]);
  });
});

describe('parseSummaryInformation', () => {
  it('maps PIDSI_* properties ([MS-OLEPS] 2.25.1)', () => {
    const meta = parseSummaryInformation(
      summary([
        [1, i2(1252)],
        [2, lpstrText('My “title”')],
        [3, lpstrText('Subject')],
        [4, lpstrText('Zoë Author')],
        [5, lpstrText('k1 k2')],
        [6, lpstrText('Some comments')],
        [7, lpstrText('Normal.dot')],
        [8, lpstrText('Last One')],
        [9, lpstrText('7')],
        [10, filetimeTicks(13n * 600_000_000n + 59n * 10_000_000n)], // 13 min 59 s
        [11, filetime('2001-02-03T04:05:06Z')],
        [12, filetime('2000-01-12T14:49:00Z')],
        [13, filetime('2002-01-24T20:07:00Z')],
        [14, i4(3)],
        [15, i4(1297)],
        [16, i4(7393)],
        [18, lpstrText('Microsoft Word 9.0')],
        [19, i4(0)],
      ]),
    );
    expect(meta).toEqual({
      codePage: 1252,
      title: 'My “title”',
      subject: 'Subject',
      author: 'Zoë Author',
      keywords: 'k1 k2',
      comments: 'Some comments',
      template: 'Normal.dot',
      lastAuthor: 'Last One',
      revision: '7',
      editTimeMinutes: 13,
      lastPrinted: '2001-02-03T04:05:06.000Z',
      created: '2000-01-12T14:49:00.000Z',
      lastSaved: '2002-01-24T20:07:00.000Z',
      pages: 3,
      words: 1297,
      characters: 7393,
      application: 'Microsoft Word 9.0',
    });
  });

  it('decodes VT_LPSTR in the set\'s PID_CODEPAGE', () => {
    expect(parseSummaryInformation(summary([[1, i2(1251)], [2, lpstrText('Привет', 'cp1251')]])).title).toBe('Привет');
    expect(parseSummaryInformation(summary([[1, i2(932)], [2, lpstrText('第1章', 'shiftjis')]])).title).toBe('第1章');
    // 65001 is stored as the VT_I2 -535
    const utf8 = parseSummaryInformation(summary([[1, i2(-535)], [4, lpstrText('Гвоздицин', 'utf8')]]));
    expect(utf8).toEqual({ codePage: 65001, author: 'Гвоздицин' });
    // CP_WINUNICODE: a CodePageString holds UTF-16LE and its Size counts bytes
    const wide = [...iconv.encode('Ünï\0', 'utf16le')];
    const cp1200 = typed(VT.LPSTR, [...le(wide.length, 4), ...wide]);
    expect(parseSummaryInformation(summary([[1, i2(1200)], [2, cp1200]])).title).toBe('Ünï');
  });

  it('defaults to Windows-1252 without PID_CODEPAGE and omits codePage', () => {
    expect(parseSummaryInformation(summary([[2, lpstrText('café')]]))).toEqual({ title: 'café' });
  });

  it('omits empty strings, zero dates and implausible times', () => {
    const meta = parseSummaryInformation(
      summary([
        [2, lpstrText('')],
        [11, filetimeTicks(0n)],
        [12, filetimeTicks(3_600n * 10_000_000n)], // 1601-01-01T01:00: a duration, not a date
        [13, filetimeTicks(0xffffffffffffffffn)],
        [10, filetimeTicks(0xfffffffffffff000n)], // negative as a signed FILETIME
      ]),
    );
    expect(meta).toEqual({});
  });

  it('stops a string at its first NUL', () => {
    expect(parseSummaryInformation(summary([[2, lpstr([0x41, 0x42, 0, 0x43])]])).title).toBe('AB');
  });

  it('uses the stream\'s first set when no FMTID matches', () => {
    const s = stream([{ fmtid: '00000000-0000-0000-0000-000000000001', props: [[2, lpstrText('T')]] }]);
    expect(parseSummaryInformation(s).title).toBe('T');
  });
});

describe('parseDocumentSummaryInformation', () => {
  it('maps PIDDSI_* properties of the first set ([MS-OLEPS] 2.25.2)', () => {
    const meta = parseDocumentSummaryInformation(
      stream([
        {
          fmtid: FMTID_DOC_SUMMARY_INFORMATION,
          props: [
            [1, i2(1252)],
            [2, lpstrText('Category')],
            [5, i4(61)],
            [6, i4(14)],
            [11, bool(false)],
            [14, lpstrText('The Manager')],
            [15, lpstrText('ACME')],
            [17, i4(9079)],
          ],
        },
        { fmtid: FMTID_USER_DEFINED_PROPERTIES, props: [[2, lpstrText('not the category')]] },
      ]),
    );
    expect(meta).toEqual({
      codePage: 1252,
      category: 'Category',
      lines: 61,
      paragraphs: 14,
      manager: 'The Manager',
      company: 'ACME',
      charactersWithSpaces: 9079,
    });
  });
});

describe('readMetadata', () => {
  it('merges both streams; SummaryInformation wins on codePage', () => {
    const doc = stream([{ fmtid: FMTID_DOC_SUMMARY_INFORMATION, props: [[1, i2(1251)], [15, lpstrText('Firma', 'cp1251')]] }]);
    const sum = summary([[1, i2(1252)], [2, lpstrText('T')]]);
    expect(readMetadata(sum, doc)).toEqual({ codePage: 1252, title: 'T', company: 'Firma' });
    expect(readMetadata(undefined, doc)).toEqual({ codePage: 1251, company: 'Firma' });
    expect(readMetadata()).toEqual({});
  });
});

describe('broken property sets', () => {
  const good = summary([
    [1, i2(1252)],
    [2, lpstrText('A title')],
    [4, lpstrText('An author')],
    [12, filetime('2000-01-12T14:49:00Z')],
    [14, i4(5)],
  ]);

  it('never throws on any truncation of a stream', () => {
    for (let len = 0; len <= good.length; len++) {
      expect(() => readMetadata(good.subarray(0, len), good.subarray(0, len))).not.toThrow();
    }
  });

  it('skips a property whose offset points outside the set and reads the rest', () => {
    const bad = good.slice();
    // The second PropertyIdentifierAndOffset (title) sits at 48 (set) + 8 + 8; its offset at +4.
    new DataView(bad.buffer).setUint32(48 + 16 + 4, 0x7fffffff, true);
    expect(parseSummaryInformation(bad)).toEqual({
      codePage: 1252,
      author: 'An author',
      created: '2000-01-12T14:49:00.000Z',
      pages: 5,
    });
  });

  it('clamps a string Size that runs past the set', () => {
    const s = summary([[2, lpstrText('Short')]]);
    new DataView(s.buffer).setUint32(48 + 16 + 4, 0xfffffff0, true); // the CodePageString Size
    expect(parseSummaryInformation(s).title).toBe('Short');
  });

  it('caps NumProperties and NumPropertySets by what the stream can hold', () => {
    const s = good.slice();
    const view = new DataView(s.buffer);
    view.setUint32(24, 0xffffffff, true); // NumPropertySets
    view.setUint32(48 + 4, 0xffffffff, true); // NumProperties
    expect(parseSummaryInformation(s).title).toBe('A title');
  });

  it('never throws on random mutations of a valid stream', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.nat(good.length),
        (edits, cut) => {
          const s = good.slice(0, Math.max(cut, 1));
          for (const [at, value] of edits) if (at < s.length) s[at] = value;
          expect(() => readMetadata(s, s)).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on random bytes behind a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const s = Uint8Array.of(...good.subarray(0, 48), ...tail);
        expect(() => readMetadata(s, s)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('filetimeToIso', () => {
  it('converts FILETIME ticks to ISO 8601 UTC', () => {
    expect(filetimeToIso(116444736000000000n)).toBeUndefined(); // 1970: before 1980
    expect(filetimeToIso(116444736000000000n + 946684800n * 10_000_000n)).toBe('2000-01-01T00:00:00.000Z');
  });
});

// ---------------------------------------------------------------------------------------------
// Real documents. Expected values agree with `file(1)` except where noted: file(1) shows
// non-ASCII as blanks, reads VT_LPWSTR lengths as bytes, and shifts dates that fall on the
// 31st of a month back by one month (checked independently from the raw FILETIMEs).
// ---------------------------------------------------------------------------------------------

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CORPUS = resolve(REPO_ROOT, '../shared/corpus/docs');
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) console.warn(`property-set tests: corpus not found at ${CORPUS}; corpus tests skipped`);

/** Root-level streams only: "/name" — a bare name could match an embedded object's stream. */
function metadataOf(path: string) {
  const cfb = CFB.read(new Uint8Array(readFileSync(path)), { type: 'array' });
  const stream = (name: string) => {
    const entry = CFB.find(cfb, '/' + name);
    return entry?.content ? Uint8Array.from(entry.content as ArrayLike<number>) : undefined;
  };
  return readMetadata(stream('\u0005SummaryInformation'), stream('\u0005DocumentSummaryInformation'));
}

describe.skipIf(!haveCorpus)('corpus documents (skipped without ../shared/corpus)', () => {
  const doc = (rel: string) => join(CORPUS, rel);

  it('Word 2000 document (20-Force-on-a-current-S00.doc)', () => {
    expect(metadataOf(doc('poi/20-Force-on-a-current-S00.doc'))).toEqual({
      codePage: 1252,
      title: 'FORCE ON A CURRENT IN A MAGNETIC FIELD',
      author: 'Labs',
      template: 'Normal.dot',
      lastAuthor: 'alba',
      revision: '6',
      application: 'Microsoft Word 9.0',
      editTimeMinutes: 13,
      lastPrinted: '2000-01-12T14:54:00.000Z',
      created: '2000-01-12T14:49:00.000Z',
      lastSaved: '2002-01-24T20:07:00.000Z',
      pages: 1,
      words: 1297,
      characters: 7393,
      lines: 61,
      paragraphs: 14,
      charactersWithSpaces: 9079,
    });
  });

  it('Mac Word 2008 document in code page 10000 (47304.doc)', () => {
    expect(metadataOf(doc('poi/47304.doc'))).toMatchObject({
      codePage: 10000,
      template: 'Normal.dotm',
      lastAuthor: 'Jelmer Kuperus',
      application: 'Microsoft Word 12.1.0',
      editTimeMinutes: 1,
      created: '2009-06-02T23:49:00.000Z',
      lastSaved: '2009-06-02T23:50:00.000Z',
    });
  });

  it('UTF-8 property strings, code page -535 (52117.doc)', () => {
    expect(metadataOf(doc('poi/52117.doc'))).toEqual({
      codePage: 65001,
      title: 'Document 6.1',
      subject: 'Test 6.1',
      author: 'Author 6.1',
      keywords: 'Word 6.1',
      comments: 'Note 6.1',
      template: 'D:\\PROGRA~1\\MICROS~3\\OFFICE11\\TEMPLATE\\NORMAL.DOT',
      lastAuthor: 'Гвоздицин Александр свет Геннадьевич',
      revision: '3',
      editTimeMinutes: 3,
      created: '2010-03-23T17:07:00.000Z',
      lastSaved: '2010-03-23T17:19:00.000Z',
    });
  });

  it('Cyrillic in code page 1251 (52420.doc)', () => {
    expect(metadataOf(doc('poi/52420.doc'))).toMatchObject({
      codePage: 1251,
      title: 'Міністэрства адукацыі Рэспублікі Беларусь',
      author: 'Кудрицкая',
      company: 'МГВРК',
      revision: '23',
      editTimeMinutes: 40,
      words: 203,
      characters: 1163,
    });
  });

  it('Shift-JIS strings; dates on the 31st (TestShiftJIS.doc)', () => {
    expect(metadataOf(doc('poi/TestShiftJIS.doc'))).toMatchObject({
      codePage: 932,
      title: '第1章',
      author: 'Reiichiro Hori',
      lastAuthor: 'milktea',
      created: '2003-01-31T11:04:00.000Z',
      lastSaved: '2003-01-31T13:34:00.000Z',
    });
  });

  it('VT_LPWSTR strings in a CP_WINUNICODE set (word-extractor/test11.doc)', () => {
    expect(metadataOf(doc('word-extractor/test11.doc'))).toMatchObject({
      codePage: 1200,
      author: 'pc',
      template: 'Normal.dotm',
      application: 'WPS Office 专业版_0.0.0.0_{F1E327BC-269C-435d-A152-05C5408002CA}',
      lastSaved: '2016-08-17T00:55:39.000Z',
    });
  });

  it('reads the root streams, not those of an embedded object (53379.doc)', () => {
    expect(metadataOf(doc('poi/53379.doc'))).toMatchObject({
      title: 'ANNEX D',
      author: 'brian davis',
      lastAuthor: 'David Farrer',
      company: 'Gateway EMEA',
      words: 5919,
    });
  });

  it('reads every corpus document without throwing', () => {
    const files = readdirSync(CORPUS, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && /\.doc$/i.test(d.name))
      .map((d) => join(d.parentPath, d.name));
    expect(files.length).toBeGreaterThan(100);
    let withTitleOrAuthor = 0;
    for (const file of files) {
      let meta;
      try {
        meta = metadataOf(file);
      } catch (e) {
        if ((e as Error).name === 'DocParseError') throw e;
        continue; // the cfb package cannot open this container: not ours to test
      }
      for (const value of Object.values(meta)) expect(['string', 'number']).toContain(typeof value);
      if (meta.title || meta.author) withTitleOrAuthor++;
    }
    expect(withTitleOrAuthor).toBeGreaterThan(files.length / 2);
  });
});
