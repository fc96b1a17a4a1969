/**
 * The document tree (types.ts) of a parsed document: the body, then each footnote, endnote,
 * comment, header/footer and text box cut from its story at the CPs the document lists for them
 * (StructureFacts.storyParts), linked to the marks that reference them. Word 97-2003 files give
 * the whole structure; Word 6/95 files their headings, tables, emphasis and footnotes (from the
 * formatting their structure facts carry: word6-structure.ts); the formats read without
 * formatting (Word 1/2, Write, RTF, text) give paragraphs and tables (cells guessed from the 0x07
 * marks, as the plain text does).
 */
import type { DocumentModel } from '../../model/document.js';
import type { CharacterFormat } from '../../word/character-format.js';
import type { CpRuns } from '../../word/cp-runs.js';
import type { Picture } from '../../word/pictures.js';
import type { Formatting, StructureFacts } from '../../model/read-result.js';
import { FLT_HYPERLINK } from '../../word/fields.js';
import { formatNumber } from '../../word/number-format.js';
import type { StoryName } from '../../types.js';
import { visibleText } from '../story-cursors.js';
import { InlineBuilder, type InlineContext } from './build-inline.js';
import { buildBlocks } from './build-story.js';
import { assembleTable } from './build-table.js';
import { TREE_VERSION, type Block, type DocumentTree, type HeaderFooter, type Inline, type Note } from './types.js';

/** A document's tree and the pictures its `image` inlines index (tree.images describes them). */
export interface BuiltTree {
  tree: DocumentTree;
  pictures: Picture[];
}

export function buildTree(model: DocumentModel): BuiltTree {
  const s = model.structure();
  const f = model.formatting ?? s?.formatting ?? null;
  if (!f || !s) return { tree: { ...emptyTree(), body: textBlocks(model.characters('body')) }, pictures: [] };
  const tree = emptyTree();
  const pictures: Picture[] = [];
  const image = (picture: Picture | null): Inline | null => {
    if (!picture) return null;
    pictures.push(picture);
    tree.images.push({ contentType: picture.contentType, byteLength: picture.bytes.length });
    return { type: 'image', image: pictures.length - 1 };
  };
  const inlinePicture = (code: number, format: CharacterFormat | null) => (code === 0x01 && format && format.picture >= 0 ? image(s.inlinePicture(format.picture)) : null);
  const dropDownText = (dataMark: CharacterFormat | null) => (dataMark && dataMark.picture >= 0 ? s.dropDownText(dataMark.picture) : null);
  const footnotes = f.footnoteRefs.length;
  const refIndex = new Map<number, number>();
  f.footnoteRefs.forEach((cp, i) => refIndex.set(cp, i));
  f.endnoteRefs.forEach((cp, i) => refIndex.set(cp, footnotes + i));
  const comments = new Map(s.comments.map((c, i) => [c.cp, i]));
  const textboxOfShape = new Map(s.textboxShapes.map((spid, i) => [spid, i]));
  const shapeAt = new Map(s.shapeAnchors.map((a) => [a.cp, a.spid]));
  let nextBookmark = 0;
  const bodyContext: InlineContext = {
    characterFormats: s.characterFormats,
    special(code, cp, format) {
      if (code === 0x02 && refIndex.has(cp)) return { type: 'noteRef', note: refIndex.get(cp)! };
      if (code === 0x05 && comments.has(cp)) return { type: 'commentRef', comment: comments.get(cp)! };
      if (code === 0x08) {
        const spid = shapeAt.get(cp) ?? -1;
        const box = textboxOfShape.get(spid);
        return box !== undefined ? { type: 'textboxRef', textbox: box } : image(s.shapePicture(spid));
      }
      return inlinePicture(code, format);
    },
    isHyperlink: (cp) => s.fieldTypes.get(cp) === FLT_HYPERLINK,
    dropDownText,
    bookmarksAt(cp) {
      const names: string[] = [];
      while (nextBookmark < s.bookmarks.length && s.bookmarks[nextBookmark]!.cp <= cp) {
        const b = s.bookmarks[nextBookmark++]!;
        if (b.cp === cp) names.push(b.name);
      }
      return names;
    },
  };
  // Other stories: their own marks (a note's number, a comment's mark) show nothing; inline pictures do.
  const storyContext: InlineContext = {
    characterFormats: s.characterFormats,
    special: (code, _cp, format) => inlinePicture(code, format),
    bookmarksAt: () => [],
    isHyperlink: () => false,
    dropDownText,
  };
  const story = (name: StoryName, context: InlineContext) => storyBlocks(model, f, s, name, context);

  tree.body = story('body', bodyContext)(0, Infinity);
  const notes = story('footnotes', storyContext);
  // One note per reference (the story's last paragraph mark belongs to none), so noteRef indexes hold.
  eachPart(s.storyParts.footnotes, footnotes, (a, b, i) => tree.notes.push(note('footnote', String(i + 1), notes(a, b))));
  const endnotes = story('endnotes', storyContext);
  eachPart(s.storyParts.endnotes, f.endnoteRefs.length, (a, b, i) => tree.notes.push(note('endnote', formatNumber(i + 1, 2), endnotes(a, b))));
  const commentBlocks = story('comments', storyContext);
  eachPart(s.storyParts.comments, s.comments.length, (a, b, i) => {
    const info = s.comments[i];
    tree.comments.push({ author: info?.author || info?.initials || '', ...(info?.initials ? { initials: info.initials } : {}), blocks: tidy(trimStart(commentBlocks(a, b))) });
  });
  const headers = story('headers', storyContext);
  eachPart(s.storyParts.headers, s.storyParts.headers.length - 1, (a, b, i) => {
    // PlcfHdd: six separators first, then six stories per section (2.8.x): even/odd headers,
    // even/odd footers, first-page header and footer.
    if (i < 6 || b <= a) return;
    const which = (i - 6) % 6;
    const blocks = tidy(headers(a, b));
    if (blocks.length === 0) return;
    const entry: HeaderFooter = { kind: which === 2 || which === 3 || which === 5 ? 'footer' : 'header', pages: which === 0 || which === 2 ? 'even' : which >= 4 ? 'first' : 'default', section: Math.floor((i - 6) / 6), blocks };
    tree.headers.push(entry);
  });
  const boxes = story('textboxes', storyContext);
  eachPart(s.storyParts.textboxes, s.textboxShapes.length, (a, b) => tree.textboxes.push({ blocks: tidy(boxes(a, b)) }));
  return { tree, pictures };
}

function emptyTree(): DocumentTree {
  return { type: 'document', version: TREE_VERSION, body: [], notes: [], comments: [], headers: [], textboxes: [], images: [] };
}

/** A function giving the blocks of the story's CPs [a, b) (relative to the story; clamped). */
function storyBlocks(model: DocumentModel, f: Formatting, s: StructureFacts, name: StoryName, context: InlineContext) {
  const range = model.range(name);
  const all = model.characters('all');
  const length = range.cpEnd - range.cpStart;
  const inlines = new InlineBuilder(context);
  return (a: number, b: number): Block[] => {
    const from = Math.max(0, Math.min(a, length));
    const to = Math.max(from, Math.min(b, length));
    if (to <= from) return [];
    const cpStart = range.cpStart + from;
    const chars = keepMarks(visibleText(all, cpStart, range.cpStart + to, f), all, cpStart, s.deleted);
    return buildBlocks({ chars, cpStart, formatting: f, styles: s.styles, inlines });
  };
}

/**
 * Hidden text hides characters, not structure: a paragraph, cell or row mark in hidden text
 * (sprmCFVanish) still ends its paragraph, cell or row, as LibreOffice shows it (a table row whose
 * end mark is hidden is still a row); a deleted mark (a tracked deletion) is gone. `visible` has
 * hidden characters as U+0000 (visibleText); the marks among them that are not deleted come back.
 */
export function keepMarks(visible: string, all: string, cpStart: number, deleted: CpRuns<null>): string {
  const parts: string[] = [];
  let last = 0;
  for (let i = visible.indexOf('\0'); i >= 0; i = visible.indexOf('\0', i + 1)) {
    const c = all[cpStart + i];
    if ((c === '\r' || c === '\x07') && deleted.at(cpStart + i) === undefined) {
      parts.push(visible.slice(last, i), c);
      last = i + 1;
    }
  }
  return last === 0 ? visible : parts.join('') + visible.slice(last);
}

/** Calls `visit(start, end, index)` for `count` parts of a story, given their start CPs (a missing part is empty). */
function eachPart(positions: readonly number[], count: number, visit: (a: number, b: number, i: number) => void): void {
  for (let i = 0; i < count; i++) {
    const a = positions[i] ?? 0;
    visit(a, Math.max(a, positions[i + 1] ?? a), i);
  }
}

function note(kind: Note['kind'], label: string, blocks: Block[]): Note {
  return { kind, label, blocks: tidy(trimStart(blocks)) };
}

/** A story part without its trailing empty paragraphs (the story's own final marks). */
function tidy(blocks: Block[]): Block[] {
  let end = blocks.length;
  while (end > 0 && isEmptyParagraph(blocks[end - 1]!)) end--;
  return blocks.slice(0, end);
}

function isEmptyParagraph(block: Block): boolean {
  return block.type === 'paragraph' && block.children.every((c) => c.type === 'text' && !/\S/.test(c.text));
}

/** Drops the white space that follows a note's or comment's own mark. */
function trimStart(blocks: Block[]): Block[] {
  const first = blocks[0];
  if (first && (first.type === 'paragraph' || first.type === 'heading' || first.type === 'listItem')) {
    const text = first.children[0];
    if (text?.type === 'text') {
      const trimmed = text.text.replace(/^\s+/, '');
      first.children = trimmed ? [{ ...text, text: trimmed }, ...first.children.slice(1)] : first.children.slice(1);
    }
  }
  return blocks;
}

/** Paragraphs and guessed tables of a story read without formatting. */
function textBlocks(chars: string): Block[] {
  const blocks: Block[] = [];
  let rows: Block[][][] = [];
  let cells: Block[][] = [];
  let start = 0;
  const paragraph = (a: number, b: number): Block => ({ type: 'paragraph', children: textInlines(chars.slice(a, b)) });
  const END = /[\r\x07\x0c]/g;
  // Without paragraph properties a row end is guessed as the plain text guesses it: an 0x07 right
  // after a cell mark that was no row end.
  let cellAt = -2;
  for (let m = END.exec(chars); m; m = END.exec(chars)) {
    const i = m.index;
    if (chars[i] === '\x07') {
      if (cellAt === i - 1) {
        rows.push(cells);
        cells = [];
        cellAt = -2;
      } else {
        cells.push([paragraph(start, i)]);
        cellAt = i;
      }
    } else {
      if (rows.length > 0) {
        blocks.push(assembleTable(rows.map((c) => ({ cells: c, props: null }))));
        rows = [];
      }
      blocks.push(paragraph(start, i));
    }
    start = i + 1;
  }
  if (cells.length > 0) rows.push(cells);
  if (rows.length > 0) blocks.push(assembleTable(rows.map((c) => ({ cells: c, props: null }))));
  if (start < chars.length) blocks.push(paragraph(start, chars.length));
  return blocks;
}

/** Text without control characters; a vertical tab is a line break. */
function textInlines(text: string): Inline[] {
  const out: Inline[] = [];
  text.split('\x0b').forEach((part, i) => {
    if (i > 0) out.push({ type: 'lineBreak' });
    const clean = part.replace(/[\u0000-\u0008\u000a-\u001f]/g, '');
    if (clean) out.push({ type: 'text', text: clean });
  });
  return out;
}
