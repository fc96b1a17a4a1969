/**
 * What a link may point to once rendered: only http(s) and mailto addresses and bookmarks in the
 * document. Anything else (javascript:, data:, file:, vbscript:, relative paths, protocol-relative
 * `//host`) is shown as its text. Shared by the Markdown and HTML renderers.
 */
import type { Inline, Link, LinkContent } from './types.js';

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * The address a link is rendered with, or null when it must not be linked. Browsers drop tabs and
 * newlines inside a URL and ignore leading control characters and spaces (URL standard), so
 * `java\tscript:` is checked as what the browser would see.
 */
export function linkHref(link: Pick<Link, 'url' | 'anchor'>): string | null {
  if (typeof link.url === 'string' && link.url !== '') {
    const url = link.url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
    if (!scheme || !ALLOWED_SCHEMES.has(scheme) || /[\u0000-\u001f\u007f]/.test(url)) return null;
    const anchor = typeof link.anchor === 'string' && link.anchor !== '' && !url.includes('#') ? `#${encodeFragment(link.anchor)}` : '';
    return url + anchor;
  }
  if (typeof link.anchor === 'string' && link.anchor !== '') return `#${encodeFragment(link.anchor)}`;
  return null;
}

/** A bookmark name as a URL fragment: everything but unreserved characters percent-encoded. */
function encodeFragment(name: string): string {
  return encodeURIComponent(name.replace(/[\u0000-\u001f\u007f]/g, ''));
}

/**
 * A link's content with any link nested in it replaced by its own content (links do not nest; a
 * hand-built tree may still try). Iterative, so a deep nesting costs no stack.
 */
export function linkContent(children: readonly Inline[]): LinkContent[] {
  const out: LinkContent[] = [];
  const stack: Array<{ items: readonly Inline[]; next: number }> = [{ items: children, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.items.length) {
      stack.pop();
      continue;
    }
    const item = top.items[top.next++]!;
    if (item.type === 'link') stack.push({ items: Array.isArray(item.children) ? item.children : [], next: 0 });
    else out.push(item);
  }
  return out;
}
