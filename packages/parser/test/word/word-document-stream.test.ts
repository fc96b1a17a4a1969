/**
 * A WordDocument stream stored in several runs of the file: the text read from the runs where
 * they lie (decodePieces over parts) and the copy without the text the other readers index
 * (formats/word-document-stream.ts).
 */
import { describe, expect, it } from 'vitest';
import { decodeCp1252 } from '../../src/io/encoding.js';
import { joinParts, type StreamPart } from '../../src/ole/index.js';
import { openWordDocumentStream } from '../../src/formats/word-document-stream.js';
import { decodePieces } from '../../src/word/characters.js';
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

  it('reads a long Latin-1 UTF-16 piece spanning parts as the same characters (one string of bytes)', () => {
    const latin = new Uint8Array(8000);
    for (let i = 0; i < latin.length; i += 2) latin[i] = 0x20 + ((i >> 1) % 0xdf); // U+0020..U+00FE, high bytes 0
    const piece: Piece[] = [{ cpStart: 0, cpEnd: 3990, offset: 10, compressed: false }];
    const one = decodePieces(latin, piece, 3990, decodeCp1252, new Warnings());
    expect(one).toBe(String.fromCharCode(...Array.from({ length: 3990 }, (_, k) => 0x20 + ((k + 5) % 0xdf))));
    for (const cuts of [[512], [511, 1024, 4097], [2001, 2002, 2003]]) expect(decodePieces(split(latin, cuts), piece, 3990, decodeCp1252, new Warnings())).toBe(one);
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

describe('the WordDocument stream without its text', () => {
  const MiB = 2 ** 20;
  const stream = pattern(3 * MiB, 2);
  const parts = split(stream, [512 * 5, 512 * 2000, MiB * 2 + 512 * 3]);
  // The text: 2.25 MiB .. 2.75 MiB (UTF-16) and 2.8125 MiB .. 2.875 MiB (8-bit); an FKP page (pn) inside the first.
  const textStart = 2.25 * MiB;
  const pieces: Piece[] = [
    { cpStart: 0, cpEnd: 0.25 * MiB, offset: textStart, compressed: false },
    { cpStart: 0.25 * MiB, cpEnd: 0.3125 * MiB, offset: 2.8125 * MiB, compressed: true },
  ];
  const pn = textStart / 512 + 100;
  const table = new Uint8Array(12);
  new DataView(table.buffer).setUint32(8, pn, true);

  it('copies everything but the text, keeps the FKP pages the bin tables name, and gives the whole stream on demand', () => {
    const s = openWordDocumentStream(parts);
    s.complete(pieces, table, [{ fc: 0, lcb: 12 }]);
    expect(s.bytes.length).toBe(stream.length);
    const inText = (i: number) => (i >= textStart && i < textStart + 0.5 * MiB) || (i >= 2.8125 * MiB && i < 2.875 * MiB);
    const inPage = (i: number) => i >= pn * 512 && i < pn * 512 + 512;
    let mismatches = 0;
    for (let i = 0; i < stream.length; i++) {
      const expected = inText(i) && !inPage(i) ? 0 : stream[i]!;
      if (s.bytes[i] !== expected) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(s.text).toBe(parts);
    expect(Buffer.compare(s.whole(), stream)).toBe(0); // toEqual on 3 MiB is slow
  });

  it('is the file itself, no copy, for a stream in one run', () => {
    const [one] = split(stream, []);
    const s = openWordDocumentStream([one!]);
    s.complete(pieces, table, [{ fc: 0, lcb: 12 }]);
    expect(s.bytes).toBe(one!.bytes);
    expect(s.whole()).toBe(one!.bytes);
    expect(joinParts([one!])).toBe(one!.bytes);
  });
});
