/**
 * HTML saved as ".doc" (Word's "Web Page", LibreOffice's HTML export, any page): bytes decoded
 * the way a browser picks the encoding (BOM, then the transport's charset, then a `<meta>`
 * declaration in the first bytes, then windows-1252), then rendered to the text a browser shows.
 */
import type { DocumentMetadata } from '../../word/property-set.js';
import type { StoryName } from '../../types.js';
import { asciiPrefix, decodeBytes, sniffBom } from '../markup/decode.js';
import { child, parseXml } from '../markup/xml-tree.js';
import type { FormatName, FormatReadResult } from '../result.js';
import { officeMetadata } from '../wml/metadata.js';
import { renderHtml } from './render.js';

export function readHtml(bytes: Uint8Array): FormatReadResult {
  return htmlResult('html', decodeHtml(bytes, null));
}

/** WHATWG §13.2.3.1 (simplified): BOM, transport charset, `<meta charset>` prescan, windows-1252. */
export function decodeHtml(bytes: Uint8Array, transportCharset: string | null): string {
  const bom = sniffBom(bytes);
  if (bom) return decodeBytes(bytes.subarray(bom.length), bom.encoding);
  return decodeBytes(bytes, transportCharset ?? metaCharset(asciiPrefix(bytes, 4096)));
}

function metaCharset(head: string): string | null {
  for (const meta of head.matchAll(/<meta\b[^>]*>/gi)) {
    const charset = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(meta[0]);
    // A page declaring UTF-16 in ASCII-compatible bytes is not UTF-16 (WHATWG: use UTF-8).
    if (charset) return /^utf-16/i.test(charset[1]!) ? 'utf-8' : charset[1]!;
  }
  return null;
}

/** The reader result of decoded HTML; `defaultStory` for parts that are a story of their own (Word's header.htm). */
export function htmlResult(format: FormatName, html: string, defaultStory: StoryName = 'body'): FormatReadResult {
  const page = renderHtml(html, defaultStory);
  const word = /Microsoft Word/i.test(page.generator) || /urn:schemas-microsoft-com:office:word/.test(html.slice(0, 4096));
  const version = word
    ? `Word Web Page${page.generator ? ` (${page.generator})` : ''}`
    : `HTML${page.generator ? ` (${page.generator})` : ''}`;
  const metadata: DocumentMetadata = wordProperties(html);
  if (page.title && metadata.title === undefined) metadata.title = page.title;
  return { format, version, stories: page.stories, metadata };
}

/** Word keeps document properties in `<o:DocumentProperties>` inside a conditional comment of the head. */
function wordProperties(html: string): DocumentMetadata {
  const start = html.indexOf('<o:DocumentProperties>');
  const end = start < 0 ? -1 : html.indexOf('</o:DocumentProperties>', start);
  if (end < 0 || end - start > 65536) return {};
  const xml = `<x xmlns:o="urn:schemas-microsoft-com:office:office">${html.slice(start, end)}</o:DocumentProperties></x>`;
  try {
    return officeMetadata(child(parseXml(xml, { 'urn:schemas-microsoft-com:office:office': 'o' }, 'Word HTML properties'), 'o:DocumentProperties'));
  } catch {
    return {}; // properties are a courtesy: a damaged block does not fail the document
  }
}
