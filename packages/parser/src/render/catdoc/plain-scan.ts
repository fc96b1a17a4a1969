/**
 * The question catdoc mode's paragraph fast path asks once per paragraph (format.ts): where does
 * the run of characters that print as themselves (printable ASCII, TAB, form feed) that starts
 * here end? Asked of the text left to right.
 *
 * A regex answers it at about a nanosecond a character. A Latin-1 text (no character above
 * U+00FF, which V8 answers at once for a one-byte string) of a size worth it is instead copied once
 * as bytes (a native copy), its paragraph marks found natively (`indexOf`, memchr), and the bytes
 * before each checked four at a time: under half the time on a typical document.
 */

const NOT_PLAIN = /[^\t\x0c\x20-\x7e]/g;
const BEYOND_LATIN1 = /[^\x00-\xff]/;

/** The byte path's bounds: below, the regex costs less than the copy; above, the scratch bytes would be too large to keep. */
const BYTES_MIN = 256;
const BYTES_MAX = 1 << 20;

type ByteScratch = Uint8Array & { write(text: string, offset: number, length: number, encoding: 'latin1'): number };
/** Node's Buffer, when the host has one (no import: the core runs in browsers too, where the regex answers). */
const NodeBuffer = (globalThis as unknown as { Buffer?: { allocUnsafe(size: number): ByteScratch } }).Buffer;
/** The scratch bytes, kept from document to document (at most BYTES_MAX). */
let spare: ByteScratch | null = null;

export class PlainScanner {
  private bytes: ByteScratch | null = null;
  private words: Uint32Array | null = null;
  /** The first paragraph mark (0x0D) at or after the last `from`, or the text's length. */
  private mark = -1;

  constructor(private readonly chars: string) {
    const n = chars.length;
    if (!NodeBuffer || n < BYTES_MIN || n > BYTES_MAX || BEYOND_LATIN1.test(chars)) return;
    let bytes = spare;
    spare = null; // a nested formatter gets its own
    if (bytes === null || bytes.length < n) bytes = NodeBuffer.allocUnsafe(Math.max(n, 4096) + 3); // own memory from 4 KB up: offset 0
    bytes.write(chars, 0, n, 'latin1'); // one byte a character: each is below U+0100
    this.bytes = bytes;
    this.words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  }

  /** Index of the first character from `from` that is not printable ASCII, TAB or form feed (the text's length when none). */
  end(from: number): number {
    const bytes = this.bytes;
    if (bytes === null) {
      NOT_PLAIN.lastIndex = from;
      // `test`, not `exec`: no match array per paragraph; the match is one character.
      return NOT_PLAIN.test(this.chars) ? NOT_PLAIN.lastIndex - 1 : this.chars.length;
    }
    const n = this.chars.length;
    if (this.mark < from) {
      const at = bytes.indexOf(0x0d, from);
      this.mark = at < 0 || at >= n ? n : at;
    }
    return firstNotPlain(bytes, this.words!, from, this.mark);
  }

  /** Hands the scratch bytes on to the next document. */
  release(): void {
    if (this.bytes !== null && this.bytes.length <= BYTES_MAX + 3) spare = this.bytes;
    this.bytes = null;
    this.words = null;
  }
}

const isPlain = (c: number): boolean => (c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0c;

/**
 * The first byte in [from, to) that is not printable ASCII, TAB or form feed (`to` when none): a
 * word of four bytes at a time, each byte's bit 7 set by the word's own (≥ 0x80), by adding 1 to it
 * (0x7F) or by subtracting 0x20 from it (below 0x20: the first such byte is always flagged; a
 * borrow only flags bytes after it). A flagged word (TAB and form feed flag theirs) is looked at byte by byte.
 */
function firstNotPlain(bytes: Uint8Array, words: Uint32Array, from: number, to: number): number {
  let k = from;
  for (const head = Math.min(to, (from + 3) & ~3); k < head; k++) if (!isPlain(bytes[k]!)) return k;
  const last = to >> 2;
  for (let w = k >> 2; w < last; w++) {
    const x = words[w]!;
    if ((((x + 0x01010101) | x | ((x - 0x20202020) & ~x)) & 0x80808080) !== 0) {
      for (let q = w << 2; q < (w << 2) + 4; q++) if (!isPlain(bytes[q]!)) return q;
    }
  }
  for (k = Math.max(k, last << 2); k < to; k++) if (!isPlain(bytes[k]!)) return k;
  return to;
}
