/**
 * WordprocessingML → plain text, story by story, with the conventions of the Word binary path
 * (plain-text.ts): every paragraph ends with "\n"; table cells are joined by "\t" and each row
 * ends with "\n" (nested tables alike); fields give their result, not their instruction; list
 * paragraphs start with their label; deleted revisions and hidden text are left out, insertions
 * kept; note references show their number; text boxes, notes and comments go to their own
 * stories. One walker reads OOXML (.docx, [ECMA-376] Part 1 §17) and Word 2003 XML, whose
 * element names are the same once namespaces are resolved (xml-tree.ts); where they differ (notes
 * and comments inline in 2003, revisions as aml:annotation) both forms are handled.
 *
 * Every element is rendered at most once (notes, comments and text boxes are marked when
 * rendered), so the output stays proportional to the input.
 */
import { FIELD_BEGIN, FIELD_END, FIELD_SEPARATOR, FieldState } from '../../word/fields.js';
import { formatNumber } from '../../word/number-format.js';
import { symbolFontOf, symbolToUnicode, type SymbolFont } from '../../word/symbol-fonts.js';
import { STORY_NAMES, type StoryName } from '../../types.js';
import { child, childAttr, type XmlElement, type XmlNode } from '../markup/xml-tree.js';
import { plainCharacters } from '../plain-characters.js';
import type { ListLabels } from './numbering.js';
import { fontOf, listRefOf, toggle, type StyleSheet } from './styles.js';

/** OOXML keeps notes and comments in their own parts, found by id from their references. */
export interface NoteParts {
  footnotes: ReadonlyMap<string, XmlElement>;
  endnotes: ReadonlyMap<string, XmlElement>;
  comments: ReadonlyMap<string, XmlElement>;
}

export interface WmlTextOptions {
  styles: StyleSheet;
  lists: ListLabels | null;
  notes?: NoteParts;
  /** MSONFC of footnote and endnote numbers (Word's defaults: 0 arabic, 2 lower roman). */
  footnoteFormat?: number;
  endnoteFormat?: number;
}

/** Containers whose children belong to the same level (block or inline) as the container. */
const TRANSPARENT = new Set([
  'w:customXml', 'w:smartTag', 'w:ins', 'w:moveTo', 'w:hyperlink', 'w:fldSimple', 'w:dir', 'w:bdo',
  'wx:sect', 'wx:sub-section', 'wx:pBdrGroup', 'w:hlink',
]);
/** Revisions that are not part of the text Word shows. */
const REMOVED = new Set(['w:del', 'w:moveFrom']);

/** Stands for a page or column break until the paragraph ends (text never holds it: textOf drops controls). */
const PAGE_BREAK = '\f';

const isOn = (value: string | undefined) => value !== undefined && /^(?:1|true|on)$/i.test(value);

export class WmlText {
  private readonly parts = new Map<StoryName, string[]>();
  private readonly rendered = new Set<XmlElement>();
  private fields = new FieldState();
  private story: StoryName = 'body';
  /** The number of the note being rendered (shown by its w:footnoteRef / w:endnoteRef mark). */
  private noteLabel = '';
  private footnotes = 0;
  private endnotes = 0;
  /** Set when a paragraph holds any run content, shown or not (lists number only those, as in plain-text.ts). */
  private sawContent = false;

  constructor(private readonly options: WmlTextOptions) {}

  /** Renders block-level content (paragraphs, tables) into a story. */
  render(story: StoryName, nodes: readonly XmlNode[]): void {
    const saved = { fields: this.fields, story: this.story };
    this.fields = new FieldState();
    this.story = story;
    const text = this.blocks(nodes);
    this.fields = saved.fields;
    this.story = saved.story;
    let list = this.parts.get(story);
    if (!list) this.parts.set(story, (list = []));
    list.push(text);
  }

  /** The text of every story that has any. */
  stories(): Partial<Record<StoryName, string>> {
    const out: Partial<Record<StoryName, string>> = {};
    for (const story of STORY_NAMES) {
      const text = this.parts.get(story)?.join('') ?? '';
      if (text !== '') out[story] = text;
    }
    return out;
  }

  private blocks(nodes: readonly XmlNode[]): string {
    let out = '';
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      const name = node.name;
      if (name === 'w:p') out += this.paragraph(node);
      else if (name === 'w:tbl') out += this.table(node);
      else if (name === 'w:sdt') out += this.blocks(child(node, 'w:sdtContent')?.children ?? []);
      else if (TRANSPARENT.has(name)) out += this.blocks(node.children);
      else if (name === 'mc:AlternateContent') out += this.blocks(chooseAlternative(node));
      else if (name === 'aml:annotation') out += this.annotation(node, (nodes) => this.blocks(nodes));
    }
    return out;
  }

  private paragraph(p: XmlElement): string {
    const pPr = child(p, 'w:pPr');
    const styleId = childAttr(pPr, 'w:pStyle', 'w:val');
    const markProps = child(pPr, 'w:rPr');
    const outerSaw = this.sawContent;
    this.sawContent = false;
    let text = this.inline(p.children, styleId);
    // A page break that ends a paragraph is where the binary format has 0x0C in place of the
    // paragraph mark: one line end, not two. Elsewhere it ends a line.
    if (text.endsWith(PAGE_BREAK)) text = text.slice(0, -1);
    if (text.includes(PAGE_BREAK)) text = text.replaceAll(PAGE_BREAK, '\n');
    const numbered = this.sawContent;
    this.sawContent = outerSaw;
    const label = numbered ? this.listLabel(pPr, styleId) : '';
    // The mark itself may be a deleted revision or hidden: the paragraph then runs on into the next.
    const markGone =
      child(markProps, 'w:del') !== null ||
      child(markProps, 'w:moveFrom') !== null ||
      isDeletion(child(markProps, 'aml:annotation')) ||
      (toggle(markProps, 'w:vanish') ?? this.options.styles.paragraphVanish(styleId) ?? false);
    return label + text + (markGone || !this.fields.visible ? '' : '\n');
  }

  private listLabel(pPr: XmlElement | null, styleId: string | null): string {
    const lists = this.options.lists;
    if (!lists) return '';
    const direct = listRefOf(pPr);
    const style = this.options.styles.paragraphList(styleId);
    const list = direct.list ?? style.list;
    // numId 0 (OOXML) / ilfo 0 removes numbering a style would give.
    if (list === undefined || list <= 0) return '';
    return lists.next({ list, level: direct.level ?? style.level ?? 0 });
  }

  private table(tbl: XmlElement): string {
    let out = '';
    for (const row of rowsOf(tbl)) {
      if (child(child(row, 'w:trPr'), 'w:del')) continue; // a deleted row
      const cells = cellsOf(row).map((tc) => {
        const text = this.blocks(tc.children);
        // The cell's last paragraph mark is the cell mark: "\t" between cells instead of "\n".
        return text.endsWith('\n') ? text.slice(0, -1) : text;
      });
      out += cells.join('\t') + '\n';
    }
    return out;
  }

  private inline(nodes: readonly XmlNode[], styleId: string | null): string {
    let out = '';
    for (const node of nodes) {
      if (typeof node === 'string') continue;
      const name = node.name;
      if (name === 'w:r') out += this.run(node, styleId);
      else if (TRANSPARENT.has(name)) out += this.inline(node.children, styleId);
      else if (REMOVED.has(name)) this.sawContent = true;
      else if (name === 'w:sdt') out += this.inline(child(node, 'w:sdtContent')?.children ?? [], styleId);
      else if (name === 'mc:AlternateContent') out += this.inline(chooseAlternative(node), styleId);
      else if (name === 'aml:annotation') out += this.annotation(node, (nodes) => this.inline(nodes, styleId));
      else if (name === 'm:oMath' || name === 'm:oMathPara') out += this.visible(mathText(node));
    }
    return out;
  }

  /** Word 2003 XML annotations: insertions shown, deletions dropped, comments to their story. */
  private annotation(node: XmlElement, content: (nodes: readonly XmlNode[]) => string): string {
    const type = node.attrs['w:type'] ?? '';
    const body = child(node, 'aml:content')?.children ?? [];
    if (type === 'Word.Insertion') return content(body);
    if (type === 'Word.Comment' && !this.rendered.has(node)) {
      this.rendered.add(node);
      this.render('comments', body);
    }
    if (type === 'Word.Deletion') this.sawContent = true;
    return '';
  }

  private run(r: XmlElement, styleId: string | null): string {
    const rPr = child(r, 'w:rPr');
    const styles = this.options.styles;
    const characterStyle = childAttr(rPr, 'w:rStyle', 'w:val');
    const hidden = toggle(rPr, 'w:vanish') ?? styles.runVanish(characterStyle, styleId);
    const font = symbolFontOf(fontOf(rPr) ?? styles.runFont(characterStyle, styleId));
    let out = '';
    const show = (text: string) => {
      if (!hidden && this.fields.visible) out += text;
    };
    for (const node of r.children) {
      if (typeof node === 'string') continue;
      switch (node.name) {
        case 'w:t':
          this.sawContent = true;
          show(symbolText(textOf(node), font));
          break;
        case 'w:delText':
        case 'w:instrText':
        case 'w:delInstrText':
          this.sawContent = true;
          break;
        case 'w:tab':
        case 'w:ptab':
          this.sawContent = true;
          show('\t');
          break;
        case 'w:br': {
          this.sawContent = true;
          const type = node.attrs['w:type'];
          show(type === 'page' || type === 'column' ? PAGE_BREAK : '\n');
          break;
        }
        case 'w:cr':
          this.sawContent = true;
          show('\n');
          break;
        case 'w:noBreakHyphen':
          this.sawContent = true;
          show('-');
          break;
        case 'w:sym':
          this.sawContent = true;
          show(symbolCharacter(node));
          break;
        case 'w:fldChar':
          this.fieldMark(node.attrs['w:fldCharType']);
          break;
        case 'w:footnoteReference':
        case 'w:endnoteReference':
          this.sawContent = true;
          if (!hidden && this.fields.visible) out += this.noteReference(node);
          break;
        case 'w:footnote': // Word 2003 XML: the note itself, inline
        case 'w:endnote':
          this.sawContent = true;
          if (!hidden && this.fields.visible) out += this.inlineNote(node);
          break;
        case 'w:footnoteRef':
        case 'w:endnoteRef':
          show(this.noteLabel);
          break;
        case 'w:commentReference':
          this.comment(node.attrs['w:id']);
          break;
        case 'w:ruby': // phonetic guide: the base text is the text
          show(this.inline(child(node, 'w:rubyBase')?.children ?? [], styleId));
          break;
        case 'aml:annotation':
          out += this.annotation(node, (nodes) => this.inline(nodes, styleId));
          break;
        case 'w:r': // a run inside a run (LibreOffice's Word 2003 XML hyperlinks): read it as one
          out += this.run(node, styleId);
          break;
        case 'w:drawing':
        case 'w:pict':
        case 'w:object':
        case 'mc:AlternateContent':
          this.sawContent = true;
          for (const box of textBoxes(node)) this.once(box, () => this.render(this.story === 'headers' ? 'headerTextboxes' : 'textboxes', box.children));
          break;
        default:
          break; // w:rPr, w:softHyphen, w:lastRenderedPageBreak, separators, …
      }
    }
    return out;
  }

  private visible(text: string): string {
    return this.fields.visible ? text : '';
  }

  private fieldMark(type: string | undefined): void {
    if (type === 'begin') this.fields.mark(FIELD_BEGIN);
    else if (type === 'separate') this.fields.mark(FIELD_SEPARATOR);
    else if (type === 'end') this.fields.mark(FIELD_END);
  }

  /** An OOXML note reference: its number, the note rendered (once) into its story. */
  private noteReference(ref: XmlElement): string {
    const kind = ref.name === 'w:footnoteReference' ? 'footnotes' : 'endnotes';
    const label = isOn(ref.attrs['w:customMarkFollows']) ? '' : this.nextNoteLabel(kind);
    const note = this.options.notes?.[kind].get(ref.attrs['w:id'] ?? '');
    if (note) this.once(note, () => this.renderNote(kind, note.children, label));
    return label;
  }

  private inlineNote(note: XmlElement): string {
    const kind = note.name === 'w:footnote' ? 'footnotes' : 'endnotes';
    const label = this.nextNoteLabel(kind);
    this.once(note, () => this.renderNote(kind, note.children, label));
    return label;
  }

  private nextNoteLabel(kind: 'footnotes' | 'endnotes'): string {
    const o = this.options;
    return kind === 'footnotes' ? formatNumber(++this.footnotes, o.footnoteFormat ?? 0) : formatNumber(++this.endnotes, o.endnoteFormat ?? 2);
  }

  private renderNote(kind: 'footnotes' | 'endnotes', nodes: readonly XmlNode[], label: string): void {
    const saved = this.noteLabel;
    this.noteLabel = label;
    this.render(kind, nodes);
    this.noteLabel = saved;
  }

  private comment(id: string | undefined): void {
    const comment = this.options.notes?.comments.get(id ?? '');
    if (comment) this.once(comment, () => this.render('comments', comment.children));
  }

  private once(element: XmlElement, action: () => void): void {
    if (this.rendered.has(element)) return;
    this.rendered.add(element);
    action();
  }
}

/**
 * The section properties of a body in document order: in the paragraph ending each section
 * (w:pPr/w:sectPr) and the body's last child (§17.6.17), through the same transparent containers
 * as the text (without walking into tables or runs).
 */
export function sectionsOf(body: XmlElement, out: XmlElement[] = []): XmlElement[] {
  for (const node of body.children) {
    if (typeof node === 'string') continue;
    if (node.name === 'w:sectPr') out.push(node);
    else if (node.name === 'w:p') {
      const section = child(child(node, 'w:pPr'), 'w:sectPr');
      if (section) out.push(section);
    } else if (node.name === 'w:sdt') {
      const content = child(node, 'w:sdtContent');
      if (content) sectionsOf(content, out);
    } else if (TRANSPARENT.has(node.name)) sectionsOf(node, out);
  }
  return out;
}

function isDeletion(annotation: XmlElement | null): boolean {
  return annotation?.attrs['w:type'] === 'Word.Deletion';
}

/** §M.2.1 (markup compatibility): one branch of an mc:AlternateContent, the first Choice else the Fallback. */
function chooseAlternative(node: XmlElement): readonly XmlNode[] {
  return (child(node, 'mc:Choice') ?? child(node, 'mc:Fallback'))?.children ?? [];
}

/** Rows of a table, through content controls and custom XML wrapping them. */
function rowsOf(tbl: XmlElement): XmlElement[] {
  return wrapped(tbl, 'w:tr');
}

function cellsOf(tr: XmlElement): XmlElement[] {
  return wrapped(tr, 'w:tc');
}

function wrapped(parent: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of parent.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) out.push(c);
    else if (c.name === 'w:sdt') {
      const content = child(c, 'w:sdtContent');
      if (content) wrapped(content, name, out);
    } else if (c.name === 'w:customXml' || c.name === 'w:ins' || c.name === 'aml:annotation' || c.name === 'aml:content') {
      if (c.name !== 'aml:annotation' || c.attrs['w:type'] === 'Word.Insertion') wrapped(c, name, out);
    }
  }
  return out;
}

/** The w:txbxContent elements inside a drawing, one branch of each mc:AlternateContent. */
function textBoxes(node: XmlElement, out: XmlElement[] = []): XmlElement[] {
  if (node.name === 'w:txbxContent') {
    out.push(node);
    return out;
  }
  const children = node.name === 'mc:AlternateContent' ? chooseAlternative(node) : node.children;
  for (const c of children) if (typeof c !== 'string') textBoxes(c, out);
  return out;
}

/** Character data of a text element, with the binary path's character conventions. */
function textOf(node: XmlElement): string {
  let out = '';
  for (const c of node.children) if (typeof c === 'string') out += c;
  return plainCharacters(out);
}

/** Office Math: the text of its m:t runs. */
function mathText(node: XmlElement): string {
  let out = '';
  for (const c of node.children) {
    if (typeof c === 'string') continue;
    out += c.name === 'm:t' ? textOf(c) : mathText(c);
  }
  return out;
}

function symbolText(text: string, font: SymbolFont): string {
  if (!font) return text;
  let out = '';
  for (const ch of text) out += symbolToUnicode(font, ch.charCodeAt(0)) ?? ch;
  return out;
}

/** w:sym: a character of a symbol font, by hex code (F0xx or the font's byte). */
function symbolCharacter(sym: XmlElement): string {
  const code = Number.parseInt(sym.attrs['w:char'] ?? '', 16);
  if (!Number.isFinite(code) || code <= 0 || code > 0xffff) return '';
  return symbolToUnicode(symbolFontOf(sym.attrs['w:font']), code) ?? String.fromCharCode(code);
}
