/**
 * Characters: the text of every CP, decoded through the piece table into one JS string (one
 * UTF-16 code unit per CP), control characters intact. Stories and renderers work on this.
 */
import { decodeUtf16le, type Decoder } from '../io/encoding.js';
import type { Piece } from './piece-table.js';

export interface DecodedText {
  /** One code unit per CP, from CP 0; CPs no piece covers (or cut pieces) read as U+0000. */
  text: string;
  warnings: string[];
}

/**
 * Decodes CPs [0, cpLimit) of `stream` through `pieces`. 8-bit pieces are decoded with `decode8`
 * (Word 97 compressed text is always cp1252 with the 2.4.1 exceptions, which cp1252 already is).
 */
export function decodePieces(stream: Uint8Array, pieces: readonly Piece[], cpLimit: number, decode8: Decoder): DecodedText {
  const warnings: string[] = [];
  const chunks: string[] = [];
  // Every CP takes at least one byte of the stream: a larger count (a damaged FIB or piece table)
  // must not allocate more characters than the file could hold.
  if (cpLimit > stream.length) {
    warnings.push(`${cpLimit} characters claimed, more than the ${stream.length}-byte stream holds; cut to ${stream.length}`);
    cpLimit = stream.length;
  }
  let cp = 0;
  for (const piece of pieces) {
    if (cp >= cpLimit) break;
    const start = Math.max(piece.cpStart, cp);
    const end = Math.min(piece.cpEnd, cpLimit);
    if (end <= start) continue;
    if (start > cp) chunks.push('\0'.repeat(start - cp)); // a gap in the piece table
    const width = piece.compressed ? 1 : 2;
    const from = piece.offset + (start - piece.cpStart) * width;
    const wanted = (end - start) * width;
    const available = Math.max(0, Math.min(wanted, stream.length - from));
    if (available < wanted) {
      warnings.push(`piece at CP ${piece.cpStart} points past the end of the WordDocument stream; ${end - start - Math.floor(available / width)} character(s) cut`);
    }
    const bytes = stream.subarray(from, from + available - (available % width));
    let s = piece.compressed ? decode8(bytes) : decodeUtf16Piece(bytes);
    if (s.length < end - start) s += '\0'.repeat(end - start - s.length);
    chunks.push(s);
    cp = end;
  }
  if (cp < cpLimit) {
    warnings.push(`the piece table covers ${cp} of ${cpLimit} characters`);
    chunks.push('\0'.repeat(cpLimit - cp));
  }
  return { text: chunks.join(''), warnings };
}

const isHigh = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number) => u >= 0xdc00 && u <= 0xdfff;

/**
 * UTF-16LE text of one piece. A surrogate pair may be split across two pieces, so a high
 * surrogate at the end or a low surrogate at the start is kept as a raw code unit (a decoder
 * would replace it with U+FFFD); the joined string then holds the whole pair.
 */
function decodeUtf16Piece(bytes: Uint8Array): string {
  const n = bytes.length >> 1;
  if (n === 0) return '';
  const unit = (i: number) => bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  const head = isLow(unit(0)) ? 1 : 0;
  const tail = n > head && isHigh(unit(n - 1)) ? 1 : 0;
  let s = head ? String.fromCharCode(unit(0)) : '';
  s += decodeUtf16le(bytes.subarray(2 * head, 2 * (n - tail)));
  return tail ? s + String.fromCharCode(unit(n - 1)) : s;
}
