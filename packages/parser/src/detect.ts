/**
 * detect(): what kind of file this is, from its first bytes. Everything that reads a file asks
 * this first, so Word binaries, their older siblings and the formats people send by mistake
 * under a .doc name are told apart in one place.
 */
import { hasCfbSignature, openContainer } from './container.js';
import { DocParseError } from './errors.js';
import { looksLikeText } from './formats/text.js';
import { bareWordKind, isWord6NFib, peekNFib } from './word/fib.js';
import type { DetectedFormat } from './types.js';

export function detect(bytes: Uint8Array): DetectedFormat {
  if (hasCfbSignature(bytes)) return detectOle(bytes);
  const bare = bareWordKind(bytes);
  if (bare) return bare;
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
  const nFib = wordDocument ? peekNFib(wordDocument) : -1;
  if (nFib < 0) return 'ole';
  return isWord6NFib(nFib) ? 'word6' : 'word97';
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
