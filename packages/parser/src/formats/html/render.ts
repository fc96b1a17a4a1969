/**
 * HTML → the text a browser shows, story by story. Scripts, styles, the head and anything with
 * `display:none` or `hidden` are not shown; block elements end lines; tables become tab/newline
 * text; list items get the marker a browser draws ("•", "1."). Word's "Web Page" conventions are
 * honoured where they carry meaning: footnote, endnote and comment lists (`mso-element:…`) and
 * LibreOffice's header/footer/note blocks go to their own stories, `mso-tab-count` spans are tabs,
 * the spaces after an `mso-list:Ignore` list number are the follow tab, and Word's tracked
 * deletions (class `msoDel`) are not text.
 *
 * Streaming over tokenizer events with an open-element stack: an end tag closes the nearest open
 * element of its name (optional end tags of p, li, td, th, tr, dt, dd are implied the usual way);
 * the stack is bounded (deeper elements are read without being tracked), so hostile nesting
 * costs linear time.
 */
import { formatNumber } from '../../word/number-format.js';
import { symbolFontOf, symbolToUnicode, type SymbolFont } from '../../word/symbol-fonts.js';
import { STORY_NAMES, type StoryName } from '../../types.js';
import { HTML_DIALECT, tokenize, type Attributes } from '../markup/tokenizer.js';
import { LineWriter } from './line-writer.js';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen']);
const HIDDEN = new Set(['head', 'script', 'style', 'template', 'noscript', 'title', 'xml', 'iframe', 'noembed', 'noframes', 'object', 'select', 'datalist']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html',
  'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'ul', 'xmp', 'listing', 'plaintext',
]);
/** Elements whose start implies the end of an open one of these names (WHATWG §13.1.2.4, simplified). */
const IMPLIED_END: Readonly<Record<string, readonly string[]>> = {
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  tr: ['tr', 'td', 'th'],
};
const PRE = new Set(['pre', 'textarea', 'xmp', 'listing', 'plaintext']);
const BULLETS = ['\u2022', '\u25e6', '\u25aa']; // disc, circle, square: CSS's markers by nesting depth
const MAX_STACK = 4096;

interface Open {
  name: string;
  hidden: boolean;
  pre: boolean;
  story: StoryName | null;
  list: { ordered: boolean; next: number; nfc: number } | null;
  listIgnore: boolean;
  /** A font-family declared on the element: its symbol font (null: an ordinary font); undefined: none declared. */
  font: SymbolFont | undefined;
}

export interface RenderedHtml {
  stories: Partial<Record<StoryName, string>>;
  title: string;
  generator: string;
}

/** Renders an HTML document; text outside any story container goes to `defaultStory`. */
export function renderHtml(html: string, defaultStory: StoryName = 'body'): RenderedHtml {
  const writers = new Map<StoryName, LineWriter>();
  const writer = (story: StoryName) => {
    let w = writers.get(story);
    if (!w) writers.set(story, (w = new LineWriter()));
    return w;
  };
  const stack: Open[] = [];
  /** Stack indexes of the open elements of each name: nesting questions in constant time. */
  const open = new Map<string, number[]>();
  const top = (name: string) => {
    const at = open.get(name);
    return at && at.length > 0 ? at[at.length - 1]! : -1;
  };
  const stories: StoryName[] = [];
  const fonts: SymbolFont[] = [];
  let hidden = 0;
  let pre = 0;
  let listIgnore = 0;
  /** Spacing seen inside Word's list-number span (mso-list:Ignore). */
  let listGap = false;
  let title = '';
  let generator = '';
  let inTitle = false;
  const out = () => writer(stories.length > 0 ? stories[stories.length - 1]! : defaultStory);

  const pop = () => {
    const e = stack.pop()!;
    open.get(e.name)!.pop();
    if (e.story) stories.pop();
    if (e.font !== undefined) fonts.pop();
    if (e.pre) pre--;
    if (e.listIgnore) listIgnore--;
    if (e.hidden) hidden--;
    if (e.hidden || hidden > 0) return; // nothing of a hidden element is laid out
    const w = e.story ? writer(e.story) : out();
    if (e.listIgnore && listIgnore === 0 && listGap) {
      w.literal('\t'); // the spaces Word puts after a list number stand for its follow tab
      listGap = false;
    }
    if (e.name === 'td' || e.name === 'th') w.cellEnd();
    else if (e.name === 'tr') w.rowEnd();
    else if (BLOCK.has(e.name)) w.blockBoundary();
  };
  const closeTo = (index: number) => {
    while (stack.length > index) pop();
  };

  tokenize(html, HTML_DIALECT, {
    open(name, attrs, selfClosing) {
      if (name === 'meta' && /^generator$/i.test(attrs.name ?? '')) generator ||= attrs.content ?? '';
      if (name === 'body' && top('head') >= 0) closeTo(top('head'));
      // Optional end tags: a new item closes the open one of the same list, table or definition list.
      const scope = name === 'li' ? Math.max(top('ol'), top('ul')) : name === 'dt' || name === 'dd' ? top('dl') : top('table');
      for (const ended of IMPLIED_END[name] ?? []) if (top(ended) > scope) closeTo(top(ended));
      if (BLOCK.has(name) && stack.length > 0 && stack[stack.length - 1]!.name === 'p') closeTo(stack.length - 1);
      const style = (attrs.style ?? '').toLowerCase().replace(/\s+/g, '');
      const tab = /(?:^|;)mso-tab-count:/.test(style);
      const isHidden =
        HIDDEN.has(name) || 'hidden' in attrs || /(?:^|;)display:none/.test(style) || /\bmsoDel\b/.test(attrs.class ?? '');
      if (hidden === 0 && !isHidden) {
        const w = out();
        if (name === 'br') w.lineBreak();
        else if (name === 'td' || name === 'th') w.cellStart();
        else if (BLOCK.has(name)) w.blockBoundary();
        if (name === 'li') {
          const list = Math.max(top('ol'), top('ul'));
          w.marker(listMarker(list >= 0 ? stack[list]!.list : null, attrs, open.get('ul')?.length ?? 0));
        }
        if (tab) w.literal('\t'); // Word's tab: a span of spaces standing for it
      }
      if (name === 'title') inTitle = true;
      if (VOID.has(name) || selfClosing || stack.length >= MAX_STACK) return;
      const e: Open = {
        name,
        hidden: isHidden || tab,
        pre: PRE.has(name),
        story: storyOf(name, attrs, style),
        list: name === 'ol' || name === 'ul' ? listOf(name, attrs) : null,
        listIgnore: /(?:^|;)mso-list:ignore/.test(style),
        font: declaredFont(name, attrs, style),
      };
      let at = open.get(name);
      if (!at) open.set(name, (at = []));
      at.push(stack.length);
      stack.push(e);
      if (e.story) stories.push(e.story);
      if (e.font !== undefined) fonts.push(e.font);
      if (e.hidden) hidden++;
      if (e.pre) pre++;
      if (e.listIgnore) listIgnore++;
    },
    close(name) {
      if (name === 'title') inTitle = false;
      if (name === 'br') {
        if (hidden === 0) out().lineBreak(); // "</br>" is a line break too
        return;
      }
      const index = top(name);
      if (index >= 0) closeTo(index);
      else if (name === 'p' && hidden === 0) out().blockBoundary(); // "</p>" alone is an empty paragraph
    },
    text(raw) {
      if (inTitle) title += raw;
      if (hidden > 0) return;
      const font = fonts.length > 0 ? fonts[fonts.length - 1]! : null;
      const text = font ? symbolText(raw, font) : raw;
      const w = out();
      if (pre > 0) w.preformatted(text);
      else if (listIgnore > 0) {
        const number = text.replace(/[\s\u00a0]+/g, '');
        if (number !== '') w.literal(number);
        if (number.length < text.length) listGap = true;
      }      else w.text(text);
    },
  });
  closeTo(0);
  const result: Partial<Record<StoryName, string>> = {};
  for (const name of STORY_NAMES) {
    const w = writers.get(name);
    if (!w) continue;
    let text = w.finish();
    if (name !== defaultStory) text = text.replace(/^\n+/, ''); // separators (<br clear=all><hr>) before a note list
    if (text !== '') result[name] = text;
  }
  return { stories: result, title: title.replace(/\s+/g, ' ').trim(), generator: generator.trim() };
}

/** The symbol font of `style="font-family:…"`, the `font:` shorthand or `<font face>`; undefined when the element sets no font. */
function declaredFont(name: string, attrs: Attributes, style: string): SymbolFont | undefined {
  const declared = /(?:^|;)font(?:-family)?:([^;]*)/.exec(style)?.[1] ?? (name === 'font' ? attrs.face?.toLowerCase() : undefined);
  if (declared === undefined) return undefined;
  // The shorthand puts style, weight and size before the families: "7.0pt"times new roman"".
  const family = declared
    .split(',')[0]!
    .replace(/^(?:(?:normal|italic|oblique|bold|bolder|lighter|small-caps|\d+|[\d.]+[a-z%]*(?:\/[\d.]+[a-z%]*)?)(?=["'a-z]))*/, '')
    .replace(/["']/g, '');
  return symbolFontOf(family);
}

/** Characters drawn in a symbol font (Word's "·" bullet in Symbol is •); spaces stay spaces. */
function symbolText(text: string, font: SymbolFont): string {
  let out = '';
  for (const ch of text) out += /\s|\u00a0/.test(ch) ? ch : (symbolToUnicode(font, ch.charCodeAt(0)) ?? ch);
  return out;
}

/** Where a block's text belongs: Word's note and comment lists, LibreOffice's header, footer and note blocks. */
function storyOf(name: string, attrs: Attributes, style: string): StoryName | null {
  if (name !== 'div') return null;
  const element = /(?:^|;)mso-element:([\w-]+)/.exec(style)?.[1];
  if (element === 'footnote-list') return 'footnotes';
  if (element === 'endnote-list') return 'endnotes';
  if (element === 'comment-list') return 'comments';
  if (element === 'header' || element === 'footer') return 'headers';
  const title = attrs.title;
  if (title === 'header' || title === 'footer') return 'headers';
  const id = attrs.id ?? '';
  if (/^sdfootnote\d+$/.test(id)) return 'footnotes';
  if (/^sdendnote\d+$/.test(id)) return 'endnotes';
  return null;
}

function listOf(name: string, attrs: Attributes): Open['list'] {
  if (name === 'ul') return { ordered: false, next: 1, nfc: 23 };
  const start = Number.parseInt(attrs.start ?? '1', 10);
  const nfc = { a: 4, A: 3, i: 2, I: 1 }[attrs.type ?? ''] ?? 0;
  return { ordered: true, next: Number.isFinite(start) ? start : 1, nfc };
}

/** The marker a browser draws before a list item, with a tab after it (the binary path's follow character). */
function listMarker(list: Open['list'], attrs: Attributes, bulletDepth: number): string {
  if (!list) return `${BULLETS[0]}\t`;
  if (!list.ordered) return `${BULLETS[Math.min(Math.max(bulletDepth - 1, 0), BULLETS.length - 1)]}\t`;
  const value = Number.parseInt(attrs.value ?? '', 10);
  if (Number.isFinite(value)) list.next = value;
  return `${formatNumber(list.next++, list.nfc)}.\t`;
}
