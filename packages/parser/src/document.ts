/**
 * parseDoc: the whole pipeline, bytes → container → FIB → piece table → characters → stories,
 * wrapped in a `WordDocument` that formats stories on demand.
 */
import { decodePieces } from './characters.js';
import { hasCfbSignature, openContainer } from './container.js';
import { detect } from './detect.js';
import { DocParseError } from './errors.js';
import { FcLcb, describeVersion, parseFib, type Fib } from './fib.js';
import { codePageForLid } from './language.js';
import { contiguousPieceTable, parseClx, type PieceTable } from './piece-table.js';
import { guessRowEnds, toPlainText } from './plain-text.js';
import { storyRanges, totalCps, type StoryRange } from './stories.js';
import { STORY_NAMES, type DocInfo, type ParseOptions, type StoryName, type StorySelector } from './types.js';

export interface WordDocument {
  readonly info: DocInfo;
  /** The stories present in the document (non-empty), in CP order. */
  readonly stories: readonly StoryName[];
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

export function extractText(bytes: Uint8Array, options: ExtractOptions = {}): string {
  return parseDoc(bytes, options).text(options.story ?? 'body');
}

function parseWordBinary(bytes: Uint8Array, options: ParseOptions): WordDocument {
  if (!hasCfbSignature(bytes)) rejectOtherFormats(detect(bytes));
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
  const tableStream = tableStreamName ? container.stream(tableStreamName) : wordDocument;
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
  const codePage = String(options.codePage ?? (fib.version === 'word6' ? codePageForLid(fib.lid) : 1252));
  const decoded = decodePieces(wordDocument, pieceTable.pieces, cpLimit, iconvName(codePage));
  warnings.push(...decoded.warnings);
  const ranges = storyRanges(fib.ccp, cpLimit);

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
  return new ParsedDocument(info, decoded.text, ranges);
}

function rejectOtherFormats(format: ReturnType<typeof detect>): void {
  switch (format) {
    case 'word2':
      throw new DocParseError('UNSUPPORTED_VERSION', 'This is a Word 2.x (or older) document, which is not supported yet.');
    case 'write':
      throw new DocParseError('UNSUPPORTED_VERSION', 'This is a Windows Write document, which is not supported yet.');
    case 'docx':
      throw new DocParseError('UNSUPPORTED_FORMAT', 'This is a Word 2007+ .docx file (a ZIP package), not a Word 97-2003 .doc.');
    case 'wordml':
      throw new DocParseError('UNSUPPORTED_FORMAT', 'This is a Word XML document (WordprocessingML), not a Word 97-2003 .doc.');
    case 'wordperfect':
      throw new DocParseError('UNSUPPORTED_FORMAT', 'This is a WordPerfect document, not a Word 97-2003 .doc.');
    case 'rtf':
      throw new DocParseError('UNSUPPORTED_FORMAT', 'This is an RTF document, not a Word 97-2003 .doc.');
    default:
      throw new DocParseError('NOT_OLE', 'This is not a Word document: it is not an OLE compound file (a Word 97-2003 .doc starts with D0 CF 11 E0).');
  }
}

function readPieceTable(fib: Fib, tableStream: Uint8Array): PieceTable {
  const clx = fib.fcLcb(FcLcb.Clx);
  if (clx.lcb > 0) return parseClx(tableStream, clx.fc, clx.lcb, fib.version === 'word6');
  if (fib.version === 'word6') return contiguousPieceTable(fib.fcMin, fib.fcMac);
  // A Word 97 FIB MUST point to a Clx (2.5.6); fall back to the text range of the FIB.
  const fallback = contiguousPieceTable(fib.fcMin, fib.fcMac);
  fallback.warnings.push('the FIB has no piece table; read the text between fcMin and fcMac as 8-bit');
  return fallback;
}

function iconvName(codePage: string): string {
  return /^\d+$/.test(codePage) ? `cp${codePage}` : codePage;
}

class ParsedDocument implements WordDocument {
  readonly stories: readonly StoryName[];
  private readonly texts = new Map<StorySelector, string>();

  constructor(
    readonly info: DocInfo,
    private readonly chars: string,
    private readonly ranges: readonly StoryRange[],
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
    const chars = this.chars.slice(range.cpStart, range.cpEnd);
    return toPlainText({ chars, isRowEnd: guessRowEnds(chars) });
  }
}
