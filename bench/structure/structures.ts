/**
 * The structures of an HTML rendering (what pandoc makes of a Markdown file, ours or the
 * reference): headings (level + text), table cells (text), list items (text without their
 * label), links (URL + text), emphasised words (strong/em + word). Pure functions; no pandoc here.
 *
 * The HTML is pandoc's (well-formed), with raw HTML tables passed through from the Markdown, so a
 * small tokenizer does: tags, text, entities. Text inside the footnotes section is left out (it is
 * a list in pandoc's HTML but not one in the document).
 */

export type StructureName = 'headings' | 'cells' | 'listItems' | 'links' | 'emphasis';
export const STRUCTURES: StructureName[] = ['headings', 'cells', 'listItems', 'links', 'emphasis'];

export interface Structures {
  /** Each structure as a list of comparable keys (a multiset). */
  items: Record<StructureName, string[]>;
  /** All the text, normalised, for telling "missing text" from "text not marked as the structure". */
  text: string;
}

const VOID = new Set(['br', 'hr', 'img', 'col', 'meta', 'input', 'link', 'wbr', 'source', 'area', 'base']);

interface Frame {
  tag: string;
  /** Text collected for this element (cells, list items, headings, links). */
  text: string[];
  href?: string;
  /** Inside the footnotes section: nothing counted. */
  skip: boolean;
}

export function extractStructures(html: string): Structures {
  const items: Record<StructureName, string[]> = { headings: [], cells: [], listItems: [], links: [], emphasis: [] };
  const all: string[] = [];
  const stack: Frame[] = [];
  let emphasis = { strong: 0, em: 0 };
  const skipping = () => stack.length > 0 && stack[stack.length - 1]!.skip;
  // Text goes to the innermost collecting element of each kind (a cell holding a list item gets
  // the item's text too, but a cell holding a table does not get the inner cells' text).
  const collectors = new Set(['td', 'th', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
  const addText = (text: string) => {
    if (skipping()) return;
    all.push(text);
    const seen = new Set<string>();
    for (let i = stack.length - 1; i >= 0; i--) {
      const frame = stack[i]!;
      const kind = frame.tag === 'th' ? 'td' : frame.tag;
      if (kind === 'table' || kind === 'ul' || kind === 'ol') seen.add(kind === 'table' ? 'td' : 'li');
      if (!collectors.has(frame.tag) || seen.has(kind)) continue;
      frame.text.push(text);
      seen.add(kind);
    }
    for (const word of words(text)) {
      if (emphasis.strong > 0) items.emphasis.push(`strong ${word}`);
      if (emphasis.em > 0) items.emphasis.push(`em ${word}`);
    }
  };

  for (const token of tokenize(html)) {
    if (token.kind === 'text') {
      addText(decodeEntities(token.text));
      continue;
    }
    const tag = token.name;
    if (token.kind === 'open') {
      if (tag === 'br') addText(' ');
      if (VOID.has(tag) || token.selfClosing) continue;
      const cls = /\bclass\s*=\s*"([^"]*)"/i.exec(token.attributes)?.[1] ?? '';
      const href = /\bhref\s*=\s*"([^"]*)"/i.exec(token.attributes)?.[1];
      const skip = skipping() || (tag === 'section' && /\bfootnotes\b/.test(cls)) || (tag === 'a' && /\bfootnote-(ref|back)\b/.test(cls));
      stack.push({ tag, text: [], href: href === undefined ? undefined : decodeEntities(href), skip });
      if (tag === 'strong' || tag === 'b') emphasis = { ...emphasis, strong: emphasis.strong + 1 };
      if (tag === 'em' || tag === 'i') emphasis = { ...emphasis, em: emphasis.em + 1 };
      if (/^(p|div|tr|td|th|li|h[1-6]|table|ul|ol|blockquote)$/.test(tag)) addText(' ');
      continue;
    }
    // A close tag pops up to its open (tolerates unclosed elements in between).
    const at = findOpen(stack, tag);
    if (at < 0) continue;
    while (stack.length > at) {
      const frame = stack.pop()!;
      if (frame.tag === 'strong' || frame.tag === 'b') emphasis = { ...emphasis, strong: emphasis.strong - 1 };
      if (frame.tag === 'em' || frame.tag === 'i') emphasis = { ...emphasis, em: emphasis.em - 1 };
      if (!frame.skip) finish(frame, items, stack.some((f) => f.tag === 'td' || f.tag === 'th'));
    }
    if (/^(p|div|tr|td|th|li|h[1-6]|table|ul|ol|blockquote)$/.test(tag)) addText(' ');
  }
  return { items, text: normalise(all.join('')) };
}

function finish(frame: Frame, items: Structures['items'], inCell: boolean): void {
  const text = normalise(frame.text.join(''));
  if (text === '') return;
  const heading = /^h([1-6])$/.exec(frame.tag);
  // Headings in table cells are not compared: pandoc's writer cannot keep them (it writes <p class="heading">).
  if (heading && inCell) return;
  if (heading) {
    const title = stripHeadingNumber(text);
    if (title !== '') items.headings.push(`${heading[1]} ${title}`);
  }
  else if (frame.tag === 'td' || frame.tag === 'th') items.cells.push(text);
  else if (frame.tag === 'li') {
    const item = stripLabel(text);
    if (item !== '') items.listItems.push(item);
  } else if (frame.tag === 'a' && frame.href !== undefined && frame.href !== '') {
    // In-document links by their text: Word targets bookmarks (_Toc…), pandoc its own heading ids.
    items.links.push(frame.href.startsWith('#') ? `# ${text}` : `${normaliseUrl(frame.href)} ${text}`);
  }
}

function findOpen(stack: Frame[], tag: string): number {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.tag === tag) return i;
  return -1;
}

/** NFKC, case-folded, soft hyphens and zero-width characters dropped, white space collapsed. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A list item's text without a leading label typed or generated ("1.", "a)", "iv.", "•", "1.2."). */
export function stripLabel(text: string): string {
  return text.replace(/^(\(?([0-9]{1,3}(\.[0-9]{1,3})*|[a-z]|[ivxlc]{1,6})[.)]|[•◦▪■□●○·o\-–—*>§])\s+/u, '').trim();
}

/**
 * A heading's text without its number ("1", "3.1.", "iv.", "a)"): Word numbers headings from a
 * list, and pandoc's docx reader drops those numbers, so they are compared without.
 */
export function stripHeadingNumber(text: string): string {
  return text.replace(/^(\d{1,3}([.)]\d{1,3})*[.)]?|[ivxlc]{1,6}[.)]|[a-z][.)])\s+/u, '').trim();
}

/** Scheme and host lower-cased, a lone trailing slash dropped: "HTTP://X.org/" and "http://x.org" match. */
export function normaliseUrl(url: string): string {
  const trimmed = url.trim();
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(trimmed);
  const joined = m ? m[1]!.toLowerCase() + m[2]!.toLowerCase() + m[3]! : trimmed;
  return joined.replace(/\/$/, '');
}

export function words(text: string): string[] {
  return normalise(text).match(/[\p{L}\p{N}_]+/gu) ?? [];
}

type Token = { kind: 'text'; text: string } | { kind: 'open'; name: string; attributes: string; selfClosing: boolean } | { kind: 'close'; name: string };

export function* tokenize(html: string): Generator<Token> {
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\/([a-zA-Z][a-zA-Z0-9]*)\s*>|<([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > last) yield { kind: 'text', text: html.slice(last, m.index) };
    last = re.lastIndex;
    if (m[1]) yield { kind: 'close', name: m[1].toLowerCase() };
    else if (m[2]) {
      const attributes = m[3] ?? '';
      yield { kind: 'open', name: m[2].toLowerCase(), attributes, selfClosing: /\/\s*$/.test(attributes) };
    }
  }
  if (last < html.length) yield { kind: 'text', text: html.slice(last) };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED[body.toLowerCase()] ?? entity;
  });
}

/** F1 of two multisets; null when both are empty (the file does not have the structure). */
export function multisetF1(reference: readonly string[], ours: readonly string[]): { f1: number | null; matched: number } {
  if (reference.length === 0 && ours.length === 0) return { f1: null, matched: 0 };
  const counts = new Map<string, number>();
  for (const key of reference) counts.set(key, (counts.get(key) ?? 0) + 1);
  let matched = 0;
  for (const key of ours) {
    const n = counts.get(key) ?? 0;
    if (n > 0) {
      matched++;
      counts.set(key, n - 1);
    }
  }
  if (matched === 0) return { f1: 0, matched };
  const precision = matched / ours.length;
  const recall = matched / reference.length;
  return { f1: (2 * precision * recall) / (precision + recall), matched };
}
