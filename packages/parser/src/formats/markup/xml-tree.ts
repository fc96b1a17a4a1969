/**
 * XML text → a small element tree, with namespaces resolved to the caller's canonical prefixes:
 * whatever prefix a file binds to the WordprocessingML namespace, its paragraphs come out as
 * `w:p`. Names in namespaces the caller does not know come out as `*:local`; names in no
 * namespace as `local`. `xmlns` declarations are dropped from the attributes.
 *
 * Bounded: nesting deeper than `maxDepth` or more than `maxElements` elements is refused with
 * CORRUPT (a hostile part cannot blow the stack of the readers that walk the tree, or the heap).
 * Malformed XML is read leniently: an end tag closes the nearest open element of its name (and
 * those inside it); a stray end tag is ignored; unclosed elements end with the input.
 */
import { DocParseError } from '../../errors.js';
import { NO_ATTRIBUTES, tokenize, XML_DIALECT, type Attributes } from './tokenizer.js';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Attributes;
  /** Child nodes; elements without children share one frozen empty array. */
  readonly children: readonly XmlNode[];
}

const NO_CHILDREN: readonly XmlNode[] = Object.freeze([]);

/** The tree builder's own view: children are appended while the element is open. */
interface OpenElement {
  name: string;
  attrs: Attributes;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export interface XmlLimits {
  /** Deepest element nesting accepted (Word's own files stay far below: nested tables add 3 a level). */
  maxDepth: number;
  /** Most elements in one part. */
  maxElements: number;
}

export const XML_LIMITS: Readonly<XmlLimits> = { maxDepth: 512, maxElements: 4_000_000 };

/** Namespace URI → the prefix names are given in the tree. */
export type NamespaceMap = Readonly<Record<string, string>>;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

interface Frame {
  raw: string;
  element: OpenElement;
  /** Prefixes this element declared ('' = default namespace), popped when it closes. */
  declared: string[] | null;
}

/** Parses `text`; `what` names the part in error messages ("word/document.xml"). */
export function parseXml(text: string, namespaces: NamespaceMap, what: string, limits: XmlLimits = XML_LIMITS): XmlElement {
  const bindings = new Map<string, string[]>([['xml', [XML_NAMESPACE]]]);
  /** Resolved names while the bindings stay as they are (emptied when a declaration comes or goes). */
  const resolved = new Map<string, string>();
  const stack: Frame[] = [];
  /** Open elements per raw name, so a stray end tag costs no search. */
  const openCount = new Map<string, number>();
  let root: OpenElement | null = null;
  let count = 0;

  const resolve = (qname: string, isAttribute: boolean): string => {
    const key = isAttribute ? `@${qname}` : qname;
    let name = resolved.get(key);
    if (name === undefined) resolved.set(key, (name = resolveUncached(qname, isAttribute)));
    return name;
  };
  const resolveUncached = (qname: string, isAttribute: boolean): string => {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    if (isAttribute && colon < 0) return local; // unprefixed attributes are in no namespace
    const uris = bindings.get(prefix);
    const uri = uris && uris.length > 0 ? uris[uris.length - 1]! : '';
    if (uri === '') return colon < 0 ? local : `*:${local}`;
    if (uri === XML_NAMESPACE) return `xml:${local}`;
    const canonical = namespaces[uri];
    return canonical === undefined ? `*:${local}` : `${canonical}:${local}`;
  };

  const pop = () => {
    const frame = stack.pop()!;
    openCount.set(frame.raw, openCount.get(frame.raw)! - 1);
    if (!frame.declared) return;
    for (const prefix of frame.declared) bindings.get(prefix)!.pop();
    resolved.clear();
  };

  tokenize(text, XML_DIALECT, {
    open(raw, rawAttrs, selfClosing) {
      if (root && stack.length === 0) return; // content after the root element
      if (++count > limits.maxElements) {
        throw new DocParseError('CORRUPT', `${what} has more than ${limits.maxElements} XML elements; it is not read.`);
      }
      if (stack.length >= limits.maxDepth) {
        throw new DocParseError('CORRUPT', `${what} nests XML elements more than ${limits.maxDepth} deep; it is not read.`);
      }
      let declared: string[] | null = null;
      let attrs = NO_ATTRIBUTES;
      if (rawAttrs !== NO_ATTRIBUTES) {
        for (const key in rawAttrs) {
          if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
          const prefix = key === 'xmlns' ? '' : key.slice(6);
          let uris = bindings.get(prefix);
          if (!uris) bindings.set(prefix, (uris = []));
          uris.push(rawAttrs[key]!);
          (declared ??= []).push(prefix);
        }
        if (declared) resolved.clear();
        for (const key in rawAttrs) {
          if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
          if (attrs === NO_ATTRIBUTES) attrs = Object.create(null) as Attributes;
          attrs[resolve(key, true)] = rawAttrs[key]!;
        }
      }
      const element: OpenElement = { name: resolve(raw, false), attrs, children: NO_CHILDREN as XmlNode[] };
      if (stack.length > 0) append(stack[stack.length - 1]!.element, element);
      else root = element;
      stack.push({ raw, element, declared });
      openCount.set(raw, (openCount.get(raw) ?? 0) + 1);
      if (selfClosing) pop();
    },
    close(raw) {
      if (!openCount.get(raw)) return;
      // Every frame passed is popped, so the search is paid for by its pushes.
      for (let k = stack.length - 1; k >= 0; k--) {
        if (stack[k]!.raw !== raw) continue;
        while (stack.length > k) pop();
        return;
      }
    },
    text(value) {
      if (stack.length === 0) return;
      const parent = stack[stack.length - 1]!.element;
      const last = parent.children.length - 1;
      if (last >= 0 && typeof parent.children[last] === 'string') parent.children[last] += value;
      else append(parent, value);
    },
  });
  if (!root) throw new DocParseError('CORRUPT', `${what} holds no XML element.`);
  return root;
}

function append(parent: OpenElement, node: XmlNode): void {
  if (parent.children === NO_CHILDREN) parent.children = [node];
  else parent.children.push(node);
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** The first child element named `name`, or null. */
export function child(element: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!element) return null;
  for (const c of element.children) if (typeof c !== 'string' && c.name === name) return c;
  return null;
}

/** Every child element named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of element.children) if (typeof c !== 'string' && c.name === name) out.push(c);
  return out;
}

/** The value of `<parent><name val="…"/></parent>`: the `attribute` of a child element (or null). */
export function childAttr(element: XmlElement | null | undefined, name: string, attribute: string): string | null {
  return child(element, name)?.attrs[attribute] ?? null;
}

/** The concatenated character data directly inside an element (not its descendants). */
export function ownText(element: XmlElement): string {
  let out = '';
  for (const c of element.children) if (typeof c === 'string') out += c;
  return out;
}
