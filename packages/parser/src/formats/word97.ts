/**
 * The Word 97-2003 and Word 6.0/95 reader: OLE container → FIB → piece table → characters →
 * stories, plus (Word 97+) the formatting facts the plain-text renderer needs and the OLE
 * property sets' metadata.
 */
import { openContainer, type Container } from '../container.js';
import { decryptWordStreams, type EncryptionKind } from '../crypto/index.js';
import { DocParseError } from '../errors.js';
import { foreignFormatError, identifyOle } from './identify.js';
import { decodeCp1252, optionDecoder } from '../io/encoding.js';
import type { Formatting, ReadResult } from '../model/read-result.js';
import { readWord6Structure } from './word6-structure.js';
import { readStructureFacts } from './word97-structure.js';
import { hiddenCpRuns, symbolCpRuns } from '../word/character-props.js';
import { decodeUnits } from '../word/characters.js';
import { documentCodePage, platformOf } from '../word/code-page.js';
import { FcLcb, describeVersion, parseFib, type Fib } from '../word/fib.js';
import { readChpxRuns, readPapxRuns } from '../word/fkp.js';
import { parseFontTable } from '../word/fonts.js';
import { parseLists } from '../word/lists.js';
import { ParagraphRuns } from '../word/paragraph-props.js';
import type { PropertyRuns } from '../word/property-runs.js';
import { applyPrms } from '../word/prm.js';
import { contiguousPieceTable, parseClx, type PieceTable } from '../word/piece-table.js';
import { readPlc } from '../word/plc.js';
import { readMetadata } from '../word/property-set.js';
import { openWordDocumentStream, type WordDocumentStream } from './word-document-stream.js';
import { storyRanges, totalCps } from '../word/stories.js';
import { readStyleSheet, type StyleSheet } from '../word/styles.js';
import { readBodyTextboxes } from '../word/textboxes.js';
import type { DocInfo, ParseOptions } from '../types.js';

export function readWord97(bytes: Uint8Array, options: ParseOptions): ReadResult {
  const container = openContainer(bytes);
  const { fib, tableStream, tableStreamName, encryption, decryptData, stored } = openStreams(container, options);
  const pieceTable = readPieceTable(fib, tableStream);
  const warnings = pieceTable.warnings;
  const covered = pieceTable.cpEnd;
  let cpLimit = totalCps(fib.ccp);
  if (cpLimit > covered) {
    warnings.add(`the FIB counts ${cpLimit} characters but the piece table covers ${covered}`);
    cpLimit = covered;
  }
  // Word 97+ 8-bit text is cp1252 ([MS-DOC] 2.4.1); Word 6/95 text is in the document's code page.
  const codePage = options.codePage ?? (fib.version === 'word6' ? word6CodePage(fib, stored.whole()) : 1252);
  const decode8 = codePage === 1252 ? decodeCp1252 : optionDecoder(codePage);
  // A Word 6/95 piece of 2-byte characters (fExtChar) holds code page characters, not UTF-16.
  const characters = decodeUnits(stored.text, pieceTable.pieces, cpLimit, decode8, warnings, fib.version === 'word6' ? 'code-page-pairs' : 'utf-16');

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
    warnings: warnings.list(),
    encryption,
  };
  return {
    info,
    characters,
    // decodeUnits may cut cpLimit further (no more characters than the stream has bytes).
    stories: storyRanges(fib.ccp, characters.length),
    // Pictures live in the Data stream (encrypted too in a protected file), read only when asked for.
    ...(fib.version === 'word97'
      ? readFormatting(fib, stored, tableStream, pieceTable, () => dataStream(container, decryptData))
      : { formatting: null, structure: () => readWord6Structure(fib, stored.whole(), pieceTable) }),
    // Plain text never reads the property sets: they are parsed when first asked for.
    metadata: () => readMetadata(optionalStream(container, '\u0005SummaryInformation'), optionalStream(container, '\u0005DocumentSummaryInformation')),
  };
}

interface WordStreams {
  fib: Fib;
  /**
   * The WordDocument stream: `pages` for the FKP pages; `text` where the text is read; `whole()`
   * for readers that may look anywhere (Word 6/95 and a protected file: the stream is one array).
   */
  stored: WordDocumentStream;
  /** The table stream (Word 6/95: the WordDocument stream, which holds the tables). */
  tableStream: Uint8Array;
  tableStreamName: '0Table' | '1Table' | null;
  encryption: EncryptionKind | null;
  /** Decrypts the Data stream of a protected document (null: the file is not protected). */
  decryptData: ((data: Uint8Array) => Uint8Array) | null;
}

/** The WordDocument and table streams the FIB names, decrypted with `options.password` when the file is protected ([MS-DOC] 2.2.6). */
function openStreams(container: Container, options: ParseOptions): WordStreams {
  const parts = container.streamParts('WordDocument');
  if (!parts) {
    const application = identifyOle(container.root.children.map((entry) => entry.name)); // Excel, PowerPoint, an encrypted .docx, …
    throw foreignFormatError(application === 'word' ? 'ole' : application);
  }
  const stream = openWordDocumentStream(parts);
  const fib = parseFib(stream.head);
  // Word 6/95 keeps its tables in this stream, and a protected file is decrypted whole: all of it.
  const whole = fib.version !== 'word97' || fib.fEncrypted || fib.fObfuscated;
  const stored = whole ? openWordDocumentStream([{ at: 0, bytes: stream.whole() }]) : stream;
  const tableStreamName = fib.version === 'word97' ? (fib.fWhichTblStm ? '1Table' : '0Table') : null;
  // A file whose named table stream is missing may still hold the other one (Word reads it).
  const tableStream = tableStreamName
    ? (container.stream(tableStreamName) ?? container.stream(tableStreamName === '1Table' ? '0Table' : '1Table'))
    : stored.whole();
  if (!tableStream) {
    throw new DocParseError('CORRUPT', `The document has no ${tableStreamName} stream, which its FIB says holds the piece table.`);
  }
  if (!fib.fEncrypted && !fib.fObfuscated) return { fib, stored, tableStream, tableStreamName, encryption: null, decryptData: null };
  const plain = decryptWordStreams({ wordDocument: stored.whole(), ...(tableStreamName ? { table: tableStream } : {}) }, fib, options.password);
  return {
    // The decrypted FIB is read again: past its first 68 bytes, the FIB was encrypted too.
    fib: parseFib(plain.wordDocument),
    stored: openWordDocumentStream([{ at: 0, bytes: plain.wordDocument }]),
    tableStream: plain.table ?? plain.wordDocument,
    tableStreamName,
    encryption: plain.kind,
    decryptData: plain.decryptData,
  };
}

/** The Data stream (pictures), decrypted when the document is protected. */
function dataStream(container: Container, decryptData: WordStreams['decryptData']): Uint8Array | undefined {
  const data = optionalStream(container, 'Data');
  return data && decryptData ? decryptData(data) : data;
}

/** A stream the text does not depend on: a damaged chain costs the metadata, not the document. */
function optionalStream(container: Container, name: string): Uint8Array | undefined {
  try {
    return container.stream(name) ?? undefined;
  } catch (error) {
    if (error instanceof DocParseError) return undefined;
    throw error;
  }
}

function readPieceTable(fib: Fib, tableStream: Uint8Array): PieceTable {
  const clx = fib.fcLcb(FcLcb.Clx);
  // Word 6/95 pieces address 8-bit text by plain byte offsets, unless fExtChar (then as Word 97).
  const word6 = fib.version === 'word6';
  if (clx.lcb > 0) return parseClx(tableStream, clx.fc, clx.lcb, word6 && !fib.fExtChar ? 'byte-offset' : 'fc-compressed', word6 ? 'word6' : 'word97');
  if (fib.version === 'word6') return contiguousPieceTable(fib.fcMin, fib.fcMac);
  // A Word 97 FIB MUST point to a Clx (2.5.6); fall back to the text range of the FIB.
  const fallback = contiguousPieceTable(fib.fcMin, fib.fcMac);
  fallback.warnings.add('the FIB has no piece table; read the text between fcMin and fcMac as 8-bit');
  return fallback;
}

/** Word 6/95: Mac files are Mac Roman; others use the language's code page, or their fonts' (code-page.ts). */
function word6CodePage(fib: Fib, wordDocument: Uint8Array): number {
  const ffn = fib.fcLcb(FcLcb.SttbfFfn);
  const fonts = parseFontTable(wordDocument, ffn.fc, ffn.lcb, 'word6');
  const sample = wordDocument.subarray(fib.fcMin, Math.min(Math.max(fib.fcMac, fib.fcMin), wordDocument.length));
  return documentCodePage(fonts, fib.lid, platformOf(fib.envr, fib.chse), sample);
}

/** No note references (most documents): one empty array, never written. */
const NO_REFS = new Uint32Array(0);

function readFormatting(
  fib: Fib,
  stored: WordDocumentStream,
  tableStream: Uint8Array,
  pieceTable: PieceTable,
  dataStream: () => Uint8Array | undefined,
): Pick<ReadResult, 'formatting' | 'structure'> {
  const formatting = new Word97Formatting(fib, stored, tableStream, pieceTable);
  const structure = () =>
    readStructureFacts({
      fib,
      wordDocument: stored.whole,
      tableStream,
      dataStream: dataStream() ?? null,
      pieceTable,
      papx: formatting.papx(),
      chpx: formatting.chpx(),
      styles: formatting.styles(),
    });
  return { formatting, structure };
}

/**
 * The formatting facts of a Word 97 file, each read when a renderer first asks for it (catdoc mode
 * asks for none; plain text for what its stories need). A class: its getters are its prototype's,
 * not made per document (an object literal with getters costs V8 ~0.7 µs a getter, in old space).
 */
class Word97Formatting implements Formatting {
  private papxRuns: PropertyRuns | undefined;
  private chpxRuns: PropertyRuns | undefined;
  private styleSheet: StyleSheet | undefined;
  private fonts: ReturnType<typeof parseFontTable> | undefined;
  private paragraphRuns: Formatting['paragraphs'] | undefined;
  private hiddenRuns: Formatting['hidden'] | undefined;
  private symbolRuns: Formatting['symbols'] | undefined;
  private listTables: Formatting['lists'] | undefined;
  private footnoteRefList: Uint32Array | undefined;
  private endnoteRefList: Uint32Array | undefined;
  private textboxLayout: Formatting['textboxes'] | undefined;

  constructor(
    private readonly fib: Fib,
    private readonly stored: WordDocumentStream,
    private readonly tableStream: Uint8Array,
    private readonly pieceTable: PieceTable,
  ) {}

  /** A fast-saved file's piece Prms apply over its FKPs' runs (prm.ts). */
  papx(): PropertyRuns {
    const at = this.fib.fcLcb(FcLcb.PlcfBtePapx);
    return (this.papxRuns ??= applyPrms(this.pieceTable, readPapxRuns(this.stored.pages, this.tableStream, at.fc, at.lcb), 'runs-only'));
  }

  chpx(): PropertyRuns {
    const at = this.fib.fcLcb(FcLcb.PlcfBteChpx);
    return (this.chpxRuns ??= applyPrms(this.pieceTable, readChpxRuns(this.stored.pages, this.tableStream, at.fc, at.lcb), 'fill'));
  }

  styles(): StyleSheet {
    const at = this.fib.fcLcb(FcLcb.Stshf);
    return (this.styleSheet ??= readStyleSheet(this.tableStream, at.fc, at.lcb));
  }

  get paragraphs(): Formatting['paragraphs'] {
    return (this.paragraphRuns ??= new ParagraphRuns(this.pieceTable, this.papx(), this.styles(), this.tableStream));
  }

  get hidden(): Formatting['hidden'] {
    return (this.hiddenRuns ??= hiddenCpRuns(this.pieceTable, this.chpx(), this.papx(), this.styles(), this.tableStream));
  }

  get symbols(): Formatting['symbols'] {
    return (this.symbolRuns ??= symbolCpRuns(this.pieceTable, this.chpx(), (ftc) => this.fontName(ftc)));
  }

  get lists(): Formatting['lists'] {
    if (this.listTables === undefined) this.listTables = parseLists(this.tableStream, this.fib.fcLcb(FcLcb.PlcfLst), this.fib.fcLcb(FcLcb.PlfLfo));
    return this.listTables;
  }

  get footnoteRefs(): Uint32Array {
    return (this.footnoteRefList ??= this.refs(FcLcb.PlcffndRef));
  }

  get endnoteRefs(): Uint32Array {
    return (this.endnoteRefList ??= this.refs(FcLcb.PlcfendRef));
  }

  get textboxes(): Formatting['textboxes'] {
    const fib = this.fib;
    if (this.textboxLayout === undefined) this.textboxLayout = readBodyTextboxes(this.tableStream, fib.fcLcb(FcLcb.PlcSpaMom), fib.fcLcb(FcLcb.PlcftxbxTxt), fib.fcLcb(FcLcb.DggInfo));
    return this.textboxLayout;
  }

  /** The font table is read when a run first names a font (symbol fonts). */
  private fontName(ftc: number): string | undefined {
    const at = this.fib.fcLcb(FcLcb.SttbfFfn);
    return (this.fonts ??= parseFontTable(this.tableStream, at.fc, at.lcb, 'word97'))[ftc]?.name;
  }

  /** Note references in CP order (a damaged PLC may list them out of order). */
  private refs(i: number): Uint32Array {
    const at = this.fib.fcLcb(i);
    const plc = readPlc(this.tableStream, at.fc, at.lcb, 2, 'note references');
    return plc ? Uint32Array.from(plc.positions.slice(0, -1)).sort() : NO_REFS;
  }
}
