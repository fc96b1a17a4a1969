/**
 * The main text as a reader sees it (the `main` selector): the body, with each text box shown where
 * its shape is anchored (word/textboxes.ts), so that a letter laid out in a text box is not lost.
 *
 * - A box anchored in the flow of a line (its 0x08 in a field result: the SHAPE field Word and
 *   LibreOffice write around an inline drawing) is shown there, inline: its paragraphs, without
 *   the last line end.
 * - Any other box floats beside its paragraph ([MS-DOC] 2.8.27: the anchor belongs to the
 *   paragraph, not to a place in the line): its paragraphs come just before that paragraph.
 * - A chain of linked boxes shows its text once, at its first box; a group shows every box in it.
 * - Boxes no anchor shows (a damaged drawing), and the whole textbox story of a document without
 *   a textbox PLC (Word 6/95, and readers that keep text boxes as a story: .docx, Word XML),
 *   follow the body, so that nothing a reader sees is dropped.
 *
 * Header text boxes stay in their own story (`headerTextboxes`). Each box's range ends with a mark
 * that closes the box (LibreOffice's reader drops it too), not a paragraph of its own.
 */
import type { DocumentModel } from '../model/document.js';
import { FIELD_END, FieldState } from '../word/fields.js';
import type { StoryRange } from '../word/stories.js';

/** Text to show before the body character at `cp` (a CP of the document). */
export interface TextInsert {
  cp: number;
  text: string;
}

export interface MainTextParts {
  /** Ordered by `cp`. */
  inserts: TextInsert[];
  /** Text after the body: text boxes no anchor shows. */
  trailing: string;
}

/** Where the body's text boxes go; `renderRange` renders a range of the textbox story as plain text. */
export function textboxInserts(doc: DocumentModel, renderRange: (range: StoryRange) => string): MainTextParts {
  const story = doc.range('textboxes');
  if (story.cpEnd <= story.cpStart) return { inserts: [], trailing: '' };
  const layout = doc.formatting?.textboxes ?? null;
  const units = doc.units;
  const boxText = (cpStart: number, cpEnd: number): string => {
    const start = story.cpStart + cpStart;
    let end = Math.min(story.cpStart + cpEnd, story.cpEnd);
    if (end > start && units.at(end - 1) === 0x0d) end--; // the box's closing mark
    if (end <= start) return '';
    const text = renderRange({ name: 'textboxes', cpStart: start, cpEnd: end });
    return text.trim() === '' ? '' : text;
  };
  if (!layout) return { inserts: [], trailing: lineEnded(renderRange(story)) };

  const body = doc.range('body');
  const bodyLength = body.cpEnd - body.cpStart;
  const inserts: TextInsert[] = [];
  const fields = new FieldState();
  let i = 0; // scan position in the body
  let paragraphStart = 0;
  const placed = [...layout.placed].sort((a, b) => a.anchorCp - b.anchorCp);
  for (const box of placed) {
    const anchor = box.anchorCp;
    if (anchor < 0 || anchor >= bodyLength) continue;
    for (; i < anchor; i++) {
      const c = units.at(body.cpStart + i);
      // Field marks (0x13-0x15) and paragraph ends (0x0d, 0x07, 0x0c) are all below 0x16.
      if (c <= FIELD_END && !fields.mark(c, i) && (c === 0x0d || c === 0x07 || c === 0x0c)) paragraphStart = i + 1;
    }
    const text = boxText(box.cpStart, box.cpEnd);
    if (!text) continue;
    if (fields.depth > 0 && fields.visible) {
      // Boxes of one inline drawing (a group) are separate blocks of text: one line end between them.
      const cp = body.cpStart + anchor;
      const previous = inserts[inserts.length - 1];
      inserts.push({ cp, text: (previous?.cp === cp ? '\n' : '') + text.replace(/\n+$/, '') });
    } else {
      inserts.push({ cp: body.cpStart + paragraphStart, text: lineEnded(text) });
    }
  }
  inserts.sort((a, b) => a.cp - b.cp);
  let trailing = '';
  for (const box of layout.unplaced) trailing += lineEnded(boxText(box.cpStart, box.cpEnd));
  return { inserts, trailing };
}

/** `text` ending with a line end (or empty when blank). */
function lineEnded(text: string): string {
  if (text.trim() === '') return '';
  return text.endsWith('\n') ? text : `${text}\n`;
}
