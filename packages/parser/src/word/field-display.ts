/**
 * Fields Word displays without a result part ([MS-DOC] 2.8.25 PlcFld: a field with no separator
 * has no result): most such fields show nothing (XE, TC, RD, PRIVATE…), but these show text that
 * only their instruction holds:
 *
 *   EQ …                                   the equation's text (eq-field.ts)
 *   MACROBUTTON MacroName display text     the display text
 *   GOTOBUTTON Bookmark display text       the display text
 *   SYMBOL 183 \f "Symbol" [\a|\u|\j] [\s n] [\h]   the character, in its font (Symbol and
 *                                          Wingdings mapped to Unicode; \u Unicode; \j Shift-JIS)
 *
 * The instruction given here is the field's code as characters, nested fields already replaced
 * by what they show.
 */
import { decoderFor } from '../io/encoding.js';
import { eqText } from './eq-field.js';
import { symbolCode, symbolFontOf } from './symbol-fonts.js';

/** The text a field with no result part shows, or null when it shows nothing. */
export function fieldDisplayText(instruction: string): string | null {
  const m = /^\s*([A-Za-z]+)/.exec(instruction);
  if (!m) return null;
  const rest = instruction.slice(m[0].length);
  switch (m[1]!.toUpperCase()) {
    case 'EQ':
      return eqText(rest);
    case 'MACROBUTTON':
    case 'GOTOBUTTON':
      // The first word names the macro or bookmark; the rest, as written, is what the button shows.
      return /^\s*\S+\s?(.*)$/s.exec(rest)?.[1]?.trimEnd() ?? '';
    case 'SYMBOL':
      return symbolText(rest);
    default:
      return null;
  }
}

/** SYMBOL's character: code in decimal or 0x hex; \f font (quoted or a word); \u Unicode; \j Shift-JIS. */
function symbolText(args: string): string {
  const code = /^\s*(0x[0-9a-f]+|\d+)/i.exec(args);
  if (!code) return '';
  const n = Number(code[1]);
  const font = /\\f\s*(?:"([^"]*)"|(\S+))/i.exec(args);
  const symbolFont = symbolFontOf(font ? (font[1] ?? font[2]) : undefined);
  if (symbolFont) {
    const u = symbolCode(symbolFont, n);
    return u ? String.fromCharCode(u) : '';
  }
  if (/\\u/i.test(args) || n > 0xffff) return n <= 0x10ffff ? String.fromCodePoint(n) : '';
  if (/\\j/i.test(args) && n > 0xff) return decoderFor(932)?.(Uint8Array.of(n >> 8, n & 0xff)) ?? '';
  // ANSI (\a, the default): a byte of the Windows code page; larger codes are taken as Unicode.
  return n <= 0xff ? (decoderFor(1252)?.(Uint8Array.of(n)) ?? '') : String.fromCharCode(n);
}
