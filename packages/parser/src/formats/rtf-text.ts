/**
 * The text an RTF reader writes: 8-bit runs decoded per code page (DBCS byte pairs together),
 * list text, table rows, and auto-numbered note references filled in once their note's kind is known.
 */
import { decode } from '../io/encoding.js';
import { toRoman } from '../word/number-format.js';

/**
 * Pseudo code page of symbol fonts (\fcharset2): a byte 0x80–0xFF stands for U+F080–U+F0FF,
 * as Word stores symbol-font characters in a .doc; 7-bit bytes stay as they are.
 */
export const SYMBOL_CODE_PAGE = -1;

export class RtfText {
  /** Output index of the last \chftn mark, or -1 (see noteReference). */
  private noteMark = -1;
  /** Group depth of the \footnote that numbered `noteMark`, or -1 while none has. */
  private noteDepth = -1;
  private footnotes = 0;
  private endnotes = 0;

  private readonly out: string[] = [];
  /** Undecoded 8-bit text, all in `pendingCodePage` (so DBCS byte pairs decode together). */
  private pending: number[] = [];
  private pendingCodePage = 0;

  /** The text, all written. */
  done(): string {
    this.flush();
    return this.out.join('');
  }

  /** Where the next text goes (for endListText). */
  mark(): number {
    this.flush();
    return this.out.length;
  }

  /** A group closed, leaving `depth` open: a \footnote group that ended stops numbering its mark. */
  groupClosed(depth: number): void {
    if (this.noteDepth > depth) this.noteMark = this.noteDepth = -1;
  }

  emitByte(b: number, codePage: number): void {
    if (this.noteMark >= 0 && this.noteDepth < 0) this.noteMark = -1; // a \chftn with no \footnote
    if (this.pending.length > 0 && codePage !== this.pendingCodePage) this.flush();
    this.pendingCodePage = codePage;
    this.pending.push(b);
  }

  emit(text: string): void {
    if (this.noteMark >= 0 && this.noteDepth < 0) this.noteMark = -1;
    this.flush();
    if (text) this.out.push(text);
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const text =
      this.pendingCodePage === SYMBOL_CODE_PAGE
        ? decodeSymbolFont(this.pending)
        : decode(Uint8Array.from(this.pending), this.pendingCodePage);
    this.pending = [];
    if (text) this.out.push(text);
  }

  /**
   * End of a \listtext group: Word's .doc list text shows the Symbol font's bullet U+F0B7 as
   * U+2022, and so does the plain-text formatter; do the same here.
   */
  endListText(start: number): void {
    this.flush();
    for (let k = start; k < this.out.length; k++) this.out[k] = this.out[k].replace(/\uf0b7/g, '\u2022');
  }

  /**
   * \chftn in the body: an auto-numbered note reference. Its number depends on the \footnote
   * group that follows (\ftnalt inside makes it an endnote, RTF 1.9.1 "Footnotes"), so a
   * placeholder is written now and filled in by noteStart / noteIsEndnote: footnotes 1, 2, 3…,
   * endnotes i, ii, iii…, as the .doc plain-text formatter numbers them.
   */
  noteReference(): void {
    this.flush();
    this.noteMark = this.out.length;
    this.noteDepth = -1;
    this.out.push('');
  }

  noteStart(depth: number): void {
    if (this.noteMark < 0 || this.noteDepth >= 0) return;
    this.out[this.noteMark] = String(++this.footnotes);
    this.noteDepth = depth;
  }

  noteIsEndnote(): void {
    if (this.noteMark < 0 || this.noteDepth < 0) return;
    this.footnotes--;
    this.out[this.noteMark] = toRoman(++this.endnotes);
    this.noteMark = this.noteDepth = -1;
  }

  /** \row: a row ends in "\n", without the separator the row's last \cell emitted. */
  endRow(): void {
    this.flush();
    const out = this.out;
    const last = out.length - 1;
    if (last >= 0 && out[last].endsWith('\t')) {
      out[last] = out[last].slice(0, -1);
      if (!out[last]) out.pop();
    }
    out.push('\n');
  }
}

/** Symbol-font bytes: 0x80–0xFF → U+F080–U+F0FF (see SYMBOL_CODE_PAGE). */
function decodeSymbolFont(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 ? 0xf000 + b : b);
  return out;
}
