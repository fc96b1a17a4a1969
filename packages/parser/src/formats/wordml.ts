/**
 * Word XML documents: Word 2003's WordprocessingML (`<w:wordDocument>`, one file with styles,
 * lists, headers, notes and comments inline), and the flat-OPC "Word XML Document" of Word 2007+
 * (`<pkg:package>`, a .docx package's parts in one XML file), read by the .docx reader.
 */
import { DocParseError } from '../errors.js';
import { foreignFormatError } from './identify.js';
import { decodeXml } from './markup/decode.js';
import { child, childrenNamed, parseXml, type XmlElement } from './markup/xml-tree.js';
import { readWordPackage } from './ooxml/docx.js';
import { flatPackage, OOXML_NAMESPACES } from './ooxml/package.js';
import type { FormatReadResult } from './result.js';
import { officeMetadata } from './wml/metadata.js';
import { numberFormatCode, wordmlListLabels } from './wml/numbering.js';
import { StyleSheet } from './wml/styles.js';
import { sectionsOf, WmlText } from './wml/text.js';

export function readWordXml(bytes: Uint8Array): FormatReadResult {
  const root = parseXml(decodeXml(bytes), OOXML_NAMESPACES, 'The Word XML document');
  if (root.name === 'pkg:package') {
    const { stories, metadata } = readWordPackage(flatPackage(root));
    return { format: 'wordml', version: 'Word 2007+ XML document (flat OPC)', stories, metadata };
  }
  if (root.name !== 'w:wordDocument') throw foreignFormatError('xml');
  const body = child(root, 'w:body');
  if (!body) throw new DocParseError('CORRUPT', 'The Word 2003 XML document has no w:body.');
  const notes = child(child(root, 'w:docPr'), 'w:footnotePr');
  const endnotes = child(child(root, 'w:docPr'), 'w:endnotePr');
  const text = new WmlText({
    styles: new StyleSheet(child(root, 'w:styles')),
    lists: wordmlListLabels(child(root, 'w:lists')),
    footnoteFormat: numberFormatCode(child(notes, 'w:numFmt')?.attrs['w:val'], 0),
    endnoteFormat: numberFormatCode(child(endnotes, 'w:numFmt')?.attrs['w:val'], 2),
  });
  text.render('body', body.children);
  for (const section of sectionsOf(body)) renderHeaders(text, section);
  return { format: 'wordml', version: 'Word 2003 XML', stories: text.stories(), metadata: officeMetadata(child(root, 'o:DocumentProperties')) };
}

/** A section's w:hdr / w:ftr (inline in Word 2003 XML), in the binary header story's order ([MS-DOC] 2.3.6). */
const HEADER_ORDER: ReadonlyArray<readonly [string, string]> = [
  ['w:hdr', 'even'],
  ['w:hdr', 'odd'],
  ['w:ftr', 'even'],
  ['w:ftr', 'odd'],
  ['w:hdr', 'first'],
  ['w:ftr', 'first'],
];

function renderHeaders(text: WmlText, section: XmlElement): void {
  for (const [name, type] of HEADER_ORDER) {
    const part = childrenNamed(section, name).find((h) => (h.attrs['w:type'] ?? 'odd') === type);
    if (part) text.render('headers', part.children);
  }
}
