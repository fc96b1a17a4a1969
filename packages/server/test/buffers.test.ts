/**
 * Large buffers of the service are mapped (a resizable ArrayBuffer, which V8 maps itself instead of
 * taking it from malloc), so their memory goes back to the OS when they are freed; small ones are not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText } from '@doc2text/parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferShelf, MAPPED_BYTES, SHELF_IDLE_MS, SHELVED_BYTES, allocBytes, encodeUtf8 } from '../src/buffers.js';
import { parseTask } from '../src/parse-worker.js';
import { FIXTURES } from './helpers.js';

const resizable = (bytes: Uint8Array) => (bytes.buffer as ArrayBuffer & { resizable: boolean }).resizable;

describe('buffers', () => {
  it('allocBytes: zeroed bytes at offset 0 of their own buffer; mapped from MAPPED_BYTES on', () => {
    for (const length of [0, 1, MAPPED_BYTES - 1, MAPPED_BYTES, 3 * MAPPED_BYTES + 7]) {
      const bytes = allocBytes(length);
      expect(bytes.byteLength).toBe(length);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(length);
      expect(bytes.every((b) => b === 0)).toBe(true);
      expect(resizable(bytes), String(length)).toBe(length >= MAPPED_BYTES);
    }
  });

  it('a mapped buffer transfers to another thread like any other', async () => {
    const bytes = allocBytes(MAPPED_BYTES);
    bytes[MAPPED_BYTES - 1] = 42;
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<Uint8Array>((resolve) => port2.once('message', resolve));
    port1.postMessage(bytes, [bytes.buffer]);
    const copy = await received;
    port1.close();
    expect(bytes.byteLength).toBe(0); // detached here
    expect(copy.byteLength).toBe(MAPPED_BYTES);
    expect(copy[MAPPED_BYTES - 1]).toBe(42);
  });

  it('encodeUtf8 gives the bytes TextEncoder gives, small or mapped', () => {
    for (const text of ['', 'plain', 'é€😀 mixed', 'ÿ'.repeat(MAPPED_BYTES)]) {
      const bytes = encodeUtf8(text);
      expect(Buffer.from(bytes).equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true);
      expect(resizable(bytes)).toBe(bytes.byteLength >= MAPPED_BYTES);
    }
  });

  it('a document read into a mapped upload buffer parses as usual; the answer reads back as the JSON answer', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'long.doc')));
    // As upload.ts reads it: into a buffer sized from Content-Length (a little more than the file).
    const upload = allocBytes(Math.max(MAPPED_BYTES, bytes.byteLength + 200));
    upload.set(bytes);
    expect(resizable(upload)).toBe(true);
    const outcome = parseTask({ bytes: upload.subarray(0, bytes.byteLength), options: { format: 'plain' }, file: 'long.doc' });
    if (outcome.kind !== 'text') throw new Error(`refused: ${outcome.code}`);
    const text = extractText(bytes, { format: 'plain' });
    expect(JSON.parse(Buffer.from(outcome.body).toString('utf8'))).toEqual({ text, file: 'long.doc' });
    expect(typeof outcome.body).toBe('string'); // a small answer stays a string (SMALL_ANSWER_CHARS)
  });

  describe('BufferShelf', () => {
    afterEach(() => vi.useRealTimers());
    const MiB = 1024 * 1024;

    it('hands a given buffer to the next upload that fills at least half of it, at offset 0, and only once', () => {
      const shelf = new BufferShelf();
      const first = shelf.take(4 * MiB);
      expect(resizable(first)).toBe(true);
      first[0] = 7;
      shelf.give(first.buffer as ArrayBuffer);
      expect(shelf.size).toEqual({ buffers: 1, bytes: 4 * MiB });
      expect(shelf.take(MiB).buffer).not.toBe(first.buffer); // a quarter of it: a new buffer
      new Uint8Array(first.buffer).fill(9); // an earlier document's bytes, all through the buffer
      const again = shelf.take(3 * MiB);
      expect(again.buffer).toBe(first.buffer);
      expect(new Uint8Array(again.buffer, 3 * MiB).every((b) => b === 0)).toBe(true); // past the view: zeros
      expect([again.byteOffset, again.byteLength]).toEqual([0, 3 * MiB]);
      expect(shelf.size).toEqual({ buffers: 0, bytes: 0 });
      expect(shelf.take(3 * MiB).buffer).not.toBe(first.buffer);
      shelf.clear();
    });

    it('takes the smallest buffer that fits', () => {
      const shelf = new BufferShelf();
      const big = new ArrayBuffer(8 * MiB);
      const small = new ArrayBuffer(3 * MiB);
      shelf.give(big);
      shelf.give(small);
      expect(shelf.take(2 * MiB).buffer).toBe(small);
      expect(shelf.take(2 * MiB).buffer).not.toBe(big); // 8 MiB for 2: let go unused
      expect(shelf.take(5 * MiB).buffer).toBe(big);
      shelf.clear();
    });

    it('keeps no buffers under SHELVED_BYTES, at most sixteen, at most 48 MiB in all', () => {
      const shelf = new BufferShelf();
      shelf.give(new ArrayBuffer(SHELVED_BYTES - 1));
      expect(shelf.size.buffers).toBe(0);
      shelf.give(new ArrayBuffer(SHELVED_BYTES));
      expect(shelf.size).toEqual({ buffers: 1, bytes: SHELVED_BYTES });
      shelf.clear();
      for (let i = 0; i < 20; i++) shelf.give(new ArrayBuffer(MiB));
      expect(shelf.size).toEqual({ buffers: 16, bytes: 16 * MiB });
      shelf.clear();
      shelf.give(new ArrayBuffer(30 * MiB));
      shelf.give(new ArrayBuffer(20 * MiB));
      expect(shelf.size).toEqual({ buffers: 1, bytes: 30 * MiB });
      shelf.clear();
    });

    it('gives the memory of the mapped buffers it empties or refuses back at once (shrunk to nothing)', () => {
      const shelf = new BufferShelf();
      const kept = allocBytes(40 * MiB).buffer as ArrayBuffer;
      const refused = allocBytes(20 * MiB).buffer as ArrayBuffer; // 40 + 20 MiB > 48 MiB
      shelf.give(kept);
      shelf.give(refused);
      expect([kept.byteLength, refused.byteLength]).toEqual([40 * MiB, 0]);
      shelf.clear();
      expect(kept.byteLength).toBe(0);
    });

    it('empties itself once no buffer has come or gone for SHELF_IDLE_MS', () => {
      vi.useFakeTimers();
      const shelf = new BufferShelf();
      shelf.give(new ArrayBuffer(MiB));
      vi.advanceTimersByTime(SHELF_IDLE_MS - 1);
      shelf.give(new ArrayBuffer(MiB)); // a buffer came: the wait starts again
      vi.advanceTimersByTime(SHELF_IDLE_MS - 1);
      expect(shelf.size.buffers).toBe(2);
      vi.advanceTimersByTime(1);
      expect(shelf.size).toEqual({ buffers: 0, bytes: 0 });
    });
  });
});
