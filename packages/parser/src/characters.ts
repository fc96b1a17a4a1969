/**
 * Characters: the text of every CP, decoded through the piece table into one JS string (one
 * UTF-16 code unit per CP), control characters intact. Stories and formatters work on this.
 */
import iconv from 'iconv-lite';
import type { Piece } from './piece-table.js';

export interface DecodedText {
  /** One code unit per CP, from CP 0; CPs no piece covers (or cut pieces) read as U+0000. */
  text: string;
  warnings: string[];
}

// ignoreBOM: a U+FEFF at the start of a piece is a character of the document, not a BOM.
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/**
 * Decodes CPs [0, cpLimit) of `stream` through `pieces`. 8-bit pieces are decoded in `codePage`
 * (Word 97 compressed text is always cp1252 with the 2.4.1 exceptions, which cp1252 already is).
 */
export function decodePieces(stream: Uint8Array, pieces: readonly Piece[], cpLimit: number, codePage: string): DecodedText {
  const warnings: string[] = [];
  const chunks: string[] = [];
  // Every CP takes at least one byte of the stream: a larger count (a damaged FIB or piece table)
  // must not allocate more characters than the file could hold.
  if (cpLimit > stream.length) {
    warnings.push(`${cpLimit} characters claimed, more than the ${stream.length}-byte stream holds; cut to ${stream.length}`);
    cpLimit = stream.length;
  }
  let cp = 0;
  const decode8 = singleByteDecoder(codePage);
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
    let s = piece.compressed ? decode8(bytes) : decodeUtf16(bytes);
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

const tables = new Map<string, (bytes: Uint8Array) => string>();

/**
 * A fast decoder for an 8-bit code page: a 256-entry table built once with iconv-lite, applied
 * through a Uint16Array. Multi-byte code pages (932, 936, 949, 950) go through iconv-lite itself.
 */
export function singleByteDecoder(codePage: string): (bytes: Uint8Array) => string {
  const cached = tables.get(codePage);
  if (cached) return cached;
  let decoder: (bytes: Uint8Array) => string;
  const all = new Uint8Array(256).map((_, i) => i);
  const map = iconv.decode(all as unknown as Buffer, codePage);
  if (map.length === 256) {
    const table = new Uint16Array(256);
    for (let i = 0; i < 256; i++) table[i] = map.charCodeAt(i);
    decoder = (bytes) => {
      const out = new Uint16Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
      return decodeUtf16Units(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
    };
  } else {
    decoder = (bytes) => iconv.decode(bytes as unknown as Buffer, codePage);
  }
  tables.set(codePage, decoder);
  return decoder;
}

type NodeBufferLike = { from(b: ArrayBufferLike, o: number, l: number): { toString(enc: string): string } };
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

/** UTF-16LE bytes to a string: Node's Buffer decoder where there is one (several times faster), else TextDecoder. */
function decodeUtf16Units(bytes: Uint8Array): string {
  return NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le') : utf16.decode(bytes);
}

const isHigh = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLow = (u: number) => u >= 0xdc00 && u <= 0xdfff;

/**
 * UTF-16LE text of one piece. A surrogate pair may be split across two pieces, so a high
 * surrogate at the end or a low surrogate at the start is kept as a raw code unit (a decoder
 * would replace it with U+FFFD); the joined string then holds the whole pair.
 */
function decodeUtf16(bytes: Uint8Array): string {
  const n = bytes.length >> 1;
  if (n === 0) return '';
  const unit = (i: number) => bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  const head = isLow(unit(0)) ? 1 : 0;
  const tail = n > head && isHigh(unit(n - 1)) ? 1 : 0;
  let s = head ? String.fromCharCode(unit(0)) : '';
  s += decodeUtf16Units(bytes.subarray(2 * head, 2 * (n - tail)));
  return tail ? s + String.fromCharCode(unit(n - 1)) : s;
}
