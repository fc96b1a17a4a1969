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

const ROMAN_VALUES = [1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1];
const ROMAN_DIGITS = ['m', 'cm', 'd', 'cd', 'c', 'xc', 'l', 'xl', 'x', 'ix', 'v', 'iv', 'i'];

/** Roman numerals, lower case (1..3999; others as arabic). */
export function toRoman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  let out = '';
  writeRoman(n, (c) => (out += String.fromCharCode(c)));
  return out;
}

/** The code units of n (1..3999) in lower-case roman numerals, one by one (no string built). */
export function writeRoman(n: number, put: (unit: number) => void): void {
  for (let k = 0; k < ROMAN_VALUES.length; k++) {
    const value = ROMAN_VALUES[k]!;
    const digits = ROMAN_DIGITS[k]!;
    for (; n >= value; n -= value) for (let d = 0; d < digits.length; d++) put(digits.charCodeAt(d));
  }
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
