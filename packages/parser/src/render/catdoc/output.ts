/** catdoc's output (writer.c): a growing byte buffer and the line buffer that wraps at the margin. */

export class ByteSink {
  private buf = new Uint8Array(4096);
  length = 0;
  private grow(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const nb = new Uint8Array(size);
    nb.set(this.buf.subarray(0, this.length));
    this.buf = nb;
  }
  push(bytes: Uint8Array): void {
    this.grow(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** The first `end` bytes of `bytes` (a line: short, so copied without a subarray). */
  pushHead(bytes: Uint8Array, end: number): void {
    this.grow(end);
    const buf = this.buf;
    const at = this.length;
    for (let i = 0; i < end; i++) buf[at + i] = bytes[i];
    this.length += end;
  }
  byte(b: number): void {
    this.grow(1);
    this.buf[this.length++] = b;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** writer.c out_char: line buffer and word wrap. */
export class Writer {
  private readonly line: Uint8Array;
  private len = 0;

  constructor(
    private readonly out: ByteSink,
    private readonly width: number,
    private readonly utf8: boolean,
    private readonly paraEnd: Uint8Array,
  ) {
    this.line = new Uint8Array(width + 1024);
  }

  put(chunk: Uint8Array): void {
    if (chunk.length === 1) return this.byte(chunk[0]);
    if (this.width === 0) return this.out.push(chunk);
    this.line.set(chunk, this.len);
    this.len += chunk.length;
    this.after(chunk.includes(0x0a));
  }

  /** put() of a one-byte chunk: the common case, without the typed-array calls. */
  byte(b: number): void {
    if (this.width === 0) return this.out.byte(b);
    this.line[this.len++] = b;
    this.after(b === 0x0a);
  }

  /** After bytes went into the line: print it at a line feed, or wrap it once it passes the margin. */
  private after(lf: boolean): void {
    if (lf) {
      this.out.pushHead(this.line, this.len);
      this.len = 0;
      this.out.push(this.paraEnd);
    } else if (this.len > this.width) {
      const w = this.width;
      let p = w;
      while (p > 0 && this.line[p] !== 0x20 && this.line[p] !== 0x09) p--;
      let rest: number;
      if (p === 0) {
        let i = w;
        if (this.utf8) while (i > 0 && (this.line[i] & 0xc0) === 0x80) i--;
        this.out.pushHead(this.line, i);
        rest = i;
      } else {
        this.out.pushHead(this.line, p);
        rest = p + 1;
      }
      this.out.byte(0x0a);
      this.line.copyWithin(0, rest, this.len);
      this.len -= rest;
    }
  }

  /** End of input: print what is pending (catdoc never does; see the module comment). */
  finish(): void {
    if (this.len > 0) this.out.push(this.line.subarray(0, this.len));
    this.len = 0;
  }
}
