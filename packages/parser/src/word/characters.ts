/**
 * Characters: the text of every CP, decoded through the piece table into code units (one UTF-16
 * code unit per CP), control characters intact: TextUnits (model/text-units.ts). Stories and
 * renderers work on these.
 *
 * UTF-16 text is read where it lies in the input; 8-bit text goes through its code page's byte
 * table into one array of units: no string per piece, no padding strings, warnings counted and capped.
 * A long run of a lazy input (io/lazy-input.ts) is a view of bytes not read in: TextUnits reads
 * it from the file where it is read; a short one is read in and copied here.
 */
import { byteTableOf, scratchArray, tableInto, type Decoder } from '../io/encoding.js';
import { loaded } from '../io/lazy-input.js';
import { TextUnits } from '../model/text-units.js';
import { partAt, partsView, type StreamPart } from '../ole/index.js';
import type { Warnings } from '../warnings.js';
import type { Piece } from './piece-table.js';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Decodes CPs [0, cpLimit) of `stream` through `pieces`, as code units (model/text-units.ts).
 * 8-bit pieces are decoded with `decode8` (Word 97 compressed text is always cp1252 with the
 * 2.4.1 exceptions, which cp1252 already is). CPs no piece covers (or cut pieces) read as U+0000.
 * A double-byte code page's decoder may give fewer characters than a piece has CPs (padded with
 * U+0000) or more (kept).
 *
 * `stream` may be given as the parts the file stores it in (ole streamParts): the text is then
 * read from them where they lie, and the stream is never copied whole.
 */
export function decodeUnits(
  stream: Uint8Array | readonly StreamPart[],
  pieces: readonly Piece[],
  cpLimit: number,
  decode8: Decoder,
  warnings: Warnings,
  wide: WideText = 'utf-16',
): TextUnits {
  const parts = stream instanceof Uint8Array ? [{ at: 0, bytes: stream }] : stream;
  const last = parts[parts.length - 1];
  const length = last ? last.at + last.bytes.length : 0;
  // Every CP takes at least one byte of the stream: a larger count (a damaged FIB or piece table)
  // must not allocate more characters than the file could hold.
  if (cpLimit > length) {
    warnings.add(`${cpLimit} characters claimed, more than the ${length}-byte stream holds; cut to ${length}`);
    cpLimit = length;
  }
  const out = new UnitsBuilder(ownedEstimate(parts, pieces, cpLimit));
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
    if (!piece.compressed && wide === 'code-page-pairs') forEachRun(parts, from, units, 2, (bytes, at, count) => out.codePagePairs(bytes, at, count, decode8, table));
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
  return out.finish();
}

/**
 * What a 2-byte character of a piece is:
 * - 'utf-16': a UTF-16LE code unit (Word 97+);
 * - 'code-page-pairs': a Word 6/95 extended character (fExtChar, the Far East editions; Word 95
 *   knew no Unicode): the document's code page, a double-byte character as its two bytes (lead
 *   byte high) from 0x3000 up, below that a single byte, the low one (the high byte dropped, as
 *   LibreOffice's ReadPlainChars reads them). [MS-DOC] covers Word 97+ only.
 */
export type WideText = 'utf-16' | 'code-page-pairs';

/** decodeUnits' characters as one string (Word 1/2 and Write: readers that work on a string). */
export function decodePieces(stream: Uint8Array | readonly StreamPart[], pieces: readonly Piece[], cpLimit: number, decode8: Decoder, warnings: Warnings): string {
  return decodeUnits(stream, pieces, cpLimit, decode8, warnings).string();
}

/**
 * The units the text's own array will hold (a first guess, grown when short): every CP but those
 * of long UTF-16 pieces, which are views of the input where their bytes are aligned.
 */
function ownedEstimate(parts: readonly StreamPart[], pieces: readonly Piece[], cpLimit: number): number {
  let viewed = 0;
  for (const piece of pieces) {
    const n = Math.min(piece.cpEnd, cpLimit) - piece.cpStart;
    if (n >= LONG_PIECE && (piece.compressed || ((piece.offset & 1) === 0 && ((parts[0]?.bytes.byteOffset ?? 0) & 1) === 0))) viewed += n;
  }
  return Math.max(0, cpLimit - viewed);
}

/**
 * The decoded text, as segments (model/text-units.ts): a long aligned UTF-16 run is a segment of
 * its own, a view of the input, and so is a long 8-bit run (its bytes, read through the code
 * page's byte table); everything else (short 8-bit or UTF-16 runs, unaligned UTF-16, gaps, a
 * double-byte decoder's string) is written into one array the text owns, each stretch of it
 * between two views a segment. A million one-character pieces are a million writes into that
 * array, one segment.
 */
class UnitsBuilder {
  private readonly starts: number[] = [];
  /** null: a segment of the owned array (its final array is known at the end: it may grow). */
  private readonly arrays: Array<Uint16Array | null> = [];
  private readonly deltas: number[] = [];
  /** 8-bit segments: their bytes (null for others), read through `table` (one code page a document). */
  private readonly byteViews: Array<Uint8Array | null> = [];
  private table: Uint16Array | null = null;
  private owned: Uint16Array;
  /** Units in `owned`. */
  private n = 0;
  /** CPs so far. */
  private cp = 0;
  /** The last segment is one of the owned array. */
  private inOwned = false;

  constructor(estimate: number) {
    this.owned = scratchArray(Uint16Array, estimate); // every unit written before it is read
  }

  /** `count` U+0000s. */
  zeros(count: number): void {
    if (count <= 0) return;
    const at = this.take(count);
    this.owned.fill(0, at, at + count);
  }

  /** `units` UTF-16LE code units at stream[from]. Surrogates are kept as they are (a pair may be split across pieces). */
  utf16(stream: Uint8Array, from: number, units: number): void {
    if (units <= 0) return;
    if (units >= LONG_PIECE && LITTLE_ENDIAN && ((stream.byteOffset + from) & 1) === 0) {
      this.view(new Uint16Array(stream.buffer, stream.byteOffset + from, units));
      return;
    }
    const at = this.take(units);
    const buf = this.owned;
    loaded(stream, from, from + 2 * units);
    for (let k = 0; k < units; k++) buf[at + k] = stream[from + 2 * k]! | (stream[from + 2 * k + 1]! << 8);
  }

  /**
   * `units` Word 6/95 extended characters at stream[from] ('code-page-pairs'): one unit each. A
   * single-byte code page reads the byte through its table (the low one, or the high one of a
   * pair, as the pair's first character); a double-byte one decodes each distinct pair once
   * (`pairs`: at most 65,536 decoder calls a document, however long its text).
   */
  codePagePairs(stream: Uint8Array, from: number, units: number, decode8: Decoder, table: Uint16Array | null): void {
    if (units <= 0) return;
    const at = this.take(units);
    const buf = this.owned;
    loaded(stream, from, from + 2 * units);
    for (let k = 0; k < units; k++) {
      const lo = stream[from + 2 * k]!;
      const hi = stream[from + 2 * k + 1]!;
      if (table) buf[at + k] = table[hi < 0x30 ? lo : hi]!;
      else buf[at + k] = this.pairUnit(hi < 0x30 ? lo : (hi << 8) | lo, decode8);
    }
  }

  /** Decoded pairs (and single bytes), by their value: 0x10000 + the unit once known. */
  private pairs: Uint32Array | null = null;

  /** The first character `decode8` makes of `value` (one byte below 0x100, else a lead and a trail byte), 0 for none. */
  private pairUnit(value: number, decode8: Decoder): number {
    const pairs = (this.pairs ??= new Uint32Array(0x10000));
    if (pairs[value] === 0) pairs[value] = 0x10000 + (decode8(value < 0x100 ? Uint8Array.of(value) : Uint8Array.of(value >> 8, value & 0xff)).charCodeAt(0) || 0);
    return pairs[value]! - 0x10000;
  }

  /** `count` bytes at stream[from] through a code page's byte table. */
  bytes(stream: Uint8Array, from: number, count: number, table: Uint16Array): void {
    if (count <= 0) return;
    if (count >= LONG_PIECE && (this.table === null || this.table === table)) {
      // A view of the bytes, read through the table where they are read (model/text-units.ts).
      this.table = table;
      this.segment(NO_UNITS, stream.subarray(from, from + count), -this.cp, count);
      return;
    }
    const at = this.take(count);
    const buf = this.owned;
    loaded(stream, from, from + count);
    if (count >= LONG_PIECE) tableInto(stream.subarray(from, from + count), table, buf, at);
    else for (let k = 0; k < count; k++) buf[at + k] = table[stream[from + k]!]!;
  }

  /** A decoded string. */
  text(s: string): void {
    if (s.length === 0) return;
    const at = this.take(s.length);
    const buf = this.owned;
    for (let k = 0; k < s.length; k++) buf[at + k] = s.charCodeAt(k);
  }

  finish(): TextUnits {
    const owned = this.owned.subarray(0, this.n);
    const arrays = this.arrays.map((a) => a ?? owned);
    return new TextUnits(Int32Array.from([...this.starts, this.cp]), arrays, Int32Array.from(this.deltas), this.byteViews, this.table);
  }

  /** A view of the input as a segment of its own. */
  private view(units: Uint16Array): void {
    this.segment(units, null, -this.cp, units.length);
  }

  private segment(units: Uint16Array, bytes: Uint8Array | null, delta: number, count: number): void {
    this.starts.push(this.cp);
    this.arrays.push(units);
    this.byteViews.push(bytes);
    this.deltas.push(delta);
    this.cp += count;
    this.inOwned = false;
  }

  /** Room for `count` more units in the owned array (grown when short); returns where they go. */
  private take(count: number): number {
    if (!this.inOwned) {
      this.starts.push(this.cp);
      this.arrays.push(null);
      this.byteViews.push(null);
      this.deltas.push(this.n - this.cp);
      this.inOwned = true;
    }
    const at = this.n;
    if (at + count > this.owned.length) {
      const grown = scratchArray(Uint16Array, Math.max(2 * this.owned.length, at + count, 4096));
      grown.set(this.owned.subarray(0, at));
      this.owned = grown;
    }
    this.n = at + count;
    this.cp += count;
    return at;
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

/** A view of no units (an 8-bit segment's units are its bytes through the table). */
const NO_UNITS = new Uint16Array(0);
/** Runs of at least this many units (UTF-16) or bytes (8-bit) are views of the input, not copied. */
const LONG_PIECE = 256;
