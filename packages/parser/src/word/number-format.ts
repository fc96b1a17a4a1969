/**
 * Number formats (MSONFC, [MS-DOC] 2.9.xx nfc): how list levels and note references show their
 * numbers. The one roman-numeral writer of the parser.
 */
/** MSONFC number formats (2.9.xx): the common ones; others fall back to arabic. */
export function formatNumber(n: number, nfc: number): string {
  switch (nfc) {
    case 1:
      return toRoman(n).toUpperCase();
    case 2:
      return toRoman(n);
    case 3:
      return toLetters(n).toUpperCase();
    case 4:
      return toLetters(n);
    case 5:
      return `${n}${ordinalSuffix(n)}`;
    case 22:
      return n < 10 ? `0${n}` : String(n);
    case 23:
    case 255:
      return '';
    default:
      return String(n);
  }
}

/** Lower-case roman numerals for each digit of the ones, tens, hundreds and thousands (below 4000). */
export const ROMAN_PLACES: readonly (readonly string[])[] = [
  ['', 'i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix'],
  ['', 'x', 'xx', 'xxx', 'xl', 'l', 'lx', 'lxx', 'lxxx', 'xc'],
  ['', 'c', 'cc', 'ccc', 'cd', 'd', 'dc', 'dcc', 'dccc', 'cm'],
  ['', 'm', 'mm', 'mmm'],
];

/** Roman numerals, lower case (1..3999; others as arabic). */
export function toRoman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const [ones, tens, hundreds, thousands] = ROMAN_PLACES as [readonly string[], readonly string[], readonly string[], readonly string[]];
  return thousands[Math.floor(n / 1000)]! + hundreds[Math.floor(n / 100) % 10]! + tens[Math.floor(n / 10) % 10]! + ones[n % 10]!;
}

/** a..z, then aa..zz, … (Word repeats the letter); past 30 letters arabic, as a bound. */
function toLetters(n: number): string {
  if (n <= 0 || n > 780) return String(n);
  return String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
}

function ordinalSuffix(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}
