/**
 * catdoc's output (writer.c out_char): the growing output and the line that wraps at the margin,
 * as units (convert.ts: UTF-16 code units for the utf-8 target, bytes for 8-bit targets). The
 * line is the output's tail (from `lineStart`): a cut turns the dropped space into the line feed,
 * or inserts one, so printed text is never copied. The margin counts printed bytes, so the line
 * keeps its byte count beside its unit count.
 */
import { unitsToString } from '../../io/encoding.js';
import { type Converter, UNIT_UNKNOWN } from './convert.js';

const EMPTY = new Uint16Array(0);

/** Bytes a unit prints as: its UTF-8 length (catdoc writes each surrogate as 3 bytes), or 1 for 8-bit targets. */
export function printedBytes(unit: number, utf8: boolean): number {
  return !utf8 || unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
}

/** The output: units written one by one, and strings of units added whole (kept in order). */
export class UnitSink {
  buf = EMPTY;
  length = 0;
  private readonly pieces: string[] = [];
  /** Room for `n` more units. */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = Math.max(4096, this.buf.length * 2);
    while (size < this.length + n) size *= 2;
    const nb = new Uint16Array(size);
    nb.set(this.buf.subarray(0, this.length));
    this.buf = nb;
  }
  push(units: Uint16Array): void {
    this.reserve(units.length);
    this.buf.set(units, this.length);
    this.length += units.length;
  }
  unit(u: number): void {
    this.reserve(1);
    this.buf[this.length++] = u;
  }
  /** Units given as a string (each character one unit). */
  text(units: string): void {
    this.settle();
    this.pieces.push(units);
  }
  /** Everything written, one character per unit (lone surrogates kept as they are). */
  toString(): string {
    this.settle();
    return this.pieces.join('');
  }
  private settle(): void {
    if (this.length === 0) return;
    this.pieces.push(unitsToString(this.buf.subarray(0, this.length)));
    this.length = 0;
  }
}

/** writer.c out_char: word wrap at the margin (width 0: none, catdoc -w). */
export class Writer {
  /** Where the line starts in the output. */
  private lineStart = 0;
  /** Bytes the line's units print as (= its unit count unless the utf-8 target has non-ASCII units). */
  private size = 0;
  /**
   * Line feeds owed before the line: its first character is wider than the margin, so every cut
   * prints nothing and a line feed (catdoc's line buffer overflows there; ours does not).
   */
  private stuck = 0;
  private readonly paraEndText: string;

  constructor(
    private readonly out: UnitSink,
    private readonly width: number,
    private readonly utf8: boolean,
    private readonly paraEnd: Uint16Array,
  ) {
    this.paraEndText = String.fromCharCode(...paraEnd);
  }

  /** Nothing pending in the line: a paragraph starts on an empty line. */
  get idle(): boolean {
    return this.width === 0 || this.out.length === this.lineStart;
  }

  /** Every unit of a paragraph through the converter (out_char once per unit). */
  write(units: Uint16Array, conv: Converter): void {
    const single = conv.single;
    const unknown = UNIT_UNKNOWN; // (a local: an imported binding is read through its module cell)
    const out = this.out;
    if (this.width === 0) {
      for (let i = 0; i < units.length; i++) {
        const uc = units[i];
        let u = single[uc];
        if (u === unknown) u = conv.unitOf(uc);
        if (u >= 0) out.unit(u);
        else out.push(conv.convert(uc));
      }
      return;
    }
    const w = this.width;
    const utf8 = this.utf8;
    for (let i = 0; i < units.length; ) {
      out.reserve(units.length - i);
      // The common case in locals: a unit that converts to one, not LF, and fits the margin.
      const buf = out.buf;
      let len = out.length;
      let size = this.size;
      let u = 0;
      let uc = 0;
      for (; i < units.length; i++) {
        uc = units[i];
        u = single[uc];
        if (u === unknown) u = conv.unitOf(uc);
        if (u < 0 || u === 0x0a) break;
        const after = size + printedBytes(u, utf8);
        if (after > w) break;
        buf[len++] = u;
        size = after;
      }
      out.length = len;
      this.size = size;
      if (i === units.length) return;
      if (u >= 0) this.put1(u); // may cut the line or end it, and move the output
      else this.put(conv.convert(uc));
      i++;
    }
  }

  /** One input unit that converted to one unit. */
  private put1(u: number): void {
    this.out.unit(u);
    this.size += printedBytes(u, this.utf8);
    this.after(u === 0x0a);
  }

  /** One input unit that converted to `chunk` (none or several units). */
  put(chunk: Uint16Array): void {
    this.out.push(chunk);
    if (this.width === 0) return;
    let lf = false;
    for (let i = 0; i < chunk.length; i++) {
      this.size += printedBytes(chunk[i], this.utf8);
      if (chunk[i] === 0x0a) lf = true;
    }
    this.after(lf);
  }

  /** After units went into the line: print it at a line feed, or wrap it once it passes the margin. */
  private after(lf: boolean): void {
    if (lf) {
      this.payStuck();
      this.out.push(this.paraEnd);
      this.lineStart = this.out.length;
      this.size = 0;
    } else if (this.size > this.width) {
      if (this.stuck > 0) this.stuck++;
      else if (this.size === this.out.length - this.lineStart) this.cutBytes();
      else this.cutUnits();
    }
  }

  /**
   * Cuts a line of one-byte units as catdoc does: at the last space or TAB at byte 1..W (dropped:
   * it becomes the line feed), else after W bytes.
   */
  private cutBytes(): void {
    const w = this.width;
    const buf = this.out.buf;
    const at = this.lineStart;
    let p = w;
    while (p > 0 && buf[at + p] !== 0x20 && buf[at + p] !== 0x09) p--;
    if (p > 0) this.breakAt(p, p + 1);
    else this.breakBefore(w, w);
  }

  /**
   * The same with multi-byte (utf-8) units: the last space or TAB starting at byte 1..W, else
   * before the unit holding byte W (catdoc backs up to the start of that character). Walks back
   * from the end of the line, which passed W by one unit.
   */
  private cutUnits(): void {
    const w = this.width;
    const buf = this.out.buf;
    const start = this.lineStart;
    let k = this.out.length - start - 1;
    let at = this.size - printedBytes(buf[start + k], this.utf8); // byte offset of unit k
    while (at > w) at -= printedBytes(buf[start + --k], this.utf8);
    // Unit k holds byte W. The last space or TAB at or before it, at byte 1 or later:
    for (let j = k, a = at; a > 0; a -= printedBytes(buf[start + --j], this.utf8)) {
      if (buf[start + j] === 0x20 || buf[start + j] === 0x09) return this.breakAt(j, a + 1);
    }
    if (k === 0) this.stuck = 1;
    else this.breakBefore(k, at);
  }

  /** The line's unit `k` (a space or TAB) becomes the line feed; the line goes on after it. */
  private breakAt(k: number, bytes: number): void {
    this.out.buf[this.lineStart + k] = 0x0a;
    this.lineStart += k + 1;
    this.size -= bytes;
  }

  /** A line feed before the line's unit `k`; the line goes on from that unit. */
  private breakBefore(k: number, bytes: number): void {
    const out = this.out;
    out.reserve(1);
    const at = this.lineStart + k;
    out.buf.copyWithin(at + 1, at, out.length);
    out.buf[at] = 0x0a;
    out.length++;
    this.lineStart = at + 1;
    this.size -= bytes;
  }

  /** The line feeds owed before a stuck line, once it ends. */
  private payStuck(): void {
    const n = this.stuck;
    if (n === 0) return;
    const out = this.out;
    out.reserve(n);
    out.buf.copyWithin(this.lineStart + n, this.lineStart, out.length);
    out.buf.fill(0x0a, this.lineStart, this.lineStart + n);
    out.length += n;
    this.lineStart += n;
    this.stuck = 0;
  }

  /**
   * write() for the paragraph `chars[from, to)` and its line feed when its characters print as
   * themselves, one byte each (printable ASCII, TAB, form feed), on an empty line (`idle`): the
   * cuts out_char makes (a line of W + 1 units is cut at its last space or TAB at 1..W, else after
   * W units), found by index and made with slices.
   */
  writePlain(chars: string, from: number, to: number): void {
    const w = this.width;
    let text = '';
    if (w === 0) text = chars.slice(from, to) + '\n';
    else {
      let s = from;
      while (to - s > w) {
        let p = w;
        for (let c = chars.charCodeAt(s + p); p > 0 && c !== 0x20 && c !== 0x09; c = chars.charCodeAt(s + --p));
        text += p === 0 ? chars.slice(s, s + w) + '\n' : chars.slice(s, s + p) + '\n';
        s += p === 0 ? w : p + 1;
      }
      text += chars.slice(s, to) + '\n' + this.paraEndText;
    }
    this.out.text(text);
    this.lineStart = this.out.length;
  }

  /** End of input, 'repaired': print what is pending (catdoc never does; see format.ts). */
  finish(): void {
    this.payStuck();
    this.lineStart = this.out.length;
    this.size = 0;
  }

  /** End of input, 'exact': drop what is pending, as catdoc does (the line feeds owed were printed). */
  drop(): void {
    if (this.width === 0) return;
    this.out.length = this.lineStart;
    for (; this.stuck > 0; this.stuck--) this.out.unit(0x0a);
    this.size = 0;
  }
}

/** Output units of the utf-8 target as catdoc writes them: each surrogate on its own as 3 bytes (CESU-8). */
export function cesu8Bytes(units: string): Uint8Array {
  let n = 0;
  for (let i = 0; i < units.length; i++) n += printedBytes(units.charCodeAt(i), true);
  const out = new Uint8Array(n);
  let o = 0;
  for (let i = 0; i < units.length; i++) {
    const u = units.charCodeAt(i);
    if (u < 0x80) out[o++] = u;
    else if (u < 0x800) {
      out[o++] = 0xc0 | (u >> 6);
      out[o++] = 0x80 | (u & 0x3f);
    } else {
      out[o++] = 0xe0 | (u >> 12);
      out[o++] = 0x80 | ((u >> 6) & 0x3f);
      out[o++] = 0x80 | (u & 0x3f);
    }
  }
  return out;
}

/** Output units of an 8-bit target (each below 0x100): one byte each. */
export function latin1Bytes(units: string): Uint8Array {
  const out = new Uint8Array(units.length);
  for (let i = 0; i < units.length; i++) out[i] = units.charCodeAt(i);
  return out;
}
