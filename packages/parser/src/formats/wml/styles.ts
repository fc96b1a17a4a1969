/**
 * The style properties the text depends on, from WordprocessingML styles (OOXML styles.xml
 * [ECMA-376] §17.7, or Word 2003 XML's inline w:styles): whether a paragraph or character style
 * hides its text (w:vanish), and which list a paragraph style numbers its paragraphs with.
 * Styles inherit through w:basedOn; chains are followed at most MAX_CHAIN links (cycles stop).
 */
import { child, childAttr, childrenNamed, type XmlElement } from '../markup/xml-tree.js';

/** A paragraph's place in a list: the list instance (OOXML numId, Word 2003 ilfo) and the level. */
export interface ListRef {
  list: number;
  level: number;
}

interface Style {
  type: string;
  basedOn: string | null;
  vanish: boolean | undefined;
  font: string | undefined;
  listId: number | undefined;
  level: number | undefined;
}

const MAX_CHAIN = 16;

/**
 * §17.7.3 toggle property: absent → undefined; present → its w:val ("true"/"1"/"on" and no value
 * are true; "false"/"0"/"off" false).
 */
export function toggle(properties: XmlElement | null, name: string): boolean | undefined {
  const element = child(properties, name);
  if (!element) return undefined;
  const value = element.attrs['w:val'];
  return value === undefined || !/^(?:false|0|off|none)$/i.test(value);
}

/** The font of run properties: w:rFonts (ASCII, then high-ANSI) or Word 2003's wx:font hint. */
export function fontOf(rPr: XmlElement | null): string | undefined {
  const fonts = child(rPr, 'w:rFonts');
  return fonts?.attrs['w:ascii'] ?? fonts?.attrs['w:hAnsi'] ?? fonts?.attrs['w:h-ansi'] ?? childAttr(rPr, 'wx:font', 'wx:val') ?? undefined;
}

/** An integer attribute value, or undefined when absent or not a number. */
export function intAttr(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}

/** The list reference written in paragraph properties: w:numPr (OOXML) or w:listPr (Word 2003). */
export function listRefOf(pPr: XmlElement | null): { list: number | undefined; level: number | undefined } {
  const numPr = child(pPr, 'w:numPr') ?? child(pPr, 'w:listPr');
  if (!numPr) return { list: undefined, level: undefined };
  return {
    list: intAttr(childAttr(numPr, 'w:numId', 'w:val') ?? childAttr(numPr, 'w:ilfo', 'w:val')),
    level: intAttr(childAttr(numPr, 'w:ilvl', 'w:val')),
  };
}

export class StyleSheet {
  private readonly styles = new Map<string, Style>();
  private readonly resolved = new Map<string, Style>();
  private readonly defaultParagraph: string | null = null;
  /** w:docDefaults run properties (OOXML). */
  private readonly defaultVanish: boolean | undefined;

  constructor(root: XmlElement | null) {
    if (!root) return;
    for (const s of childrenNamed(root, 'w:style')) {
      const id = s.attrs['w:styleId'];
      if (id === undefined || this.styles.has(id)) continue;
      const type = s.attrs['w:type'] ?? 'paragraph';
      const ref = listRefOf(child(s, 'w:pPr'));
      this.styles.set(id, {
        type,
        basedOn: childAttr(s, 'w:basedOn', 'w:val'),
        vanish: toggle(child(s, 'w:rPr'), 'w:vanish'),
        font: fontOf(child(s, 'w:rPr')),
        listId: ref.list,
        level: ref.level,
      });
      const isDefault = s.attrs['w:default'];
      if (type === 'paragraph' && isDefault !== undefined && /^(?:1|true|on)$/i.test(isDefault)) this.defaultParagraph = id;
    }
    this.defaultVanish = toggle(child(child(child(root, 'w:docDefaults'), 'w:rPrDefault'), 'w:rPr'), 'w:vanish');
  }

  /** Whether a paragraph style (null: the default one) hides its paragraphs' text, through its chain. */
  paragraphVanish(id: string | null): boolean | undefined {
    return this.resolve(id ?? this.defaultParagraph)?.vanish ?? this.defaultVanish;
  }

  /** Whether a run with no direct w:vanish is hidden: its character style, else its paragraph's style. */
  runVanish(characterStyle: string | null, paragraphStyle: string | null): boolean {
    return this.resolve(characterStyle)?.vanish ?? this.paragraphVanish(paragraphStyle) ?? false;
  }

  /** The font of a run with no direct font: its character style's, else its paragraph style's. */
  runFont(characterStyle: string | null, paragraphStyle: string | null): string | undefined {
    return this.resolve(characterStyle)?.font ?? this.resolve(paragraphStyle ?? this.defaultParagraph)?.font;
  }

  /** The list a paragraph style numbers with (list and level each inherited separately). */
  paragraphList(id: string | null): { list: number | undefined; level: number | undefined } {
    const style = this.resolve(id ?? this.defaultParagraph);
    return { list: style?.listId, level: style?.level };
  }

  /** A style with every property inherited through w:basedOn (computed once per style). */
  private resolve(id: string | null): Style | undefined {
    if (id === null) return undefined;
    let style = this.resolved.get(id);
    if (style) return style;
    const own = this.styles.get(id);
    if (!own) return undefined;
    style = { ...own };
    const seen = new Set<string>([id]);
    for (let base = own.basedOn, k = 0; base !== null && k < MAX_CHAIN && !seen.has(base); k++) {
      seen.add(base);
      const parent = this.styles.get(base);
      if (!parent) break;
      style.vanish ??= parent.vanish;
      style.font ??= parent.font;
      style.listId ??= parent.listId;
      style.level ??= parent.level;
      base = parent.basedOn;
    }
    this.resolved.set(id, style);
    return style;
  }
}
