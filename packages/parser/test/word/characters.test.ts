/**
 * decodePieces with several pieces writes every piece into one buffer (as long as the text when
 * that is over the 16,384-unit chunk) and makes one string of it: the text must be each piece's
 * characters, unit for unit — long and short pieces, 8-bit through a code page table (C1 bytes
 * looked up, or every byte), UTF-16 at even and odd offsets, gaps and a piece cut by the stream's
 * end as U+0000 — whether the stream is one array or cut into parts.
 */
import { describe, expect, it } from 'vitest';
import { byteTableOf, decodeCp1252, decoderFor } from '../../src/io/encoding.js';
import type { StreamPart } from '../../src/ole/index.js';
import { decodePieces, decodeUnits } from '../../src/word/characters.js';
import type { Piece } from '../../src/word/piece-table.js';
import { Warnings } from '../../src/warnings.js';

/** Bytes 0x20..0xFF and some below (C1 bytes included), deterministic. */
const stream = Uint8Array.from({ length: 70_000 }, (_, i) => (i % 11 === 0 ? 0x80 + (i % 32) : 0x20 + ((i * 31) % 0xe0)));

/** The reference: each CP's character from the piece covering it, one String.fromCharCode per unit. */
function reference(pieces: readonly Piece[], cpLimit: number, table: Uint16Array): string {
  const units: number[] = [];
  for (let cp = 0; cp < cpLimit; cp++) {
    const p = pieces.find((q) => q.cpStart <= cp && cp < q.cpEnd);
    if (!p) units.push(0);
    else if (p.compressed) {
      const at = p.offset + cp - p.cpStart;
      units.push(at < stream.length ? table[stream[at]!]! : 0);
    } else {
      const at = p.offset + 2 * (cp - p.cpStart);
      units.push(at + 1 < stream.length ? stream[at]! | (stream[at + 1]! << 8) : 0);
    }
  }
  return units.map((u) => String.fromCharCode(u)).join('');
}

/** `stream` as parts cut at `cuts`, each a view at an odd place of a larger buffer. */
function split(cuts: readonly number[]): StreamPart[] {
  const parts: StreamPart[] = [];
  let from = 0;
  for (const to of [...cuts, stream.length]) {
    const file = new Uint8Array(to - from + 3);
    file.set(stream.subarray(from, to), 3);
    parts.push({ at: from, bytes: file.subarray(3) });
    from = to;
  }
  return parts;
}

describe('decodePieces: several pieces, one buffer', () => {
  const pieces: Piece[] = [
    { cpStart: 0, cpEnd: 5000, offset: 10, compressed: true }, // long 8-bit
    { cpStart: 5000, cpEnd: 5007, offset: 6001, compressed: false }, // short UTF-16, odd offset
    { cpStart: 5007, cpEnd: 9000, offset: 7000, compressed: false }, // long UTF-16, even offset
    { cpStart: 9000, cpEnd: 12_000, offset: 16_001, compressed: false }, // long UTF-16, odd offset
    { cpStart: 12_000, cpEnd: 12_100, offset: 30_000, compressed: true }, // short 8-bit
    { cpStart: 12_500, cpEnd: 30_000, offset: 31_000, compressed: true }, // after a gap, long 8-bit
    { cpStart: 30_000, cpEnd: 31_000, offset: 69_500, compressed: true }, // cut by the stream's end
  ];
  const cpLimit = 31_000; // over the 16,384-unit chunk

  it('gives every piece its characters, through Windows-1252 and Windows-1251', () => {
    for (const decode of [decodeCp1252, decoderFor(1251)!]) {
      const expected = reference(pieces, cpLimit, byteTableOf(decode)!);
      expect(decodePieces(stream, pieces, cpLimit, decode, new Warnings())).toBe(expected);
      for (const cuts of [[512], [6002, 7001, 16_002, 31_001], [20_000, 40_000]]) expect(decodePieces(split(cuts), pieces, cpLimit, decode, new Warnings())).toBe(expected);
    }
  });

  it('within one chunk too (a text under 16,384 units)', () => {
    const small = pieces.slice(0, 3);
    expect(decodePieces(stream, small, 9000, decodeCp1252, new Warnings())).toBe(reference(small, 9000, byteTableOf(decodeCp1252)!));
  });

  it('keeps a double-byte code page piece that decodes to more characters than it has CPs', () => {
    // UTF-8 as a "code page": 6 bytes, 2 characters.
    const bytes = new Uint8Array(20_000).fill(0x41);
    bytes.set([0xe2, 0x82, 0xac, 0xe2, 0x82, 0xac], 19_000);
    const utf8 = decoderFor(65001)!;
    const two: Piece[] = [
      { cpStart: 0, cpEnd: 17_000, offset: 0, compressed: true },
      { cpStart: 17_000, cpEnd: 17_006, offset: 19_000, compressed: true },
    ];
    // No byte table: every piece through the decoder, padded to its CPs.
    expect(decodePieces(bytes, two, 17_006, utf8, new Warnings())).toBe('A'.repeat(17_000) + '€€' + '\u0000'.repeat(4));
  });
});

describe('decodeUnits: Word 6/95 2-byte pieces (fExtChar) hold code page characters', () => {
  // The 2-byte characters of poi/Bug51944.doc (a Far East Word 95 file): 'x', 0x1092 (Word shows
  // the cp1252 byte 0x92, a right quote), 0x350D (from 0x3000 up: the bytes 0x35 0x0D as a
  // double-byte character, in cp1252 the '5' LibreOffice shows), 0x0092, and a Big5 character.
  const bytes = Uint8Array.of(0x78, 0x00, 0x92, 0x10, 0x0d, 0x35, 0x92, 0x00, 0xa4, 0xa4, 0x0d, 0x00);
  const piece: Piece[] = [{ cpStart: 0, cpEnd: 6, offset: 0, compressed: false }];
  const units = (decode: Parameters<typeof decodeUnits>[3], wide?: 'utf-16' | 'code-page-pairs') => decodeUnits(bytes, piece, 6, decode, new Warnings(), wide).string();

  it('a unit below 0x3000 is its low byte in the code page, from 0x3000 its two bytes, lead byte high', () => {
    expect(units(decodeCp1252, 'code-page-pairs')).toBe('x\u2019' + '5' + '\u2019' + '\u00a4' + '\r');
    // Big5: 0xA4A4 is 中; a lone 0x92 is a lead byte without its trail byte.
    expect(units(decoderFor(950)!, 'code-page-pairs')).toBe('x\ufffd' + '5' + '\ufffd' + '\u4e2d' + '\r');
  });

  it('Word 97 pieces are UTF-16', () => {
    expect(units(decodeCp1252)).toBe('x\u1092\u350d\u0092\ua4a4\r');
  });

  it('a double-byte code page decodes each distinct pair once, however many characters repeat it', () => {
    // 300,000 characters of three distinct units: a decoder call a character was 300,000 calls.
    const many = new Uint8Array(600_000);
    for (let k = 0; k < 300_000; k++) many.set(k % 3 === 0 ? [0xa4, 0xa4] : k % 3 === 1 ? [0x41, 0x00] : [0x92, 0x10], 2 * k);
    const big5 = decoderFor(950)!;
    let calls = 0;
    const counting = (b: Uint8Array) => {
      calls++;
      return big5(b);
    };
    const text = decodeUnits(many, [{ cpStart: 0, cpEnd: 300_000, offset: 0, compressed: false }], 300_000, counting, new Warnings(), 'code-page-pairs').string();
    expect(text.slice(0, 6)).toBe('\u4e2dA\ufffd\u4e2dA\ufffd');
    expect(text.length).toBe(300_000);
    expect(calls).toBe(3);
  });
});
