/**
 * The RTF control words that decide where text goes (RTF Specification 1.9.1): destinations that
 * are not body text, starred destinations that are, and control words that stand for a character.
 */

/** Destinations whose content is not body text. */
export const SKIPPED_DESTINATIONS = new Set([
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
export const KEPT_STARRED = new Set(['ud', 'nesttableprops', 'fldrslt', 'footnote']);

/** Control words that stand for a character (RTF 1.9.1 "Special Characters"). */
export const SYMBOL_WORDS: Readonly<Record<string, string>> = {
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

/** Offset of "{\rtf" after an optional UTF-8 BOM and whitespace, or -1. */
export function findRtfStart(bytes: Uint8Array): number {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d || bytes[i] === 0x0a)) i++;
  const sig = [0x7b, 0x5c, 0x72, 0x74, 0x66]; // {\rtf
  for (let k = 0; k < sig.length; k++) if (bytes[i + k] !== sig[k]) return -1;
  return i;
}

export function isLetter(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a);
}

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}
