/**
 * Character references in markup text. XML has exactly five named entities plus numeric ones;
 * nothing is ever expanded from a DTD (no `<!ENTITY>` declarations are read), so an "entity
 * bomb" stays the few bytes it is. HTML adds the named references Word and LibreOffice write.
 */
import { decodeCp1252 } from '../../io/encoding.js';

/** XML 1.0 §4.6: the predefined entities. */
const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** ISO-8859-1 names for U+00A0..U+00FF, in order (HTML 4 §24.2). */
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 ' +
  'acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde ' +
  'Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc ' +
  'Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml ' +
  'aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc ' +
  'otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

/** HTML 4 §24.3-24.4: the other names documents use (punctuation, symbols, Greek). */
const HTML_OTHER: Readonly<Record<string, number>> = {
  OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192, circ: 0x2c6, tilde: 0x2dc,
  ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d, lrm: 0x200e, rlm: 0x200f,
  ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c, rdquo: 0x201d,
  bdquo: 0x201e, dagger: 0x2020, Dagger: 0x2021, bull: 0x2022, hellip: 0x2026, permil: 0x2030, prime: 0x2032,
  Prime: 0x2033, lsaquo: 0x2039, rsaquo: 0x203a, oline: 0x203e, frasl: 0x2044, euro: 0x20ac, trade: 0x2122,
  larr: 0x2190, uarr: 0x2191, rarr: 0x2192, darr: 0x2193, harr: 0x2194, lArr: 0x21d0, rArr: 0x21d2,
  hArr: 0x21d4, forall: 0x2200, part: 0x2202, exist: 0x2203, empty: 0x2205, nabla: 0x2207, isin: 0x2208,
  notin: 0x2209, prod: 0x220f, sum: 0x2211, minus: 0x2212, radic: 0x221a, infin: 0x221e, ang: 0x2220,
  and: 0x2227, or: 0x2228, cap: 0x2229, cup: 0x222a, int: 0x222b, there4: 0x2234, sim: 0x223c, asymp: 0x2248,
  ne: 0x2260, equiv: 0x2261, le: 0x2264, ge: 0x2265, sub: 0x2282, sup: 0x2283, sube: 0x2286, supe: 0x2287,
  loz: 0x25ca, spades: 0x2660, clubs: 0x2663, hearts: 0x2665, diams: 0x2666,
  Alpha: 0x391, Beta: 0x392, Gamma: 0x393, Delta: 0x394, Epsilon: 0x395, Zeta: 0x396, Eta: 0x397, Theta: 0x398,
  Iota: 0x399, Kappa: 0x39a, Lambda: 0x39b, Mu: 0x39c, Nu: 0x39d, Xi: 0x39e, Omicron: 0x39f, Pi: 0x3a0,
  Rho: 0x3a1, Sigma: 0x3a3, Tau: 0x3a4, Upsilon: 0x3a5, Phi: 0x3a6, Chi: 0x3a7, Psi: 0x3a8, Omega: 0x3a9,
  alpha: 0x3b1, beta: 0x3b2, gamma: 0x3b3, delta: 0x3b4, epsilon: 0x3b5, zeta: 0x3b6, eta: 0x3b7, theta: 0x3b8,
  iota: 0x3b9, kappa: 0x3ba, lambda: 0x3bb, mu: 0x3bc, nu: 0x3bd, xi: 0x3be, omicron: 0x3bf, pi: 0x3c0,
  rho: 0x3c1, sigmaf: 0x3c2, sigma: 0x3c3, tau: 0x3c4, upsilon: 0x3c5, phi: 0x3c6, chi: 0x3c7, psi: 0x3c8,
  omega: 0x3c9, thetasym: 0x3d1, upsih: 0x3d2, piv: 0x3d6,
};

const HTML_ENTITIES: Readonly<Record<string, string>> = (() => {
  const table: Record<string, string> = Object.create(null) as Record<string, string>;
  Object.assign(table, XML_ENTITIES);
  LATIN1_NAMES.split(' ').forEach((name, i) => (table[name] = String.fromCharCode(0xa0 + i)));
  for (const [name, code] of Object.entries(HTML_OTHER)) table[name] = String.fromCharCode(code);
  return table;
})();

export type EntitySet = 'xml' | 'html';

// Names are bounded (32 characters), so a long run of letters after "&" costs no backtracking.
const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));?/g;

/**
 * Replaces character references. Unknown names are left as written; code points that are not
 * characters (0, surrogates, above U+10FFFF) become U+FFFD, as parsers do.
 */
export function decodeReferences(text: string, set: EntitySet): string {
  if (text.indexOf('&') < 0) return text;
  const names = set === 'xml' ? XML_ENTITIES : HTML_ENTITIES;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      if (set === 'xml' && !whole.endsWith(';')) return whole;
      return Object.prototype.hasOwnProperty.call(names, name) ? names[name]! : whole;
    }
    let code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    // WHATWG §13.2.5.80: references to 0x80..0x9F mean the windows-1252 characters of those bytes.
    if (set === 'html' && code >= 0x80 && code <= 0x9f) code = decodeCp1252(Uint8Array.of(code)).charCodeAt(0);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}
