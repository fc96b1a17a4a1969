/**
 * Language ids (LCIDs, as in FIB.lid) to the Windows "ANSI" code page Word used for 8-bit text in
 * that language. Word 97+ stores 8-bit text in cp1252 only ([MS-DOC] 2.4.1); Word 6/95 stores
 * all text as 8-bit in the code page of the document's language.
 */
const BY_PRIMARY_LANGUAGE: Record<number, number> = {
  0x01: 1256, // Arabic
  0x02: 1251, // Bulgarian
  0x05: 1250, // Czech
  0x08: 1253, // Greek
  0x0d: 1255, // Hebrew
  0x0e: 1250, // Hungarian
  0x11: 932, // Japanese
  0x12: 949, // Korean
  0x15: 1250, // Polish
  0x18: 1250, // Romanian
  0x19: 1251, // Russian
  0x1a: 1250, // Croatian (Serbian Cyrillic is handled below)
  0x1b: 1250, // Slovak
  0x1c: 1250, // Albanian
  0x1e: 874, // Thai
  0x1f: 1254, // Turkish
  0x20: 1256, // Urdu
  0x22: 1251, // Ukrainian
  0x23: 1251, // Belarusian
  0x24: 1250, // Slovenian
  0x25: 1257, // Estonian
  0x26: 1257, // Latvian
  0x27: 1257, // Lithuanian
  0x29: 1256, // Farsi
  0x2a: 1258, // Vietnamese
  0x2c: 1254, // Azeri (Latin)
  0x2f: 1251, // Macedonian
  0x3f: 1251, // Kazakh
  0x40: 1251, // Kyrgyz
  0x44: 1251, // Tatar
  0x50: 1251, // Mongolian
};

export function codePageForLid(lid: number): number {
  if (lid === 0x0c1a || lid === 0x1c1a) return 1251; // Serbian / Bosnian Cyrillic
  if (lid === 0x0404 || lid === 0x0c04 || lid === 0x1404) return 950; // Chinese (Traditional)
  if ((lid & 0x3ff) === 0x04) return 936; // Chinese (Simplified)
  return BY_PRIMARY_LANGUAGE[lid & 0x3ff] ?? 1252;
}
