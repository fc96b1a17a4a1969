/**
 * detect(): what kind of file this is, from its first bytes. Everything that reads a file asks
 * this first, so Word binaries, their older siblings and the formats people send by mistake
 * under a .doc name are told apart in one place.
 */
import { hasCfbSignature, openContainer } from './container.js';
import { DocParseError } from './errors.js';
import { WIDENT_WORD2 } from './fib.js';
import { looksLikeText } from './text-input.js';
import type { DetectedFormat } from './types.js';

export function detect(bytes: Uint8Array): DetectedFormat {
  if (hasCfbSignature(bytes)) return detectOle(bytes);
  const u16 = bytes.length >= 2 ? bytes[0]! | (bytes[1]! << 8) : -1;
  if (u16 === WIDENT_WORD2 || u16 === 0xa59b || u16 === 0xa59c) return 'word2';
  if (u16 === 0xbe31 || u16 === 0xbe32) return 'write';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'docx';
  if (startsWith(bytes, [0xff, 0x57, 0x50, 0x43])) return 'wordperfect';
  const head = asciiHead(bytes, 2048);
  if (/^\s*\{\\rtf/.test(head)) return 'rtf';
  if (/^\s*<\?xml/.test(head) || /^\s*</.test(head)) {
    if (/<w:wordDocument|<pkg:package|schemas\.microsoft\.com\/office\/word/.test(head)) return 'wordml';
  }
  if (looksLikeText(bytes)) return 'text';
  return 'unknown';
}

function detectOle(bytes: Uint8Array): DetectedFormat {
  let wordDocument: Uint8Array | null;
  try {
    wordDocument = openContainer(bytes).stream('WordDocument');
  } catch (error) {
    if (error instanceof DocParseError) return 'ole'; // a damaged container: parseDoc reports why
    throw error;
  }
  if (!wordDocument || wordDocument.length < 4) return 'ole';
  const nFib = wordDocument[2]! | (wordDocument[3]! << 8);
  return nFib >= 101 && nFib <= 105 ? 'word6' : 'word97';
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function asciiHead(bytes: Uint8Array, n: number): string {
  let start = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) start = 3;
  let s = '';
  for (let i = start; i < Math.min(bytes.length, start + n); i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
