/**
 * The plain-text formatter: a story's characters ([MS-DOC] 2.4.x control characters intact) to
 * the text a reader sees. Each rule sits next to its code below.
 */
import { FieldState } from './fields.js';

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
