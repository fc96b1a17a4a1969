/**
 * The plain-text renderer: a story's characters ([MS-DOC] 2.4.x control characters intact), with
 * the document's formatting facts (hidden text, symbol fonts, table marks, list numbers, note
 * numbers), to the text a reader sees. Each rule sits next to its code below.
 */
import type { DocumentModel } from '../model/document.js';
import type { Formatting } from '../model/read-result.js';
import { FieldState } from '../word/fields.js';
import { ListNumberer } from '../word/lists.js';
import { formatNumber } from '../word/number-format.js';
import type { StoryRange } from '../word/stories.js';
import type { StorySelector } from '../types.js';
import { visibleCharacters } from './visible.js';

/** Plain text of a story (default body); 'all' joins every story in CP order. */
export function renderPlainText(doc: DocumentModel, story: StorySelector = 'body'): string {
  if (story === 'all') return doc.stories.map((s) => renderPlainText(doc, s)).join('');
  return storyText(doc.characters(story), doc.range(story), doc.formatting);
}

function storyText(chars: string, range: StoryRange, f: Formatting | null): string {
  if (!f) return toPlainText({ chars, rowEnds: guessRowEnds(chars), inserts: [] });
  chars = visibleCharacters(chars, range, f);
  const rowEnds = new Set<number>();
  const cellEnds = new Set<number>();
  const inserts: Array<[number, string]> = [];
  const numberer = f.lists ? new ListNumberer(f.lists) : null;
  // List numbers are a few characters a paragraph: a damaged list table must not multiply the output.
  let numberBudget = 4 * chars.length + 65536;
  let paragraphStart = 0;
  PARAGRAPH_END.lastIndex = 0;
  for (let m = PARAGRAPH_END.exec(chars); m; m = PARAGRAPH_END.exec(chars)) {
    const i = m.index;
    const c = chars.charCodeAt(i);
    const props = f.paragraphs.at(range.cpStart + i);
    if (props.rowEnd) rowEnds.add(i);
    else if (c === 0x0d && props.cellEnd) cellEnds.add(i);
    else if (numberer && props.ilfo > 0 && props.ilfo < 2047 && i > paragraphStart) {
      const number = numberer.next(props.ilfo, props.ilvl);
      if (number && number.length <= numberBudget) {
        inserts.push([paragraphStart, number]);
        numberBudget -= number.length;
      }
    }
    paragraphStart = i + 1;
  }
  if (!f.paragraphs.available) for (const i of guessRowEnds(chars)) rowEnds.add(i);
  if (range.name === 'body') {
    noteMarks(f.footnoteRefs, range, chars, (n) => String(n), inserts);
    noteMarks(f.endnoteRefs, range, chars, (n) => formatNumber(n, 2), inserts);
    inserts.sort((a, b) => a[0] - b[0]);
  } else if (range.name === 'footnotes' || range.name === 'endnotes') {
    // Each note's text starts with its own auto-number mark (0x02), numbered in note order.
    const format = range.name === 'footnotes' ? String : (n: number) => formatNumber(n, 2);
    const marks: Array<[number, string]> = [];
    for (let i = chars.indexOf('\x02'), n = 1; i >= 0; i = chars.indexOf('\x02', i + 1)) marks.push([i, format(n++)]);
    inserts.push(...marks);
    inserts.sort((a, b) => a[0] - b[0]);
  }
  return toPlainText({ chars, rowEnds, cellEnds, inserts });
}

/** Characters that end a paragraph: paragraph mark, cell or row mark, section break. */
const PARAGRAPH_END = /[\r\x07\x0c]/g;

/** Auto-numbered note references (0x02) show their number: footnotes 1, 2, 3…; endnotes i, ii, iii… (Word's defaults). */
function noteMarks(cps: readonly number[], range: StoryRange, chars: string, format: (n: number) => string, inserts: Array<[number, string]>): void {
  let n = 0;
  for (const cp of cps) {
    const i = cp - range.cpStart;
    if (i < 0 || i >= chars.length || chars.charCodeAt(i) !== 0x02) continue;
    inserts.push([i, format(++n)]);
  }
}

export interface PlainTextInput {
  /** The story's characters, one code unit per CP; deleted or hidden ones already set to U+0000. */
  chars: string;
  /**
   * Indexes of the marks that end a table row (TTP paragraph marks, 2.4.3): 0x07 in a table, 0x0D
   * in a nested table. Other 0x07s end cells.
   */
  rowEnds: ReadonlySet<number>;
  /** Indexes of 0x0D marks that end a cell of a nested table (sprmPFInnerTableCell). */
  cellEnds?: ReadonlySet<number>;
  /** Text to insert before the character at an index, ordered by index: list numbers, note marks. */
  inserts: ReadonlyArray<readonly [number, string]>;
}

/** Characters that are not ordinary text: controls, NBSP, ZWNBSP. Found by the regex engine, not a JS loop. */
const SPECIAL = /[\x00-\x1f\xa0\ufeff]/g;
const FIELD_MARK = /[\x13\x14\x15]/g;

export function toPlainText({ chars, rowEnds, cellEnds, inserts }: PlainTextInput): string {
  const out: string[] = [];
  const fields = new FieldState();
  const n = chars.length;
  let k = 0; // next insert
  let i = 0; // scan position
  while (i < n) {
    if (!fields.visible) {
      // Inside a field instruction: skip to the next field mark, with the inserts on the way.
      FIELD_MARK.lastIndex = i;
      const m = FIELD_MARK.exec(chars);
      const j = m ? m.index : n;
      while (k < inserts.length && inserts[k]![0] <= j) k++;
      if (!m) break;
      fields.mark(chars.charCodeAt(j));
      i = j + 1;
      continue;
    }
    SPECIAL.lastIndex = i;
    const m = SPECIAL.exec(chars);
    const j = m ? m.index : n;
    while (k < inserts.length && inserts[k]![0] < i) k++;
    const at = k < inserts.length ? inserts[k]![0] : Infinity;
    if (at <= j) {
      // List numbers and note numbers go before the character at their index.
      if (at > i) out.push(chars.slice(i, at));
      while (k < inserts.length && inserts[k]![0] === at) out.push(inserts[k++]![1]);
      i = at;
      continue;
    }
    if (j > i) out.push(chars.slice(i, j));
    if (!m) break;
    i = j + 1;
    const c = chars.charCodeAt(j);
    if (fields.mark(c)) continue; // 0x13/0x14/0x15: keep results, drop instructions (fields.ts)
    switch (c) {
      case 0x0d: // paragraph mark; in a nested table it also ends cells and rows
        if (rowEnds.has(j)) {
          if (out[out.length - 1] === '\t') out.pop();
          out.push('\n');
        } else {
          out.push(cellEnds?.has(j) ? '\t' : '\n');
        }
        break;
      case 0x0b: // line break (vertical tab)
      case 0x0c: // page break / section break
        out.push('\n');
        break;
      case 0x07: // cell mark → tab; the row-end mark (TTP) → newline, dropping the tab before it
        if (rowEnds.has(j)) {
          if (out[out.length - 1] === '\t') out.pop();
          out.push('\n');
        } else {
          out.push('\t');
        }
        break;
      case 0x09: // tab
        out.push('\t');
        break;
      case 0x1e: // non-breaking hyphen
        out.push('-');
        break;
      case 0xa0: // non-breaking space
        out.push(' ');
        break;
      // Everything else below 0x20 is an anchor or mark with no text of its own: 0x00 deleted or
      // hidden text, 0x01 picture, 0x02 auto-numbered note reference (its number comes from
      // `inserts`), 0x03/0x04 note separators, 0x05 comment anchor, 0x08 drawn object, 0x1F soft
      // hyphen, …; U+FEFF is a zero-width no-break space.
      default:
        break;
    }
  }
  return out.join('');
}

/**
 * Without paragraph properties (Word 6/95, or no PAPX table) a row end is taken to be an 0x07
 * that directly follows another cell mark.
 */
export function guessRowEnds(chars: string): Set<number> {
  const ends = new Set<number>();
  for (let i = chars.indexOf('\x07'); i >= 0; i = chars.indexOf('\x07', i + 1)) {
    if (i > 0 && chars.charCodeAt(i - 1) === 0x07 && !ends.has(i - 1)) ends.add(i);
  }
  return ends;
}
