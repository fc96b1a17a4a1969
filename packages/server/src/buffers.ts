/**
 * Large buffers that go back to the operating system when they are freed.
 *
 * An ordinary ArrayBuffer comes from malloc. glibc maps a large block of its own (mmap) and unmaps it
 * on free, but the first time it does so it raises its mmap threshold to that block's size (up to
 * 32 MiB) and its trim threshold to twice that: from then on every upload buffer, every answer and the
 * parser's large arrays are carved out of malloc's heaps, where freed space stays in the process. After
 * 50 concurrent 20 MB uploads the server kept ~100 MiB more than when idle, for good.
 *
 * A resizable ArrayBuffer (`maxByteLength`) is reserved and committed by V8 directly with mmap (as
 * WebAssembly memory is), never through malloc, and is unmapped when it is collected; it transfers
 * to a worker thread like any ArrayBuffer. The service uses it for every buffer of `MAPPED_BYTES` or
 * more that it allocates itself: uploads and answers.
 */

/** From this size on, a buffer is mapped (glibc's initial mmap threshold is 128 KiB). */
export const MAPPED_BYTES = 128 * 1024;

type ResizableArrayBufferConstructor = new (length: number, options: { maxByteLength: number }) => ArrayBuffer;

/** `length` zeroed bytes at offset 0 of their own buffer; mapped (off malloc) from `MAPPED_BYTES` on. */
export function allocBytes(length: number): Uint8Array {
  if (length < MAPPED_BYTES) return new Uint8Array(length);
  return new Uint8Array(new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(length, { maxByteLength: length }));
}

/** Shrinks a mapped buffer nobody uses any more to nothing: V8 gives its pages back to the OS at once. */
function unmap(buffer: ArrayBuffer): void {
  const mapped = buffer as ArrayBuffer & { resizable?: boolean; resize?: (length: number) => void };
  if (mapped.resizable === true) mapped.resize!(0);
}

/** `text` as UTF-8 at offset 0 of a buffer of its own: from `take` (a BufferShelf's), else a new one (allocBytes). */
export function encodeUtf8(text: string, take: (length: number) => Uint8Array = allocBytes): Uint8Array {
  const length = Buffer.byteLength(text, 'utf8');
  const bytes = take(length);
  Buffer.from(bytes.buffer, 0, length).write(text, 'utf8');
  return bytes;
}

/** Buffers a shelf keeps for reuse: from this size, at most this many, of this many bytes in all. */
export const SHELVED_BYTES = 16 * 1024;
const SHELF_BUFFERS = 16;
const SHELF_BYTES = 48 * 1024 * 1024;
/** A shelved buffer is reused for one that needs at least this share of it. */
const SHELF_MIN_FILL = 0.5;
/** The shelf is emptied (its memory goes back to the OS) once no buffer has come or gone for this long. */
export const SHELF_IDLE_MS = 2_000;

/**
 * Buffers kept for reuse: uploads (from SHELVED_BYTES), handed back by the parse worker that parsed
 * them, for the next uploads (upload.ts); large JSON answers, handed back by the event loop once
 * written, for the worker's next answers (parse-worker.ts). Each was a fresh buffer: for a large
 * document megabytes of new memory to fault in page by page, and for the event loop new external
 * memory, which V8 answers with full garbage collections of its heap: about one per 16 MB document,
 * and as many under hundreds of small documents a second. A shelved buffer serves the next one
 * that fills at least half of it; a shelf holds a few and empties itself when traffic stops, so
 * memory returns to its idle level.
 */
export class BufferShelf {
  private readonly buffers: ArrayBuffer[] = [];
  private bytes = 0;
  private idle: NodeJS.Timeout | null = null;

  /** Buffers and bytes on the shelf now. */
  get size(): { buffers: number; bytes: number } {
    return { buffers: this.buffers.length, bytes: this.bytes };
  }

  /**
   * `length` bytes at offset 0 of a buffer of their own: a shelved one or a new one (allocBytes). A
   * shelved buffer's bytes past `length` are zeroed, as a new one's are: a reader that strays past
   * its view (the parser's typed-array views of the upload's buffer) finds zeros, never an earlier
   * document. Those up to `length` hold an earlier document's bytes until the caller writes them.
   */
  take(length: number): Uint8Array {
    let best = -1;
    for (const [i, buffer] of this.buffers.entries()) {
      if (buffer.byteLength >= length && buffer.byteLength * SHELF_MIN_FILL <= length && (best < 0 || buffer.byteLength < this.buffers[best]!.byteLength)) best = i;
    }
    if (best < 0) return allocBytes(length);
    const [buffer] = this.buffers.splice(best, 1);
    this.bytes -= buffer!.byteLength;
    this.touch();
    new Uint8Array(buffer!, length).fill(0);
    return new Uint8Array(buffer!, 0, length);
  }

  /** Puts `buffer` (no longer used by anyone) on the shelf when it is large enough and there is room; otherwise a mapped one's memory goes back to the OS. */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength < SHELVED_BYTES) return;
    if (this.buffers.length >= SHELF_BUFFERS || this.bytes + buffer.byteLength > SHELF_BYTES) return unmap(buffer);
    this.buffers.push(buffer);
    this.bytes += buffer.byteLength;
    this.touch();
  }

  /** Empties the shelf; the buffers' memory goes back to the OS now, not at the next garbage collection (which an idle thread may not run for long). */
  clear(): void {
    for (const buffer of this.buffers) unmap(buffer);
    this.buffers.length = 0;
    this.bytes = 0;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
  }

  private touch(): void {
    if (this.idle) this.idle.refresh();
    else {
      this.idle = setTimeout(() => this.clear(), SHELF_IDLE_MS);
      this.idle.unref();
    }
  }
}
