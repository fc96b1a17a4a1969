import { describe, expect, it } from 'vitest';
import { writeUtf8 } from '../../src/cli/utf8-out.js';

/** writeUtf8's bytes, and the sizes of the chunks it handed on. */
function written(parts: string[]): { bytes: Buffer; chunks: number[] } {
  const chunks: Uint8Array[] = [];
  writeUtf8(parts, (b) => chunks.push(b));
  return { bytes: Buffer.concat(chunks), chunks: chunks.map((c) => c.length) };
}

const joined = (parts: string[]) => Buffer.from(new TextEncoder().encode(parts.join('')));

describe('writeUtf8: the CLI writes the renderer’s strings out one by one', () => {
  it('the bytes of the joined text, in chunks of at most 1 MiB', () => {
    // Strings of three-byte (CJK) and two-byte (Cyrillic) characters: 1.6 MB, so two chunks.
    const parts = Array.from({ length: 100_000 }, (_, k) => (k % 2 === 0 ? '日本語テキス' : 'абвгдеж'));
    const out = written(parts);
    expect(out.bytes.length).toBe(50_000 * (18 + 14));
    expect(out.bytes.equals(joined(parts))).toBe(true);
    expect(out.chunks.length).toBe(2);
    expect(Math.max(...out.chunks)).toBeLessThanOrEqual(1 << 20);
  });

  it('a character that does not fit at a chunk’s end starts the next chunk whole', () => {
    // 1 MiB - 1 bytes of ASCII, then a three-byte character: it cannot be split.
    const parts = ['a'.repeat((1 << 20) - 1), '€', 'b'];
    const out = written(parts);
    expect(out.chunks).toEqual([(1 << 20) - 1, 4]);
    expect(out.bytes.equals(joined(parts))).toBe(true);
  });

  it('a surrogate pair split between two strings is one four-byte character, not two U+FFFD', () => {
    const parts = ['x\ud83d', '\ude00y'];
    expect([...written(parts).bytes]).toEqual([0x78, 0xf0, 0x9f, 0x98, 0x80, 0x79]);
    // Split where a batch is full (past 16 Ki units): the batch waits for the pair's other half.
    const long = ['a'.repeat(65_535) + '\ud83d', '\ude00', 'b'];
    expect([...written(long).bytes.subarray(65_535)]).toEqual([0xf0, 0x9f, 0x98, 0x80, 0x62]);
    expect(written(long).bytes.equals(joined(long))).toBe(true);
  });

  it('lone surrogates are U+FFFD, as TextEncoder has them: at the end, before an empty string, alone', () => {
    for (const parts of [['a\ud83d'], ['\ud83d', '', 'b'], ['\ude00'], ['\ud83d', '\ud83d', '\ude00'], []]) {
      expect(written(parts).bytes.equals(joined(parts))).toBe(true);
    }
    expect([...written(['a\ud83d']).bytes]).toEqual([0x61, 0xef, 0xbf, 0xbd]);
  });

  it('a chunk the host is done with (write returns true) is filled again; one it may keep is not', () => {
    const parts = Array.from({ length: 100_000 }, (_, k) => (k % 2 === 0 ? '日本語テキス' : 'абвгдеж')); // 1.6 MB: two chunks
    for (const done of [true, undefined]) {
      const copies: Buffer[] = [];
      const memory = new Set<ArrayBufferLike>();
      writeUtf8(parts, (b) => {
        copies.push(Buffer.from(b)); // what a host that writes at once has written
        memory.add(b.buffer);
        return done;
      });
      expect(Buffer.concat(copies).equals(joined(parts))).toBe(true);
      expect(memory.size).toBe(done ? 1 : 2);
    }
  });

  it('no text: nothing written', () => {
    expect(written(['', '']).chunks).toEqual([]);
  });
});
