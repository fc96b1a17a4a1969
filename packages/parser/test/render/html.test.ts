import { describe, expect, it } from 'vitest';
import { orderedListAttributes, renderHtml, renderHtmlDocument } from '../../src/render/tree/html.js';
import { renderJson } from '../../src/render/tree/json.js';
import type { Block } from '../../src/render/tree/types.js';
import { B, I, br, doc, footnote, h, li, link, p, t, table } from './tree-helpers.js';

const html = (...body: Block[]) => renderHtml(doc(body));

describe('HTML: blocks', () => {
  it('writes headings, paragraphs and nested emphasis, one block per line', () => {
    expect(html(h(1, 'Title'), h(8, 'Deep'), p(t('Bold', B), ' and ', t('it ', I), t('both', { italic: true, bold: true })), p(''))).toBe(
      '<h1>Title</h1>\n<h6>Deep</h6>\n<p><strong>Bold</strong> and <em>it <strong>both</strong></em></p>\n',
    );
  });

  it('writes the other marks, line breaks and page breaks', () => {
    expect(html(p(t('s', { strike: true }), t('u', { underline: true }), 'x', t('2', { superscript: true }), t('i', { subscript: true }), br, 'next'), { type: 'break', kind: 'page' })).toBe(
      '<p><s>s</s><u>u</u>x<sup>2</sup><sub>i</sub><br>next</p>\n<hr class="page-break">\n',
    );
  });

  it('nests lists and numbers ordered lists as Word does', () => {
    const body = [li(0, 'bulleted', '•', 1, 'one'), li(1, 'numbered', 'a)', 2, 'sub one'), li(1, 'numbered', 'b)', 2, 'sub two'), li(0, 'bulleted', '•', 1, 'two')];
    expect(html(...body)).toBe('<ul>\n<li>one\n<ol type="a">\n<li>sub one</li>\n<li>sub two</li>\n</ol>\n</li>\n<li>two</li>\n</ul>\n');
  });

  it('derives <ol> type and start from the first label', () => {
    const attributes = (label: string) => orderedListAttributes(li(0, 'numbered', label, 1));
    expect(attributes('1.')).toBe('');
    expect(attributes('3.')).toBe(' start="3"');
    expect(attributes('a)')).toBe(' type="a"');
    expect(attributes('(c)')).toBe(' type="a" start="3"');
    expect(attributes('iv.')).toBe(' type="i" start="4"');
    expect(attributes('B.')).toBe(' type="A" start="2"');
    expect(attributes('2.3.')).toBe(' start="3"');
    expect(attributes('§')).toBe('');
  });

  it('writes tables with colspan, rowspan, header cells and nested tables', () => {
    const tree = table([{ blocks: [p('A')], colspan: 2 }, { blocks: [p('B')], rowspan: 2 }], ['c', { blocks: [p('d'), table(['in'])] }]);
    tree.rows[0]!.header = true;
    expect(html(tree)).toBe(
      '<table>\n<tr><th colspan="2">A</th><th rowspan="2">B</th></tr>\n<tr><td>c</td><td><p>d</p>\n<table>\n<tr><td>in</td></tr>\n</table></td></tr>\n</table>\n',
    );
  });

  it('writes footnote references and a notes section with Word labels', () => {
    const tree = doc([p('Text', { type: 'noteRef', note: 0 }, ' end', { type: 'noteRef', note: 1 })], {
      notes: [footnote('1', p('Note ', t('text', B)), p('more')), { kind: 'endnote', label: 'i', blocks: [table(['cell'])] }],
    });
    expect(renderHtml(tree)).toBe(
      [
        '<p>Text<sup id="fnref1"><a href="#fn1">1</a></sup> end<sup id="fnref2"><a href="#fn2">i</a></sup></p>',
        '<section class="footnotes">',
        '<div id="fn1">',
        '<p><sup><a href="#fnref1">1</a></sup> Note <strong>text</strong></p>',
        '<p>more</p>',
        '</div>',
        '</section>',
        '<section class="endnotes">',
        '<div id="fn2">',
        '<p><sup><a href="#fnref2">i</a></sup></p>',
        '<table>\n<tr><td>cell</td></tr>\n</table>',
        '</div>',
        '</section>',
        '',
      ].join('\n'),
    );
  });

  it('shows a text box once after its anchoring block, and images only with a source', () => {
    const tree = doc([p('a', { type: 'textboxRef', textbox: 0 }, { type: 'image', image: 0, alt: 'pic' }), p('b', { type: 'textboxRef', textbox: 0 })], {
      textboxes: [{ blocks: [p('boxed', { type: 'textboxRef', textbox: 0 })] }],
      images: [{ contentType: 'image/png', byteLength: 10 }],
    });
    expect(renderHtml(tree)).toBe('<p>a</p>\n<aside class="textbox">\n<p>boxed</p>\n</aside>\n<p>b</p>\n');
    const withImages = renderHtml(tree, { imageSrc: (image, info) => `data:${info?.contentType};base64,AAAA#${image.image}` });
    expect(withImages).toContain('<p>a<img src="data:image/png;base64,AAAA#0" alt="pic"></p>');
  });
});

describe('HTML: hostile text', () => {
  it('escapes text, so markup in the document stays text', () => {
    expect(html(p('<script>alert("x")</script> & \'q\''), h(2, '<img src=x onerror=alert(1)>'))).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>\n<h2>&lt;img src=x onerror=alert(1)&gt;</h2>\n',
    );
  });

  it('links only http(s), mailto and bookmarks; anything else is its text', () => {
    const urls = ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'jav\nascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox', 'file:///c:/x', '//evil.test'];
    for (const url of urls) expect(html(p(link({ url }, 'click')))).toBe('<p>click</p>\n');
    expect(html(p(link({ url: 'mailto:a@b.test?subject=hi' }, 'mail')))).toBe('<p><a href="mailto:a@b.test?subject=hi">mail</a></p>\n');
  });

  it('escapes attribute values: no way out of href, id or alt', () => {
    expect(html(p(link({ url: 'http://x.test/" onmouseover="alert(1)' }, 'a')))).toBe('<p><a href="http://x.test/&quot; onmouseover=&quot;alert(1)">a</a></p>\n');
    const name = '"><img src=x onerror=alert(1)>';
    expect(html(p({ type: 'bookmark', name }, 'target'), p(link({ anchor: name }, 'go')))).toBe(
      '<p><a id="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"></a>target</p>\n<p><a href="#%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E">go</a></p>\n',
    );
    const tree = doc([p({ type: 'image', image: 0, alt: '" onload="alert(1)' })], { images: [{ contentType: 'image/png', byteLength: 1 }] });
    expect(renderHtml(tree, { imageSrc: () => 'x" onerror="alert(1)' })).toBe('<p><img src="x&quot; onerror=&quot;alert(1)" alt="&quot; onload=&quot;alert(1)"></p>\n');
  });

  it('escapes note labels and drops control characters and lone surrogates', () => {
    const tree = doc([p('a\u0000b\u001b[31m\ud800c', { type: 'noteRef', note: 0 })], { notes: [footnote('<b>', p('n'))] });
    expect(renderHtml(tree).split('\n')[0]).toBe('<p>ab[31m\ufffdc<sup id="fnref1"><a href="#fn1">&lt;b&gt;</a></sup></p>');
  });

  it('writes a full document with a title and a policy that forbids scripts', () => {
    expect(renderHtmlDocument(doc([p('Hi')]), { title: '</title><script>' })).toBe(
      [
        '<!DOCTYPE html>',
        '<html>',
        '<head>',
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src * data:; base-uri 'none'; form-action 'none'">`,
        '<title>&lt;/title&gt;&lt;script&gt;</title>',
        '</head>',
        '<body>',
        '<p>Hi</p>',
        '</body>',
        '</html>',
        '',
      ].join('\n'),
    );
  });
});

describe('JSON', () => {
  it('is the tree itself', () => {
    const tree = doc([h(1, 'T'), p(t('b', B), link({ url: 'http://x.test' }, 'l')), table(['c'])], { notes: [footnote('1', p('n'))] });
    expect(JSON.parse(renderJson(tree))).toEqual(tree);
  });
});

describe('HTML: numbered headings', () => {
  it('write the heading number, escaped, before the text', () => {
    expect(html({ type: 'heading', level: 1, label: '<1>', children: [t('Intro')] })).toBe('<h1>&lt;1&gt; Intro</h1>\n');
  });
});
