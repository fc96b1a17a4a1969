import { describe, expect, it } from 'vitest';
import { decodeEntities, extractStructures, multisetF1, normaliseUrl, stripLabel } from '../structure/structures.js';

describe('structure report: what is taken from pandoc HTML', () => {
  it('takes headings with their level and normalised text', () => {
    const { items } = extractStructures('<h1 id="x">Intro  <em>Part</em></h1>\n<h3>Ｆｕｌｌ width</h3><h2></h2>');
    expect(items.headings).toEqual(['1 intro part', '3 full width']);
    expect(items.emphasis).toEqual(['em part']);
  });

  it('takes each table cell once, inner tables apart from the cell around them', () => {
    const html =
      '<table><tbody><tr class="odd"><td>A</td><td colspan="2"><p>E</p>\n<table><tr><td>1</td><td>2</td></tr></table>\n<p>F</p></td></tr><tr><th>H &amp; I</th><td></td></tr></tbody></table>';
    expect(extractStructures(html).items.cells).toEqual(['a', '1', '2', 'e f', 'h & i']);
  });

  it('takes list items without labels, nested items apart from their parent', () => {
    const html = '<ol><li>One<ul><li>a) inner</li></ul></li><li><p>iv. Two</p></li></ol><ul><li>• bullet</li></ul>';
    expect(extractStructures(html).items.listItems).toEqual(['inner', 'one', 'two', 'bullet']);
  });

  it('takes links with URL and text, and leaves out the footnotes section and note marks', () => {
    const html =
      '<p><a href="HTTP://Example.ORG/">Site</a> text<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a> <a href="#_Toc1">toc</a></p>' +
      '<section class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr /><ol><li id="fn1"><p>Note <a href="http://n.test">n</a> <strong>b</strong><a href="#fnref1" class="footnote-back">↩︎</a></p></li></ol></section>';
    const { items, text } = extractStructures(html);
    expect(items.links).toEqual(['http://example.org site', '# toc']);
    expect(items.listItems).toEqual([]);
    expect(items.emphasis).toEqual([]);
    expect(text).toBe('site text toc');
  });

  it('counts emphasised words by kind, b/i as strong/em', () => {
    const { items } = extractStructures('<p><strong>Two words</strong> plain <em>it <b>both</b></em> <i>x</i></p>');
    expect(items.emphasis).toEqual(['strong two', 'strong words', 'em it', 'strong both', 'em both', 'em x']);
  });

  it('separates block elements and line breaks in the text', () => {
    expect(extractStructures('<p>a</p><p>b<br />c</p><td>d</td>').text).toBe('a b c d');
  });
});

describe('structure report: helpers', () => {
  it('F1 of multisets', () => {
    expect(multisetF1([], [])).toEqual({ f1: null, matched: 0 });
    expect(multisetF1(['a'], [])).toEqual({ f1: 0, matched: 0 });
    expect(multisetF1(['a', 'a', 'b'], ['a', 'b', 'b', 'c'])).toEqual({ f1: (2 * (2 / 4) * (2 / 3)) / (2 / 4 + 2 / 3), matched: 2 });
  });

  it('strips list labels but not words', () => {
    expect(stripLabel('1.2. text')).toBe('text');
    expect(stripLabel('(a) text')).toBe('text');
    expect(stripLabel('• text')).toBe('text');
    expect(stripLabel('once upon')).toBe('once upon');
    expect(stripLabel('1999 was')).toBe('1999 was');
  });

  it('leaves out headings in table cells (pandoc cannot write them there)', () => {
    expect(extractStructures('<table><tr><td><h2>In a cell</h2></td></tr></table><h2>Outside</h2>').items.headings).toEqual(['2 outside']);
  });

  it('compares headings without their numbers', () => {
    expect(extractStructures('<h2>3.1 Historique</h2><h1>1. Intro</h1><h1>IV. Part</h1><h1>2024 results</h1><h3>Chapter 3 Tools</h3>').items.headings).toEqual([
      '2 historique',
      '1 intro',
      '1 part',
      '1 2024 results',
      '3 chapter 3 tools',
    ]);
  });

  it('normalises URLs and decodes entities', () => {
    expect(normaliseUrl('HTTP://WWW.X.org/Path/')).toBe('http://www.x.org/Path');
    expect(decodeEntities('&lt;&#65;&#x42;&amp;&nbsp;&bogus;')).toBe('<AB&\u00a0&bogus;');
  });
});
