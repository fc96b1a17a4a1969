/**
 * Plain text sent as a .doc: decode it (BOM, UTF-8, BOM-less UTF-16, else Windows-1252), and
 * decide whether a byte buffer looks like text at all (for format detection).
 */
import { decode, fromCharCodes } from '../io/encoding.js';
import { textOnlyResult, type ReadResult } from '../model/read-result.js';

/** How many leading bytes `looksLikeText` and the UTF-16 heuristic examine. */
const SAMPLE_SIZE = 4096;

/** The reader for plain text sent as a .doc: one body story, line ends as paragraph marks. */
export function readText(bytes: Uint8Array): ReadResult {
  return textOnlyResult({ format: 'text', version: 'Plain text' }, { body: decodeTextFile(bytes) });
}

// ---------------------------------------------------------------------------------------------
// Plain text files
// ---------------------------------------------------------------------------------------------

export type TextEncodingGuess = 'utf8-bom' | 'utf16le-bom' | 'utf16be-bom' | 'utf8' | 'utf16le' | 'utf16be' | 'cp1252';

/** Which encoding `decodeTextFile` uses for these bytes. */
export function guessTextEncoding(bytes: Uint8Array): TextEncodingGuess {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8-bom';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le-bom';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be-bom';
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) return utf16;
  if (isValidUtf8(bytes)) return 'utf8';
  return 'cp1252';
}

/**
 * Decodes a plain-text file: UTF-8 / UTF-16LE / UTF-16BE with a BOM (the BOM is dropped);
 * otherwise UTF-16 without a BOM when one byte of each pair is mostly zero; otherwise valid
 * UTF-8; otherwise Windows-1252. Line ends are passed through unchanged. Trailing NUL padding
 * (old DOS editors filled the last record or sector with NULs) is not text.
 *
 * The UTF-16 test runs before the UTF-8 one because ASCII in UTF-16 ("A\0B\0") is also valid
 * UTF-8; real UTF-8 text is practically never 40 % NUL bytes.
 */
export function decodeTextFile(padded: Uint8Array): string {
  const bytes = withoutNulPadding(padded);
  // UTF-16 keeps whole code units: the high byte of a last "A\0" is not padding.
  const utf16 = padded.subarray(0, Math.min(padded.length, bytes.length + (bytes.length & 1)));
  switch (guessTextEncoding(bytes)) {
    case 'utf8-bom':
      return new TextDecoder('utf-8').decode(bytes.subarray(3));
    case 'utf16le-bom':
      return decodeUtf16(utf16.subarray(2), true);
    case 'utf16be-bom':
      return decodeUtf16(utf16.subarray(2), false);
    case 'utf16le':
      return decodeUtf16(utf16, true);
    case 'utf16be':
      return decodeUtf16(utf16, false);
    case 'utf8':
      return new TextDecoder('utf-8').decode(bytes);
    case 'cp1252':
      return decode(bytes, 1252);
  }
}

/** UTF-16 code units to a string; a dangling odd byte at the end is dropped. */
function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Uint16Array(bytes.length >> 1);
  for (let k = 0; k < units.length; k++) {
    const i = 2 * k;
    units[k] = littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
  }
  return fromCharCodes(units);
}

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequence.
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = b === 0xe0 ? 0xa0 : 0x80; // E0: no overlongs
      if (b === 0xed) max = 0x9f; // ED: no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = b === 0xf0 ? 0x90 : 0x80; // F0: no overlongs
      if (b === 0xf4) max = 0x8f; // F4: nothing above U+10FFFF
    } else {
      return false;
    }
    if (i + need >= n) return false; // truncated sequence
    const second = bytes[i + 1];
    if (second < min || second > max) return false;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

/**
 * BOM-less UTF-16: in mostly-Latin text every other byte (the high byte) is zero. Requires at
 * least 4 code units, at least 40 % zero bytes on one side and almost none on the other.
 */
function guessBomlessUtf16(bytes: Uint8Array): 'utf16le' | 'utf16be' | null {
  const len = Math.min(bytes.length, SAMPLE_SIZE) & ~1;
  if (len < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < len; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = len / 2;
  if (oddZero >= pairs * 0.4 && evenZero <= pairs * 0.05) return 'utf16le';
  if (evenZero >= pairs * 0.4 && oddZero <= pairs * 0.05) return 'utf16be';
  return null;
}

/**
 * Whether bytes look like plain text, judged on the first 4 KB: UTF-16 (with a BOM or by the
 * zero-byte heuristic) whose characters are mostly printable, or 8-bit text with no NUL byte
 * and at most 2 % control characters other than TAB, LF, VT, FF, CR, ESC and SUB. NUL padding
 * at the end does not count (however long it is). Empty input is not text.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  const sample = withoutNulPadding(bytes).subarray(0, SAMPLE_SIZE);
  if (sample.length === 0) return false;
  const enc = guessTextEncoding(sample);
  if (enc === 'utf16le' || enc === 'utf16le-bom' || enc === 'utf16be' || enc === 'utf16be-bom') {
    const start = enc.endsWith('-bom') ? 2 : 0;
    const text = decodeUtf16(sample.subarray(start), enc.startsWith('utf16le'));
    if (text.length === 0) return enc.endsWith('-bom');
    let bad = 0;
    for (let i = 0; i < text.length; i++) if (isBadControl(text.charCodeAt(i))) bad++;
    return bad <= text.length * 0.02;
  }
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b === 0) return false;
    if (isBadControl(b)) bad++;
  }
  return bad <= sample.length * 0.02;
}

/** The bytes before a run of NULs that ends the input (DOS record or sector padding). */
function withoutNulPadding(bytes: Uint8Array): Uint8Array {
  let n = bytes.length;
  while (n > 0 && bytes[n - 1] === 0) n--;
  return bytes.subarray(0, n);
}

/** C0 controls (and DEL) that do not occur in ordinary text files. */
function isBadControl(c: number): boolean {
  if (c === 0x7f) return true;
  if (c >= 0x20) return false;
  // TAB LF VT FF CR are layout; ESC appears in ANSI-coloured logs; SUB (^Z) ends DOS files.
  return !(c === 0x09 || c === 0x0a || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x1b || c === 0x1a);
}
