import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/tree/markdown.js';
import { MAX_TABLE_DEPTH, type Block, type Table } from '../../src/render/tree/types.js';
import { B, I, br, doc, footnote, h, li, link, p, t, table } from './tree-helpers.js';

const md = (...body: Block[]) => renderMarkdown(doc(body));

describe('Markdown: headings and paragraphs', () => {
  it('writes ATX headings, levels 7-9 as 6, and drops empty ones', () => {
    expect(md(h(1, 'Title'), h(2, 'Sub'), h(9, 'Deep'), h(1, ''), h(3, ' '), p('Body'))).toBe('# Title\n\n## Sub\n\n###### Deep\n\nBody\n');
  });

  it('escapes a closing run of # in a heading but not C#', () => {
    expect(md(h(2, 'Item #'), h(2, 'C#'), h(1, '#'))).toBe('## Item \\#\n\n## C#\n\n# \\#\n');
  });

  it('shows a line break in a heading as a space', () => {
    expect(md(h(1, 'Two', br, 'lines'))).toBe('# Two lines\n');
  });

  it('drops empty paragraphs, page breaks, comments and bookmarks', () => {
    const body: Block[] = [
      p('one'),
      p(''),
      p('  '),
      { type: 'break', kind: 'page' },
      p('two', { type: 'commentRef', comment: 0 }, { type: 'bookmark', name: 'b1' }),
    ];
    expect(md(...body)).toBe('one\n\ntwo\n');
  });

  it('renders an empty document as nothing', () => {
    expect(md()).toBe('');
  });
});

describe('Markdown: escaping', () => {
  it('escapes inline metacharacters so document text never becomes markup', () => {
    expect(md(p('*not bold* __x__ [link](javascript:alert(1)) <script>alert(1)</script> a|b ~~s~~ `code` \\ back'))).toBe(
      '\\*not bold\\* \\_\\_x\\_\\_ \\[link\\](javascript:alert(1)) \\<script\\>alert(1)\\</script\\> a\\|b \\~\\~s\\~\\~ \\`code\\` \\\\ back\n',
    );
  });

  it('keeps underscores inside words and ampersands that are not entities', () => {
    expect(md(p('my_file_name _x AT&T &copy; &#169;'))).toBe('my_file_name \\_x AT&T \\&copy; \\&#169;\n');
  });

  it('escapes what would start a block at the beginning of a line', () => {
    const lines = ['# not a heading', '- not a list', '+ plus', '1. not ordered', '2024) a year', '===', '---', '> quote', '    indented', '-5 degrees', '12.5 percent'];
    expect(md(...lines.map((line) => p(line)))).toBe(
      [
        '\\# not a heading',
        '\\- not a list',
        '\\+ plus',
        '1\\. not ordered',
        '2024\\) a year',
        '\\===',
        '\\---',
        '\\> quote',
        'indented',
        '-5 degrees',
        '12.5 percent',
      ].join('\n\n') + '\n',
    );
  });

  it('ends lines at line breaks with a backslash and escapes the next line start', () => {
    expect(md(p('a', br, '- b', br, '# c'))).toBe('a\\\n\\- b\\\n\\# c\n');
  });

  it('drops a line break at the end of a paragraph, keeping an escaped backslash', () => {
    expect(md(p('end', br), p('slash\\', br, ' '))).toBe('end\n\nslash\\\\\n');
  });

  it('removes control characters and turns stray line ends into spaces', () => {
    expect(md(p('a\u0000b\u0007c\nd\r\ne\tf'))).toBe('abc d e\tf\n');
  });
});

describe('Markdown: emphasis', () => {
  it('writes ** and _ and moves spaces at the edges outside', () => {
    expect(md(p(t('Hello', B), ' world, ', t('very ', I), 'much'))).toBe('**Hello** world, _very_ much\n');
  });

  it('nests marks instead of splitting runs', () => {
    expect(md(p(t('a ', B), t('b', { bold: true, italic: true }), t(' c', B)))).toBe('**a _b_ c**\n');
  });

  it('keeps a span open over a white-space-only run', () => {
    expect(md(p(t('a', B), ' ', t('b', B)))).toBe('**a b**\n');
  });

  it('uses HTML tags where the delimiters would not parse (inside a word, before punctuation)', () => {
    expect(md(p('un', t('believ', I), 'able'))).toBe('un<em>believ</em>able\n');
    expect(md(p('a', t('"q"', B), 'b'))).toBe('a<strong>"q"</strong>b\n');
    expect(md(p(t('x', B), t('y', I)))).toBe('<strong>x</strong><em>y</em>\n');
  });

  it('writes strike as ~~ and underline, superscript, subscript as tags', () => {
    expect(md(p(t('gone', { strike: true }), ' ', t('under', { underline: true }), ' x', t('2', { superscript: true }), ' H', t('2', { subscript: true }), 'O'))).toBe(
      '~~gone~~ <u>under</u> x<sup>2</sup> H<sub>2</sub>O\n',
    );
  });

  it('closes bold before a line break that follows it', () => {
    expect(md(p(t('Name:', B), br, 'value'))).toBe('**Name:**\\\nvalue\n');
  });

  it('writes nothing for a span with nothing visible inside', () => {
    expect(md(p('a', link({ url: 'javascript:x' }, t('\u0000', B)), 'b'))).toBe('ab\n');
  });
});

describe('Markdown: links', () => {
  it('links http(s), mailto and bookmarks, percent-encoding what would end the destination', () => {
    expect(
      md(
        p(
          link({ url: 'http://example.com/a b(c)' }, 'site'),
          ' ',
          link({ url: 'mailto:someone@example.com' }, 'mail'),
          ' ',
          link({ anchor: '_Toc1' }, 'see'),
          ' ',
          link({ url: 'https://x.test/', anchor: 'frag' }, 'frag'),
        ),
      ),
    ).toBe('[site](http://example.com/a%20b%28c%29) [mail](mailto:someone@example.com) [see](#_Toc1) [frag](https://x.test/#frag)\n');
  });

  it('shows any other link as its text', () => {
    const urls = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' \u0001javascript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'file:///etc/passwd', '//evil.test/', 'relative/page.html'];
    for (const url of urls) expect(md(p(link({ url }, 'click'), ' here'))).toBe('click here\n');
  });

  it('escapes the link text and keeps marks shared with the text around it outside', () => {
    expect(md(p(t('see ', B), link({ url: 'http://x.test' }, t('a]b', B)), t(' now', B)))).toBe('**see [a\\]b](http://x.test) now**\n');
    expect(md(p('see ', link({ url: 'http://x.test' }, t('bold', B), ' text')))).toBe('see [**bold** text](http://x.test)\n');
  });

  it('treats a link nested in a link as text of the outer one', () => {
    expect(md(p(link({ url: 'http://a.test' }, 'x ', link({ url: 'http://b.test' }, 'y') as never)))).toBe('[x y](http://a.test)\n');
  });
});

describe('Markdown: lists', () => {
  it('nests lists by level and keeps Word numbers', () => {
    const body = [li(0, 'bulleted', '•', 1, 'one'), li(1, 'numbered', '1.', 2, 'sub one'), li(1, 'numbered', '2.', 2, 'sub two'), li(0, 'bulleted', '•', 1, 'two')];
    expect(md(...body)).toBe('- one\n  1. sub one\n  2. sub two\n- two\n');
  });

  it('keeps labels Markdown cannot number as text', () => {
    expect(md(li(0, 'numbered', 'a)', 1, 'first'), li(0, 'numbered', 'b)', 1, 'second'), li(1, 'numbered', '1.1.', 1, 'deep'))).toBe(
      '- a) first\n- b) second\n  - 1.1. deep\n',
    );
  });

  it('writes a bare number as an ordered item', () => {
    expect(md(li(0, 'numbered', '2000', 1, 'elected'), li(0, 'numbered', '2004', 1, 'appointed'))).toBe('2000. elected\n2004. appointed\n');
  });

  it('indents under wide numbers', () => {
    expect(md(li(0, 'numbered', '10.', 1, 'ten'), li(1, 'bulleted', '', 1, 'under ten'))).toBe('10. ten\n    - under ten\n');
  });

  it('keeps adjacent lists apart', () => {
    expect(md(li(0, 'numbered', '1.', 1, 'x'), li(0, 'numbered', '1.', 2, 'y'))).toBe('1. x\n\n<!-- -->\n\n1. y\n');
  });

  it('nests a skipped level one step, and clamps levels', () => {
    expect(md(li(0, 'bulleted', '•', 1, 'a'), li(2, 'bulleted', '•', 1, 'b'), li(-3, 'bulleted', '•', 1, 'c'))).toBe('- a\n  - b\n- c\n');
    const deep = Array.from({ length: 50 }, (_, i) => li(i, 'bulleted', '•', 1, `l${i}`));
    const lines = md(...deep).trimEnd().split('\n');
    expect(lines[8]).toBe(`${'  '.repeat(8)}- l8`);
    expect(lines[49]).toBe(`${'  '.repeat(8)}- l49`);
  });

  it('escapes item text that would start a block', () => {
    expect(md(li(0, 'bulleted', '•', 1, '# x'), li(0, 'bulleted', '•', 1, '2. y'))).toBe('- \\# x\n- 2\\. y\n');
  });
});

describe('Markdown: tables', () => {
  it('writes a rectangular table as a pipe table, first row as header', () => {
    expect(md(table(['A', 'B'], ['a|b', ''], ['c', 'd']))).toBe('| A | B |\n| --- | --- |\n| a\\|b |  |\n| c | d |\n');
  });

  it('joins the paragraphs of a pipe-table cell with <br>', () => {
    const cell = { blocks: [p('one', br, 'two'), p('three')] };
    expect(md(table([cell]))).toBe('| one<br>two<br>three |\n| --- |\n');
  });

  it('writes a table with a list in a cell as HTML, so the list stays one', () => {
    const cell = { blocks: [li(0, 'bulleted', '•', 1, 'item')] };
    expect(md(table(['a', cell]))).toBe('<table>\n<tr><td>a</td><td><ul>\n<li>item</li>\n</ul></td></tr>\n</table>\n');
  });

  it('writes merged cells and nested tables as HTML, escaped', () => {
    const merged = table([{ blocks: [p('A')], colspan: 2 }], ['<b>', 'C']);
    expect(md(merged)).toBe('<table>\n<tr><td colspan="2">A</td></tr>\n<tr><td>&lt;b&gt;</td><td>C</td></tr>\n</table>\n');
    const nested = table(['x', { blocks: [p('y'), table(['in'])] }]);
    expect(md(nested)).toBe('<table>\n<tr><td>x</td><td><p>y</p>\n<table>\n<tr><td>in</td></tr>\n</table></td></tr>\n</table>\n');
  });

  it('keeps footnote references inside an HTML table as [^n]', () => {
    const tree = doc([table([{ blocks: [p('a', { type: 'noteRef', note: 0 })], rowspan: 2 }])], { notes: [footnote('1', p('n'))] });
    expect(renderMarkdown(tree)).toBe('<table>\n<tr><td rowspan="2">a[^1]</td></tr>\n</table>\n\n[^1]: n\n');
  });

  it(`shows tables nested deeper than ${MAX_TABLE_DEPTH} as their paragraphs, even 100 000 deep`, () => {
    const nest = (depth: number): Table => {
      let inner: Table = table(['core']);
      for (let i = 1; i < depth; i++) inner = table([{ blocks: [inner] }]);
      return inner;
    };
    const shallow = md(nest(MAX_TABLE_DEPTH + 2));
    expect(shallow.match(/<table>/g)).toHaveLength(MAX_TABLE_DEPTH);
    expect(shallow).toContain('<p>core</p>');
    const deep = md(nest(100_000));
    expect(deep.match(/<table>/g)).toHaveLength(MAX_TABLE_DEPTH);
    expect(deep).toContain('<p>core</p>');
  });
});

describe('Markdown: notes, text boxes, images', () => {
  it('writes footnote and endnote references as [^n] with definitions at the end', () => {
    const tree = doc([p('Text', { type: 'noteRef', note: 0 }, ' and', { type: 'noteRef', note: 1 }, { type: 'noteRef', note: 7 })], {
      notes: [footnote('1', p('First'), p('Second')), { kind: 'endnote', label: 'i', blocks: [p(t('End', I))] }],
    });
    expect(renderMarkdown(tree)).toBe('Text[^1] and[^2]\n\n[^1]: First\n\n    Second\n\n[^2]: _End_\n');
  });

  it('shows a text box once, after the block that anchors it', () => {
    const ref = (n: number) => ({ type: 'textboxRef' as const, textbox: n });
    const tree = doc([p('before', ref(0), ref(0)), p('after', ref(1), ref(0), ref(9))], {
      textboxes: [{ blocks: [p('in box', ref(0), ref(1))] }, { blocks: [h(2, 'Box two')] }],
    });
    expect(renderMarkdown(tree)).toBe('before\n\nin box\n\nafter\n\n## Box two\n');
  });

  it('leaves images out unless the caller says where they are', () => {
    const tree = doc([p('x', { type: 'image', image: 0, alt: 'a [b]' }, 'y')], { images: [{ contentType: 'image/png', byteLength: 3 }] });
    expect(renderMarkdown(tree)).toBe('xy\n');
    const src = (image: { image: number }, info?: { contentType: string }) => `img/${image.image} ${info?.contentType}.png`;
    expect(renderMarkdown(tree, { imageSrc: src })).toBe('x![a \\[b\\]](img/0%20image/png.png)y\n');
  });
});

describe('Markdown: size', () => {
  it('renders 50 000 alternating runs and 10 000 list items in one pass', () => {
    const runs = Array.from({ length: 50_000 }, (_, i) => t(`w${i % 10} `, i % 2 ? B : I));
    const out = md(p(...runs));
    expect(out.match(/\*\*/g)).toHaveLength(50_000);
    const items = Array.from({ length: 10_000 }, (_, i) => li(i % 3, 'bulleted', '•', 1, 'x'));
    expect(md(...items).split('\n')).toHaveLength(10_001);
  });
});

describe('Markdown and HTML: numbered headings', () => {
  it('write the heading number Word shows before the text', () => {
    const heading = { type: 'heading' as const, level: 2, label: '3.1', children: [t('Scope #')] };
    expect(md(heading)).toBe('## 3.1 Scope \\#\n');
  });
});
