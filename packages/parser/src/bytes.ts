/** Little-endian reads with bounds checks that fail as `DocParseError`, never as a RangeError. */
import { DocParseError } from './errors.js';

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
    return offset >= 0 && size >= 0 && offset + size <= this.bytes.length;
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
    return this.bytes[offset]! | (this.bytes[offset + 1]! << 8);
  }

  i16(offset: number): number {
    const v = this.u16(offset);
    return v >= 0x8000 ? v - 0x10000 : v;
  }

  u32(offset: number): number {
    this.need(offset, 4);
    const b = this.bytes;
    return (b[offset]! | (b[offset + 1]! << 8) | (b[offset + 2]! << 16)) + b[offset + 3]! * 0x1000000;
  }

  i32(offset: number): number {
    const v = this.u32(offset);
    return v >= 0x80000000 ? v - 0x100000000 : v;
  }

  slice(offset: number, size: number): Uint8Array {
    this.need(offset, size);
    return this.bytes.subarray(offset, offset + size);
  }
}
