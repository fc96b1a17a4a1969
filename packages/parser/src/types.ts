/** Public types of the parser. */
import type { EncryptionKind } from './crypto/word-decryption.js';

export type { EncryptionKind };

/** The stories of a Word document ([MS-DOC] 2.3), in CP order, plus `all`. */
export const STORY_NAMES = [
  'body',
  'footnotes',
  'headers',
  'macros',
  'comments',
  'endnotes',
  'textboxes',
  'headerTextboxes',
] as const;
export type StoryName = (typeof STORY_NAMES)[number];
export type StorySelector = StoryName | 'all';

/** What `detect()` recognises from the first bytes of a file (and `doc.info.format`: what was read). */
export type DetectedFormat =
  | 'word97' // OLE + FIB nFib >= 0xC1 (Word 97, 2000, XP, 2003)
  | 'word6' // OLE + FIB nFib 101..105 (Word 6.0 / Word 95)
  | 'word2' // bare FIB, wIdent 0xA5DB (Word for Windows 2.x and earlier)
  | 'write' // Windows Write (0xBE31 / 0xBE32)
  | 'rtf' // {\rtf
  | 'docx' // ZIP: an OOXML package (.docx, .docm, .dotx, .dotm), read; other packages are named when opened
  | 'wordml' // Word 2003 XML or flat-OPC Word XML, read
  | 'html' // HTML, Word's "Web Page" included, read
  | 'mhtml' // MIME HTML, Word's "Single File Web Page", read
  | 'text' // looks like plain text (NUL padding at the end allowed), read
  | ForeignKind // not a Word document: named in the error (formats/identify.ts)
  | 'unknown';

/**
 * Files people send under a .doc name that are not Word documents, each named by the error it
 * gets. `ole` is an OLE compound file without a WordDocument stream of a known application;
 * `xlsx`, `pptx`, `vsdx`, `ooxml` and `zip-archive` are known only once a ZIP is opened.
 */
export type ForeignKind =
  | 'wordperfect'
  | 'pdf'
  | 'postscript'
  | 'png'
  | 'jpeg'
  | 'gif'
  | 'tiff'
  | 'bmp'
  | 'gzip'
  | '7z'
  | 'rar'
  | 'exe'
  | 'odt'
  | 'ods'
  | 'odp'
  | 'opendocument'
  | 'flat-odf'
  | 'epub'
  | 'xlsx'
  | 'pptx'
  | 'vsdx'
  | 'ooxml'
  | 'zip-archive'
  | 'excel'
  | 'excel-xml'
  | 'powerpoint'
  | 'visio'
  | 'outlook'
  | 'encrypted-ooxml'
  | 'ole'
  | 'xml';

export interface DocInfo {
  /** Detected file format. */
  format: DetectedFormat;
  /** FIB nFib (0 for non-Word formats). */
  nFib: number;
  /** Human-readable version, e.g. "Word 97-2003". */
  version: string;
  /** FIB lid: language id of the document. */
  lid: number;
  /** Windows code page used for 8-bit text (1252 for most documents). */
  codePage: number;
  /** fComplex: the document was fast-saved (incremental save). */
  complex: boolean;
  /** fDot: the file is a template. */
  template: boolean;
  /** Table stream used ("0Table" / "1Table"), or null for formats without one. */
  tableStream: '0Table' | '1Table' | null;
  /** Number of pieces in the piece table. */
  pieces: number;
  /** Character counts of each story (ccpText, ccpFtn, …). */
  storyLengths: Record<StoryName, number>;
  /** Problems the parser repaired or worked around (pieces clamped, counts fixed, …). */
  warnings: string[];
  /** How the file was password-protected and decrypted ('rc4', 'rc4-cryptoapi', 'xor'), or null. */
  encryption: EncryptionKind | null;
}

export interface ParseOptions {
  /**
   * Code page used to decode 8-bit text, overriding the one the document implies: a Windows code
   * page number (1251) or an encoding name (cp1251, windows-1251, koi8-r, iso-8859-5, macintosh,
   * shift_jis…). A name io/encoding.ts does not know needs `setDecoderFallback`; otherwise parsing
   * fails with UNSUPPORTED_FORMAT.
   */
  codePage?: string | number;
  /**
   * The password of an encrypted or obfuscated Word 97-2003 or Word 6/95 file (RC4, RC4
   * CryptoAPI, XOR obfuscation). Without one, the standard "VelvetSweatshop" is tried; a file
   * that needs another fails with ENCRYPTED, a wrong one with WRONG_PASSWORD. Used only to derive
   * keys: never logged, stored, or put in an error message.
   */
  password?: string;
}
