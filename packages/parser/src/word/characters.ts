/**
 * Characters: the text of every CP, decoded through the piece table into one JS string (one
 * UTF-16 code unit per CP), control characters intact. Stories and renderers work on this.
 *
 * Every piece is decoded straight from the stream into one buffer of code units (8-bit text
 * through its code page's byte table, UTF-16 copied unit for unit), then made one string: no
 * string per piece, no padding strings, warnings counted and capped.
 */
import { byteTableOf, scratchArray, tableInto, tableString, unitRunsToString, unitsToString, type Decoder } from '../io/encoding.js';
import { partAt, partsView, type StreamPart } from '../ole/index.js';
import type { Warnings } from '../warnings.js';
import type { Piece } from './piece-table.js';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Decodes CPs [0, cpLimit) of `stream` through `pieces`. 8-bit pieces are decoded with `decode8`
 * (Word 97 compressed text is always cp1252 with the 2.4.1 exceptions, which cp1252 already is).
 * CPs no piece covers (or cut pieces) read as U+0000. A double-byte code page's decoder may give
 * fewer characters than a piece has CPs (padded with U+0000) or more (kept).
 *
 * `stream` may be given as the parts the file stores it in (ole streamParts): the text is then
 * read from them where they lie, and the stream is never copied whole.
 */
export function decodePieces(stream: Uint8Array | readonly StreamPart[], pieces: readonly Piece[], cpLimit: number, decode8: Decoder, warnings: Warnings): string {
  const parts = stream instanceof Uint8Array ? [{ at: 0, bytes: stream }] : stream;
  const last = parts[parts.length - 1];
  const length = last ? last.at + last.bytes.length : 0;
  // Every CP takes at least one byte of the stream: a larger count (a damaged FIB or piece table)
  // must not allocate more characters than the file could hold.
  if (cpLimit > length) {
    warnings.add(`${cpLimit} characters claimed, more than the ${length}-byte stream holds; cut to ${length}`);
    cpLimit = length;
  }
  // One piece (most documents): a long piece is made a string straight from its bytes, one copy.
  // Several: every piece is written into one buffer of cpLimit units made one string at the end,
  // with no string per piece to make and join.
  const out = pieces.length > 1 ? new Assembler(cpLimit > CHUNK ? scratchArray(Uint16Array, cpLimit) : SHARED_CHUNK, 'one-buffer') : new Assembler(SHARED_CHUNK, 'long-pieces-apart');
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
    const available = Math.max(0, Math.min(wanted, length - from));
    if (available < wanted) {
      if (warnings.keeping) {
        warnings.add(`piece at CP ${piece.cpStart} points past the end of the WordDocument stream; ${end - start - Math.floor(available / width)} character(s) cut`);
      } else warnings.skip();
    }
    const n = end - start;
    const units = Math.floor(available / width);
    if (!piece.compressed && units >= LONG_PIECE && out.kind === 'long-pieces-apart') out.text(utf16PieceText(parts, from, units));
    else if (!piece.compressed) forEachRun(parts, from, units, 2, (bytes, at, count) => out.utf16(bytes, at, count));
    else if (table) forEachRun(parts, from, units, 1, (bytes, at, count) => out.bytes(bytes, at, count, table));
    else {
      // A double-byte character may straddle two parts: the piece is decoded from one array.
      const text = decode8(partsView(parts, from, from + available));
      out.text(text);
      if (text.length < n) out.zeros(n - text.length);
      cp = end;
      continue;
    }
    out.zeros(n - units);
    cp = end;
  }
  if (cp < cpLimit) {
    warnings.add(`the piece table covers ${cp} of ${cpLimit} characters`);
    out.zeros(cpLimit - cp);
  }
  return out.toString();
}

/**
 * How the decoded text is assembled:
 * - 'long-pieces-apart': a long piece is decoded straight to a string of its own (one copy of its
 *   bytes); short pieces and gaps go through a chunk of code units, so a million one-character
 *   pieces cost a million writes into it, not a million strings;
 * - 'one-buffer': every piece is written into the buffer (as long as the text), one string at the end.
 */
type Assembly = 'long-pieces-apart' | 'one-buffer';

/** The decoded text, assembled in `buf` (and strings where it is full or a piece is kept apart). */
class Assembler {
  private readonly parts: string[] = [];
  private n = 0;

  /** `buf`: SHARED_CHUNK (decodePieces does not re-enter: no 32 KB allocation per document), or a buffer for the whole text. */
  constructor(
    private readonly buf: Uint16Array,
    readonly kind: Assembly,
  ) {}

  /** `count` U+0000s. */
  zeros(count: number): void {
    const capacity = this.buf.length;
    while (count > 0) {
      const k = Math.min(count, capacity - this.n);
      this.buf.fill(0, this.n, this.n + k);
      this.n += k;
      count -= k;
      if (this.n === capacity) this.flush();
    }
  }

  /** `units` UTF-16LE code units at stream[from]. Surrogates are kept as they are (a pair may be split across pieces). */
  utf16(stream: Uint8Array, from: number, units: number): void {
    if (this.n + units > this.buf.length) this.flush();
    if (units > this.buf.length) return this.push(unitsToString(utf16Units(stream, from, units)));
    const buf = this.buf;
    const n = this.n;
    if (units >= LONG_PIECE && LITTLE_ENDIAN && ((stream.byteOffset + from) & 1) === 0) buf.set(utf16Units(stream, from, units), n);
    else for (let k = 0; k < units; k++) buf[n + k] = stream[from + 2 * k]! | (stream[from + 2 * k + 1]! << 8);
    this.n = n + units;
  }

  /** `count` bytes at stream[from] through a code page's byte table. */
  bytes(stream: Uint8Array, from: number, count: number, table: Uint16Array): void {
    if (this.n + count > this.buf.length) this.flush();
    if (count > this.buf.length || (count >= LONG_PIECE && this.kind === 'long-pieces-apart')) return this.push(tableString(stream.subarray(from, from + count), table));
    const buf = this.buf;
    const n = this.n;
    if (count >= LONG_PIECE) tableInto(stream.subarray(from, from + count), table, buf, n);
    else for (let k = 0; k < count; k++) buf[n + k] = table[stream[from + k]!]!;
    this.n = n + count;
  }

  /** A decoded string. */
  text(s: string): void {
    this.push(s);
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

/**
 * Calls `visit(bytes, at, count)` for the `units` units of `width` bytes from stream offset
 * `from`, part by part (`at`: the offset in that part's bytes); a unit split between two parts is
 * visited from a copy of its bytes.
 */
function forEachRun(parts: readonly StreamPart[], from: number, units: number, width: number, visit: (bytes: Uint8Array, at: number, count: number) => void): void {
  let k = partAt(parts, from);
  let offset = from;
  while (units > 0 && k < parts.length) {
    const part = parts[k]!;
    const whole = Math.min(units, Math.floor((part.at + part.bytes.length - offset) / width));
    if (whole > 0) visit(part.bytes, offset - part.at, whole);
    offset += whole * width;
    units -= whole;
    if (units > 0 && offset < part.at + part.bytes.length) {
      visit(partsView(parts, offset, offset + width), 0, 1);
      offset += width;
      units--;
    }
    while (k < parts.length && parts[k]!.at + parts[k]!.bytes.length <= offset) k++;
  }
}

const CHUNK = 16384;
const SHARED_CHUNK = new Uint16Array(CHUNK);
/** Pieces of at least this many characters are decoded to a string of their own. */
const LONG_PIECE = 256;

/**
 * A long UTF-16 piece as one string, from the parts of the stream it spans: one part's units are
 * made a string straight from the file; several parts' are first put together (as bytes when
 * every unit is below U+0100, for a one-byte string), so no string per part is made and joined.
 */
function utf16PieceText(parts: readonly StreamPart[], from: number, units: number): string {
  const runs: Uint16Array[] = [];
  forEachRun(parts, from, units, 2, (bytes, at, count) => runs.push(utf16Units(bytes, at, count)));
  return unitRunsToString(runs, units);
}

/** `units` UTF-16LE code units at stream[from], unit for unit (a view when aligned, else a copy). */
function utf16Units(stream: Uint8Array, from: number, units: number): Uint16Array {
  const at = stream.byteOffset + from;
  if (LITTLE_ENDIAN && (at & 1) === 0) return new Uint16Array(stream.buffer, at, units);
  const copy = new Uint16Array(units);
  for (let k = 0; k < units; k++) copy[k] = stream[from + 2 * k]! | (stream[from + 2 * k + 1]! << 8);
  return copy;
}
