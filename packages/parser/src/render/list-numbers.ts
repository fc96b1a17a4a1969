/**
 * List numbers of a story ([MS-DOC] 2.9.150ff, word/lists.ts): a paragraph's number goes before
 * its first character, but whether it has one is a property of its mark, at its end. A first
 * pass over the story's paragraph marks (with the same hidden-text and symbol-font cursors as the
 * renderer) numbers every list paragraph in order and says where each number goes.
 */
import type { Formatting } from '../model/read-result.js';
import { ListNumberer, type ListTables } from '../word/lists.js';
import { isListParagraph } from '../word/paragraph-props.js';
import type { StoryRange } from '../word/stories.js';
import { ParagraphCursor, Segments } from './story-cursors.js';

export interface ListNumbers {
  /** CPs of the numbered paragraphs' first characters, ascending. */
  at: readonly number[];
  /** Each one's number text (with its follow character). */
  text: readonly string[];
}

export const NO_LIST_NUMBERS: ListNumbers = { at: [], text: [] };

export function listNumbers(chars: string, range: StoryRange, f: Formatting, lists: ListTables): ListNumbers {
  const numberer = new ListNumberer(lists);
  const segments = new Segments(f, range.cpStart, range.cpEnd);
  const paragraphs = new ParagraphCursor(f.paragraphs, range.cpStart);
  const at: number[] = [];
  const text: string[] = [];
  // List numbers are a few characters a paragraph: a damaged list table must not multiply the output.
  let budget = 4 * (range.cpEnd - range.cpStart) + 65536;
  let paragraphStart = range.cpStart;
  // Characters that end a paragraph: paragraph mark, cell or row mark, section break.
  const mark = (c: number, cp: number): void => {
    const props = paragraphs.at(cp);
    if (!props.rowEnd && !(c === 0x0d && props.cellEnd) && isListParagraph(props) && cp > paragraphStart) {
      const number = numberer.next(props.ilfo, props.ilvl);
      if (number && number.length <= budget) {
        at.push(paragraphStart);
        text.push(number);
        budget -= number.length;
      }
    }
    paragraphStart = cp + 1;
  };
  for (let i = range.cpStart; i < range.cpEnd; ) {
    const segEnd = segments.next(i);
    if (segments.kind === 'hidden') {
      i = segEnd;
    } else if (segments.kind === 'symbol') {
      for (; i < segEnd; i++) {
        const c = segments.symbolChar(chars.charCodeAt(i));
        if (c === 0x0d || c === 0x07 || c === 0x0c) mark(c, i);
      }
    } else {
      for (; i < segEnd; i++) {
        const c = chars.charCodeAt(i);
        if (c <= 0x0d && (c === 0x0d || c === 0x07 || c === 0x0c)) mark(c, i);
      }
    }
  }
  return { at, text };
}
