/**
 * MHTML, Word's "Single File Web Page" (RFC 2557: a MIME multipart/related message whose root
 * part is the HTML page): the MIME structure is read from the bytes (RFC 2045-2046), the root
 * part's transfer encoding undone (quoted-printable, base64) and its charset applied, and the page
 * rendered like any HTML. Word's header/footer part (…/header.htm) becomes the headers story. A
 * message with a text/plain root (an e-mail saved as .doc) gives that text.
 */
import { DocParseError } from '../errors.js';
import { STORY_NAMES, type StoryName } from '../types.js';
import { decodeHtml, htmlResult } from './html/read-html.js';
import { asciiPrefix, decodeBytes } from './markup/decode.js';
import type { FormatReadResult } from './result.js';

interface Part {
  headers: Map<string, string>;
  body: Uint8Array;
}

/** Multipart nesting followed (Word writes one level; e-mails two or three). */
const MAX_NESTING = 8;
/** Longest header block read (a part with no empty line is all header, but only this much is parsed). */
const MAX_HEADER_BYTES = 64 * 1024;

export function readMhtml(bytes: Uint8Array): FormatReadResult {
  const message = parsePart(bytes);
  const parts: Part[] = [];
  collectLeaves(message, parts, 0);
  const root = parts.find((p) => mediaType(p) === 'text/html') ?? parts.find((p) => mediaType(p) === 'text/plain');
  if (!root) throw new DocParseError('UNSUPPORTED_FORMAT', 'This MIME message (MHTML) has no HTML or text part to read.');
  const charset = param(root.headers.get('content-type') ?? '', 'charset');
  const content = transferDecode(root);
  if (mediaType(root) === 'text/plain') {
    const text = decodeBytes(content, charset).replace(/\r\n?/g, '\n');
    return { format: 'mhtml', version: 'MIME message (text)', stories: text.trim() ? { body: text.endsWith('\n') ? text : `${text}\n` } : {}, metadata: {} };
  }
  const result = htmlResult('mhtml', decodeHtml(content, charset));
  result.version = result.version.replace(/^Word Web Page/, 'Word Single File Web Page (MHTML)').replace(/^HTML/, 'MHTML');
  // Word saves headers and footers as a part of their own: …_files/header.htm.
  const header = parts.find((p) => p !== root && /\/header\.html?$/i.test(p.headers.get('content-location') ?? ''));
  if (header) {
    const headerCharset = param(header.headers.get('content-type') ?? '', 'charset');
    const stories = htmlResult('mhtml', decodeHtml(transferDecode(header), headerCharset), 'headers').stories;
    result.stories = mergeStories(result.stories, stories);
  }
  return result;
}

function mergeStories(a: Partial<Record<StoryName, string>>, b: Partial<Record<StoryName, string>>): Partial<Record<StoryName, string>> {
  const out: Partial<Record<StoryName, string>> = {};
  for (const name of STORY_NAMES) {
    const text = (a[name] ?? '') + (b[name] ?? '');
    if (text) out[name] = text;
  }
  return out;
}

/** RFC 5322 §2.2: header fields up to the first empty line, folded lines unfolded; names lower-cased. */
function parsePart(bytes: Uint8Array): Part {
  let end = indexOf(bytes, [0x0d, 0x0a, 0x0d, 0x0a], 0);
  let bodyStart = end + 4;
  const lf = indexOf(bytes, [0x0a, 0x0a], 0);
  if (lf >= 0 && (end < 0 || lf < end)) (end = lf), (bodyStart = lf + 2);
  if (end < 0) (end = bytes.length), (bodyStart = bytes.length);
  const headers = new Map<string, string>();
  const lines = asciiPrefix(bytes, Math.min(end, MAX_HEADER_BYTES)).split(/\r?\n(?![ \t])/);
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return { headers, body: bytes.subarray(bodyStart) };
}

function mediaType(part: Part): string {
  return (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
}

/** A parameter of a structured header (`charset=…`, `boundary="…"`), or null. */
function param(header: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Leaf parts in document order; a multipart/related `start` parameter puts its root first (RFC 2387 §3.2). */
function collectLeaves(part: Part, out: Part[], depth: number): void {
  const type = mediaType(part);
  const boundary = type.startsWith('multipart/') ? param(part.headers.get('content-type') ?? '', 'boundary') : null;
  if (!boundary || depth >= MAX_NESTING) {
    out.push(part);
    return;
  }
  const children = splitMultipart(part.body, boundary).map(parsePart);
  const start = param(part.headers.get('content-type') ?? '', 'start');
  const first = start ? children.findIndex((c) => c.headers.get('content-id') === start) : -1;
  if (first > 0) children.unshift(...children.splice(first, 1));
  for (const c of children) collectLeaves(c, out, depth + 1);
}

/** RFC 2046 §5.1.1: the bodies between "--boundary" lines, up to "--boundary--". */
function splitMultipart(body: Uint8Array, boundary: string): Uint8Array[] {
  const delimiter = Array.from(`--${boundary}`, (c) => c.charCodeAt(0) & 0xff);
  const bodies: Uint8Array[] = [];
  let previous = -1;
  for (let at = indexOf(body, delimiter, 0); at >= 0; at = indexOf(body, delimiter, at + delimiter.length)) {
    if (at > 0 && body[at - 1] !== 0x0a) continue; // a delimiter starts a line
    if (previous >= 0) {
      // The CRLF before the delimiter belongs to it.
      let end = at;
      if (body[end - 1] === 0x0a) end--;
      if (body[end - 1] === 0x0d) end--;
      bodies.push(body.subarray(previous, Math.max(previous, end)));
    }
    const after = at + delimiter.length;
    if (body[after] === 0x2d && body[after + 1] === 0x2d) return bodies; // close delimiter
    const eol = body.indexOf(0x0a, after);
    previous = eol < 0 ? body.length : eol + 1;
  }
  if (previous >= 0 && previous < body.length) bodies.push(body.subarray(previous)); // no close delimiter: take the rest
  return bodies;
}

function transferDecode(part: Part): Uint8Array {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  if (encoding === 'base64') return decodeBase64(part.body);
  return part.body;
}

/** RFC 2045 §6.7: "=XX" is a byte, "=" at a line end a soft break; anything else is literal. */
export function decodeQuotedPrintable(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  let o = 0;
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (b !== 0x3d) {
      out[o++] = b;
      continue;
    }
    const h = hexValue(input[i + 1]);
    const l = hexValue(input[i + 2]);
    if (h >= 0 && l >= 0) {
      out[o++] = (h << 4) | l;
      i += 2;
      continue;
    }
    // Soft line break: "=" then optional whitespace, then CRLF or LF.
    let j = i + 1;
    while (input[j] === 0x20 || input[j] === 0x09) j++;
    if (input[j] === 0x0d && input[j + 1] === 0x0a) i = j + 1;
    else if (input[j] === 0x0a) i = j;
    else out[o++] = b;
  }
  return out.subarray(0, o);
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** RFC 2045 §6.8: characters outside the alphabet (line breaks) are ignored; decoding stops at "=". */
export function decodeBase64(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor((input.length * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === 0x3d) break;
    const v = c >= 0x41 && c <= 0x5a ? c - 0x41 : c >= 0x61 && c <= 0x7a ? c - 0x47 : c >= 0x30 && c <= 0x39 ? c + 4 : c === 0x2b ? 62 : c === 0x2f ? 63 : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** First index of `pattern` in `bytes` at or after `from`, or -1. */
function indexOf(bytes: Uint8Array, pattern: readonly number[], from: number): number {
  const first = pattern[0]!;
  for (let i = bytes.indexOf(first, from); i >= 0 && i + pattern.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < pattern.length && bytes[i + k] === pattern[k]) k++;
    if (k === pattern.length) return i;
  }
  return -1;
}
