/**
 * The fonts of an RTF document (RTF 1.9.1 "Font Table": {\fN\fcharsetN\cpgN Name;}) and the
 * code page of text in each: \cpgN, else the charset's, else the document's (\ansicpg, \mac, \pc…).
 */
import { Charset, codePageForCharset, decoderFor } from '../io/encoding.js';
import { SYMBOL_CODE_PAGE } from './rtf-text.js';

interface FontInfo {
  charset: number;
  /** \cpgN of the font, 0 when absent. */
  codePage: number;
}


/** \fcharsetN → code page (RTF 1.9.1 "Font Table"); 0: the document's code page (\ansicpg). */
function charsetCodePage(charset: number): number {
  if (charset === Charset.ANSI || charset === Charset.DEFAULT) return 0;
  if (charset === Charset.SYMBOL) return SYMBOL_CODE_PAGE;
  if (charset === Charset.OEM) return 850; // RTF readers take OEM as 850 (Windows' OEM_CHARSET is 437 in the US)
  return codePageForCharset(charset, 0);
}


export class RtfFonts {
  /** The document's code page (\ansicpg, \ansi, \mac, \pc, \pca). */
  docCodePage = 1252;
  /** \deffN, or -1. */
  defaultFont = -1;
  private readonly fonts = new Map<number, FontInfo>();
  private current = -1;

  /** The code page of text in font `font` (-1: the default font, \deffN). */
  codePageOf(font: number): number {
    const info = this.fonts.get(font >= 0 ? font : this.defaultFont);
    if (info) {
      if (info.codePage && decoderFor(info.codePage)) return info.codePage;
      const cp = charsetCodePage(info.charset);
      if (cp) return cp; // 0 / undefined: the document code page
    }
    return this.docCodePage;
  }

  /** Inside \fonttbl: {\fN\fcharsetN\cpgN Name;} entries (RTF 1.9.1 "Font Table"). */
  tableWord(word: string, param: number | null): void {
    if (param === null) return;
    switch (word) {
      case 'f':
        this.current = param;
        if (!this.fonts.has(param)) this.fonts.set(param, { charset: 0, codePage: 0 });
        return;
      case 'fcharset': {
        const font = this.fonts.get(this.current);
        if (font) font.charset = param;
        return;
      }
      case 'cpg': {
        const font = this.fonts.get(this.current);
        if (font) font.codePage = param;
        return;
      }
    }
  }
}
