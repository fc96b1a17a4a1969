/**
 * Characters of XML or HTML text as the Word binary path prints the marks it stands for
 * (plain-text.ts): no-break space as a space, non-breaking hyphen (U+2011) as "-", and no soft
 * hyphen (U+00AD), zero-width no-break space (U+FEFF) or C0 control other than tab and line feed
 * (markup holds those only through numeric references).
 */
export function plainCharacters(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\ufeff\u00ad\u00a0\u2011]/g, (c) => (c === '\u00a0' ? ' ' : c === '\u2011' ? '-' : ''));
}
