/** Public types of the parser. */

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

/** What `detect()` recognises from the first bytes of a file. */
export type DetectedFormat =
  | 'word97' // OLE + FIB nFib >= 0xC1 (Word 97, 2000, XP, 2003)
  | 'word6' // OLE + FIB nFib 101..105 (Word 6.0 / Word 95)
  | 'word2' // bare FIB, wIdent 0xA5DB (Word for Windows 2.x and earlier)
  | 'write' // Windows Write (0xBE31 / 0xBE32)
  | 'rtf' // {\rtf
  | 'docx' // ZIP (OOXML)
  | 'wordml' // Word 2003 XML / flat OPC XML
  | 'wordperfect' // \xFFWPC
  | 'ole' // OLE compound file without a WordDocument stream
  | 'text' // looks like plain text
  | 'unknown';

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
}

export interface ParseOptions {
  /**
   * Code page used to decode 8-bit text, overriding the one the document implies: a Windows code
   * page number (1251) or an encoding name (cp1251, windows-1251, koi8-r, iso-8859-5, macintosh,
   * shift_jis…). A name io/encoding.ts does not know needs `setDecoderFallback`; otherwise parsing
   * fails with UNSUPPORTED_FORMAT.
   */
  codePage?: string | number;
}
