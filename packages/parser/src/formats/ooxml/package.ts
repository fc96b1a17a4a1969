/**
 * An Open Packaging Conventions package ([ECMA-376] Part 2): parts found by name, their content
 * types, and the relationships that lead from one part to another. Two physical forms share one
 * interface: a ZIP archive (.docx) and the "flat OPC" XML file Word writes as "Word XML Document"
 * (every part inline in a `pkg:package`).
 */
import { DocParseError } from '../../errors.js';
import { foreignFormatError, type ForeignKind } from '../identify.js';
import { decodeXml } from '../markup/decode.js';
import { child, childrenNamed, parseXml, type NamespaceMap, type XmlElement } from '../markup/xml-tree.js';
import { normalizeName, openZip, type ZipArchive, type ZipLimits } from './zip.js';

/** Every namespace the OOXML and Word XML readers look at, with the prefix the tree gives it. */
export const OOXML_NAMESPACES: NamespaceMap = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w', // Strict
  'http://schemas.microsoft.com/office/word/2003/wordml': 'w', // Word 2003 XML
  'http://schemas.microsoft.com/office/word/2003/auxHint': 'wx',
  'http://schemas.microsoft.com/aml/2001/core': 'aml',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'http://schemas.openxmlformats.org/officeDocument/2006/math': 'm',
  'http://purl.oclc.org/ooxml/officeDocument/math': 'm',
  'urn:schemas-microsoft-com:vml': 'v',
  'urn:schemas-microsoft-com:office:office': 'o',
  'http://schemas.openxmlformats.org/package/2006/content-types': 'ct',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
  'http://schemas.microsoft.com/office/2006/xmlPackage': 'pkg',
  'http://schemas.openxmlformats.org/package/2006/metadata/core-properties': 'cp',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties': 'ep',
  'http://purl.oclc.org/ooxml/officeDocument/extendedProperties': 'ep',
};

export interface Relationship {
  readonly id: string;
  /** The relationship type URI; compare with `isType`. */
  readonly type: string;
  /** The target part's name, absolute ("/word/styles.xml"); null for an external target. */
  readonly target: string | null;
}

export interface OpcPackage {
  /** The content type of a part ([Content_Types].xml Override, else Default by extension), or null. */
  contentType(partName: string): string | null;
  /** A part parsed as XML, or null when the package has no such part. */
  xml(partName: string): XmlElement | null;
  /** The relationships of a part ("/" for the package's own). */
  relationships(source: string): Relationship[];
  /** Every part name in the package. */
  readonly partNames: readonly string[];
}

/**
 * True when `type` is the relationship type `name` in any OOXML flavour: transitional
 * (…/officeDocument/2006/relationships/styles), Strict (…/officeDocument/relationships/styles),
 * and the variants writers produce.
 */
export function isType(type: string, name: string): boolean {
  return type.slice(type.lastIndexOf('/') + 1) === name;
}

/** Resolves a relationship target against its source part's folder (OPC Part 2 §9.3). */
export function resolveTarget(source: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // a malformed escape: keep the target as written
  }
  const base = decoded.startsWith('/') ? [] : source.split('/').slice(0, -1);
  const path = [...base];
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') path.pop();
    else path.push(segment);
  }
  return '/' + path.filter(Boolean).join('/');
}

function relsPartName(source: string): string {
  if (source === '/' || source === '') return '/_rels/.rels';
  const slash = source.lastIndexOf('/');
  return `${source.slice(0, slash)}/_rels/${source.slice(slash + 1)}.rels`;
}

function readRelationships(rels: XmlElement | null, source: string): Relationship[] {
  if (!rels) return [];
  return childrenNamed(rels, 'rel:Relationship').map((r) => ({
    id: r.attrs.Id ?? '',
    type: r.attrs.Type ?? '',
    target: r.attrs.TargetMode === 'External' || r.attrs.Target === undefined ? null : resolveTarget(source === '/' ? '/' : source, r.attrs.Target),
  }));
}

/** An OPC package in a ZIP archive. Throws the foreign-format error for a ZIP that is not one. */
export function openZipPackage(bytes: Uint8Array, limits?: ZipLimits): OpcPackage {
  const zip = openZip(bytes, limits);
  const typesEntry = zip.find('[Content_Types].xml');
  if (!typesEntry) throw foreignFormatError(zipKind(zip));
  const parsed = new Map<string, XmlElement | null>();
  const xml = (partName: string): XmlElement | null => {
    const key = normalizeName(partName);
    if (parsed.has(key)) return parsed.get(key)!;
    const entry = zip.find(partName);
    const element = entry ? parseXml(decodeXml(zip.read(entry)), OOXML_NAMESPACES, entry.name) : null;
    parsed.set(key, element);
    return element;
  };
  const types = xml('[Content_Types].xml')!;
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  for (const o of childrenNamed(types, 'ct:Override')) overrides.set(normalizeName(o.attrs.PartName ?? ''), o.attrs.ContentType ?? '');
  for (const d of childrenNamed(types, 'ct:Default')) defaults.set((d.attrs.Extension ?? '').toLowerCase(), d.attrs.ContentType ?? '');
  return {
    partNames: zip.entries.map((e) => '/' + e.name),
    contentType(partName) {
      const override = overrides.get(normalizeName(partName));
      if (override !== undefined) return override;
      const dot = partName.lastIndexOf('.');
      return dot < 0 ? null : (defaults.get(partName.slice(dot + 1).toLowerCase()) ?? null);
    },
    xml,
    relationships: (source) => readRelationships(xml(relsPartName(source)), source),
  };
}

/** A ZIP with no [Content_Types].xml: OpenDocument and EPUB name their type in "mimetype". */
function zipKind(zip: ZipArchive): ForeignKind {
  const mimetype = zip.find('mimetype');
  if (!mimetype || mimetype.size > 200) return 'zip-archive';
  const type = new TextDecoder().decode(zip.read(mimetype)).trim();
  if (type === 'application/epub+zip') return 'epub';
  if (type === 'application/vnd.oasis.opendocument.text') return 'odt';
  if (type === 'application/vnd.oasis.opendocument.spreadsheet') return 'ods';
  if (type === 'application/vnd.oasis.opendocument.presentation') return 'odp';
  return type.startsWith('application/vnd.oasis.opendocument.') ? 'opendocument' : 'zip-archive';
}

/** A flat OPC package: `<pkg:package><pkg:part pkg:name=… pkg:contentType=…><pkg:xmlData>…`. */
export function flatPackage(root: XmlElement): OpcPackage {
  if (root.name !== 'pkg:package') throw new DocParseError('CORRUPT', 'The Word XML package has no pkg:package root element.');
  const parts = new Map<string, { contentType: string; xml: XmlElement | null }>();
  for (const part of childrenNamed(root, 'pkg:part')) {
    const name = normalizeName(part.attrs['pkg:name'] ?? '');
    const data = child(part, 'pkg:xmlData');
    const xml = data ? (data.children.find((c): c is XmlElement => typeof c !== 'string') ?? null) : null;
    if (!parts.has(name)) parts.set(name, { contentType: part.attrs['pkg:contentType'] ?? '', xml });
  }
  return {
    partNames: [...parts.keys()].map((n) => '/' + n),
    contentType: (partName) => parts.get(normalizeName(partName))?.contentType ?? null,
    xml: (partName) => parts.get(normalizeName(partName))?.xml ?? null,
    relationships: (source) => readRelationships(parts.get(normalizeName(relsPartName(source)))?.xml ?? null, source),
  };
}
