/**
 * detect(): what kind of file this is, from its first bytes. Everything that reads a file asks
 * this first, so Word binaries, their older siblings and the formats people send by mistake
 * under a .doc name are told apart in one place.
 */
import { hasCfbSignature, openContainer, type Container } from './container.js';
import { DocParseError, guarded } from './errors.js';
import { identify, identifyOle } from './formats/identify.js';
import { looksLikeText } from './formats/text.js';
import { bareWordKind, isWord6NFib, peekNFib } from './word/fib.js';
import type { DetectedFormat } from './types.js';

/** What kind of file `bytes` is. Throws nothing but DocParseError (INTERNAL for a bug). */
export function detect(bytes: Uint8Array): DetectedFormat {
  return guarded(() => detectFormat(bytes));
}

function detectFormat(bytes: Uint8Array): DetectedFormat {
  if (hasCfbSignature(bytes)) return detectOle(bytes);
  const bare = bareWordKind(bytes);
  if (bare) return bare;
  // ZIP, XML, HTML, MIME and the magic numbers of what is not Word (formats/identify.ts).
  const kind = identify(bytes);
  if (kind) return kind === 'zip' ? 'docx' : kind === 'flat-opc' ? 'wordml' : kind;
  if (/^\s*\{\\rtf/.test(asciiHead(bytes, 2048))) return 'rtf';
  if (looksLikeText(bytes)) return 'text';
  return 'unknown';
}

function detectOle(bytes: Uint8Array): DetectedFormat {
  let container: Container;
  try {
    container = openContainer(bytes);
  } catch (error) {
    if (error instanceof DocParseError) return 'ole'; // a damaged container: parseDoc reports why
    throw error;
  }
  const wordDocument = container.stream('WordDocument');
  if (!wordDocument) {
    const application = identifyOle(container.root.children.map((entry) => entry.name)); // Excel, PowerPoint, …
    return application === 'word' ? 'ole' : application;
  }
  const nFib = peekNFib(wordDocument);
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
