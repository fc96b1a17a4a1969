/**
 * A WordDocument stream stored in several runs of the file: the text read from the runs where
 * they lie (decodePieces over parts), the FIB copied and the FKP pages given where they lie
 * (formats/word-document-stream.ts).
 */
import { describe, expect, it } from 'vitest';
import { decodeCp1252 } from '../../src/io/encoding.js';
import { joinParts, type StreamPart } from '../../src/ole/index.js';
import { openWordDocumentStream } from '../../src/formats/word-document-stream.js';
import { decodePieces, decodeUnits } from '../../src/word/characters.js';
import type { Piece } from '../../src/word/piece-table.js';
import { Warnings } from '../../src/warnings.js';

/** A deterministic byte pattern (never all zero over a page). */
const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => ((i * 131 + seed * 17 + (i >> 9)) % 251) + 1);

/** `stream` cut at `cuts` into parts, each a view of a larger buffer (as the file's runs are). */
function split(stream: Uint8Array, cuts: readonly number[]): StreamPart[] {
  const file = new Uint8Array(stream.length + 64 * (cuts.length + 1));
  const parts: StreamPart[] = [];
  let from = 0;
  let fileAt = 0;
  for (const to of [...cuts, stream.length]) {
    fileAt += 64; // a gap in the file between runs
    file.set(stream.subarray(from, to), fileAt);
    parts.push({ at: from, bytes: file.subarray(fileAt, fileAt + (to - from)) });
    fileAt += to - from;
    from = to;
  }
  return parts;
}

describe('decodePieces over the parts of a stream', () => {
  const stream = pattern(20_000, 1);
  // UTF-16 pieces long (string of their own) and short (through the chunk), at even and odd
  // offsets, an 8-bit piece, a gap, one past the end.
  const pieces: Piece[] = [
    { cpStart: 0, cpEnd: 3000, offset: 100, compressed: false },
    { cpStart: 3000, cpEnd: 3010, offset: 6511, compressed: false },
    { cpStart: 3010, cpEnd: 5000, offset: 7001, compressed: true },
    { cpStart: 5100, cpEnd: 9000, offset: 9000, compressed: false },
    { cpStart: 9000, cpEnd: 9500, offset: 19_900, compressed: true },
  ];
  const cpLimit = 9500;
  const whole = decodePieces(stream, pieces, cpLimit, decodeCp1252, new Warnings());

  it('reads the same characters wherever the stream is cut, a UTF-16 unit split between two parts included', () => {
    const cutsList = [[512], [6512, 6513], [101, 3101, 6512, 7001, 7002, 9001, 12_001, 19_950], Array.from({ length: 39 }, (_, k) => 512 * (k + 1))];
    for (const cuts of cutsList) {
      const warnings = new Warnings();
      expect(decodePieces(split(stream, cuts), pieces, cpLimit, decodeCp1252, warnings)).toBe(whole);
      expect(warnings.count).toBe(1); // the last piece runs past the stream's end, as with one array
    }
    expect(whole.length).toBe(cpLimit);
    expect(whole.charCodeAt(5050)).toBe(0); // the gap
  });

  it('gives the units where they lie: a long aligned UTF-16 run of a part and a long 8-bit run are views of the file, other text one array of its own', () => {
    const cuts = [1024, 6512, 6513, 12_001];
    const parts = split(stream, cuts);
    const units = decodeUnits(parts, pieces, cpLimit, decodeCp1252, new Warnings());
    const file = parts[0]!.bytes.buffer;
    // Units at every CP, and any span, as the string has them.
    expect(units.length).toBe(whole.length);
    for (let cp = 0; cp < whole.length; cp++) if (units.at(cp) !== whole.charCodeAt(cp)) expect(units.at(cp), `CP ${cp}`).toBe(whole.charCodeAt(cp));
    for (const [from, to] of [[0, 9500], [950, 1200], [2990, 3020], [4990, 5110], [8000, 9500]] as const) expect(units.slice(from, to)).toBe(whole.slice(from, to));
    expect(units.string()).toBe(whole);
    // The first piece (CP 0-3000 at offset 100, cut at 1024): two views of the file, no copy; the
    // 8-bit piece (CP 3010-5000): its bytes, a view of the file read through the code page's
    // table (no units of its own); the short and odd-offset pieces and the gap: one owned array.
    const segments = Array.from(units.arrays, (a, k) => ({ start: units.starts[k]!, kind: a.length === 0 ? 'bytes' : a.buffer === file ? 'file' : 'owned' }));
    expect(segments.slice(0, 5)).toEqual([
      { start: 0, kind: 'file' },
      { start: 462, kind: 'file' },
      { start: 3000, kind: 'owned' },
      { start: 3010, kind: 'bytes' },
      { start: 5000, kind: 'owned' },
    ]);
    expect(new Set(units.arrays.filter((a) => a.length > 0 && a.buffer !== file).map((a) => a.buffer)).size).toBe(1);
  });

  it('reads a long Latin-1 UTF-16 piece spanning parts as the same characters (one string of bytes)', () => {
    const latin = new Uint8Array(8000);
    for (let i = 0; i < latin.length; i += 2) latin[i] = 0x20 + ((i >> 1) % 0xdf); // U+0020..U+00FE, high bytes 0
    const piece: Piece[] = [{ cpStart: 0, cpEnd: 3990, offset: 10, compressed: false }];
    const one = decodePieces(latin, piece, 3990, decodeCp1252, new Warnings());
    expect(one).toBe(String.fromCharCode(...Array.from({ length: 3990 }, (_, k) => 0x20 + ((k + 5) % 0xdf))));
    for (const cuts of [[512], [511, 1024, 4097], [2001, 2002, 2003]]) expect(decodePieces(split(latin, cuts), piece, 3990, decodeCp1252, new Warnings())).toBe(one);
  });

  it('decodes large pieces one document after another through scratch arrays, each text its own', () => {
    // Over 1 MiB: a UTF-16 piece spanning parts (copied into one array), an 8-bit piece through
    // the code page table (an array not zero-filled).
    const units = 600_000;
    const texts = [0x410, 0x4e00].map((base) => {
      const bytes = new Uint8Array(2 * units + 10);
      for (let k = 0; k < units; k++) {
        const u = base + (k % 61);
        bytes[10 + 2 * k] = u & 0xff;
        bytes[11 + 2 * k] = u >> 8;
      }
      return { bytes, expected: Buffer.from(bytes.subarray(10)).toString('utf16le') };
    });
    const eight = Uint8Array.from({ length: 1_100_000 }, (_, k) => (k % 97 === 0 ? 0x80 : 0x41 + (k % 26))); // 0x80: € in cp1252
    const eightText = Array.from(eight, (b) => (b === 0x80 ? '€' : String.fromCharCode(b))).join('');
    const utf16 = (bytes: Uint8Array) => decodePieces(split(bytes, [4096, 700_001]), [{ cpStart: 0, cpEnd: units, offset: 10, compressed: false }], units, decodeCp1252, new Warnings());
    const first = utf16(texts[0]!.bytes);
    const second = utf16(texts[1]!.bytes);
    const third = decodePieces(eight, [{ cpStart: 0, cpEnd: eight.length, offset: 0, compressed: true }], eight.length, decodeCp1252, new Warnings());
    expect(first).toBe(texts[0]!.expected);
    expect(second).toBe(texts[1]!.expected);
    expect(third).toBe(eightText);
  });

  it('decodes a double-byte code page piece from one array even when it straddles two parts', () => {
    // Shift-JIS 0x82 0xA0 ("あ") split between the parts.
    const sjis = Uint8Array.of(0x41, 0x82, 0xa0, 0x42);
    const decode = (b: Uint8Array) => new TextDecoder('shift_jis').decode(b);
    const piece: Piece[] = [{ cpStart: 0, cpEnd: 4, offset: 0, compressed: true }];
    const parts = split(sjis, [2]);
    expect(decodePieces(parts, piece, 4, decode, new Warnings())).toBe('AあB\u0000');
  });
});

describe('the WordDocument stream read where it lies: the FIB copied, pages as views', () => {
  const MiB = 2 ** 20;
  /** A stream of `n` bytes whose FIB (2.5.1) has csw 14, cslw 22 and `cbRgFcLcb` pairs. */
  const withFib = (n: number, cbRgFcLcb: number) => {
    const stream = pattern(n, 2);
    const view = new DataView(stream.buffer);
    view.setUint16(32, 14, true); // csw: FibRgW97 to 62
    view.setUint16(62, 22, true); // cslw: FibRgLw97 to 152
    view.setUint16(152, cbRgFcLcb, true); // FibRgFcLcb to 154 + 8 · cbRgFcLcb, then cswNew, nFibNew
    return stream;
  };
  const stream = withFib(3 * MiB, 93);
  const parts = split(stream, [512 * 5, 512 * 2000, MiB * 2 + 512 * 3]);

  it('copies the FIB only: 4096 bytes, or as far as its counts reach', () => {
    const s = openWordDocumentStream(parts);
    expect(Buffer.compare(s.head, stream.subarray(0, 4096))).toBe(0);
    const long = withFib(3 * MiB, 0x300); // FibRgFcLcb to 154 + 6144, then 4 bytes
    expect(Buffer.compare(openWordDocumentStream(split(long, [512 * 5, 512 * 20])).head, long.subarray(0, 154 + 6144 + 4))).toBe(0);
    // No further than the stream: a FIB whose counts run past a short stream.
    const short = withFib(3000, 0x300);
    expect(Buffer.compare(openWordDocumentStream(split(short, [512, 1024])).head, short)).toBe(0);
  });

  it('gives every FKP page as a view of the file where its part holds it, a copy where two parts share it, null past the end', () => {
    const s = openWordDocumentStream(parts);
    for (const pn of [0, 4, 5, 1999, 2000, 4099, 4100, 3 * 2048 - 1]) {
      const page = s.pages(pn)!;
      expect(Buffer.compare(page, stream.subarray(pn * 512, pn * 512 + 512))).toBe(0);
      expect(page.buffer).toBe(parts[0]!.bytes.buffer); // a view of the file, not a copy
    }
    expect(s.pages(3 * 2048)).toBeNull();
    const cut = openWordDocumentStream(split(stream.subarray(0, 4096), [700]));
    expect(Buffer.compare(cut.pages(1)!, stream.subarray(512, 1024))).toBe(0);
    expect(cut.pages(7)!.buffer).not.toBe(cut.pages(1)!.buffer);
    expect(cut.pages(8)).toBeNull();
    expect(s.text).toBe(parts);
    expect(Buffer.compare(s.whole(), stream)).toBe(0); // toEqual on 3 MiB is slow
  });

  it('is the file itself, no copy, for a stream in one run', () => {
    const [one] = split(stream, []);
    const s = openWordDocumentStream([one!]);
    expect(s.head).toBe(one!.bytes);
    expect(s.whole()).toBe(one!.bytes);
    expect(s.pages(3)!.buffer).toBe(one!.bytes.buffer);
    expect(joinParts([one!])).toBe(one!.bytes);
  });
});
