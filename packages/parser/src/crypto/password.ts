/**
 * Password forms the Office binary schemes hash: UTF-16LE for RC4 and RC4 CryptoAPI
 * ([MS-OFFCRYPTO] 2.3.5.2, 2.3.6.2), single bytes for XOR obfuscation (2.3.7.4).
 */

/**
 * The password Office encrypts with when the user set none to open the file ([MS-XLS] 2.2.10:
 * Excel's write-protected workbooks). Tried when no password is given, so such files open silently.
 */
export const DEFAULT_PASSWORD = 'VelvetSweatshop';

/** Word 97-2003 takes at most 15 characters; a longer password is also tried cut to 15. */
const WORD_PASSWORD_LIMIT = 15;

/** The password, then its first 15 characters when it is longer (what Word 97-2003 would have hashed). */
export function passwordVariants(password: string): string[] {
  return password.length > WORD_PASSWORD_LIMIT ? [password, password.slice(0, WORD_PASSWORD_LIMIT)] : [password];
}

/** The password as UTF-16LE bytes, no terminator. */
export function utf16le(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >>> 8;
  }
  return out;
}

/** Windows-1252 bytes 0x80..0x9F, by the Unicode character they stand for. */
const CP1252_HIGH = new Map<number, number>(
  [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
    0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
  ]
    .map((code, i): [number, number] => [code, 0x80 + i])
    .filter(([code]) => code !== 0),
);

/**
 * The single-byte passwords XOR obfuscation is checked against ([MS-OFFCRYPTO] 2.3.7.4): the
 * characters in the ANSI code page (Windows-1252 here, '?' where it has none), and each
 * character's low byte (its high byte where the low one is 0). Both cut to 15 bytes; duplicates dropped.
 */
export function singleBytePasswords(password: string): Uint8Array[] {
  const codes = Array.from({ length: Math.min(password.length, WORD_PASSWORD_LIMIT) }, (_, i) => password.charCodeAt(i));
  const ansi = Uint8Array.from(codes, (c) => (c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : (CP1252_HIGH.get(c) ?? 0x3f)));
  const lowBytes = Uint8Array.from(codes, (c) => ((c & 0xff) !== 0 ? c & 0xff : c >>> 8));
  return ansi.every((b, i) => b === lowBytes[i]) ? [ansi] : [ansi, lowBytes];
}
