/**
 * Office Open XML WordprocessingML (.docx, .docm, .dotx, .dotm; also the flat-OPC "Word XML
 * Document"): the package's main part is found through its officeDocument relationship and must
 * have a WordprocessingML main content type; styles, numbering, notes, comments and headers are
 * the parts its own relationships name ([ECMA-376] Part 1 §11.3). A package whose main part is a
 * workbook, a presentation or a drawing is refused with an error that names it.
 */
import { DocParseError } from '../../errors.js';
import { foreignFormatError } from '../identify.js';
import { child, childAttr, childrenNamed, type XmlElement } from '../markup/xml-tree.js';
import type { FormatReadResult } from '../result.js';
import { packageMetadata } from '../wml/metadata.js';
import { numberFormatCode, ooxmlListLabels } from '../wml/numbering.js';
import { StyleSheet } from '../wml/styles.js';
import { sectionsOf, WmlText, type NoteParts } from '../wml/text.js';
import { isType, openZipPackage, type OpcPackage, type Relationship } from './package.js';
import type { ZipLimits } from './zip.js';

/** §11.3.10 and [MS-OE376]: the main document part's content types, with what each file is. */
const WORD_MAIN_TYPES: Readonly<Record<string, string>> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml': 'Word 2007+ document (.docx)',
  'application/vnd.ms-word.document.macroEnabled.main+xml': 'Word 2007+ macro-enabled document (.docm)',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml': 'Word 2007+ template (.dotx)',
  'application/vnd.ms-word.template.macroEnabledTemplate.main+xml': 'Word 2007+ macro-enabled template (.dotm)',
};

/** Reads a .docx (or .docm/.dotx/.dotm) from its ZIP bytes. */
export function readDocx(bytes: Uint8Array, limits?: ZipLimits): FormatReadResult {
  const { version, stories, metadata } = readWordPackage(openZipPackage(bytes, limits));
  return { format: 'docx', version, stories, metadata };
}

/** The text of a WordprocessingML package (ZIP or flat OPC). */
export function readWordPackage(pkg: OpcPackage): Omit<FormatReadResult, 'format'> {
  const packageRels = pkg.relationships('/');
  const mainPart = findMainPart(pkg, packageRels);
  const kind = WORD_MAIN_TYPES[pkg.contentType(mainPart) ?? ''];
  if (!kind) throw foreignFormatError(foreignPackageKind(pkg.contentType(mainPart) ?? ''));
  const document = pkg.xml(mainPart);
  const body = document && child(document, 'w:body');
  if (!body) throw new DocParseError('CORRUPT', `The Word document part ${mainPart} has no w:document/w:body.`);

  const rels = pkg.relationships(mainPart);
  const part = (type: string): XmlElement | null => {
    const rel = rels.find((r) => isType(r.type, type) && r.target !== null);
    return rel ? pkg.xml(rel.target!) : null;
  };
  const styles = new StyleSheet(part('styles'));
  const settings = part('settings');
  const sections = sectionsOf(body);
  const lastSection = sections[sections.length - 1] ?? null;
  const noteFormat = (pr: string, fallback: number) =>
    numberFormatCode(childAttr(child(lastSection, pr), 'w:numFmt', 'w:val') ?? childAttr(child(settings, pr), 'w:numFmt', 'w:val'), fallback);
  const text = new WmlText({
    styles,
    lists: ooxmlListLabels(part('numbering'), styles),
    notes: notesOf(part('footnotes'), part('endnotes'), part('comments')),
    footnoteFormat: noteFormat('w:footnotePr', 0),
    endnoteFormat: noteFormat('w:endnotePr', 2),
  });
  text.render('body', body.children);
  renderHeaders(text, sections, (id) => {
    const rel = rels.find((r) => r.id === id && r.target !== null);
    return rel ? { name: rel.target!, root: pkg.xml(rel.target!) } : null;
  });

  const metadataPart = (type: string) => {
    const rel = packageRels.find((r: Relationship) => isType(r.type, type) && r.target !== null);
    return rel ? pkg.xml(rel.target!) : null;
  };
  return {
    version: kind,
    stories: text.stories(),
    metadata: packageMetadata(metadataPart('core-properties'), metadataPart('extended-properties')),
  };
}

function findMainPart(pkg: OpcPackage, packageRels: readonly Relationship[]): string {
  const rel = packageRels.find((r) => isType(r.type, 'officeDocument') && r.target !== null);
  if (rel) return rel.target!;
  // No package relationship: a part declared with a Word main content type will do.
  const declared = pkg.partNames.find((name) => WORD_MAIN_TYPES[pkg.contentType(name) ?? ''] !== undefined);
  if (declared) return declared;
  throw foreignFormatError('ooxml');
}

function foreignPackageKind(contentType: string): 'xlsx' | 'pptx' | 'vsdx' | 'ooxml' {
  if (/spreadsheetml|ms-excel/i.test(contentType)) return 'xlsx';
  if (/presentationml|ms-powerpoint/i.test(contentType)) return 'pptx';
  if (/ms-visio/i.test(contentType)) return 'vsdx';
  return 'ooxml';
}

/** Notes and comments by id; separator "notes" (w:type separator, continuationSeparator…) are not text. */
function notesOf(footnotes: XmlElement | null, endnotes: XmlElement | null, comments: XmlElement | null): NoteParts {
  const byId = (root: XmlElement | null, name: string) => {
    const map = new Map<string, XmlElement>();
    if (!root) return map;
    for (const note of childrenNamed(root, name)) {
      const type = note.attrs['w:type'];
      if (type !== undefined && type !== 'normal') continue;
      const id = note.attrs['w:id'];
      if (id !== undefined && !map.has(id)) map.set(id, note);
    }
    return map;
  };
  return { footnotes: byId(footnotes, 'w:footnote'), endnotes: byId(endnotes, 'w:endnote'), comments: byId(comments, 'w:comment') };
}

/**
 * Headers and footers of every section, in the order of the binary header story ([MS-DOC]
 * 2.3.6): even header, odd (default) header, even footer, odd footer, first header, first footer.
 * A part referenced by several sections is rendered once.
 */
const HEADER_ORDER: ReadonlyArray<readonly [string, string]> = [
  ['w:headerReference', 'even'],
  ['w:headerReference', 'default'],
  ['w:footerReference', 'even'],
  ['w:footerReference', 'default'],
  ['w:headerReference', 'first'],
  ['w:footerReference', 'first'],
];

function renderHeaders(
  text: WmlText,
  sections: readonly XmlElement[],
  partOf: (relId: string) => { name: string; root: XmlElement | null } | null,
): void {
  const done = new Set<string>();
  for (const section of sections) {
    for (const [element, type] of HEADER_ORDER) {
      const ref = childrenNamed(section, element).find((r) => (r.attrs['w:type'] ?? 'default') === type);
      const part = ref && partOf(ref.attrs['r:id'] ?? '');
      if (!part || !part.root || done.has(part.name)) continue;
      done.add(part.name);
      text.render('headers', part.root.children);
    }
  }
}
