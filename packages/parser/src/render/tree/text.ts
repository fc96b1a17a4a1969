/** Text from the document, made safe to place in Markdown or HTML output. */
import { wellFormed } from '../../io/encoding.js';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LINE_END = /\r\n?|\n|\u2028|\u2029/g;

/**
 * Drops control characters (a tab stays), turns line ends into spaces (a line break is an inline
 * of its own in the tree) and replaces lone surrogates with U+FFFD, so the output is valid UTF-8.
 */
export function cleanText(text: unknown): string {
  if (typeof text !== 'string') return '';
  return wellFormed(text.replace(CONTROL, '').replace(LINE_END, ' '));
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** True when `text` shows nothing (empty or white space only). */
export function isBlank(text: string): boolean {
  return !/\S/.test(text);
}
