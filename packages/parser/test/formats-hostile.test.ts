/**
 * Hostile input for the readers of non-binary formats: zip bombs (a part that declares a huge
 * size, one that lies about its size, many parts that add up), truncated and damaged archives,
 * deep XML, the "billion laughs" entity bomb, unterminated markup, and random damage to real
 * files. Every failure must be a DocParseError with a code; work is bounded by counts (bytes
 * produced, elements), never by a clock — the inputs here would take minutes or gigabytes if a
 * bound were missing, which the suite's hang detector (vitest's per-test timeout) would catch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocParseError } from '../src/errors.js';
import { renderHtml } from '../src/formats/html/render.js';
import { identify, type MarkupKind } from '../src/formats/identify.js';
import { parseXml } from '../src/formats/markup/xml-tree.js';
import { readDocx } from '../src/formats/ooxml/docx.js';
import { OOXML_NAMESPACES } from '../src/formats/ooxml/package.js';
import { openZip } from '../src/formats/ooxml/zip.js';
import { readFormat } from '../src/formats/readers.js';
import { repoRoot } from './support/corpus.js';

const fixture = (path: string) => new Uint8Array(readFileSync(join(repoRoot, 'fixtures', path)));

function errorOf(action: () => unknown): DocParseError {
  try {
    action();
  } catch (error) {
    if (error instanceof DocParseError) return error;
    throw new Error(`untyped error: ${String(error)}`);
  }
  throw new Error('no error');
}

/** Sets a little-endian u32 in every central directory entry named `name`. */
function patchCentral(zip: Uint8Array, name: string, offset: number, value: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let p = 0; p + 46 <= out.length; p++) {
    if (view.getUint32(p, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(p + 28, true);
    if (new TextDecoder().decode(out.subarray(p + 46, p + 46 + nameLength)) === name) view.setUint32(p + offset, value, true);
  }
  return out;
}

/**
 * Raw DEFLATE for `1 + 258 * matches` zero bytes, written by hand (RFC 1951 §3.2.6, one fixed-
 * Huffman block): a literal 0, then matches of length 258 at distance 1, 13 bits each — a
 * 1000:1 bomb without spending time compressing.
 */
function zerosDeflate(matches: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((3 + 8 + 13 * matches + 7) / 8) + 1);
  let bit = 0;
  const bits = (value: number, n: number) => {
    for (let i = 0; i < n; i++, bit++) if ((value >> i) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  };
  const code = (value: number, n: number) => {
    for (let i = n - 1; i >= 0; i--, bit++) if ((value >> i) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  };
  bits(1, 1); // BFINAL
  bits(1, 2); // BTYPE 01: fixed Huffman codes
  code(0x30, 8); // literal 0
  for (let m = 0; m < matches; m++) {
    code(0xc5, 8); // length symbol 285: 258 bytes
    code(0, 5); // distance code 0: distance 1
  }
  code(0, 7); // end of block (256)
  return out;
}

/** A one-entry ZIP (deflated) around raw DEFLATE data, declaring `size` bytes and CRC 0. */
function zipOf(name: string, deflated: Uint8Array, size: number): Uint8Array {
  const nameBytes = strToU8(name);
  const local = new Uint8Array(30 + nameBytes.length);
  const central = new Uint8Array(46 + nameBytes.length);
  const end = new Uint8Array(22);
  const lv = new DataView(local.buffer);
  const cv = new DataView(central.buffer);
  const ev = new DataView(end.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(8, 8, true);
  lv.setUint32(18, deflated.length, true);
  lv.setUint32(22, size, true);
  lv.setUint16(26, nameBytes.length, true);
  local.set(nameBytes, 30);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(10, 8, true);
  cv.setUint32(20, deflated.length, true);
  cv.setUint32(24, size, true);
  cv.setUint16(28, nameBytes.length, true);
  central.set(nameBytes, 46);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 1, true);
  ev.setUint16(10, 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, local.length + deflated.length, true);
  const zip = new Uint8Array(local.length + deflated.length + central.length + end.length);
  zip.set(local, 0);
  zip.set(deflated, local.length);
  zip.set(central, local.length + deflated.length);
  zip.set(end, local.length + deflated.length + central.length);
  return zip;
}

/** A minimal .docx whose document.xml is `body`. */
function docx(body: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ' +
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
    ...extra,
  });
}

describe('zip bombs', () => {
  it('refuses a part that declares more than the per-part limit, before inflating it', () => {
    const bomb = patchCentral(docx('<w:p/>'), 'word/document.xml', 24, 0x7fffffff);
    const error = errorOf(() => readDocx(bomb));
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/declares 2147483647 bytes, past the limits .*zip bomb/);
  });

  it('stops inflating a part that lies about its size as soon as it passes the declared size', () => {
    const bomb = zerosDeflate(65_000); // 16.8 MB of zeros in 106 KB
    const zip = openZip(zipOf('bomb.xml', bomb, 1000));
    const error = errorOf(() => zip.read(zip.find('bomb.xml')!));
    expect(error.code).toBe('CORRUPT');
    const stopped = Number(/stopped after (\d+)/.exec(error.message)?.[1]);
    // One inflate step is 8 KB of input, at most ~8.3 MB of output: far less than the 16.8 MB of the bomb.
    expect(stopped).toBeGreaterThan(1000);
    expect(stopped).toBeLessThan(9 * 1024 * 1024);
    // Such data declared at its true size inflates in full (the bomb is valid DEFLATE; only the made-up CRC fails).
    const honest = openZip(zipOf('small.xml', zerosDeflate(4000), 1 + 258 * 4000));
    expect(errorOf(() => honest.read(honest.find('small.xml')!)).message).toMatch(/fails its CRC-32 check/);
  });

  it('caps what one package inflates in total, however the parts share it', () => {
    const parts: Record<string, Uint8Array> = {};
    for (let i = 0; i < 8; i++) parts[`p${i}.xml`] = new Uint8Array(300_000);
    const zip = openZip(zipSync(parts), { maxEntries: 100, maxEntryBytes: 1_000_000, maxTotalBytes: 1_000_000 });
    for (let i = 0; i < 3; i++) expect(zip.read(zip.find(`p${i}.xml`)!).length).toBe(300_000);
    expect(errorOf(() => zip.read(zip.find('p3.xml')!)).message).toMatch(/per package/);
  });

  it('refuses an archive that declares more entries than a document package has', () => {
    const parts: Record<string, Uint8Array> = {};
    for (let i = 0; i < 20; i++) parts[`f${i}`] = new Uint8Array(1);
    const error = errorOf(() => openZip(zipSync(parts), { maxEntries: 10, maxEntryBytes: 1e6, maxTotalBytes: 1e6 }));
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/20 entries/);
  });
});

describe('damaged archives', () => {
  const good = fixture('docx/simple.docx');

  it('a truncated .docx is TRUNCATED (no end-of-central-directory record)', () => {
    for (const cut of [10, 100, good.length >> 1, good.length - 30]) {
      expect(errorOf(() => readDocx(good.subarray(0, cut))).code).toBe('TRUNCATED');
    }
  });

  it('deflate data cut short is TRUNCATED; a flipped byte fails the CRC or the inflater (CORRUPT)', () => {
    const archive = zipSync({ 'a.xml': strToU8('<a>'.repeat(5000)) });
    const entry = openZip(archive).find('a.xml')!;
    const short = patchCentral(archive, 'a.xml', 20, entry.compressedSize - 10);
    expect(errorOf(() => openZip(short).read(openZip(short).find('a.xml')!)).code).toBe('TRUNCATED');
    const stored = zipSync({ 'a.xml': strToU8('<a>hello</a>') }, { level: 0 });
    const flipped = stored.slice();
    // The "h" of "hello" (not the first 0x68 byte: the header's DOS time, today's, may hold one).
    flipped[Buffer.from(stored).indexOf('hello')] = 0x48; // "hello" → "Hello"
    expect(errorOf(() => openZip(flipped).read(openZip(flipped).find('a.xml')!)).message).toMatch(/CRC-32/);
  });

  it('random damage to a real .docx gives text or a DocParseError, never anything else', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const bytes = good.slice();
        for (const [at, value] of edits) bytes[at] = value;
        try {
          readFormat('zip', bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DocParseError);
        }
      }),
      { numRuns: 200, seed: 15 },
    );
  });
});

describe('hostile XML', () => {
  it('refuses nesting deeper than the limit (a part that would overflow the walkers\' stack)', () => {
    const deep = docx('<w:p>' + '<w:r>'.repeat(100_000) + '</w:p>');
    const error = errorOf(() => readDocx(deep));
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/more than 512 deep/);
    // 500 levels (far more than Word writes) are read.
    expect(readDocx(docx('<w:sdt><w:sdtContent>'.repeat(240) + '<w:p><w:r><w:t>deep</w:t></w:r></w:p>')).stories.body).toBe('deep\n');
  });

  it('does not expand DTD entities: the billion laughs stay a few bytes', () => {
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const xml =
      `<?xml version="1.0"?><!DOCTYPE w:wordDocument [<!ENTITY lol0 "lol">${lol}]>` +
      '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body>' +
      '<w:p><w:r><w:t>&lol9; &amp; &#x41;</w:t></w:r></w:p></w:body></w:wordDocument>';
    expect(identify(strToU8(xml))).toBe('wordml');
    expect(readFormat('wordml', strToU8(xml)).stories.body).toBe('&lol9; & A\n');
    expect(JSON.stringify(parseXml(xml, OOXML_NAMESPACES, 'test')).length).toBeLessThan(300);
  });

  it('reads unterminated comments, CDATA, attribute values and tags to the end in one pass', () => {
    const n = 400_000;
    for (const tail of ['<!--', '<![CDATA[', '<w:p w:x="', '<w:p ', '<!DOCTYPE [', '<?pi ']) {
      const xml = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>kept</w:t></w:r></w:p>' + tail + 'x'.repeat(n);
      expect(() => parseXml(xml, OOXML_NAMESPACES, 'test')).not.toThrow();
    }
    // Many stray end tags and quotes cost one pass each, not one pass per tag.
    expect(() => parseXml('<a>' + '</b>'.repeat(n) + '<c x="1" y=\'2\' z=3 />'.repeat(n / 10) + '</a>', {}, 'test')).not.toThrow();
  });

  it('limits the element count of a part', () => {
    const error = errorOf(() => parseXml('<a>' + '<b/>'.repeat(2000) + '</a>', {}, 'test', { maxDepth: 10, maxElements: 1000 }));
    expect(error.message).toMatch(/more than 1000 XML elements/);
  });
});

describe('hostile HTML and MIME', () => {
  it('deep and unclosed HTML nesting is read in linear time with a bounded stack', () => {
    const n = 100_000;
    const html = '<div style="display:none">' + '<div>'.repeat(n) + 'hidden</div>' + '<span>'.repeat(n) + 'x' + '</p>'.repeat(n) + '<li>'.repeat(n);
    expect(() => renderHtml(html)).not.toThrow();
    const unclosed = '<p>' + '<font face="Arial">'.repeat(n) + 'text';
    expect(renderHtml(unclosed).stories.body).toBe('text\n');
  });

  it('an MHTML with no end boundary, no HTML part, or a huge header block gives text or a typed error', () => {
    const cases = [
      'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>open',
      'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: image/gif\r\n\r\nGIF89a\r\n--b--',
      'MIME-Version: 1.0\r\nX-Long: ' + 'a'.repeat(300_000),
    ];
    expect(readFormat('mhtml', strToU8(cases[0]!)).stories.body).toBe('open\n');
    expect(errorOf(() => readFormat('mhtml', strToU8(cases[1]!))).code).toBe('UNSUPPORTED_FORMAT');
    expect(() => readFormat('mhtml', strToU8(cases[2]!))).not.toThrow(); // all header, no body: plain text part, empty
  });

  it('random damage to the Word web page and its MHTML gives text or a DocParseError', () => {
    for (const [path, kind] of [['html/word-web-page.html', 'html'], ['html/word-web-page.mht', 'mhtml'], ['wordml/word2003.xml', 'wordml']] as const) {
      const good = fixture(path);
      fc.assert(
        fc.property(fc.nat(good.length), fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), (cut, edits) => {
          const bytes = good.slice(0, Math.max(1, cut));
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          try {
            readFormat(kind as MarkupKind, bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(DocParseError);
          }
        }),
        { numRuns: 150, seed: 15 },
      );
    }
  });

  it('identify() of arbitrary bytes is null or a kind, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const kind = identify(bytes);
        expect(kind === null || typeof kind === 'string').toBe(true);
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});
