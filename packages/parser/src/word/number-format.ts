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

/** Roman numerals, lower case (1..3999; others as arabic). */
export function toRoman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const parts: Array<[number, string]> = [
    [1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
    [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i'],
  ];
  let out = '';
  for (const [value, digits] of parts) while (n >= value) (out += digits), (n -= value);
  return out;
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
