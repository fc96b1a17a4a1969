/**
 * tableString decodes 8-bit text through a code page's byte table. For Windows-1252 (a table
 * that changes only the C1 bytes 0x80-0x9F) it copies text without them as Latin-1 and looks up
 * only those bytes, found four at a time: the text must be the table's, byte for byte, wherever
 * the bytes sit in their buffer and wherever a C1 byte hides.
 */
import { describe, expect, it } from 'vitest';
import { byteTableOf, decoderFor, tableString } from '../../src/io/encoding.js';

const cp1252 = byteTableOf(decoderFor(1252)!)!;
const cp1251 = byteTableOf(decoderFor(1251)!)!;

/** The reference: one String.fromCharCode per byte, through the table. */
const reference = (bytes: Uint8Array, table: Uint16Array) => Array.from(bytes, (b) => String.fromCharCode(table[b]!)).join('');

/** `length` bytes outside 0x80-0x9F at byte offset `offset` of a larger buffer. */
function plainBytes(length: number, offset: number): Uint8Array {
  const bytes = new Uint8Array(new ArrayBuffer(offset + length + 8), offset, length);
  for (let k = 0; k < length; k++) {
    const b = (k * 7 + 3) & 0xff;
    bytes[k] = (b & 0xe0) === 0x80 ? b + 0x40 : b;
  }
  return bytes;
}

describe('tableString', () => {
  it('Windows-1252 changes only bytes 0x80-0x9F (so its text takes the Latin-1 path)', () => {
    for (let b = 0; b < 256; b++) if ((b & 0xe0) !== 0x80) expect(cp1252[b]).toBe(b);
    expect(cp1252[0x92]).toBe(0x2019);
  });

  for (const offset of [0, 1, 2, 3]) {
    for (const length of [17, 18, 19, 20, 255, 4099]) {
      it(`text without C1 bytes is the table's (${length} bytes at offset ${offset})`, () => {
        const bytes = plainBytes(length, offset);
        expect(tableString(bytes, cp1252)).toBe(reference(bytes, cp1252));
      });
      it(`a C1 byte anywhere is looked up (${length} bytes at offset ${offset})`, () => {
        for (const at of [0, 1, 2, 3, 4, 5, length >> 1, length - 4, length - 3, length - 2, length - 1]) {
          for (const c1 of [0x80, 0x92, 0x9f]) {
            const bytes = plainBytes(length, offset);
            bytes[at] = c1;
            const text = tableString(bytes, cp1252);
            expect(text).toBe(reference(bytes, cp1252));
          }
        }
      });
    }
  }

  it('C1 bytes everywhere (every 7th byte, runs of them, a word of them) are each looked up', () => {
    for (const offset of [0, 1, 2, 3]) {
      for (const length of [17, 999, 4100]) {
        const bytes = plainBytes(length, offset);
        for (let k = 3; k < length; k += 7) bytes[k] = 0x80 + (k % 32);
        for (let k = 8; k < Math.min(length, 16); k++) bytes[k] = 0x93;
        expect(tableString(bytes, cp1252)).toBe(reference(bytes, cp1252));
      }
    }
  });

  it('every byte through Windows-1252 and Windows-1251 (short and long)', () => {
    for (const length of [16, 256, 1000]) {
      const bytes = Uint8Array.from({ length }, (_, k) => (k * 13) & 0xff);
      expect(tableString(bytes, cp1252)).toBe(reference(bytes, cp1252));
      expect(tableString(bytes, cp1251)).toBe(reference(bytes, cp1251));
    }
  });
});
