/**
 * Bytes of a markup file → text, the way a browser or XML parser picks the encoding: a byte
 * order mark first, then what the file (or its transport) declares, then a default. Decoding
 * uses the platform's WHATWG TextDecoder (Node and browsers), so encoding labels mean what they
 * mean on the web ("iso-8859-1" and "us-ascii" are windows-1252, for instance).
 */
import { decodeCp1252 } from '../../io/encoding.js';

/** The encoding a byte order mark announces, with the mark's length; null without one. */
export function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * Decodes with a WHATWG encoding label; an unknown or unsupported label falls back to
 * `fallback`. Malformed sequences become U+FFFD (never an exception).
 */
export function decodeBytes(bytes: Uint8Array, label: string | null, fallback = 'windows-1252'): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder((label ?? fallback).trim() || fallback);
  } catch {
    decoder = new TextDecoder(fallback);
  }
  // Node 20's TextDecoder decodes windows-1252 (and every label meaning it: latin1, us-ascii, …)
  // as ISO-8859-1: that one goes through the parser's own table.
  return decoder.encoding === 'windows-1252' ? decodeCp1252(bytes) : decoder.decode(bytes);
}

/** An ASCII view of the first bytes, for sniffing declarations. */
export function asciiPrefix(bytes: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < Math.min(n, bytes.length); i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/**
 * XML 1.0 Appendix F: BOM, else UTF-16 recognised from "<?" without a BOM, else the declaration's
 * `encoding="…"`, else UTF-8.
 */
export function decodeXml(bytes: Uint8Array): string {
  const bom = sniffBom(bytes);
  if (bom) return decodeBytes(bytes.subarray(bom.length), bom.encoding, 'utf-8');
  if (bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] === 0x3f && bytes[3] === 0) return decodeBytes(bytes, 'utf-16le');
  if (bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] === 0x3f) return decodeBytes(bytes, 'utf-16be');
  const declaration = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(asciiPrefix(bytes, 256));
  return decodeBytes(bytes, declaration ? declaration[1]! : 'utf-8', 'utf-8');
}
