/**
 * catdoc's source charsets (-s) and its paths for inputs that are not Word documents.
 *
 * - `catdocCharsetToIconv`: the iconv-lite encoding with the same byte -> Unicode table, so -s can
 *   be handed to the parser as `ParseOptions.codePage` (the parser decodes 8-bit pieces itself).
 * - `decodeCatdocCharset`: bytes -> UTF-16 through catdoc's own table (undefined bytes give
 *   U+0000, which catdoc's paragraph rules treat as a control character).
 * - `catdocCopyOut`: what catdoc prints for a file that is neither OLE, RTF, Write nor Word 2
 *   (reader.c copy_out): every byte through the source charset and convert_char, no paragraph
 *   rules, no wrapping.
 * - With -b, catdoc reads any input as 8-bit text through its paragraph rules:
 *   `formatCatdoc(decodeCatdocCharset(bytes, source), options)`.
 */
import { fromCharCodes } from '../../io/encoding.js';
import { CATDOC_CHARSETS } from './charsets.js';
import { formatCatdocChunks } from './format.js';
import type { CatdocOptions } from './format.js';

/**
 * iconv-lite encoding name for a catdoc charset, or null when iconv-lite has none (mac-arabic,
 * mac-hebrew; utf-8 is no 8-bit charset). Bytes catdoc leaves undefined may decode differently.
 */
export function catdocCharsetToIconv(name: string): string | null {
  if (!Object.prototype.hasOwnProperty.call(CATDOC_CHARSETS, name)) return null;
  if (name === 'mac-arabic' || name === 'mac-hebrew') return null;
  if (name.startsWith('8859-')) return `iso-${name}`;
  return name;
}

/** Decodes 8-bit bytes through catdoc's table for `charset` (default cp1252, Debian's catdocrc). */
export function decodeCatdocCharset(bytes: Uint8Array, charset = 'cp1252'): string {
  const table = CATDOC_CHARSETS[charset];
  if (!table) throw new Error(`Cannot load charset ${charset} - file not found`);
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = table.charCodeAt(bytes[i]);
  return fromCharCodes(units);
}

/** catdoc's output for a plain (non-Word) file: each byte converted, nothing else. */
export function catdocCopyOut(bytes: Uint8Array, options: Partial<CatdocOptions> & { sourceCharset?: string } = {}): Uint8Array {
  const { sourceCharset, ...rest } = options;
  return formatCatdocChunks(decodeCatdocCharset(bytes, sourceCharset ?? 'cp1252'), rest);
}
