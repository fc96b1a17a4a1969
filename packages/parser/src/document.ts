/**
 * parseDoc: the whole pipeline, bytes → container → FIB → piece table → characters → stories,
 * wrapped in a `WordDocument` that formats stories on demand.
 */
import { formatCatdocText } from './catdoc/format.js';
import { decodePieces } from './characters.js';
import { hasCfbSignature, openContainer } from './container.js';
import { detect } from './detect.js';
import { DocParseError } from './errors.js';
import { FcLcb, describeVersion, parseFib, type Fib } from './fib.js';
import { documentCodePage, iconvNameForCodePage, parseFontTable } from './fonts.js';
import { contiguousPieceTable, parseClx, type Piece, type PieceTable } from './piece-table.js';
import { readChpxRuns, readPapxRuns, type PropertyRun } from './fkp.js';
import { ListNumberer, formatNumber, parseLists, type ListTables } from './lists.js';
import { guessRowEnds, toPlainText } from './plain-text.js';
import { readPlc } from './plc.js';
import { ParagraphPropsReader, hiddenRanges, hiddenRuns, symbolCharacters, symbolRuns, type SymbolRun } from './properties.js';
import { parseStyles } from './styles.js';
import { storyRanges, totalCps, type StoryRange } from './stories.js';
import { readMetadata, type DocumentMetadata } from './property-set.js';
import { rtfToText } from './rtf.js';
import { decodeTextFile } from './text-input.js';
import { readWord2 } from './word2.js';
import { STORY_NAMES, type DocInfo, type ParseOptions, type StoryName, type StorySelector } from './types.js';

export interface WordDocument {
  readonly info: DocInfo;
  /** The stories present in the document (non-empty), in CP order. */
  readonly stories: readonly StoryName[];
  /** Document properties (title, author, dates, counts…) from the OLE property set streams; {} when absent. */
  readonly metadata: DocumentMetadata;
  /** Raw characters of a story (control characters intact, one JS char per CP). 'all': every CP. */
  characters(story?: StorySelector): string;
  /** Plain text of a story (default: body); 'all' joins every story in CP order. */
  text(story?: StorySelector): string;
}

export interface ExtractOptions extends ParseOptions {
  /** Which story to extract in plain mode (default 'body'). catdoc mode prints all stories. */
  story?: StorySelector;
  /** 'plain' (default): clean text. 'catdoc': byte-compatible with `catdoc -d utf-8`. */
  format?: 'plain' | 'catdoc';
  /** catdoc mode: wrap margin (catdoc -m); 0 = no wrap (catdoc -w). Default 72. */
  width?: number;
}

/** Parses a Word binary file. Throws `DocParseError` (and nothing else) when it cannot. */
export function parseDoc(bytes: Uint8Array, options: ParseOptions = {}): WordDocument {
  try {
    return parseWordBinary(bytes, options);
  } catch (error) {
    if (error instanceof DocParseError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new DocParseError('CORRUPT', `The document is damaged in a way the parser did not expect (${detail}).`, { cause: error });
  }
}

/**
 * One call: parse and format. Plain mode gives `options.story` (default body); catdoc mode gives
 * every story in CP order formatted as `catdoc -d utf-8` would (catdoc/format.ts).
 */
export function extractText(bytes: Uint8Array, options: ExtractOptions = {}): string {
  const doc = parseDoc(bytes, options);
  if (options.format === 'catdoc') return formatCatdocText(doc.characters('all'), { width: options.width ?? 72 });
  return doc.text(options.story ?? 'body');
}

function parseWordBinary(bytes: Uint8Array, options: ParseOptions): WordDocument {
  if (!hasCfbSignature(bytes)) {
    const format = detect(bytes);
    if (format === 'word2' || format === 'write') return parseWord2(bytes, options);
    // What catdoc copies out of a ".doc" that is really RTF or plain text, we extract too.
    if (format === 'rtf') return textDocument('rtf', 'RTF', rtfToText(bytes));
    if (format === 'text') return textDocument('text', 'Plain text', decodeTextFile(bytes));
    rejectOtherFormats(format);
  }
  const container = openContainer(bytes);
  const wordDocument = container.stream('WordDocument');
  if (!wordDocument) {
    throw new DocParseError('NOT_WORD', 'This OLE compound file has no WordDocument stream: it is not a Word document (perhaps Excel or PowerPoint).');
  }
  const fib = parseFib(wordDocument);
  if (fib.fEncrypted || fib.fObfuscated) {
    throw new DocParseError('ENCRYPTED', 'This document is password-protected (encrypted); its text cannot be read without the password.');
  }
  const tableStreamName = fib.version === 'word97' ? (fib.fWhichTblStm ? '1Table' : '0Table') : null;
  // A file whose named table stream is missing may still hold the other one (Word reads it).
  const tableStream = tableStreamName
    ? (container.stream(tableStreamName) ?? container.stream(tableStreamName === '1Table' ? '0Table' : '1Table'))
    : wordDocument;
  if (!tableStream) {
    throw new DocParseError('CORRUPT', `The document has no ${tableStreamName} stream, which its FIB says holds the piece table.`);
  }
  const pieceTable = readPieceTable(fib, tableStream);
  const warnings = [...pieceTable.warnings];
  const covered = pieceTable.pieces.reduce((max, p) => Math.max(max, p.cpEnd), 0);
  let cpLimit = totalCps(fib.ccp);
  if (cpLimit > covered) {
    warnings.push(`the FIB counts ${cpLimit} characters but the piece table covers ${covered}`);
    cpLimit = covered;
  }
  // Word 97+ 8-bit text is cp1252 ([MS-DOC] 2.4.1); Word 6/95 text is in the document's code page.
  const codePage = options.codePage ?? (fib.version === 'word6' ? word6CodePage(fib, wordDocument) : 1252);
  const decoded = decodePieces(wordDocument, pieceTable.pieces, cpLimit, iconvName(codePage));
  warnings.push(...decoded.warnings);
  // decodePieces may cut cpLimit further (no more characters than the stream has bytes).
  const ranges = storyRanges(fib.ccp, decoded.text.length);
  const formatting = fib.version === 'word97' ? readFormatting(fib, wordDocument, tableStream, pieceTable.pieces) : null;

  const info: DocInfo = {
    format: fib.version,
    nFib: fib.nFib,
    version: describeVersion(fib.nFib),
    lid: fib.lid,
    codePage: Number(codePage) || 0,
    complex: fib.fComplex,
    template: fib.fDot,
    tableStream: tableStreamName as DocInfo['tableStream'],
    pieces: pieceTable.pieces.length,
    storyLengths: { ...fib.ccp },
    warnings,
  };
  const metadata = readMetadata(
    container.stream('\u0005SummaryInformation') ?? undefined,
    container.stream('\u0005DocumentSummaryInformation') ?? undefined,
  );
  return new ParsedDocument(info, decoded.text, ranges, pieceTable.pieces, formatting, metadata);
}

/** What the plain-text formatter needs beyond the characters (Word 97+ only). */
interface Formatting {
  paragraphs: ParagraphPropsReader;
  /** Parts of character runs that are deleted revisions or hidden text. */
  hidden: PropertyRun[];
  /** Character runs in symbol fonts. */
  symbols: Map<PropertyRun, SymbolRun>;
  lists: ListTables | null;
  /** CPs of auto-numbered footnote and endnote references (0x02 in the main document). */
  footnoteRefs: number[];
  endnoteRefs: number[];
}

function readFormatting(fib: Fib, wordDocument: Uint8Array, tableStream: Uint8Array, pieces: Piece[]): Formatting {
  const pair = (i: number) => fib.fcLcb(i);
  const papx = readPapxRuns(wordDocument, tableStream, pair(FcLcb.PlcfBtePapx).fc, pair(FcLcb.PlcfBtePapx).lcb);
  const chpx = readChpxRuns(wordDocument, tableStream, pair(FcLcb.PlcfBteChpx).fc, pair(FcLcb.PlcfBteChpx).lcb);
  const styles = parseStyles(tableStream, pair(FcLcb.Stshf).fc, pair(FcLcb.Stshf).lcb);
  const fonts = parseFontTable(tableStream, pair(FcLcb.SttbfFfn).fc, pair(FcLcb.SttbfFfn).lcb, 'word97');
  const refs = (i: number) => readPlc(tableStream, pair(i).fc, pair(i).lcb, 2, 'note references')?.positions.slice(0, -1) ?? [];
  return {
    paragraphs: new ParagraphPropsReader(pieces, papx, styles, tableStream),
    hidden: hiddenRuns(chpx, papx, styles, tableStream),
    symbols: symbolRuns(chpx, (ftc) => fonts[ftc]?.name),
    lists: parseLists(tableStream, pair(FcLcb.PlcfLst), pair(FcLcb.PlfLfo)),
    footnoteRefs: refs(FcLcb.PlcffndRef),
    endnoteRefs: refs(FcLcb.PlcfendRef),
  };
}

function rejectOtherFormats(format: ReturnType<typeof detect>): void {
  switch (format) {
    case 'docx':
      throw new DocParseError('UNSUPPORTED_FORMAT', 'This is a Word 2007+ .docx file (a ZIP package), not a Word 97-2003 .doc.');
    case 'wordml':
      throw new DocParseError('UNSUPPORTED_FORMAT', 'This is a Word XML document (WordprocessingML), not a Word 97-2003 .doc.');
    case 'wordperfect':
      throw new DocParseError('UNSUPPORTED_FORMAT', 'This is a WordPerfect document, not a Word 97-2003 .doc.');
    default:
      throw new DocParseError('NOT_OLE', 'This is not a Word document: it is not an OLE compound file (a Word 97-2003 .doc starts with D0 CF 11 E0).');
  }
}

function readPieceTable(fib: Fib, tableStream: Uint8Array): PieceTable {
  const clx = fib.fcLcb(FcLcb.Clx);
  if (clx.lcb > 0) return parseClx(tableStream, clx.fc, clx.lcb, fib.version === 'word6' && !fib.fExtChar);
  if (fib.version === 'word6') return contiguousPieceTable(fib.fcMin, fib.fcMac);
  // A Word 97 FIB MUST point to a Clx (2.5.6); fall back to the text range of the FIB.
  const fallback = contiguousPieceTable(fib.fcMin, fib.fcMac);
  fallback.warnings.push('the FIB has no piece table; read the text between fcMin and fcMac as 8-bit');
  return fallback;
}

function iconvName(codePage: string | number): string {
  return typeof codePage === 'number' || /^\d+$/.test(codePage) ? iconvNameForCodePage(Number(codePage)) : codePage;
}

/** Word 6/95: Mac files are Mac Roman; others use the language's code page, or their fonts' (fonts.ts). */
function word6CodePage(fib: Fib, wordDocument: Uint8Array): number {
  const ffn = fib.fcLcb(FcLcb.SttbfFfn);
  const fonts = parseFontTable(wordDocument, ffn.fc, ffn.lcb, 'word6');
  const mac = wordDocument[0x12] === 1 || (wordDocument[0x14]! | (wordDocument[0x15]! << 8)) === 256; // envr, chse
  const sample = wordDocument.subarray(fib.fcMin, Math.min(Math.max(fib.fcMac, fib.fcMin), wordDocument.length));
  return documentCodePage(fonts, fib.lid, mac, sample);
}

/** A document that is only text (RTF, plain text): one body story, line ends as paragraph marks. */
function textDocument(format: 'rtf' | 'text', version: string, text: string): WordDocument {
  const chars = text.replace(/\r\n?|\n/g, '\r');
  const ccp = Object.fromEntries(STORY_NAMES.map((name) => [name, name === 'body' ? chars.length : 0])) as Record<StoryName, number>;
  const info: DocInfo = {
    format,
    nFib: 0,
    version,
    lid: 0,
    codePage: 0,
    complex: false,
    template: false,
    tableStream: null,
    pieces: 0,
    storyLengths: ccp,
    warnings: [],
  };
  return new ParsedDocument(info, chars, storyRanges(ccp, chars.length), [], null);
}

/** Word for Windows 1.x/2.x and Windows Write files (word2.ts): characters, then the same stories. */
function parseWord2(bytes: Uint8Array, options: ParseOptions): WordDocument {
  const doc = readWord2(bytes, options);
  const info: DocInfo = {
    format: doc.format,
    nFib: doc.nFib,
    version: doc.format === 'write' ? 'Windows Write' : doc.nFib < 40 ? 'Word for Windows 1.x' : 'Word for Windows 2.0',
    lid: doc.lid,
    codePage: doc.codePage,
    complex: doc.complex,
    template: doc.template,
    tableStream: null,
    pieces: doc.pieces,
    storyLengths: doc.ccp,
    warnings: doc.warnings,
  };
  return new ParsedDocument(info, doc.text, storyRanges(doc.ccp, doc.text.length), [], null);
}

class ParsedDocument implements WordDocument {
  readonly stories: readonly StoryName[];
  private readonly texts = new Map<StorySelector, string>();

  constructor(
    readonly info: DocInfo,
    private readonly chars: string,
    private readonly ranges: readonly StoryRange[],
    private readonly pieces: readonly Piece[],
    private readonly formatting: Formatting | null,
    readonly metadata: DocumentMetadata = {},
  ) {
    this.stories = ranges.filter((r) => r.cpEnd > r.cpStart).map((r) => r.name);
  }

  characters(story: StorySelector = 'body'): string {
    if (story === 'all') return this.chars;
    const range = this.range(story);
    return this.chars.slice(range.cpStart, range.cpEnd);
  }

  text(story: StorySelector = 'body'): string {
    let text = this.texts.get(story);
    if (text === undefined) {
      text =
        story === 'all'
          ? this.stories.map((s) => this.text(s)).join('')
          : this.formatRange(this.range(story));
      this.texts.set(story, text);
    }
    return text;
  }

  private range(story: StoryName): StoryRange {
    const range = this.ranges.find((r) => r.name === story);
    if (!range) throw new DocParseError('CORRUPT', `Unknown story "${String(story)}"; known: ${STORY_NAMES.join(', ')}, all.`);
    return range;
  }

  private formatRange(range: StoryRange): string {
    let chars = this.chars.slice(range.cpStart, range.cpEnd);
    const f = this.formatting;
    if (!f) return toPlainText({ chars, rowEnds: guessRowEnds(chars), inserts: [] });
    // Symbol-font characters as the Unicode characters they show.
    chars = replaceAt(chars, symbolCharacters(this.pieces, f.symbols, chars, range.cpStart));
    // Deleted revisions and hidden text are not part of the text Word shows.
    // One pass (ranges are sorted, may overlap): re-slicing the story per range is quadratic.
    const hidden = hiddenRanges(this.pieces, f.hidden, range.cpStart, range.cpEnd);
    if (hidden.length > 0) {
      const parts: string[] = [];
      let last = 0;
      for (const [a, end] of hidden) {
        const from = Math.max(a, last);
        const b = Math.min(end, chars.length);
        if (b <= from) continue;
        parts.push(chars.slice(last, from), '\0'.repeat(b - from));
        last = b;
      }
      parts.push(chars.slice(last));
      chars = parts.join('');
    }
    const rowEnds = new Set<number>();
    const cellEnds = new Set<number>();
    const inserts: Array<[number, string]> = [];
    const numberer = f.lists ? new ListNumberer(f.lists) : null;
    // List numbers are a few characters a paragraph: a damaged list table must not multiply the output.
    let numberBudget = 4 * chars.length + 65536;
    let paragraphStart = 0;
    PARAGRAPH_END.lastIndex = 0;
    for (let m = PARAGRAPH_END.exec(chars); m; m = PARAGRAPH_END.exec(chars)) {
      const i = m.index;
      const c = chars.charCodeAt(i);
      const props = f.paragraphs.at(range.cpStart + i);
      if (props.rowEnd) rowEnds.add(i);
      else if (c === 0x0d && props.cellEnd) cellEnds.add(i);
      else if (numberer && props.ilfo > 0 && props.ilfo < 2047 && i > paragraphStart) {
        const number = numberer.next(props.ilfo, props.ilvl);
        if (number && number.length <= numberBudget) {
          inserts.push([paragraphStart, number]);
          numberBudget -= number.length;
        }
      }
      paragraphStart = i + 1;
    }
    if (!f.paragraphs.available) for (const i of guessRowEnds(chars)) rowEnds.add(i);
    if (range.name === 'body') {
      noteMarks(f.footnoteRefs, range, chars, (n) => String(n), inserts);
      noteMarks(f.endnoteRefs, range, chars, (n) => formatNumber(n, 2), inserts);
      inserts.sort((a, b) => a[0] - b[0]);
    } else if (range.name === 'footnotes' || range.name === 'endnotes') {
      // Each note's text starts with its own auto-number mark (0x02), numbered in note order.
      const format = range.name === 'footnotes' ? String : (n: number) => formatNumber(n, 2);
      const marks: Array<[number, string]> = [];
      for (let i = chars.indexOf('\x02'), n = 1; i >= 0; i = chars.indexOf('\x02', i + 1)) marks.push([i, format(n++)]);
      inserts.push(...marks);
      inserts.sort((a, b) => a[0] - b[0]);
    }
    return toPlainText({ chars, rowEnds, cellEnds, inserts });
  }
}

/** Characters that end a paragraph: paragraph mark, cell or row mark, section break. */
const PARAGRAPH_END = /[\r\x07\x0c]/g;

/** `chars` with single characters replaced at the given (ordered) indexes. */
function replaceAt(chars: string, replacements: ReadonlyArray<readonly [number, string]>): string {
  if (replacements.length === 0) return chars;
  const parts: string[] = [];
  let last = 0;
  for (const [i, c] of replacements) {
    parts.push(chars.slice(last, i), c);
    last = i + 1;
  }
  parts.push(chars.slice(last));
  return parts.join('');
}

/** Auto-numbered note references (0x02) show their number: footnotes 1, 2, 3…; endnotes i, ii, iii… (Word's defaults). */
function noteMarks(cps: readonly number[], range: StoryRange, chars: string, format: (n: number) => string, inserts: Array<[number, string]>): void {
  let n = 0;
  for (const cp of cps) {
    const i = cp - range.cpStart;
    if (i < 0 || i >= chars.length || chars.charCodeAt(i) !== 0x02) continue;
    inserts.push([i, format(++n)]);
  }
}
