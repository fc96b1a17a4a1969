/** A little-endian byte builder for synthetic structures in unit tests. */
export class Bytes {
  private readonly out: number[] = [];

  get length(): number {
    return this.out.length;
  }

  u8(...values: number[]): this {
    for (const v of values) this.out.push(v & 0xff);
    return this;
  }

  u16(...values: number[]): this {
    for (const v of values) this.out.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }

  u32(...values: number[]): this {
    for (const v of values) this.out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }

  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this;
  }

  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.out.push(0);
    return this;
  }

  /** Pads with zeros up to `offset`. */
  at(offset: number): this {
    if (offset < this.out.length) throw new Error(`already at ${this.out.length}, past ${offset}`);
    return this.zeros(offset - this.out.length);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}
