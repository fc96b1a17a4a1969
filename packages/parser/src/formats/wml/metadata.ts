/**
 * Document properties of XML Word formats, in the binary path's DocumentMetadata shape:
 * OOXML docProps/core.xml (Dublin Core, [ECMA-376] Part 2 §11) and docProps/app.xml (extended
 * properties, Part 1 §22.2), and the o:DocumentProperties block of Word 2003 XML and Word HTML.
 */
import type { DocumentMetadata } from '../../word/property-set.js';
import { ownText, type XmlElement } from '../markup/xml-tree.js';

type StringKey = { [K in keyof DocumentMetadata]-?: DocumentMetadata[K] extends string | undefined ? K : never }[keyof DocumentMetadata];
type NumberKey = { [K in keyof DocumentMetadata]-?: DocumentMetadata[K] extends number | undefined ? K : never }[keyof DocumentMetadata];
const DATES: ReadonlySet<string> = new Set(['created', 'lastSaved', 'lastPrinted']);

const CORE: Readonly<Record<string, StringKey>> = {
  'dc:title': 'title',
  'dc:subject': 'subject',
  'dc:creator': 'author',
  'cp:keywords': 'keywords',
  'dc:description': 'comments',
  'cp:lastModifiedBy': 'lastAuthor',
  'cp:revision': 'revision',
  'cp:category': 'category',
  'dcterms:created': 'created',
  'dcterms:modified': 'lastSaved',
  'cp:lastPrinted': 'lastPrinted',
};

const APP_STRINGS: Readonly<Record<string, StringKey>> = { 'ep:Template': 'template', 'ep:Application': 'application', 'ep:Company': 'company', 'ep:Manager': 'manager' };
const APP_NUMBERS: Readonly<Record<string, NumberKey>> = {
  'ep:TotalTime': 'editTimeMinutes',
  'ep:Pages': 'pages',
  'ep:Words': 'words',
  'ep:Characters': 'characters',
  'ep:Lines': 'lines',
  'ep:Paragraphs': 'paragraphs',
  'ep:CharactersWithSpaces': 'charactersWithSpaces',
};

/** o:DocumentProperties (urn:schemas-microsoft-com:office:office). */
const OFFICE_STRINGS: Readonly<Record<string, StringKey>> = {
  'o:Title': 'title',
  'o:Subject': 'subject',
  'o:Author': 'author',
  'o:Keywords': 'keywords',
  'o:Description': 'comments',
  'o:LastAuthor': 'lastAuthor',
  'o:Revision': 'revision',
  'o:Category': 'category',
  'o:Manager': 'manager',
  'o:Company': 'company',
  'o:Created': 'created',
  'o:LastSaved': 'lastSaved',
  'o:LastPrinted': 'lastPrinted',
};
const OFFICE_NUMBERS: Readonly<Record<string, NumberKey>> = {
  'o:TotalTime': 'editTimeMinutes',
  'o:Pages': 'pages',
  'o:Words': 'words',
  'o:Characters': 'characters',
  'o:Lines': 'lines',
  'o:Paragraphs': 'paragraphs',
  'o:CharactersWithSpaces': 'charactersWithSpaces',
};

function read(
  root: XmlElement | null,
  strings: Readonly<Record<string, StringKey>>,
  numbers: Readonly<Record<string, NumberKey>>,
  into: DocumentMetadata,
): DocumentMetadata {
  if (!root) return into;
  for (const c of root.children) {
    if (typeof c === 'string') continue;
    const value = ownText(c).trim();
    if (value === '') continue;
    const key = strings[c.name];
    if (key) {
      if (!DATES.has(key)) into[key] = value;
      else {
        const time = Date.parse(value);
        if (Number.isFinite(time)) into[key] = new Date(time).toISOString();
      }
      continue;
    }
    const numberKey = numbers[c.name];
    const n = Number(value);
    if (numberKey && Number.isFinite(n)) into[numberKey] = n;
  }
  return into;
}

/** OOXML core and extended properties (either may be null). */
export function packageMetadata(core: XmlElement | null, app: XmlElement | null): DocumentMetadata {
  return read(app, APP_STRINGS, APP_NUMBERS, read(core, CORE, {}, {}));
}

/** Word 2003 XML / Word HTML `o:DocumentProperties`. */
export function officeMetadata(properties: XmlElement | null): DocumentMetadata {
  return read(properties, OFFICE_STRINGS, OFFICE_NUMBERS, {});
}
