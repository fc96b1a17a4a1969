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
  const out = new Assembler();
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

/**
 * The decoded text, assembled: a long piece is decoded straight to a string of its own (one copy
 * of its bytes); short pieces and gaps go through a chunk of code units, so a million one-character
 * pieces cost a million writes into it, not a million strings.
 */
class Assembler {
  private readonly parts: string[] = [];
  /** One chunk for every call (decodePieces does not re-enter): no 32 KB allocation per document. */
  private readonly buf = SHARED_CHUNK;
  private n = 0;

  /** `count` U+0000s. */
  zeros(count: number): void {
    while (count > 0) {
      const k = Math.min(count, CHUNK - this.n);
      this.buf.fill(0, this.n, this.n + k);
      this.n += k;
      count -= k;
      if (this.n === CHUNK) this.flush();
    }
  }

  /** `units` UTF-16LE code units at stream[from], then zeros up to `cps`. Surrogates are kept as they are (a pair may be split across pieces). */
  utf16(stream: Uint8Array, from: number, units: number, cps: number): void {
    if (units >= LONG_PIECE) {
      this.push(utf16Text(stream, from, units));
    } else {
      if (this.n + units > CHUNK) this.flush();
      for (let k = 0; k < units; k++) this.buf[this.n++] = stream[from + 2 * k]! | (stream[from + 2 * k + 1]! << 8);
    }
    this.zeros(cps - units);
  }

  /** `count` bytes at stream[from] through a code page's byte table, then zeros up to `cps`. */
  bytes(stream: Uint8Array, from: number, count: number, table: Uint16Array, cps: number): void {
    if (count >= LONG_PIECE) {
      const units = new Uint16Array(count);
      for (let k = 0; k < count; k++) units[k] = table[stream[from + k]!]!;
      this.push(unitsToString(units));
    } else {
      if (this.n + count > CHUNK) this.flush();
      for (let k = 0; k < count; k++) this.buf[this.n++] = table[stream[from + k]!]!;
    }
    this.zeros(cps - count);
  }

  /** A decoded string, padded with zeros up to `cps` units (a longer one is kept whole). */
  text(s: string, cps: number): void {
    this.push(s);
    this.zeros(cps - s.length);
  }

  toString(): string {
    this.flush();
    return this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
  }

  private push(s: string): void {
    this.flush();
    if (s.length > 0) this.parts.push(s);
  }

  private flush(): void {
    if (this.n === 0) return;
    this.parts.push(unitsToString(this.buf.subarray(0, this.n)));
    this.n = 0;
  }
}

const CHUNK = 16384;
const SHARED_CHUNK = new Uint16Array(CHUNK);
/** Pieces of at least this many characters are decoded to a string of their own. */
const LONG_PIECE = 256;

/** `units` UTF-16LE code units at stream[from] as a string, unit for unit (a view when aligned, else one copy first). */
function utf16Text(stream: Uint8Array, from: number, units: number): string {
  const at = stream.byteOffset + from;
  if (LITTLE_ENDIAN && (at & 1) === 0) return unitsToString(new Uint16Array(stream.buffer, at, units));
  const copy = new Uint16Array(units);
  for (let k = 0; k < units; k++) copy[k] = stream[from + 2 * k]! | (stream[from + 2 * k + 1]! << 8);
  return unitsToString(copy);
}
