/**
 * Password forms the Office binary schemes hash: UTF-16LE for RC4 and RC4 CryptoAPI
 * ([MS-OFFCRYPTO] 2.3.5.2, 2.3.6.2), single bytes for XOR obfuscation (2.3.7.4).
 */
import { byteTableOf, decodeCp1252 } from '../io/encoding.js';

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

/**
 * The single-byte passwords XOR obfuscation is checked against ([MS-OFFCRYPTO] 2.3.7.4): the
 * characters in the document's ANSI code page (`ansi`: a single-byte table, '?' where it has none),
 * the same in Windows-1252 when the two differ, and each character's low byte (its high byte where
 * the low one is 0). All cut to 15 bytes; duplicates dropped.
 */
export function singleBytePasswords(password: string, ansi: Uint16Array | null = null): Uint8Array[] {
  const codes = Array.from({ length: Math.min(password.length, WORD_PASSWORD_LIMIT) }, (_, i) => password.charCodeAt(i));
  const forms = [ansi, CP1252].filter((table): table is Uint16Array => table !== null).map((table) => encode(codes, table));
  forms.push(Uint8Array.from(codes, (c) => ((c & 0xff) !== 0 ? c & 0xff : c >>> 8)));
  return forms.filter((form, i) => forms.findIndex((other) => sameBytes(other, form)) === i);
}

const CP1252 = byteTableOf(decodeCp1252);

/** Code units to bytes through a byte → code unit table ('?' for a unit the table lacks). */
function encode(codes: number[], table: Uint16Array): Uint8Array {
  return Uint8Array.from(codes, (c) => {
    const byte = c < 0x80 ? c : table.indexOf(c, 0x80);
    return byte >= 0 ? byte : 0x3f;
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
