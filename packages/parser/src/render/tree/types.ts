/**
 * The document tree: the structure of a Word document (headings, paragraphs, lists, tables, links,
 * notes…) as plain data, a rendering of the parsed model that the Markdown and HTML renderers (and
 * JSON consumers) read. Every value is JSON-serialisable: no classes, no `undefined` that matters,
 * no cycles (stories are linked by index, not by reference).
 *
 * Conventions the builder follows and the renderers rely on:
 * - Text never holds control characters: paragraph marks end blocks, a manual line break is a
 *   `lineBreak` inline, a tab is `\t`, field instructions are gone (only results remain).
 * - Blocks are flat where Word is flat: a list is a run of `listItem` blocks with levels, not a
 *   nested structure (the renderers nest them); a page break is a block between paragraphs.
 * - Tables follow the HTML table model: a cell covered by an earlier cell's `colspan`/`rowspan` is
 *   absent from its row, so rows of a table with merged cells have fewer cells.
 * - Stories other than the body (notes, comments, text boxes) live in arrays of the tree and are
 *   referenced by their index from the inline that marks their place (`noteRef`, `commentRef`,
 *   `textboxRef`). Headers and footers are referenced by section.
 */

/** Version of this tree's shape; bumped when a field changes meaning or disappears. */
export const TREE_VERSION = 1;

/** Deepest table nesting rendered as tables (1 = a table in the body); deeper tables become paragraphs. */
export const MAX_TABLE_DEPTH = 8;

/** List levels are 0-based like Word's ilvl (0..8, [MS-DOC] 2.9.151 LVL): nine levels. */
export const MAX_LIST_LEVEL = 8;

/** Heading levels run 1..9 like Word's Heading 1-9 styles (HTML and Markdown show 7-9 as level 6). */
export const MAX_HEADING_LEVEL = 9;

export interface DocumentTree {
  type: 'document';
  version: typeof TREE_VERSION;
  /** The main document. */
  body: Block[];
  /** Footnotes and endnotes, referenced by `noteRef.note` (their index here), in reference order. */
  notes: Note[];
  /** Comments (annotations), referenced by `commentRef.comment`. */
  comments: Comment[];
  /** Headers and footers of each section. */
  headers: HeaderFooter[];
  /** Text boxes of the main document, referenced by `textboxRef.textbox`. */
  textboxes: TextBox[];
  /** Embedded pictures, referenced by `image.image`; their bytes are not part of the tree. */
  images: ImageInfo[];
}

// ---------------------------------------------------------------- blocks

export type Block = Heading | Paragraph | ListItem | Table | Break;

/** A paragraph in a heading style (Heading 1-9, a style based on one) or with an outline level. */
export interface Heading {
  type: 'heading';
  /** 1..MAX_HEADING_LEVEL. */
  level: number;
  /** The number Word shows before a numbered heading ("1.", "2.3", "Chapter 4"), from its list. */
  label?: string;
  children: Inline[];
  /** Name of the paragraph's style, when it has one. */
  style?: string;
}

export interface Paragraph {
  type: 'paragraph';
  children: Inline[];
  style?: string;
}

/** A numbered or bulleted paragraph ([MS-DOC] 2.9.131 LFO, 2.9.151 LVL). */
export interface ListItem {
  type: 'listItem';
  /** 0..MAX_LIST_LEVEL (Word's ilvl). */
  level: number;
  /** 'numbered' for every number format, 'bulleted' for bullets (nfc 23) and pictures. */
  kind: 'numbered' | 'bulleted';
  /** The label as Word shows it: "1.", "a)", "1.2.3", "•"; "" when the level shows nothing. */
  label: string;
  /** Which list the item belongs to (Word's ilfo): adjacent items of different lists are different lists. */
  list: number;
  children: Inline[];
  style?: string;
}

export interface Table {
  type: 'table';
  rows: TableRow[];
}

export interface TableRow {
  cells: TableCell[];
  /** The row repeats as a header on each page (sprmTTableHeader). */
  header?: boolean;
}

export interface TableCell {
  /** Paragraphs, lists and nested tables of the cell. */
  blocks: Block[];
  /** Columns the cell spans (≥ 1; absent = 1). */
  colspan?: number;
  /** Rows the cell spans (≥ 1; absent = 1); the cells it covers below are absent from their rows. */
  rowspan?: number;
}

/** A page or section break between blocks (a column break counts as a page break). */
export interface Break {
  type: 'break';
  kind: 'page' | 'section';
}

// ---------------------------------------------------------------- inlines

export type Inline = Text | Link | NoteRef | CommentRef | TextboxRef | LineBreak | Image | Bookmark;

/** Character formatting the renderers show ([MS-DOC] 2.6.1 sprmCFBold …); absent = off. */
export interface Marks {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  superscript?: boolean;
  subscript?: boolean;
}

/** The names of `Marks`, in the order the renderers nest them (outermost first). */
export const MARKS = ['bold', 'italic', 'underline', 'strike', 'superscript', 'subscript'] as const;
export type Mark = (typeof MARKS)[number];

export interface Text extends Marks {
  type: 'text';
  text: string;
}

/**
 * A HYPERLINK field: `url` for an address (`HYPERLINK "http://…"`), `anchor` for a bookmark in the
 * document (`HYPERLINK \l "name"`); both when the address has a fragment. The renderers link only
 * http(s), mailto and anchors and show anything else as plain text.
 */
export interface Link {
  type: 'link';
  url?: string;
  anchor?: string;
  children: LinkContent[];
}

/** What a link holds: anything but another link. */
export type LinkContent = Exclude<Inline, Link>;

/** A footnote or endnote reference mark; `note` indexes `DocumentTree.notes`. */
export interface NoteRef {
  type: 'noteRef';
  note: number;
}

/** Where a comment is anchored (its end); `comment` indexes `DocumentTree.comments`. */
export interface CommentRef {
  type: 'commentRef';
  comment: number;
}

/** The anchor of a text box; `textbox` indexes `DocumentTree.textboxes`. */
export interface TextboxRef {
  type: 'textboxRef';
  textbox: number;
}

/** A manual line break (vertical tab in Word's text). */
export interface LineBreak {
  type: 'lineBreak';
}

/** A picture; `image` indexes `DocumentTree.images`. */
export interface Image {
  type: 'image';
  image: number;
  /** Alternative text, when the document gives one. */
  alt?: string;
}

/** A bookmark's start: the target of `Link.anchor`. */
export interface Bookmark {
  type: 'bookmark';
  name: string;
}

// ---------------------------------------------------------------- stories

export interface Note {
  kind: 'footnote' | 'endnote';
  /** The reference mark as Word shows it: "1", "2" for footnotes, "i", "ii" for endnotes, or a custom mark. */
  label: string;
  /** The note's text, without its own reference mark. */
  blocks: Block[];
}

export interface Comment {
  /** The author's name (or initials when the name is unknown); "" when neither is stored. */
  author: string;
  initials?: string;
  blocks: Block[];
}

export interface HeaderFooter {
  kind: 'header' | 'footer';
  /** Which pages of the section show it. */
  pages: 'default' | 'first' | 'even';
  /** 0-based section index. */
  section: number;
  blocks: Block[];
}

export interface TextBox {
  blocks: Block[];
}

export interface ImageInfo {
  /** MIME type: image/png, image/jpeg, image/gif, image/bmp, image/tiff, image/x-emf, image/x-wmf, image/x-pict. */
  contentType: string;
  /** Size of the picture's bytes. */
  byteLength: number;
}
