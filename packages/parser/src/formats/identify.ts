/**
 * What a file named ".doc" really is, when it is not a Word binary: the formats this package
 * reads through another reader (OOXML in a ZIP, Word XML, Word HTML/MHTML), and the ones people
 * send by mistake, each with a typed error that names it. Pure functions of the bytes (and, for
 * OLE files, of their root stream names), so detect() can ask them in one place.
 *
 * Not here: OLE/CFB, Word 1/2, Write, RTF and plain text, which detect() recognises itself.
 */
import { DocParseError, type DocErrorCode } from '../errors.js';
import type { ForeignKind } from '../types.js';
import { asciiPrefix, decodeBytes, sniffBom } from './markup/decode.js';

export type { ForeignKind };

/** Formats read by the readers in this folder. */
export type MarkupKind = 'zip' | 'wordml' | 'flat-opc' | 'html' | 'mhtml';

const FOREIGN: Readonly<Record<ForeignKind, { code: DocErrorCode; what: string }>> = {
  wordperfect: { code: 'UNSUPPORTED_FORMAT', what: 'a WordPerfect document' },
  pdf: { code: 'UNSUPPORTED_FORMAT', what: 'a PDF document' },
  postscript: { code: 'UNSUPPORTED_FORMAT', what: 'a PostScript document' },
  png: { code: 'UNSUPPORTED_FORMAT', what: 'a PNG image' },
  jpeg: { code: 'UNSUPPORTED_FORMAT', what: 'a JPEG image' },
  gif: { code: 'UNSUPPORTED_FORMAT', what: 'a GIF image' },
  tiff: { code: 'UNSUPPORTED_FORMAT', what: 'a TIFF image' },
  bmp: { code: 'UNSUPPORTED_FORMAT', what: 'a BMP image' },
  gzip: { code: 'UNSUPPORTED_FORMAT', what: 'a gzip-compressed file' },
  '7z': { code: 'UNSUPPORTED_FORMAT', what: 'a 7-Zip archive' },
  rar: { code: 'UNSUPPORTED_FORMAT', what: 'a RAR archive' },
  exe: { code: 'UNSUPPORTED_FORMAT', what: 'a Windows program (.exe)' },
  odt: { code: 'UNSUPPORTED_FORMAT', what: 'an OpenDocument text document (.odt)' },
  ods: { code: 'UNSUPPORTED_FORMAT', what: 'an OpenDocument spreadsheet (.ods)' },
  odp: { code: 'UNSUPPORTED_FORMAT', what: 'an OpenDocument presentation (.odp)' },
  opendocument: { code: 'UNSUPPORTED_FORMAT', what: 'an OpenDocument file' },
  'flat-odf': { code: 'UNSUPPORTED_FORMAT', what: 'a flat OpenDocument XML file (.fodt)' },
  epub: { code: 'UNSUPPORTED_FORMAT', what: 'an EPUB e-book' },
  xlsx: { code: 'UNSUPPORTED_FORMAT', what: 'an Excel workbook (.xlsx)' },
  pptx: { code: 'UNSUPPORTED_FORMAT', what: 'a PowerPoint presentation (.pptx)' },
  vsdx: { code: 'UNSUPPORTED_FORMAT', what: 'a Visio drawing (.vsdx)' },
  ooxml: { code: 'UNSUPPORTED_FORMAT', what: 'an Office Open XML package with no Word document in it' },
  'zip-archive': { code: 'UNSUPPORTED_FORMAT', what: 'a ZIP archive' },
  excel: { code: 'NOT_WORD', what: 'an Excel workbook' },
  'excel-xml': { code: 'UNSUPPORTED_FORMAT', what: 'an Excel 2003 XML spreadsheet' },
  powerpoint: { code: 'NOT_WORD', what: 'a PowerPoint presentation' },
  visio: { code: 'NOT_WORD', what: 'a Visio drawing' },
  outlook: { code: 'NOT_WORD', what: 'an Outlook message (.msg)' },
  'encrypted-ooxml': { code: 'ENCRYPTED', what: '' },
  ole: { code: 'NOT_WORD', what: 'an OLE compound file with no WordDocument stream' },
  xml: { code: 'UNSUPPORTED_FORMAT', what: 'an XML file that is not Word XML' },
};

/** The message for a kind: "This is an Excel workbook, not a Word document." */
export function describeForeign(kind: ForeignKind): string {
  if (kind === 'encrypted-ooxml') {
    return 'This is a password-protected Office 2007+ file (an encrypted .docx, .xlsx or .pptx); its text cannot be read without the password.';
  }
  return `This is ${FOREIGN[kind].what}, not a Word document.`;
}

/** The typed error for a file that is not a Word document. */
export function foreignFormatError(kind: ForeignKind): DocParseError {
  return new DocParseError(FOREIGN[kind].code, describeForeign(kind));
}

export function isForeignKind(kind: string): kind is ForeignKind {
  return Object.prototype.hasOwnProperty.call(FOREIGN, kind);
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Magic numbers at offset 0 ([file format specifications; see the README table]). */
const MAGIC: ReadonlyArray<readonly [ForeignKind, readonly number[]]> = [
  ['wordperfect', [0xff, 0x57, 0x50, 0x43]], // \xFFWPC
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', ascii('GIF87a')],
  ['gif', ascii('GIF89a')],
  ['tiff', [0x49, 0x49, 0x2a, 0x00]],
  ['tiff', [0x4d, 0x4d, 0x00, 0x2a]],
  ['gzip', [0x1f, 0x8b, 0x08]],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['rar', ascii('Rar!\x1a\x07')],
  ['postscript', ascii('%!PS')],
];

/**
 * Classifies bytes by content. Returns null for what this module does not decide (OLE, Word
 * 1/2, Write, RTF, plain text and unknown data: detect() handles those).
 */
export function identify(bytes: Uint8Array): MarkupKind | ForeignKind | null {
  for (const [kind, magic] of MAGIC) if (startsWith(bytes, magic)) return kind;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return identifyZipHead(bytes);
  // PDF: "%PDF-" within the first KB (readers accept leading junk).
  if (asciiPrefix(bytes, 1024).includes('%PDF-')) return 'pdf';
  if (isWindowsExecutable(bytes)) return 'exe';
  if (isBmp(bytes)) return 'bmp';
  return identifyText(bytes);
}

/** ODF and EPUB store their media type uncompressed as the first entry, "mimetype" (ODF 1.2 Part 3 §3.3). */
function identifyZipHead(bytes: Uint8Array): MarkupKind | ForeignKind {
  const head = asciiPrefix(bytes, 30 + 8 + 80);
  if (head.slice(30, 38) !== 'mimetype') return 'zip';
  const type = head.slice(38);
  if (type.startsWith('application/epub+zip')) return 'epub';
  if (type.startsWith('application/vnd.oasis.opendocument.text')) return 'odt';
  if (type.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (type.startsWith('application/vnd.oasis.opendocument.presentation')) return 'odp';
  if (type.startsWith('application/vnd.oasis.opendocument.')) return 'opendocument';
  return 'zip';
}

/** MZ header whose e_lfanew points at "PE\0\0". */
function isWindowsExecutable(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0x4d, 0x5a]) || bytes.length < 0x40) return false;
  const pe = bytes[0x3c]! | (bytes[0x3d]! << 8) | (bytes[0x3e]! << 16) | (bytes[0x3f]! << 24);
  return pe > 0 && startsWith(bytes, [0x50, 0x45, 0, 0], pe);
}

/** "BM", the file size, two zero reserved words: strict, since "BM" also starts text. */
function isBmp(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0x42, 0x4d]) || bytes.length < 26) return false;
  const size = (bytes[2]! | (bytes[3]! << 8) | (bytes[4]! << 16)) + bytes[5]! * 0x1000000;
  return size === bytes.length && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0 && bytes[9] === 0;
}

/** The first characters of a text file, decoded by its BOM (ASCII-compatible bytes otherwise). */
function textHead(bytes: Uint8Array, n: number): string {
  const bom = sniffBom(bytes);
  if (bom && bom.encoding !== 'utf-8') return decodeBytes(bytes.subarray(bom.length, bom.length + 2 * n), bom.encoding);
  return asciiPrefix(bytes.subarray(bom ? bom.length : 0), n);
}

/** MIME headers (RFC 5322 field lines) that open a MIME message: an MHTML "Single File Web Page". */
const MIME_HEAD = /^(?:[!-9;-~]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+/;
const HTML_ROOT = /^<(?:!doctype\s+html|html|head|body|meta|title|style|base|link)[\s>/]/i;

function identifyText(bytes: Uint8Array): MarkupKind | ForeignKind | null {
  const head = textHead(bytes, 4096);
  const mime = MIME_HEAD.exec(head);
  if (mime && /^MIME-Version:|^Content-Type:\s*multipart\/related/im.test(mime[0])) return 'mhtml';
  const start = skipProlog(head);
  if (start < 0) return head.trimStart().startsWith('<?xml') ? 'xml' : null;
  const text = head.slice(start);
  if (!text.startsWith('<')) return null;
  if (HTML_ROOT.test(text)) return 'html';
  return identifyXml(head, text);
}

/**
 * Where the first element (or DOCTYPE) starts, after whitespace, XML declaration, processing
 * instructions and comments; -1 when one of those does not end within `text`.
 */
function skipProlog(text: string): number {
  let p = 0;
  for (;;) {
    while (p < text.length && /\s/.test(text[p]!)) p++;
    const close = text.startsWith('<?', p) ? '?>' : text.startsWith('<!--', p) ? '-->' : null;
    if (!close) return p;
    const end = text.indexOf(close, p + 2);
    if (end < 0) return -1;
    p = end + close.length;
  }
}

/** XML, by its root element (or the Office `mso-application` instruction before it). */
function identifyXml(head: string, text: string): MarkupKind | ForeignKind | null {
  const progid = /<\?mso-application\s+progid\s*=\s*["']([\w.]+)["']/.exec(head)?.[1];
  if (/^<!doctype/i.test(text)) {
    // DOCTYPE with an optional internal subset: the root element follows it.
    const subset = text.indexOf('[');
    const gt = text.indexOf('>');
    const end = subset >= 0 && subset < gt ? text.indexOf('>', text.indexOf(']', subset)) : gt;
    if (end < 0) return 'xml';
    const after = skipProlog(text.slice(end + 1));
    text = after < 0 ? '' : text.slice(end + 1 + after);
  }
  const root = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)/.exec(text);
  if (!root) return head.trimStart().startsWith('<?xml') ? 'xml' : null;
  const local = root[2]!;
  const rest = root[3]! + text.slice(0, 2048);
  if (local === 'wordDocument' && rest.includes('schemas.microsoft.com/office/word/2003/wordml')) return 'wordml';
  if (local === 'package' && rest.includes('schemas.microsoft.com/office/2006/xmlPackage')) {
    return progid === 'Excel.Sheet' ? 'xlsx' : progid === 'PowerPoint.Show' ? 'pptx' : 'flat-opc';
  }
  if (local === 'html') return 'html';
  if (local === 'document' && rest.includes('urn:oasis:names:tc:opendocument:xmlns:office:1.0')) return 'flat-odf';
  if (local === 'Workbook' && (progid === 'Excel.Sheet' || rest.includes('urn:schemas-microsoft-com:office:spreadsheet'))) return 'excel-xml';
  if (progid === 'Word.Document') return 'wordml';
  // A text file that merely starts with "<" is not claimed: XML has a declaration or namespaces.
  return head.trimStart().startsWith('<?xml') || /\sxmlns[:=]/.test(root[3]!) ? 'xml' : null;
}

/**
 * An OLE compound file's application, from the names of the entries at its root (any case): Word
 * files have WordDocument; the others are named after what they are.
 */
export function identifyOle(rootEntries: readonly string[]): 'word' | ForeignKind {
  const names = new Set(rootEntries.map((n) => n.toLowerCase()));
  if (names.has('worddocument')) return 'word';
  if (names.has('encryptioninfo') && names.has('encryptedpackage')) return 'encrypted-ooxml'; // [MS-OFFCRYPTO] 2.3.4
  if (names.has('workbook') || names.has('book')) return 'excel'; // BIFF8 / BIFF5
  if (names.has('powerpoint document')) return 'powerpoint';
  if (names.has('visiodocument')) return 'visio';
  if (names.has('__properties_version1.0')) return 'outlook'; // [MS-OXMSG] 2.4
  return 'ole';
}
