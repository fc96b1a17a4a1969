/**
 * Characters: the text of every CP, decoded through the piece table into one JS string (one
 * UTF-16 code unit per CP), control characters intact. Stories and renderers work on this.
 *
 * Every piece is decoded straight from the stream into one buffer of code units (8-bit text
 * through its code page's byte table, UTF-16 copied unit for unit), then made one string: no
 * string per piece, no padding strings, warnings counted and capped.
 */
import { byteTableOf, unitsToString, type Decoder } from '../io/encoding.js';
import type { Warnings } from '../warnings.js';
import type { Piece } from './piece-table.js';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Decodes CPs [0, cpLimit) of `stream` through `pieces`. 8-bit pieces are decoded with `decode8`
 * (Word 97 compressed text is always cp1252 with the 2.4.1 exceptions, which cp1252 already is).
 * CPs no piece covers (or cut pieces) read as U+0000. A double-byte code page's decoder may give
 * fewer characters than a piece has CPs (padded with U+0000) or more (kept).
 */
export function decodePieces(stream: Uint8Array, pieces: readonly Piece[], cpLimit: number, decode8: Decoder, warnings: Warnings): string {
  // Every CP takes at least one byte of the stream: a larger count (a damaged FIB or piece table)
  // must not allocate more characters than the file could hold.
  if (cpLimit > stream.length) {
    warnings.add(`${cpLimit} characters claimed, more than the ${stream.length}-byte stream holds; cut to ${stream.length}`);
    cpLimit = stream.length;
  }
  const out = new Units(cpLimit);
  const table = byteTableOf(decode8);
  let cp = 0;
  for (const piece of pieces) {
    if (cp >= cpLimit) break;
    const start = Math.max(piece.cpStart, cp);
    const end = Math.min(piece.cpEnd, cpLimit);
    if (end <= start) continue;
    out.zeros(start - cp); // a gap in the piece table
    const width = piece.compressed ? 1 : 2;
    const from = piece.offset + (start - piece.cpStart) * width;
    const wanted = (end - start) * width;
    const available = Math.max(0, Math.min(wanted, stream.length - from));
    if (available < wanted) {
      if (warnings.keeping) {
        warnings.add(`piece at CP ${piece.cpStart} points past the end of the WordDocument stream; ${end - start - Math.floor(available / width)} character(s) cut`);
      } else warnings.skip();
    }
    const n = end - start;
    if (!piece.compressed) out.utf16(stream, from, available >> 1, n);
    else if (table) out.bytes(stream, from, available, table, n);
    else out.text(decode8(stream.subarray(from, from + available)), n);
    cp = end;
  }
  if (cp < cpLimit) {
    warnings.add(`the piece table covers ${cp} of ${cpLimit} characters`);
    out.zeros(cpLimit - cp);
  }
  return out.toString();
}

/** A growing buffer of code units, zero-filled. */
class Units {
  private buf: Uint16Array;
  private n = 0;

  constructor(size: number) {
    this.buf = new Uint16Array(size);
  }

  zeros(count: number): void {
    this.reserve(count);
    this.n += count; // the buffer is zero-filled and never written past n
  }

  /** `units` UTF-16LE code units at stream[from], then zeros up to `cps`. Surrogates are copied as they are (a pair may be split across pieces). */
  utf16(stream: Uint8Array, from: number, units: number, cps: number): void {
    this.reserve(cps);
    const at = stream.byteOffset + from;
    if (units > 0 && LITTLE_ENDIAN && (at & 1) === 0) this.buf.set(new Uint16Array(stream.buffer, at, units), this.n);
    else for (let k = 0; k < units; k++) this.buf[this.n + k] = stream[from + 2 * k]! | (stream[from + 2 * k + 1]! << 8);
    this.n += cps;
  }

  /** `count` bytes at stream[from] through a byte table, then zeros up to `cps`. */
  bytes(stream: Uint8Array, from: number, count: number, table: Uint16Array, cps: number): void {
    this.reserve(cps);
    const buf = this.buf;
    for (let k = 0, o = this.n; k < count; k++, o++) buf[o] = table[stream[from + k]!]!;
    this.n += cps;
  }

  /** A decoded string, padded with zeros up to `cps` units (a longer one is kept whole). */
  text(s: string, cps: number): void {
    this.reserve(Math.max(s.length, cps));
    for (let k = 0; k < s.length; k++) this.buf[this.n + k] = s.charCodeAt(k);
    this.n += Math.max(s.length, cps);
  }

  toString(): string {
    return unitsToString(this.buf.subarray(0, this.n));
  }

  private reserve(count: number): void {
    if (this.n + count <= this.buf.length) return;
    const bigger = new Uint16Array(Math.max(this.n + count, 2 * this.buf.length));
    bigger.set(this.buf.subarray(0, this.n));
    this.buf = bigger;
  }
}
