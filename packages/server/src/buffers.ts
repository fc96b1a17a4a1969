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

/** `text` as UTF-8 in a buffer of its own (see allocBytes). */
export function encodeUtf8(text: string): Uint8Array {
  const length = Buffer.byteLength(text, 'utf8');
  const bytes = allocBytes(length);
  Buffer.from(bytes.buffer, 0, length).write(text, 'utf8');
  return bytes;
}
