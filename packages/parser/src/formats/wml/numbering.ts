/**
 * List numbering of WordprocessingML documents, computed the same way as for Word binaries:
 * the definitions are mapped onto the binary model (abstract list ≈ LSTF, list instance ≈ LFO,
 * level ≈ LVL) and numbered by lists.ts's ListNumberer, so a document gives the same labels
 * whether it was saved as .doc or .docx.
 *
 * OOXML numbering.xml ([ECMA-376] §17.9): w:abstractNum (w:lvl …) and w:num (w:abstractNumId,
 * w:lvlOverride/w:startOverride). Word 2003 XML: w:lists with w:listDef and w:list (w:ilst).
 */
import { ListNumberer, type ListTables } from '../../word/lists.js';
import { symbolFontOf, symbolToUnicode } from '../../word/symbol-fonts.js';
import { child, childAttr, childrenNamed, type XmlElement } from '../markup/xml-tree.js';
import { intAttr, type ListRef, type StyleSheet } from './styles.js';

type Level = ListTables['lists'][number]['levels'][number];

/** §17.18.59 ST_NumberFormat → MSONFC ([MS-DOC] 2.9.xx), the formats lists.ts renders. */
const NUMBER_FORMATS: Readonly<Record<string, number>> = {
  decimal: 0,
  upperRoman: 1,
  lowerRoman: 2,
  upperLetter: 3,
  lowerLetter: 4,
  ordinal: 5,
  cardinalText: 6,
  ordinalText: 7,
  decimalZero: 22,
  bullet: 23,
  none: 255,
};

/** Footnote/endnote reference formats use the same vocabulary (§17.11.17). */
export function numberFormatCode(value: string | null | undefined, fallback: number): number {
  if (!value) return fallback;
  return NUMBER_FORMATS[value] ?? NUMBER_FORMATS[value.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] ?? fallback;
}

/** "%1.%2." → the binary template, where characters 0..8 stand for the levels' numbers. */
function template(lvlText: string, font: string | undefined): string {
  let text = lvlText.replace(/%([1-9])/g, (_, d: string) => String.fromCharCode(Number(d) - 1));
  // A bullet typed in a symbol font (Wingdings "§" = U+F0A7) shows that font's glyph.
  const symbolFont = symbolFontOf(font);
  if (symbolFont) text = Array.from(text, (c) => (c.charCodeAt(0) < 9 ? c : (symbolToUnicode(symbolFont, c.charCodeAt(0)) ?? c))).join('');
  return text;
}

function readLevel(lvl: XmlElement): Level {
  const suffix = (childAttr(lvl, 'w:suff', 'w:val') ?? 'tab').toLowerCase();
  const nfc = child(lvl, 'w:numFmt') ? numberFormatCode(childAttr(lvl, 'w:numFmt', 'w:val'), 0) : (intAttr(childAttr(lvl, 'w:nfc', 'w:val')) ?? 0);
  const rFonts = child(child(lvl, 'w:rPr'), 'w:rFonts');
  const font = rFonts?.attrs['w:ascii'] ?? rFonts?.attrs['w:hAnsi'];
  return {
    start: intAttr(childAttr(lvl, 'w:start', 'w:val')) ?? 1,
    nfc,
    template: template(childAttr(lvl, 'w:lvlText', 'w:val') ?? '', font),
    follow: suffix === 'space' ? 1 : suffix === 'nothing' ? 2 : 0,
    legal: child(lvl, 'w:isLgl') !== null || child(lvl, 'w:legal') !== null,
    noRestart: childAttr(lvl, 'w:lvlRestart', 'w:val') === '0',
  };
}

function readLevels(definition: XmlElement): Level[] {
  const levels: Level[] = [];
  for (const lvl of childrenNamed(definition, 'w:lvl')) {
    const ilvl = intAttr(lvl.attrs['w:ilvl']) ?? levels.length;
    if (ilvl >= 0 && ilvl < 9 && levels[ilvl] === undefined) levels[ilvl] = readLevel(lvl);
  }
  // The numberer indexes levels 0..n-1: fill gaps with plain decimal levels.
  for (let i = 0; i < levels.length; i++) levels[i] ??= { start: 1, nfc: 0, template: '', follow: 0, legal: false, noRestart: false };
  return levels;
}

/** Labels of numbered paragraphs, in document order. */
export class ListLabels {
  private readonly numberer: ListNumberer;
  /** List instance id (numId / ilfo) → its 1-based index in `tables.overrides`. */
  private readonly instances = new Map<number, number>();

  constructor(lists: ListTables['lists'], instances: ReadonlyMap<number, ListTables['overrides'][number]>) {
    // ListNumberer needs at least one level per list; a definition without levels numbers nothing.
    const tables: ListTables = { lists: lists.filter((l) => l.levels.length > 0), overrides: [] };
    for (const [id, instance] of instances) {
      tables.overrides.push(instance);
      this.instances.set(id, tables.overrides.length);
    }
    this.numberer = new ListNumberer(tables);
  }

  /** The label and its follow character ("1.\t", "•\t"), or '' for an unknown list. */
  next(ref: ListRef): string {
    const index = this.instances.get(ref.list);
    return index === undefined ? '' : this.numberer.next(index, ref.level);
  }
}

/** OOXML numbering part. `styles` resolves w:numStyleLink (a list defined through a numbering style). */
export function ooxmlListLabels(numbering: XmlElement | null, styles: StyleSheet): ListLabels | null {
  if (!numbering) return null;
  const abstracts = new Map<number, XmlElement>();
  for (const a of childrenNamed(numbering, 'w:abstractNum')) {
    const id = intAttr(a.attrs['w:abstractNumId']);
    if (id !== undefined && !abstracts.has(id)) abstracts.set(id, a);
  }
    const abstractOf = new Map<number, number>();
  const numById = new Map<number, XmlElement>();
  for (const num of childrenNamed(numbering, 'w:num')) {
    const id = intAttr(num.attrs['w:numId']);
    const abstractId = intAttr(childAttr(num, 'w:abstractNumId', 'w:val'));
    if (id === undefined || abstractId === undefined || abstractOf.has(id)) continue;
    abstractOf.set(id, abstractId);
    numById.set(id, num);
  }
  // §17.9.21 numStyleLink: the levels live in the abstract list of the numbering style's own w:num.
  const levelsOf = (abstractId: number): Level[] => {
    let definition = abstracts.get(abstractId);
    for (let hops = 0; definition && hops < 4; hops++) {
      const link = childAttr(definition, 'w:numStyleLink', 'w:val');
      if (!link) break;
      const linkedNum = styles.paragraphList(link).list;
      const linked = linkedNum === undefined ? undefined : abstractOf.get(linkedNum);
      definition = linked === undefined ? undefined : abstracts.get(linked);
    }
    return definition ? readLevels(definition) : [];
  };
  const lists = [...abstracts.keys()].map((lsid) => ({ lsid, levels: levelsOf(lsid) }));
  const instances = new Map<number, ListTables['overrides'][number]>();
  for (const [id, abstractId] of abstractOf) instances.set(id, { lsid: abstractId, startAt: startOverrides(numById.get(id)!) });
  return new ListLabels(lists, instances);
}

/** Word 2003 XML w:lists. */
export function wordmlListLabels(lists: XmlElement | null): ListLabels | null {
  if (!lists) return null;
  const definitions = childrenNamed(lists, 'w:listDef').map((d) => ({ lsid: intAttr(d.attrs['w:listDefId']) ?? -1, levels: readLevels(d) }));
  const instances = new Map<number, ListTables['overrides'][number]>();
  for (const list of childrenNamed(lists, 'w:list')) {
    const id = intAttr(list.attrs['w:ilfo']);
    if (id === undefined || instances.has(id)) continue;
    instances.set(id, { lsid: intAttr(childAttr(list, 'w:ilst', 'w:val')) ?? -1, startAt: startOverrides(list) });
  }
  return new ListLabels(definitions, instances);
}

function startOverrides(instance: XmlElement): Map<number, number> {
  const startAt = new Map<number, number>();
  for (const o of childrenNamed(instance, 'w:lvlOverride')) {
    const level = intAttr(o.attrs['w:ilvl']);
    const start = intAttr(childAttr(o, 'w:startOverride', 'w:val'));
    if (level !== undefined && start !== undefined) startAt.set(level, start);
  }
  return startAt;
}
