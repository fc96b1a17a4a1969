/**
 * RTF sent as a .doc: extract the body text of a Rich Text Format document.
 *
 * One pass over the bytes with an explicit group stack (no recursion, depth capped), so hostile
 * input costs linear time and bounded memory. References are to the RTF Specification 1.9.1
 * ("RTF 1.9.1"); section names are those of the spec.
 */
import { DocParseError } from './errors.js';
import { codePageToEncoding, decodeCodePage } from './text-input.js';

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

interface FontInfo {
  charset: number;
  /** \cpgN of the font, 0 when absent. */
  codePage: number;
}

/**
 * Pseudo code page of symbol fonts (\fcharset2): a byte 0x80–0xFF stands for U+F080–U+F0FF,
 * as Word stores symbol-font characters in a .doc; 7-bit bytes stay as they are.
 */
const SYMBOL_CODE_PAGE = -1;

/** \fcharsetN → Windows code page (RTF 1.9.1 "Font Table"). 0 = use the document code page. */
const CHARSET_CODE_PAGES: Readonly<Record<number, number>> = {
  0: 0, // ANSI: the document's \ansicpg
  1: 0, // DEFAULT
  2: -1, // SYMBOL: bytes are glyph indices (see SYMBOL_CODE_PAGE)
  77: 10000,
  78: 10001,
  79: 10003,
  80: 10008,
  81: 10002,
  83: 10005,
  84: 10004,
  85: 10006,
  86: 10081,
  87: 10021,
  88: 10029,
  89: 10007,
  128: 932,
  129: 949,
  130: 1361,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  179: 1256,
  180: 1256,
  181: 1255,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
  254: 437,
  255: 850,
};

/** Destinations whose content is not body text. */
const SKIPPED_DESTINATIONS = new Set([
  // header tables and document information (RTF 1.9.1 "Header", "Information Group")
  'colortbl', 'stylesheet', 'info', 'filetbl', 'listtable', 'listoverridetable', 'revtbl',
  'rsidtbl', 'generator', 'xmlnstbl', 'themedata', 'colorschememapping', 'latentstyles',
  'datastore', 'pgdsctbl', 'pgptbl', 'protusertbl', 'docvar', 'userprops', 'template',
  'title', 'subject', 'author', 'operator', 'keywords', 'comment', 'doccomm', 'company',
  'manager', 'category', 'hlinkbase', 'creatim', 'revtim', 'printim', 'buptim', 'mmathPr',
  'wgrffmtfilter', 'passwordhash', 'password', 'private', 'fchars', 'lchars',
  // font-table details, in case they appear outside \fonttbl
  'falt', 'panose', 'fontemb', 'fontfile',
  // pictures, objects, drawing objects, shapes (text boxes are not body text)
  'pict', 'shppict', 'nonshppict', 'blipuid', 'objdata', 'objclass', 'objname', 'objalias',
  'objsect', 'objtime', 'objsetsize', 'do', 'dptxbxtext', 'shp', 'shpinst', 'shprslt', 'sp',
  'sn', 'sv', 'background', 'listpicture',
  // stories other than the body (RTF 1.9.1 "Section Text", "Footnotes", "Comments")
  'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl', 'footerr', 'footerf',
  'ftnsep', 'ftnsepc', 'ftncn', 'aftnsep', 'aftnsepc', 'aftncn', 'annotation',
  'atnid', 'atnauthor', 'atntime', 'atnicn', 'atnref', 'atndate', 'atnparent', 'atrfstart',
  'atrfend',
  // field instructions (the result is kept), form-field data, bookmarks, index and TOC entries
  'fldinst', 'fldtype', 'datafield', 'formfield', 'ffname', 'ffdeftext', 'ffformat',
  'ffhelptext', 'ffstattext', 'ffentrymcr', 'ffexitmcr', 'ffl', 'bkmkstart', 'bkmkend', 'xe',
  'tc', 'tcn', 'txe', 'rxe', 'keycode',
  // numbering definitions (the number text itself, \listtext / \pntext, is kept)
  'pn', 'pnseclvl', 'pntxta', 'pntxtb',
  // fallback for readers without nested tables: we read \nestcell / \nestrow instead
  'nonesttables',
  // encapsulated HTML tags ([MS-OXRTFEX])
  'htmltag', 'mhtmltag',
]);

/** `\*\word` destinations that are read, not skipped. */
const KEPT_STARRED = new Set(['ud', 'nesttableprops', 'fldrslt', 'footnote']);

/** Control words that stand for a character (RTF 1.9.1 "Special Characters"). */
const SYMBOL_WORDS: Readonly<Record<string, string>> = {
  par: '\n',
  line: '\n',
  sect: '\n', // a section break ends its paragraph
  page: '\n',
  column: '\n',
  tab: '\t',
  emdash: '\u2014',
  endash: '\u2013',
  emspace: '\u2003',
  enspace: '\u2002',
  qmspace: '\u2005',
  bullet: '\u2022',
  lquote: '\u2018',
  rquote: '\u2019',
  ldblquote: '\u201c',
  rdblquote: '\u201d',
  zwj: '\u200d',
  zwnj: '\u200c',
  zwbo: '\u200b',
  ltrmark: '\u200e',
  rtlmark: '\u200f',
};

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

/** Offset of "{\rtf" after an optional UTF-8 BOM and whitespace, or -1. */
function findRtfStart(bytes: Uint8Array): number {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
  const sig = [0x7b, 0x5c, 0x72, 0x74, 0x66]; // {\rtf
  for (let k = 0; k < sig.length; k++) if (bytes[i + k] !== sig[k]) return -1;
  return i;
}

function isLetter(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a);
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

class RtfReader {
  private readonly bytes: Uint8Array;
  private readonly stack: GroupState[] = [];
  /** Groups opened beyond MAX_DEPTH, still to be closed. */
  private overflow = 0;
  private state: GroupState = { dest: 'body', resumeDest: 'body', uc: 1, font: -1, htmlrtf: false, listTextStart: -1, hidden: false, deleted: false };

  private docCodePage = 1252;
  private defaultFont = -1;
  private readonly fonts = new Map<number, FontInfo>();
  private fontTableCurrent = -1;

  /** Fallback characters still to skip after a \uN. */
  private skipCount = 0;
  /** A `\*` was just read: the next control word names an ignorable destination. */
  private starred = false;

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
    this.flush();
    return this.out.join('');
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
    if (this.state.listTextStart >= 0 && parent.listTextStart < 0) this.endListText(this.state.listTextStart);
    this.state = parent;
    if (this.noteDepth > this.stack.length) this.noteMark = this.noteDepth = -1; // its \footnote ended
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
    const codePage = suppressed ? 0 : this.currentCodePage();
    for (; i < n; i++) {
      const b = bytes[i];
      if (b === 0x5c || b === 0x7b || b === 0x7d || b === 0x0d || b === 0x0a) break;
      if (this.skipCount > 0) {
        this.skipCount--;
        continue;
      }
      if (suppressed || (b < 0x20 && b !== 0x09)) continue;
      this.emitByte(b, codePage);
    }
    return i;
  }

  private currentCodePage(): number {
    const font = this.fonts.get(this.state.font >= 0 ? this.state.font : this.defaultFont);
    if (font) {
      if (font.codePage && codePageToEncoding(font.codePage)) return font.codePage;
      const cp = CHARSET_CODE_PAGES[font.charset];
      if (cp) return cp; // 0 / undefined: the document code page
    }
    return this.docCodePage;
  }

  private emitByte(b: number, codePage: number): void {
    if (this.noteMark >= 0 && this.noteDepth < 0) this.noteMark = -1; // a \chftn with no \footnote
    if (this.pending.length > 0 && codePage !== this.pendingCodePage) this.flush();
    this.pendingCodePage = codePage;
    this.pending.push(b);
  }

  private emit(text: string): void {
    if (this.noteMark >= 0 && this.noteDepth < 0) this.noteMark = -1;
    this.flush();
    if (text) this.out.push(text);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text =
      this.pendingCodePage === SYMBOL_CODE_PAGE
        ? decodeSymbolFont(this.pending)
        : decodeCodePage(this.pending, this.pendingCodePage);
    this.pending = [];
    if (text) this.out.push(text);
  }

  /**
   * End of a \listtext group: Word's .doc list text shows the Symbol font's bullet U+F0B7 as
   * U+2022, and so does the plain-text formatter; do the same here.
   */
  private endListText(start: number): void {
    this.flush();
    for (let k = start; k < this.out.length; k++) this.out[k] = this.out[k].replace(/\uf0b7/g, '\u2022');
  }

  /**
   * \chftn in the body: an auto-numbered note reference. Its number depends on the \footnote
   * group that follows (\ftnalt inside makes it an endnote, RTF 1.9.1 "Footnotes"), so a
   * placeholder is written now and filled in by noteStart / noteIsEndnote: footnotes 1, 2, 3…,
   * endnotes i, ii, iii…, as the .doc plain-text formatter numbers them.
   */
  private noteReference(): void {
    this.flush();
    this.noteMark = this.out.length;
    this.noteDepth = -1;
    this.out.push('');
  }

  private noteStart(): void {
    if (this.noteMark < 0 || this.noteDepth >= 0) return;
    this.out[this.noteMark] = String(++this.footnotes);
    this.noteDepth = this.stack.length;
  }

  private noteIsEndnote(): void {
    if (this.noteMark < 0 || this.noteDepth < 0) return;
    this.footnotes--;
    this.out[this.noteMark] = toLowerRoman(++this.endnotes);
    this.noteMark = this.noteDepth = -1;
  }

  /** \row: a row ends in "\n", without the separator the row's last \cell emitted. */
  private endRow(): void {
    this.flush();
    const out = this.out;
    const last = out.length - 1;
    if (last >= 0 && out[last].endsWith('\t')) {
      out[last] = out[last].slice(0, -1);
      if (!out[last]) out.pop();
    }
    out.push('\n');
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
        this.emitByte((hi << 4) | lo, this.currentCodePage());
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
        this.emitByte(c, this.currentCodePage());
        break;
      case 0x7e: // \~ non-breaking space
        this.emit(' ');
        break;
      case 0x5f: // \_ non-breaking hyphen
        this.emit('-');
        break;
      case 0x0d: // backslash + CR or LF is a \par
      case 0x0a:
        this.emit('\n');
        break;
      case 0x09:
        this.emit('\t');
        break;
      default: // \- optional hyphen, \: index subentry, \| formula, unknown symbols
        break;
    }
    return next;
  }

  private controlWord(word: string, param: number | null): void {
    const state = this.state;

    if (state.dest === 'fonttbl') {
      this.fontTableWord(word, param);
      return;
    }

    switch (word) {
      case 'fonttbl':
        state.dest = 'fonttbl';
        state.resumeDest = 'skip';
        return;
      case 'ansicpg':
        if (param !== null && codePageToEncoding(param)) this.docCodePage = param;
        return;
      case 'ansi':
        this.docCodePage = 1252;
        return;
      case 'mac':
        this.docCodePage = 10000;
        return;
      case 'pc':
        this.docCodePage = 437;
        return;
      case 'pca':
        this.docCodePage = 850;
        return;
      case 'deff':
        if (param !== null) this.defaultFont = param;
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
        if (state.dest === 'body') this.noteStart();
        this.skipGroup();
        return;
      case 'ftnalt':
        this.noteIsEndnote();
        return;
      case 'listtext':
      case 'pntext':
        if (state.listTextStart < 0 && !this.textSuppressed()) {
          this.flush();
          state.listTextStart = this.out.length;
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
        this.emit('\t');
        return;
      case 'row':
      case 'nestrow':
        this.endRow();
        return;
    }
    if (this.textSuppressed()) return;
    if (word === 'chftn') {
      this.noteReference();
      return;
    }
    const symbol = SYMBOL_WORDS[word];
    if (symbol !== undefined) this.emit(symbol);
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
      this.emit(String.fromCharCode(unit));
    }
    this.skipCount = this.state.uc;
  }

  /** Inside \fonttbl: {\fN\fcharsetN\cpgN Name;} entries (RTF 1.9.1 "Font Table"). */
  private fontTableWord(word: string, param: number | null): void {
    if (param === null) return;
    switch (word) {
      case 'f':
        this.fontTableCurrent = param;
        if (!this.fonts.has(param)) this.fonts.set(param, { charset: 0, codePage: 0 });
        return;
      case 'fcharset': {
        const font = this.fonts.get(this.fontTableCurrent);
        if (font) font.charset = param;
        return;
      }
      case 'cpg': {
        const font = this.fonts.get(this.fontTableCurrent);
        if (font) font.codePage = param;
        return;
      }
    }
  }
}

/** Symbol-font bytes: 0x80–0xFF → U+F080–U+F0FF (see SYMBOL_CODE_PAGE). */
function decodeSymbolFont(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 ? 0xf000 + b : b);
  return out;
}

function toLowerRoman(n: number): string {
  const numerals: Array<[number, string]> = [
    [1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
    [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i'],
  ];
  let out = '';
  for (const [value, numeral] of numerals) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}
