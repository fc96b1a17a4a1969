/**
 * List numbers of a story ([MS-DOC] 2.9.150ff, word/lists.ts): a paragraph's number goes before
 * its first character, but whether it has one is a property of its mark, at its end. A first
 * pass numbers every list paragraph in order and says where each number goes, with the same
 * hidden-text and symbol-font rules as the renderer.
 *
 * Only list paragraphs are read forward, one paragraph run at a time: a number needs the marks in
 * its run, and where its paragraph starts, just past the last visible mark before it (any mark:
 * paragraph, cell or row mark, section break), found by looking back over the gap since the last
 * run read, usually one character. A story with few list paragraphs costs about their length.
 */
import type { Formatting } from '../model/read-result.js';
import type { TextUnits } from '../model/text-units.js';
import { symbolCharOf } from '../word/character-props.js';
import { ListNumberer, type ListTables } from '../word/lists.js';
import { isListParagraph } from '../word/paragraph-props.js';
import type { StoryRange } from '../word/stories.js';
import { Segments } from './story-cursors.js';

export interface ListNumbers {
  /** CPs of the numbered paragraphs' first characters, ascending. */
  at: readonly number[];
  /** Each one's number text (with its follow character). */
  text: readonly string[];
}

export const NO_LIST_NUMBERS: ListNumbers = { at: [], text: [] };

/** Characters that end a paragraph: paragraph mark, cell or row mark, section break. */
const isMark = (c: number): boolean => c <= 0x0d && (c === 0x0d || c === 0x07 || c === 0x0c);

export function listNumbers(chars: TextUnits, range: StoryRange, f: Formatting, lists: ListTables): ListNumbers {
  const numberer = new ListNumberer(lists);
  const segments = new Segments(f, range.cpStart, range.cpEnd);
  const runs = f.paragraphs.runs;
  const at: number[] = [];
  const text: string[] = [];
  // List numbers are a few characters a paragraph: a damaged list table must not multiply the output.
  let budget = 4 * (range.cpEnd - range.cpStart) + 65536;
  let paragraphStart = range.cpStart;
  // CPs below `read` have been read (forward) or looked back over.
  let read = range.cpStart;
  for (let k = runs.seek(range.cpStart); k < runs.length && runs.starts[k]! < range.cpEnd; k++) {
    const props = f.paragraphs.propsOf(k);
    // A row end mark never takes a number; it still ends a paragraph (the look back finds it).
    if (props.rowEnd || !isListParagraph(props)) continue;
    const from = Math.max(runs.starts[k]!, range.cpStart);
    const to = Math.min(runs.ends[k]!, range.cpEnd);
    for (let i = from - 1; i >= read; i--) {
      if (isMark(shownCharAt(chars, i, f))) {
        paragraphStart = i + 1;
        break;
      }
    }
    for (let i = from; i < to; ) {
      const segEnd = Math.min(segments.next(i), to);
      if (segments.kind === 'hidden') {
        i = segEnd;
        continue;
      }
      const symbol = segments.kind === 'symbol';
      for (; i < segEnd; i++) {
        const c = symbol ? segments.symbolChar(chars.at(i)) : chars.at(i);
        if (!isMark(c)) continue;
        if (!(c === 0x0d && props.cellEnd) && i > paragraphStart) {
          const number = numberer.next(props.ilfo, props.ilvl);
          if (number && number.length <= budget) {
            at.push(paragraphStart);
            text.push(number);
            budget -= number.length;
          }
        }
        paragraphStart = i + 1;
      }
    }
    read = to;
  }
  return { at, text };
}

/** The character shown at `cp` (as Segments decides it, by lookup): -1 when hidden, a symbol font's character mapped. */
function shownCharAt(chars: TextUnits, cp: number, f: Formatting): number {
  if (f.hidden.at(cp) !== undefined) return -1; // a hidden run's value is null
  const symbol = f.symbols.at(cp);
  const c = chars.at(cp);
  return symbol ? symbolCharOf(symbol, c) : c;
}
