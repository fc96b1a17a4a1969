/**
 * One forgiving tokenizer for the two markup languages Word saves as ".doc": XML (OOXML parts,
 * Word 2003 XML) and HTML ("Web Page"). It reports start tags, end tags and text; comments,
 * processing instructions, DOCTYPEs (internal subset included) and HTML's `<![if …]>` markers are
 * skipped. Nothing is fetched or expanded: entities are the five XML ones (or HTML's named ones)
 * plus numeric references.
 *
 * Linear time: every scan is an indexOf or a single forward pass; a construct that never closes
 * (a comment, a quoted attribute) ends the input instead of being re-scanned.
 */
import { decodeReferences, type EntitySet } from './entities.js';

export interface MarkupDialect {
  readonly entities: EntitySet;
  /** HTML: element names are case-insensitive (reported in lower case). */
  readonly foldCase: boolean;
  /** Elements whose content is text up to their end tag (HTML script, style, …), reported raw. */
  readonly rawText: ReadonlySet<string>;
}

export const XML_DIALECT: MarkupDialect = { entities: 'xml', foldCase: false, rawText: new Set() };

export const HTML_DIALECT: MarkupDialect = {
  entities: 'html',
  foldCase: true,
  // WHATWG §13.1.2: raw text and escapable raw text elements (title/textarea: text only, references decoded).
  rawText: new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'title', 'textarea', 'plaintext']),
};

/**
 * Attributes in source order; a repeated name keeps its first value (as HTML does). No prototype
 * (an attribute may be named __proto__); a tag without attributes gets the shared, frozen NO_ATTRIBUTES.
 */
export type Attributes = Record<string, string>;

export const NO_ATTRIBUTES: Attributes = Object.freeze(Object.create(null) as Attributes);

export interface MarkupHandler {
  open(name: string, attrs: Attributes, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data, references decoded. */
  text(text: string): void;
}

const enum C {
  Bang = 0x21,
  Slash = 0x2f,
  Question = 0x3f,
  Gt = 0x3e,
  Eq = 0x3d,
  DQuote = 0x22,
  SQuote = 0x27,
  LBracket = 0x5b,
  RBracket = 0x5d,
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

/** Start of a tag name: a letter, `_`, `:` or anything non-ASCII (XML names allow all of those). */
function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

export function tokenize(source: string, dialect: MarkupDialect, handler: MarkupHandler): void {
  const n = source.length;
  const emitText = (from: number, to: number) => {
    if (to > from) handler.text(decodeReferences(source.slice(from, to), dialect.entities));
  };
  let i = 0;
  while (i < n) {
    const lt = source.indexOf('<', i);
    if (lt < 0) {
      emitText(i, n);
      return;
    }
    emitText(i, lt);
    const c = source.charCodeAt(lt + 1);
    if (c === C.Bang) {
      i = skipDeclaration(source, lt, handler);
    } else if (c === C.Question) {
      // Processing instruction (XML) or bogus comment (HTML, which ends it at the first '>').
      const end = dialect.foldCase ? source.indexOf('>', lt) : source.indexOf('?>', lt);
      i = end < 0 ? n : end + (dialect.foldCase ? 1 : 2);
    } else if (c === C.Slash) {
      i = endTag(source, lt, dialect, handler);
    } else if (isNameStart(c)) {
      i = startTag(source, lt, dialect, handler);
    } else {
      handler.text('<'); // a lone '<' in text (HTML; malformed XML)
      i = lt + 1;
    }
  }
}

/** `<!--…-->`, `<![CDATA[…]]>`, `<!DOCTYPE …[…]>`, `<![if …]>`: returns the index after it. */
function skipDeclaration(s: string, lt: number, handler: MarkupHandler): number {
  if (s.startsWith('<!--', lt)) {
    const end = s.indexOf('-->', lt + 4);
    return end < 0 ? s.length : end + 3;
  }
  if (s.startsWith('<![CDATA[', lt)) {
    const end = s.indexOf(']]>', lt + 9);
    const stop = end < 0 ? s.length : end;
    if (stop > lt + 9) handler.text(s.slice(lt + 9, stop));
    return end < 0 ? s.length : end + 3;
  }
  // DOCTYPE (its internal subset may hold quoted '>' and nested declarations) or a bogus comment.
  let depth = 0;
  for (let p = lt + 2; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (c === C.DQuote || c === C.SQuote) {
      if (depth === 0) continue; // quotes matter only inside the internal subset
      const close = s.indexOf(String.fromCharCode(c), p + 1);
      if (close < 0) return s.length;
      p = close;
    } else if (c === C.LBracket && p > lt + 2) {
      depth++;
    } else if (c === C.RBracket) {
      if (depth > 0) depth--;
    } else if (c === C.Gt && depth === 0) {
      return p + 1;
    }
  }
  return s.length;
}

function readName(s: string, from: number): number {
  let p = from;
  while (p < s.length) {
    const c = s.charCodeAt(p);
    if (isSpace(c) || c === C.Slash || c === C.Gt || c === C.Eq) break;
    p++;
  }
  return p;
}

function endTag(s: string, lt: number, dialect: MarkupDialect, handler: MarkupHandler): number {
  const nameEnd = readName(s, lt + 2);
  const gt = s.indexOf('>', nameEnd);
  if (nameEnd > lt + 2) {
    const name = s.slice(lt + 2, nameEnd);
    handler.close(dialect.foldCase ? name.toLowerCase() : name);
  }
  return gt < 0 ? s.length : gt + 1;
}

function startTag(s: string, lt: number, dialect: MarkupDialect, handler: MarkupHandler): number {
  const n = s.length;
  const nameEnd = readName(s, lt + 1);
  const rawName = s.slice(lt + 1, nameEnd);
  const name = dialect.foldCase ? rawName.toLowerCase() : rawName;
  let attrs = NO_ATTRIBUTES;
  let p = nameEnd;
  let selfClosing = false;
  for (;;) {
    while (p < n && isSpace(s.charCodeAt(p))) p++;
    if (p >= n) return n; // the tag never ends: drop it (HTML does the same at end of input)
    const c = s.charCodeAt(p);
    if (c === C.Gt) {
      p++;
      break;
    }
    if (c === C.Slash) {
      if (s.charCodeAt(p + 1) === C.Gt) {
        selfClosing = true;
        p += 2;
        break;
      }
      p++;
      continue;
    }
    const attrEnd = c === C.Eq ? p + 1 : readName(s, p); // "=" with no name: skip it
    let attrName = s.slice(p, attrEnd);
    if (dialect.foldCase) attrName = attrName.toLowerCase();
    p = attrEnd;
    while (p < n && isSpace(s.charCodeAt(p))) p++;
    let value = '';
    if (s.charCodeAt(p) === C.Eq) {
      p++;
      while (p < n && isSpace(s.charCodeAt(p))) p++;
      const q = s.charCodeAt(p);
      if (q === C.DQuote || q === C.SQuote) {
        const close = s.indexOf(q === C.DQuote ? '"' : "'", p + 1);
        if (close < 0) return n; // an unterminated value runs to the end of the input
        value = s.slice(p + 1, close);
        p = close + 1;
      } else {
        const start = p;
        while (p < n && !isSpace(s.charCodeAt(p)) && s.charCodeAt(p) !== C.Gt) p++;
        value = s.slice(start, p);
      }
    }
    if (attrName && !Object.prototype.hasOwnProperty.call(attrs, attrName)) {
      if (attrs === NO_ATTRIBUTES) attrs = Object.create(null) as Attributes;
      attrs[attrName] = decodeReferences(value, dialect.entities);
    }
  }
  handler.open(name, attrs, selfClosing);
  if (!selfClosing && dialect.rawText.has(name)) return rawText(s, p, name, dialect, handler);
  return p;
}

/** The content of a raw-text element, up to `</name` (case-insensitive), reported as text. */
function rawText(s: string, from: number, name: string, dialect: MarkupDialect, handler: MarkupHandler): number {
  const re = new RegExp(`</${name}[\\s/>]`, 'ig');
  re.lastIndex = from;
  const m = name === 'plaintext' ? null : re.exec(s);
  const end = m ? m.index : s.length;
  if (end > from) {
    const raw = s.slice(from, end);
    handler.text(name === 'title' || name === 'textarea' ? decodeReferences(raw, dialect.entities) : raw);
  }
  if (!m) {
    handler.close(name);
    return s.length;
  }
  return endTag(s, end, dialect, handler);
}
