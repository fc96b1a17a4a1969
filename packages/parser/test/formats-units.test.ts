/**
 * The pieces of the non-binary readers on small hand-written inputs: markup tokenizing and
 * entities, namespaces, the WordprocessingML rules the fixtures do not reach (nested fields,
 * custom note marks, deleted rows, content controls, Strict namespaces, flat OPC, .docm/.dotx
 * content types, list overrides and style links), HTML layout rules, and MIME decoding.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocParseError } from '../src/errors.js';
import { renderHtml } from '../src/formats/html/render.js';
import { decodeXml } from '../src/formats/markup/decode.js';
import { decodeReferences } from '../src/formats/markup/entities.js';
import { HTML_DIALECT, tokenize, XML_DIALECT } from '../src/formats/markup/tokenizer.js';
import { parseXml } from '../src/formats/markup/xml-tree.js';
import { decodeBase64, decodeQuotedPrintable, readMhtml } from '../src/formats/mhtml.js';
import { readDocx } from '../src/formats/ooxml/docx.js';
import { resolveTarget } from '../src/formats/ooxml/package.js';
import { readWordXml } from '../src/formats/wordml.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A .docx with the given parts of word/ (document.xml gets a w:body wrapper) and main content type. */
function docx(body: string, parts: Record<string, string> = {}, contentType = MAIN, ns = W): Uint8Array {
  const rels = Object.keys(parts)
    .map((name, i) => `<Relationship Id="rIdP${i}" Type="${REL}/${name.replace(/\d*\.xml$/, '')}" Target="${name}"/>`)
    .join('');
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${contentType}"/></Types>`,
    ),
    '_rels/.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="/word/document.xml"/></Relationships>`),
    'word/_rels/document.xml.rels': strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`),
    'word/document.xml': strToU8(`<x:document xmlns:x="${ns}" xmlns:r="${REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:v="urn:schemas-microsoft-com:vml"><x:body>${body.replace(/w:/g, 'x:')}</x:body></x:document>`),
  };
  for (const [name, xml] of Object.entries(parts)) files[`word/${name}`] = strToU8(xml.replace(/^<w:(\w+)/, `<w:$1 xmlns:w="${ns}"`));
  return zipSync(files);
}

const p = (inner: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${inner}</w:p>`;
const r = (text: string, rPr = '') => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const body = (bytes: Uint8Array) => readDocx(bytes).stories.body;

describe('markup tokenizer and entities', () => {
  it('decodes the five XML entities and numeric references, nothing else', () => {
    expect(decodeReferences('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&nbsp;&copy;', 'xml')).toBe(`<>&"'AB&nbsp;&copy;`);
    expect(decodeReferences('&nbsp;&copy;&eacute;&hellip;&#150;&#0;&#xD800;', 'html')).toBe('\u00a0©é…–\ufffd\ufffd');
  });

  it('reports tags, attributes and text; skips comments, PIs, DOCTYPE and Word\'s <![if]> markers', () => {
    const events: string[] = [];
    const handler = {
      open: (n: string, a: Record<string, string>, s: boolean) => events.push(`<${n}${Object.entries(a).map(([k, v]) => ` ${k}=${v}`).join('')}${s ? '/' : ''}>`),
      close: (n: string) => events.push(`</${n}>`),
      text: (t: string) => events.push(t),
    };
    tokenize('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "<y>">]><a k=\'v\' j="&amp;"><!-- c --><b/>t&lt;<![CDATA[<raw>]]></a>', XML_DIALECT, handler);
    expect(events).toEqual(['<a k=v j=&>', '<b/>', 't<', '<raw>', '</a>']);
    events.length = 0;
    tokenize('<P CLASS=x hidden><![if !supportLists]>1.<![endif]><SCRIPT>if (a<b) x()</script><br></P>', HTML_DIALECT, handler);
    expect(events).toEqual(['<p class=x hidden=>', '1.', '<script>', 'if (a<b) x()', '</script>', '<br>', '</p>']);
  });

  it('an attribute named __proto__ is an attribute, not a prototype', () => {
    const root = parseXml('<a __proto__="x" constructor="y"/>', {}, 'test');
    expect(root.attrs.__proto__).toBe('x');
    expect(Object.getPrototypeOf(root.attrs)).toBeNull();
  });

  it('resolves namespaces to the canonical prefixes, whatever the file calls them', () => {
    const root = parseXml(`<doc xmlns="${W}" xmlns:q="urn:other"><p q:a="1"><q:x/></p><other xmlns="">z</other></doc>`, { [W]: 'w' }, 'test');
    expect(root.name).toBe('w:doc');
    const p1 = root.children[0] as { name: string; attrs: Record<string, string>; children: Array<{ name: string }> };
    expect([p1.name, Object.keys(p1.attrs), p1.children[0]!.name]).toEqual(['w:p', ['*:a'], '*:x']);
    expect((root.children[1] as { name: string }).name).toBe('other');
  });

  it('decodes XML by BOM, by its declaration, else as UTF-8', () => {
    expect(decodeXml(Uint8Array.from([0xff, 0xfe, 0x3c, 0, 0x61, 0, 0x2f, 0, 0x3e, 0]))).toBe('<a/>');
    expect(decodeXml(Uint8Array.from([...strToU8('<?xml version="1.0" encoding="windows-1252"?><a>'), 0x93, 0xe9, 0x80, ...strToU8('</a>')]))).toContain('<a>“é€</a>');
    expect(decodeXml(strToU8('<a>ü</a>'))).toBe('<a>ü</a>');
  });
});

describe('OOXML text rules', () => {
  it('nested fields show the outer result; instructions and fields without a result show nothing', () => {
    const fld = (type: string) => `<w:r><w:fldChar w:fldCharType="${type}"/></w:r>`;
    const instr = (t: string) => `<w:r><w:instrText>${t}</w:instrText></w:r>`;
    const xml = p(`${r('A ')}${fld('begin')}${instr('IF ')}${fld('begin')}${instr('PAGE')}${fld('separate')}${r('1')}${fld('end')}${instr(' = 1 "x"')}${fld('separate')}${r('result')}${fld('end')}${r(' B ')}${fld('begin')}${instr('TC "no result"')}${fld('end')}${r('C')}`);
    expect(body(docx(xml))).toBe('A result B C\n');
    expect(body(docx(p(`<w:fldSimple w:instr="PAGE">${r('7')}</w:fldSimple>`)))).toBe('7\n');
  });

  it('tabs, breaks, symbols, no-break hyphens, soft hyphens; a page break ending a paragraph is one line end', () => {
    const xml =
      p(`${r('a')}<w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t><w:softHyphen/><w:t>e</w:t><w:sym w:font="Symbol" w:char="F0B3"/></w:r>`) +
      p(`${r('before')}<w:r><w:br w:type="page"/></w:r>`) +
      p(`${r('x')}<w:r><w:br w:type="page"/></w:r>${r('y')}`);
    expect(body(docx(xml))).toBe('a\tb\nc-de≥\nbefore\nx\ny\n');
  });

  it('deleted and moved-away text, deleted rows and deleted paragraph marks are not shown; insertions are', () => {
    const row = (a: string, trPr = '') => `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}<w:tc>${p(r(a))}</w:tc><w:tc>${p(r(a + '2'))}</w:tc></w:tr>`;
    const xml =
      p(`${r('keep ')}<w:del><w:r><w:delText>gone </w:delText></w:r></w:del><w:moveFrom>${r('moved ')}</w:moveFrom><w:ins>${r('new')}</w:ins>`) +
      p(r('joined '), '<w:rPr><w:del/></w:rPr>') +
      p(r('here')) +
      `<w:tbl>${row('r1')}${row('r2', '<w:del/>')}${row('r3')}</w:tbl>`;
    expect(body(docx(xml))).toBe('keep new\njoined here\nr1\tr12\nr3\tr32\n');
  });

  it('content controls, custom XML and smart tags are transparent, at block, row, cell and run level', () => {
    const xml =
      `<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>${p(`<w:customXml><w:smartTag>${r('inside')}</w:smartTag></w:customXml>`)}</w:sdtContent></w:sdt>` +
      `<w:tbl><w:sdt><w:sdtContent><w:tr><w:sdt><w:sdtContent><w:tc>${p(r('cell'))}</w:tc></w:sdtContent></w:sdt><w:tc>${p(r('two'))}</w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>`;
    expect(body(docx(xml))).toBe('inside\ncell\ttwo\n');
  });

  it('a text box in both branches of mc:AlternateContent is read once; VML text boxes too', () => {
    const box = (t: string) => `<w:txbxContent>${p(r(t))}</w:txbxContent>`;
    const xml =
      p(`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><a>${box('choice')}</a></w:drawing></mc:Choice><mc:Fallback><w:pict>${box('fallback')}</w:pict></mc:Fallback></mc:AlternateContent></w:r>${r('anchor')}`) +
      p(`<w:r><w:pict><v:shape><v:textbox>${box('vml')}</v:textbox></v:shape></w:pict></w:r>`);
    const stories = readDocx(docx(xml)).stories;
    // The second paragraph holds only a text box's anchor: an empty line, as in the binary path.
    expect(stories).toEqual({ body: 'anchor\n\n', textboxes: 'choice\nvml\n' });
  });

  it('notes: custom marks take no number; separators are not notes; numbering follows the document\'s format', () => {
    const footnotes =
      '<w:footnotes><w:footnote w:type="separator" w:id="-1">' + p('<w:r><w:separator/></w:r>') + '</w:footnote>' +
      `<w:footnote w:id="1">${p(`<w:r><w:footnoteRef/></w:r>${r(' one')}`)}</w:footnote>` +
      `<w:footnote w:id="2">${p(`${r('*')}${r(' custom')}`)}</w:footnote>` +
      `<w:footnote w:id="3">${p(`<w:r><w:footnoteRef/></w:r>${r(' two')}`)}</w:footnote></w:footnotes>`;
    const xml =
      p(`${r('a')}<w:r><w:footnoteReference w:id="1"/></w:r>${r('b')}<w:r><w:footnoteReference w:customMarkFollows="1" w:id="2"/><w:t>*</w:t></w:r>${r('c')}<w:r><w:footnoteReference w:id="3"/></w:r>`) +
      '<w:sectPr><w:footnotePr><w:numFmt w:val="upperLetter"/></w:footnotePr></w:sectPr>';
    const stories = readDocx(docx(xml, { 'footnotes.xml': footnotes })).stories;
    expect(stories).toEqual({ body: 'aAb*cB\n', footnotes: 'A one\n* custom\nB two\n' });
  });

  it('lists: start overrides, level restarts, numbering through a style and through numStyleLink; numId 0 removes it', () => {
    const lvl = (ilvl: number, fmt: string, text: string, start = 1) =>
      `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/></w:lvl>`;
    const numbering =
      `<w:numbering><w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1.')}${lvl(1, 'lowerRoman', '%1.%2')}</w:abstractNum>` +
      '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Outline"/></w:abstractNum>' +
      `<w:abstractNum w:abstractNumId="2">${lvl(0, 'upperLetter', '(%1)', 3)}</w:abstractNum>` +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>' +
      '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>' +
      '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num></w:numbering>';
    const styles =
      '<w:styles><w:style w:type="paragraph" w:styleId="Listed"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>' +
      '<w:style w:type="numbering" w:styleId="Outline"><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style></w:styles>';
    const num = (id: number, ilvl = 0) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${id}"/></w:numPr>`;
    const xml =
      p(r('one'), num(1)) + p(r('sub'), num(1, 1)) + p(r('sub'), num(1, 1)) + p(r('two'), num(1)) + p(r('sub'), num(1, 1)) +
      p(r('by style'), '<w:pStyle w:val="Listed"/>') + p(r('not numbered'), '<w:pStyle w:val="Listed"/><w:numPr><w:numId w:val="0"/></w:numPr>') +
      p(r('restarted'), num(2)) + p(r('linked'), num(3)) + p('', num(1)) + p(r('after empty'), num(1));
    expect(body(docx(xml, { 'numbering.xml': numbering, 'styles.xml': styles }))).toBe(
      '1.\tone\n1.i\tsub\n1.ii\tsub\n2.\ttwo\n2.i\tsub\n3.\tby style\nnot numbered\n5.\trestarted\n(C)\tlinked\n\n4.\tafter empty\n',
    );
  });

  it('hidden text: direct, through a character style, through a paragraph style, and switched off again', () => {
    const styles =
      '<w:styles><w:style w:type="character" w:styleId="H"><w:rPr><w:vanish/></w:rPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="HP"><w:rPr><w:vanish/></w:rPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Shown"><w:basedOn w:val="HP"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style></w:styles>';
    const xml =
      p(`${r('a')}${r('x', '<w:vanish/>')}${r('y', '<w:rStyle w:val="H"/>')}${r('b', '<w:rStyle w:val="H"/><w:vanish w:val="false"/>')}`) +
      p(r('whole paragraph'), '<w:pStyle w:val="HP"/>') +
      p(r('shown again'), '<w:pStyle w:val="Shown"/>');
    expect(body(docx(xml, { 'styles.xml': styles }))).toBe('ab\nshown again\n');
  });

  it('Strict OOXML namespaces read the same; .docm/.dotx/.dotm are named; a workbook package is refused', () => {
    const xml = p(r('strict'));
    expect(body(docx(xml, {}, MAIN, 'http://purl.oclc.org/ooxml/wordprocessingml/main'))).toBe('strict\n');
    expect(readDocx(docx(xml, {}, 'application/vnd.ms-word.document.macroEnabled.main+xml')).version).toBe('Word 2007+ macro-enabled document (.docm)');
    expect(readDocx(docx(xml, {}, 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml')).version).toBe('Word 2007+ template (.dotx)');
    expect(readDocx(docx(xml, {}, 'application/vnd.ms-word.template.macroEnabledTemplate.main+xml')).version).toBe('Word 2007+ macro-enabled template (.dotm)');
    const sheet = docx(xml, {}, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml');
    expect(() => readDocx(sheet)).toThrow('This is an Excel workbook (.xlsx), not a Word document.');
    expect(() => readDocx(zipSync({ 'a.txt': strToU8('x') }))).toThrow('This is a ZIP archive, not a Word document.');
  });

  it('resolves relationship targets relative to their source part', () => {
    expect(resolveTarget('/word/document.xml', 'styles.xml')).toBe('/word/styles.xml');
    expect(resolveTarget('/word/document.xml', '../customXml/item1.xml')).toBe('/customXml/item1.xml');
    expect(resolveTarget('/', 'word/document.xml')).toBe('/word/document.xml');
    expect(resolveTarget('/word/document.xml', '/word/media/image%201.png')).toBe('/word/media/image 1.png');
  });

  it('reads a flat-OPC "Word XML Document" (every part inline in pkg:package)', () => {
    const part = (name: string, type: string, xml: string) =>
      `<pkg:part pkg:name="${name}" pkg:contentType="${type}"><pkg:xmlData>${xml}</pkg:xmlData></pkg:part>`;
    const flat =
      '<?xml version="1.0" standalone="yes"?><?mso-application progid="Word.Document"?>' +
      '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">' +
      part('/_rels/.rels', 'application/vnd.openxmlformats-package.relationships+xml',
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`) +
      part('/word/document.xml', MAIN, `<w:document xmlns:w="${W}"><w:body>${p(r('flat'))}</w:body></w:document>`) +
      '</pkg:package>';
    const result = readWordXml(strToU8(flat));
    expect([result.format, result.version, result.stories.body]).toEqual(['wordml', 'Word 2007+ XML document (flat OPC)', 'flat\n']);
  });

  it('a package without a Word body, or XML that is not Word, is a typed error', () => {
    const noBody = zipSync({
      '[Content_Types].xml': strToU8(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${MAIN}"/></Types>`),
      'word/document.xml': strToU8(`<w:document xmlns:w="${W}"/>`),
    });
    expect(() => readDocx(noBody)).toThrow(DocParseError);
    expect(() => readWordXml(strToU8('<?xml version="1.0"?><rss/>'))).toThrow('This is an XML file that is not Word XML, not a Word document.');
  });
});

describe('HTML layout rules', () => {
  const text = (html: string) => renderHtml(html).stories.body ?? '';

  it('collapses whitespace, ends lines at blocks, keeps <pre>, breaks at <br>', () => {
    expect(text('<p>  two   words \n here </p><div><div>nested</div></div>inline <b>bold</b>')).toBe('two words here\nnested\ninline bold\n');
    expect(text('<pre>  a\n   b</pre><p>x<br>y<br></p><p><br></p>z')).toBe('  a\n   b\nx\ny\n\nz\n');
  });

  it('hides head, script, style, display:none and [hidden]; not visibility or mso-hide alone', () => {
    expect(text('<head><title>t</title><style>p{}</style></head><body><script>x</script><p>a<span style="DISPLAY: none">b</span><span hidden>c</span><span style="mso-hide:all">d</span></p></body>')).toBe('ad\n');
  });

  it('tables as tab and newline text, with optional end tags and nested tables', () => {
    expect(text('<table><tr><td>a<td>b<tr><td><table><tr><td>x</td><td>y</td></tr></table>after<td>&nbsp;</table>')).toBe('a\tb\nx\ty\nafter\t\n');
  });

  it('lists get the markers a browser draws, with a tab: start, type, value, nesting', () => {
    expect(text('<ol start="3" type="i"><li>a<li>b<li value="10">c</ol><ul><li>d<ul><li>e<ul><li>f</ul></ul></ul>')).toBe(
      'iii.\ta\niv.\tb\nx.\tc\n•\td\n◦\te\n▪\tf\n',
    );
  });

  it('LibreOffice\'s header, footer and note blocks and Word\'s note lists go to their stories', () => {
    const html =
      '<div title="header"><p>Head</p></div><p>Body<a href="#sdfootnote1sym"><sup>1</sup></a></p>' +
      '<div id="sdfootnote1"><p><a>1</a>Note</p></div><div title="footer"><p>Foot</p></div>' +
      '<div style="mso-element:endnote-list"><br clear=all><hr><div style="mso-element:endnote" id=edn1><p>[i] End</p></div></div>';
    expect(renderHtml(html).stories).toEqual({ body: 'Body1\n', footnotes: '1Note\n', headers: 'Head\nFoot\n', endnotes: '[i] End\n' });
  });
});

describe('MIME (MHTML)', () => {
  it('quoted-printable: =XX bytes, soft line breaks, stray "=" kept', () => {
    const decoded = decodeQuotedPrintable(strToU8('caf=E9 =3D=\r\nsoft=  \nline = end'));
    expect(Array.from(decoded)).toEqual(Array.from(Uint8Array.from([...strToU8('caf'), 0xe9, ...strToU8(' =softline = end')])));
  });

  it('base64 with line breaks and padding', () => {
    expect(new TextDecoder().decode(decodeBase64(strToU8('SGVs\r\nbG8s IHdv\ncmxk!==')))).toBe('Hello, world');
  });

  it('picks the root part named by start=, decodes its charset, and reads a text/plain e-mail', () => {
    const mht =
      'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b; start="<root>"\r\n\r\n' +
      '--b\r\nContent-Type: text/html\r\nContent-ID: <other>\r\n\r\n<p>not the root</p>\r\n' +
      '--b\r\nContent-Type: text/html; charset=koi8-r\r\nContent-ID: <root>\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      btoa('<p>\xf0\xd2\xc9\xd7\xc5\xd4</p>') + '\r\n--b--\r\n';
    expect(readMhtml(strToU8(mht)).stories.body).toBe('Привет\n');
    const mail = 'From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello\r\nthere';
    expect(readMhtml(strToU8(mail))).toMatchObject({ version: 'MIME message (text)', stories: { body: 'Hello\nthere\n' } });
  });
});
