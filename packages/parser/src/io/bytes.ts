/**
 * The one little-endian vocabulary of the parser.
 *
 * - `u16le` / `i16le` / `u32le` / `i32le`: unchecked reads for hot loops whose bounds the caller
 *   has established (a page, a PLC, a PropertySet already checked with `fits`).
 * - `ByteReader`: the same reads with bounds checks that fail as `DocParseError('TRUNCATED')`,
 *   never as a RangeError or a silent `undefined`.
 */
import { DocParseError } from '../errors.js';

export function u16le(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

export function i16le(b: Uint8Array, o: number): number {
  return (u16le(b, o) << 16) >> 16;
}

export function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}

export function i32le(b: Uint8Array, o: number): number {
  return u32le(b, o) | 0;
}

/** Whether [offset, offset + length) lies within [0, end). */
export function fits(offset: number, length: number, end: number): boolean {
  return offset >= 0 && length >= 0 && offset + length <= end;
}

export class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    /** Names the structure in error messages ("FIB", "table stream", …). */
    readonly what: string,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  has(offset: number, size: number): boolean {
    return fits(offset, size, this.bytes.length);
  }

  private need(offset: number, size: number): void {
    if (!this.has(offset, size)) {
      throw new DocParseError(
        'TRUNCATED',
        `The ${this.what} ends too early: needed ${size} byte(s) at offset ${offset}, it has ${this.bytes.length}.`,
      );
    }
  }

  u8(offset: number): number {
    this.need(offset, 1);
    return this.bytes[offset]!;
  }

  u16(offset: number): number {
    this.need(offset, 2);
    return u16le(this.bytes, offset);
  }

  i16(offset: number): number {
    this.need(offset, 2);
    return i16le(this.bytes, offset);
  }

  u32(offset: number): number {
    this.need(offset, 4);
    return u32le(this.bytes, offset);
  }

  i32(offset: number): number {
    this.need(offset, 4);
    return i32le(this.bytes, offset);
  }

  slice(offset: number, size: number): Uint8Array {
    this.need(offset, size);
    return this.bytes.subarray(offset, offset + size);
  }
}
