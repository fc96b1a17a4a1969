/**
 * The document trees of the structure fixtures, written by hand from their sources
 * (fixtures/src/*.fodt): what the tree builder must produce from the .doc files, and what the
 * renderers turn into the hand-written fixtures/<name>.structure.md and .structure.html.
 *
 * Formatting rules they follow: marks come from direct formatting and character styles, not from
 * the paragraph style (a heading is bold by its style; that is the heading's look, not emphasis);
 * the underline of a hyperlink's character style is the link's look, not a mark.
 */
import type { DocumentTree, Image, ImageInfo, Inline, TableCell } from '../../src/render/tree/types.js';
import { B, I, doc, footnote, h, li, link, p, t, table } from './tree-helpers.js';

/** The image sources the expected files use: image1.png, image2.png… */
export const imageSrc = (image: Image, info: ImageInfo | undefined): string => `image${image.image + 1}.${(info?.contentType ?? 'image/png').split('/')[1]}`;

const note = (n: number): Inline => ({ type: 'noteRef', note: n });
const cell = (...blocks: TableCell['blocks']): TableCell => ({ blocks });

export const FIXTURE_TREES: Record<string, DocumentTree> = {
  headings: doc([
    h(1, 'Annual Report'),
    p('An opening paragraph with ', t('bold', B), ', ', t('italic', I), ' and ', t('bold with ', B), t('italic', { bold: true, italic: true }), t(' inside', B), ' words.'),
    h(2, 'Results ', t('in brief', I)),
    p('Also ', t('underlined', { underline: true }), ', ', t('struck out', { strike: true }), ', E = mc', t('2', { superscript: true }), ' and H', t('2', { subscript: true }), 'O.'),
    p('A ', t('character style', B), ' makes this bold.'),
    p('This paragraph is bold through its paragraph style.'),
    p(t('This paragraph is bold by direct formatting.', B)),
    h(3, { type: 'bookmark', name: 'details' }, 'Details'),
    p('Markdown characters stay text: 5 * 3 = 15, snake_case, _under_, [brackets], <b>tag</b>, # hash, a|b, back\\slash.'),
    p('# Not a heading'),
    p('- Not a list item'),
    p('1. Not a numbered item'),
    h(2, 'Custom Heading Style'),
    p(
      'Links: ',
      link({ url: 'https://example.com/report?year=2024&part=2' }, 'the report'),
      ', ',
      link({ url: 'mailto:info@example.com' }, 'write to us'),
      ', ',
      link({ anchor: 'details' }, 'see Details'),
      ', ',
      link({ url: 'https://example.com/' }, t('a bold link', B)),
      ' and ',
      link({ url: 'javascript:alert(1)' }, 'a script link'),
      '.',
    ),
    h(3, 'Outline Level Three'),
    p('End.'),
  ]),

  'nested-lists': doc([
    p('Numbered, three levels deep:'),
    li(0, 'numbered', '1.', 1, 'First step'),
    li(1, 'numbered', 'a)', 1, 'Sub-step one'),
    li(1, 'numbered', 'b)', 1, 'Sub-step two'),
    li(2, 'bulleted', '•', 1, 'Deep bullet'),
    li(0, 'numbered', '2.', 1, 'Second step'),
    li(0, 'numbered', '3.', 1, 'Third step'),
    p('Bulleted, with a numbered sub-list:'),
    li(0, 'bulleted', '•', 2, 'Apples'),
    li(1, 'numbered', '1.', 2, 'Red'),
    li(1, 'numbered', '2.', 2, 'Green'),
    li(0, 'bulleted', '•', 2, 'Pears'),
    p('Roman numerals from four:'),
    li(0, 'numbered', 'iv.', 3, 'Fourth'),
    li(0, 'numbered', 'v.', 3, 'Fifth'),
    p('Multi-level numbers:'),
    li(0, 'numbered', '1.', 4, 'Chapter'),
    li(1, 'numbered', '1.1.', 4, 'Section'),
    li(1, 'numbered', '1.2.', 4, 'Another section'),
    p('End.'),
  ]),

  'merged-table': doc([
    p('A table with a header row:'),
    {
      type: 'table',
      rows: [
        { cells: [cell(p('Name')), cell(p('Qty'))], header: true },
        { cells: [cell(p('Apples')), cell(p('3'))] },
        { cells: [cell(p('Pears | plums')), cell(p('5'))] },
      ],
    },
    p('Merged cells:'),
    {
      type: 'table',
      rows: [
        { cells: [{ blocks: [p('Across two')], colspan: 2 }, cell(p('C1'))] },
        { cells: [cell(p('A2')), cell(p('B2')), { blocks: [p('Down two')], rowspan: 2 }] },
        { cells: [cell(p('A3')), cell(p('First line'), p('Second ', t('bold', B), ' line'))] },
      ],
    },
    p('End.'),
  ]),

  images: doc(
    [
      p('Pictures.'),
      p('An inline picture ', { type: 'image', image: 0 }, ' in the text.'),
      p({ type: 'image', image: 1 }, 'A paragraph with a floating picture.'),
      p('End.'),
    ],
    {
      images: [
        { contentType: 'image/png', byteLength: 74 },
        { contentType: 'image/png', byteLength: 74 },
      ],
    },
  ),

  notes: doc(
    [
      p('Footnotes and endnotes.'),
      p('A sentence with a footnote', note(0), ' and more words.'),
      p('Second footnote here', note(1), '.'),
      p('An endnote follows', note(2), ' this word.'),
      p('End of body.'),
    ],
    {
      notes: [
        footnote('1', p('First footnote text.')),
        footnote('2', p('Second footnote, with two paragraphs.'), p('Its second paragraph.')),
        { kind: 'endnote', label: 'i', blocks: [p('The only endnote text.')] },
      ],
    },
  ),

  'nested-table': doc([
    p('Outer table with a nested table.'),
    table(['A1', 'B1'], ['A2', cell(table(['in-a1', 'in-b1'], ['in-a2', 'in-b2']), p('after inner'))]),
    p('End.'),
  ]),

  table: doc([
    p('A table follows.'),
    table(['Name', 'Qty', 'Price'], ['Apple', '3', '1.20'], ['Pear', cell(p()), '0.80']),
    p('Text after the table.'),
    table(['only row left', 'only row right']),
    p('End.'),
  ]),

  lists: doc([
    p('Bulleted list:'),
    li(0, 'bulleted', '•', 1, 'First bullet'),
    li(0, 'bulleted', '•', 1, 'Second bullet'),
    li(1, 'bulleted', '◦', 1, 'Nested bullet'),
    li(0, 'bulleted', '•', 1, 'Third bullet'),
    p('Numbered list:'),
    li(0, 'numbered', '1.', 2, 'Step one'),
    li(0, 'numbered', '2.', 2, 'Step two'),
    li(1, 'numbered', 'a)', 2, 'Sub-step'),
    li(0, 'numbered', '3.', 2, 'Step three'),
    p('End.'),
  ]),

  fields: doc([
    p('Fields test.'),
    p('Visit ', link({ url: 'https://example.com/docs' }, 'the example site'), ' today.'),
    p('This is page 1 of the document.'),
    p('Fixed date: 2001-02-03.'),
    p('End.'),
  ]),
};
