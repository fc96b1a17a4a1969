/**
 * RTF sent as a .doc: extract the body text of a Rich Text Format document.
 *
 * One pass over the bytes with an explicit group stack (no recursion, depth capped), so hostile
 * input costs linear time and bounded memory. References are to the RTF Specification 1.9.1
 * ("RTF 1.9.1"); section names are those of the spec.
 */
import { DocParseError } from '../errors.js';
import { decoderFor } from '../io/encoding.js';
import { textOnlyResult, type ReadResult } from '../model/read-result.js';
import { RtfFonts } from './rtf-fonts.js';
import { RtfText } from './rtf-text.js';
import { KEPT_STARRED, SKIPPED_DESTINATIONS, SYMBOL_WORDS, findRtfStart, hexValue, isDigit, isLetter } from './rtf-words.js';

/** Deeper groups are still matched brace for brace but share their ancestor's state. */
const MAX_DEPTH = 512;
/** RTF 1.9.1 "RTF Syntax": a control word has at most 32 letters; a parameter is a 16/32-bit integer. */
const MAX_WORD = 32;
const MAX_PARAM_DIGITS = 10;

/**
 * Where the characters of a group go: the body, the font table (text is a font name; \fN,
 * \fcharsetN and \cpgN are recorded) or nowhere (metadata, pictures, headers, …).
 */
type Dest = 'body' | 'fonttbl' | 'skip';

interface GroupState {
  dest: Dest;
  /** The destination `\result` (in \object) or `\ud` (in \upr) returns to. */
  resumeDest: Dest;
  /** \ucN: number of fallback characters after each \uN (RTF 1.9.1 "Unicode RTF"). */
  uc: number;
  /** Current font (\fN), or -1 for the default font (\deffN). */
  font: number;
  /** \htmlrtf: RTF-only content of HTML encapsulated in RTF ([MS-OXRTFEX] 2.1.3.1.3). */
  htmlrtf: boolean;
  /** Index in the output where this group's \listtext / \pntext began, or -1. */
  listTextStart: number;
  /**
   * \v hidden text or \deleted (tracked deletion) character formatting: not shown, as the .doc
   * formatter drops hidden and deleted characters.
   */
  hidden: boolean;
  deleted: boolean;
}



/** The reader for RTF sent as a .doc: what catdoc copies out of such a file, we extract too. */
export function readRtf(bytes: Uint8Array): ReadResult {
  return textOnlyResult({ format: 'rtf', version: 'RTF' }, { body: rtfToText(bytes) });
}

/**
 * Extracts the body text of an RTF document: paragraphs end in "\n", table cells are joined by
 * "\t" and each row ends in "\n". Headers, footers, footnotes, comments, pictures, objects
 * (but not their \result), field instructions (but not \fldrslt) and ignorable destinations
 * are skipped. Throws DocParseError('CORRUPT') when the bytes do not start with "{\rtf";
 * unbalanced or truncated input yields the text read so far.
 */
export function rtfToText(bytes: Uint8Array): string {
  const start = findRtfStart(bytes);
  if (start < 0) {
    throw new DocParseError('CORRUPT', 'Not an RTF document: it does not start with "{\\rtf".');
  }
  return new RtfReader(bytes).read(start);
}

class RtfReader {
  private readonly bytes: Uint8Array;
  private readonly stack: GroupState[] = [];
  /** Groups opened beyond MAX_DEPTH, still to be closed. */
  private overflow = 0;
  private state: GroupState = { dest: 'body', resumeDest: 'body', uc: 1, font: -1, htmlrtf: false, listTextStart: -1, hidden: false, deleted: false };

  private readonly fonts = new RtfFonts();

  /** Fallback characters still to skip after a \uN. */
  private skipCount = 0;
  /** A `\*` was just read: the next control word names an ignorable destination. */
  private starred = false;

  /** The text written so far. */
  private readonly text = new RtfText();

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  read(start: number): string {
    const bytes = this.bytes;
    const n = bytes.length;
    let i = start;
    let opened = false;
    while (i < n) {
      const b = bytes[i];
      if (b === 0x7b /* { */) {
        this.skipCount = 0; // a group boundary ends \uc skipping (RTF 1.9.1 "Unicode RTF")
        this.starred = false;
        if (opened) this.openGroup();
        opened = true;
        i++;
      } else if (b === 0x7d /* } */) {
        this.skipCount = 0;
        this.starred = false;
        i++;
        if (!this.closeGroup()) break; // the document's outermost group is closed
      } else if (b === 0x5c /* \ */) {
        i = this.readControl(i + 1);
      } else if (b === 0x0d || b === 0x0a) {
        i++; // bare CR/LF are not text (RTF 1.9.1 "RTF Syntax")
      } else {
        i = this.readText(i);
      }
    }
    return this.text.done();
  }

  // ------------------------------------------------------------------ groups

  private openGroup(): void {
    if (this.stack.length >= MAX_DEPTH) {
      this.overflow++;
      return;
    }
    this.stack.push(this.state);
    this.state = { ...this.state };
  }

  /** Returns false when the closing brace ends the document. */
  private closeGroup(): boolean {
    if (this.overflow > 0) {
      this.overflow--;
      return true;
    }
    const parent = this.stack.pop();
    if (!parent) return false;
    if (this.state.listTextStart >= 0 && parent.listTextStart < 0) this.text.endListText(this.state.listTextStart);
    this.state = parent;
    this.text.groupClosed(this.stack.length);
    return true;
  }

  // ------------------------------------------------------------------ text

  private textSuppressed(): boolean {
    const s = this.state;
    return s.dest !== 'body' || s.htmlrtf || s.hidden || s.deleted;
  }

  /** A run of literal characters, up to the next \, {, }, CR or LF. */
  private readText(i: number): number {
    const bytes = this.bytes;
    const n = bytes.length;
    const suppressed = this.textSuppressed();
    const codePage = suppressed ? 0 : this.fonts.codePageOf(this.state.font);
    for (; i < n; i++) {
      const b = bytes[i];
      if (b === 0x5c || b === 0x7b || b === 0x7d || b === 0x0d || b === 0x0a) break;
      if (this.skipCount > 0) {
        this.skipCount--;
        continue;
      }
      if (suppressed || (b < 0x20 && b !== 0x09)) continue;
      this.text.emitByte(b, codePage);
    }
    return i;
  }


  // ------------------------------------------------------------------ control words and symbols

  /** Reads the control word or symbol after a backslash at `i`; returns the next offset. */
  private readControl(i: number): number {
    const bytes = this.bytes;
    const n = bytes.length;
    if (i >= n) return n;
    const c = bytes[i];
    if (!isLetter(c)) return this.readControlSymbol(c, i + 1);

    let j = i;
    let word = '';
    while (j < n && j - i < MAX_WORD && isLetter(bytes[j])) word += String.fromCharCode(bytes[j++]);
    while (j < n && isLetter(bytes[j])) j++; // over-long word: ignore the rest of it

    let param: number | null = null;
    let negative = false;
    if (j < n && bytes[j] === 0x2d /* - */ && j + 1 < n && isDigit(bytes[j + 1])) {
      negative = true;
      j++;
    }
    if (j < n && isDigit(bytes[j])) {
      let value = 0;
      let digits = 0;
      while (j < n && isDigit(bytes[j])) {
        if (digits < MAX_PARAM_DIGITS) value = value * 10 + (bytes[j] - 0x30);
        digits++;
        j++;
      }
      param = negative ? -value : value;
    }
    if (j < n && bytes[j] === 0x20) j++; // a space delimiter belongs to the control word

    if (word === 'bin') {
      // \binN: N raw bytes follow (RTF 1.9.1 "Pictures"); they are never text.
      const skip = param !== null && param > 0 ? Math.min(param, n - j) : 0;
      if (this.skipCount > 0) this.skipCount--;
      this.starred = false;
      return j + skip;
    }

    const starred = this.starred;
    this.starred = false;
    if (this.skipCount > 0) {
      // RTF 1.9.1 "Unicode RTF": any control word counts as one fallback character.
      this.skipCount--;
      return j;
    }
    if (starred && !KEPT_STARRED.has(word)) {
      // {\*\dest …}: a destination we do not read is ignored whole (RTF 1.9.1 "Destinations").
      this.skipGroup();
      return j;
    }
    this.controlWord(word, param);
    return j;
  }

  private readControlSymbol(c: number, next: number): number {
    if (c === 0x27 /* ' */) {
      const hi = hexValue(this.bytes[next] ?? -1);
      const lo = hexValue(this.bytes[next + 1] ?? -1);
      if (hi < 0) return next; // malformed \'hh: drop the escape
      if (lo < 0) return next + 1; // one hex digit (or end of input): drop it too
      this.starred = false;
      if (this.skipCount > 0) {
        this.skipCount--;
      } else if (!this.textSuppressed()) {
        this.text.emitByte((hi << 4) | lo, this.fonts.codePageOf(this.state.font));
      }
      return next + 2;
    }
    if (c === 0x2a /* * */) {
      this.starred = true;
      return next;
    }
    this.starred = false;
    if (this.skipCount > 0) {
      this.skipCount--;
      return next;
    }
    if (this.textSuppressed()) return next;
    switch (c) {
      case 0x5c: // \\
      case 0x7b: // \{
      case 0x7d: // \}
        this.text.emitByte(c, this.fonts.codePageOf(this.state.font));
        break;
      case 0x7e: // \~ non-breaking space
        this.text.emit(' ');
        break;
      case 0x5f: // \_ non-breaking hyphen
        this.text.emit('-');
        break;
      case 0x0d: // backslash + CR or LF is a \par
      case 0x0a:
        this.text.emit('\n');
        break;
      case 0x09:
        this.text.emit('\t');
        break;
      default: // \- optional hyphen, \: index subentry, \| formula, unknown symbols
        break;
    }
    return next;
  }

  private controlWord(word: string, param: number | null): void {
    const state = this.state;

    if (state.dest === 'fonttbl') {
      this.fonts.tableWord(word, param);
      return;
    }

    switch (word) {
      case 'fonttbl':
        state.dest = 'fonttbl';
        state.resumeDest = 'skip';
        return;
      case 'ansicpg':
        if (param !== null && decoderFor(param)) this.fonts.docCodePage = param;
        return;
      case 'ansi':
        this.fonts.docCodePage = 1252;
        return;
      case 'mac':
        this.fonts.docCodePage = 10000;
        return;
      case 'pc':
        this.fonts.docCodePage = 437;
        return;
      case 'pca':
        this.fonts.docCodePage = 850;
        return;
      case 'deff':
        if (param !== null) this.fonts.defaultFont = param;
        return;
      case 'f':
        if (param !== null) state.font = param;
        return;
      case 'plain': // \plain resets character formatting (RTF 1.9.1 "Character Formatting Properties")
        state.font = -1;
        state.hidden = state.deleted = false;
        return;
      case 'v':
        state.hidden = param !== 0;
        return;
      case 'deleted':
        state.deleted = param !== 0;
        return;
      case 'uc':
        if (param !== null) state.uc = Math.max(0, Math.min(param, 16));
        return;
      case 'u':
        this.unicode(param);
        return;
      case 'htmlrtf':
        state.htmlrtf = param !== 0;
        return;
      case 'object':
      case 'upr':
        // \object … {\result …}; {\upr {ANSI version}{\*\ud {Unicode version}}}
        state.resumeDest = state.dest;
        state.dest = 'skip';
        return;
      case 'result':
      case 'ud':
        state.dest = state.resumeDest;
        return;
      case 'footnote':
        if (state.dest === 'body') this.text.noteStart(this.stack.length);
        this.skipGroup();
        return;
      case 'ftnalt':
        this.text.noteIsEndnote();
        return;
      case 'listtext':
      case 'pntext':
        if (state.listTextStart < 0 && !this.textSuppressed()) {
          state.listTextStart = this.text.mark();
        }
        return;
    }

    if (SKIPPED_DESTINATIONS.has(word)) {
      this.skipGroup();
      return;
    }
    if (state.dest !== 'body' || state.htmlrtf) return;

    // Table structure stands even where its marks are formatted hidden or deleted.
    switch (word) {
      case 'cell':
      case 'nestcell':
        this.text.emit('\t');
        return;
      case 'row':
      case 'nestrow':
        this.text.endRow();
        return;
    }
    if (this.textSuppressed()) return;
    if (word === 'chftn') {
      this.text.noteReference();
      return;
    }
    const symbol = SYMBOL_WORDS[word];
    if (symbol !== undefined) this.text.emit(symbol);
    // every other control word is formatting and has no text
  }

  /** Skips the rest of the current group; a nested \result or \ud cannot bring text back. */
  private skipGroup(): void {
    this.state.dest = 'skip';
    this.state.resumeDest = 'skip';
  }

  /** \uN: a UTF-16 code unit, signed 16-bit; then skip \ucN fallback characters. */
  private unicode(param: number | null): void {
    if (param === null) return;
    if (!this.textSuppressed()) {
      const unit = (param < 0 ? param + 65536 : param) & 0xffff;
      this.text.emit(String.fromCharCode(unit));
    }
    this.skipCount = this.state.uc;
  }

}
