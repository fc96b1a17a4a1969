import { describe, expect, it } from 'vitest';
import { dropDownText } from '../../src/word/form-fields.js';

/** A NilPICFAndBinData (lcb, cbHeader 0x44, 62 zero bytes) holding an FFData ([MS-DOC] 2.9.78), as Word writes a drop-down's. */
function dropDownData(bits: number, wDef: number, entries: string[], at = 0): Uint8Array {
  const u16 = (n: number) => [n & 0xff, n >> 8];
  const xstz = (s: string) => [...u16(s.length), ...[...s].flatMap((c) => u16(c.charCodeAt(0))), 0, 0];
  const ffdata = [
    0xff, 0xff, 0xff, 0xff, ...u16(bits), ...u16(0), ...u16(0), // version, bits, cch, hps
    ...xstz(''), ...u16(wDef), // xstzName, wDef
    ...xstz(''), ...xstz(''), ...xstz(''), ...xstz(''), ...xstz(''), // format, help, status, entry and exit macros
    0xff, 0xff, ...u16(entries.length), 0, 0, ...entries.flatMap((e) => [...u16(e.length), ...[...e].flatMap((c) => u16(c.charCodeAt(0)))]),
  ];
  const lcb = 0x44 + ffdata.length;
  return Uint8Array.from([...new Array<number>(at).fill(0), lcb & 0xff, lcb >> 8, 0, 0, 0x44, 0, ...new Array<number>(62).fill(0), ...ffdata]);
}

describe('dropDownText (FFData of a FORMDROPDOWN field)', () => {
  it('is the entry iRes selects (FFDataBits 0x8002: iTypeDrop, iRes 0, fHasListBox)', () => {
    expect(dropDownText(dropDownData(0x8002, 0, ['non', 'oui']), 0)).toBe('non');
    expect(dropDownText(dropDownData(0x8002 | (1 << 2), 0, ['non', 'oui'], 10), 10)).toBe('oui');
  });

  it('falls back to wDef when iRes is past the list', () => {
    expect(dropDownText(dropDownData(0x8002 | (25 << 2), 1, ['riri', 'fifi', 'loulou']), 0)).toBe('fifi');
  });

  it('is null for a text box or check box, a wrong version or header, or data past the stream', () => {
    expect(dropDownText(dropDownData(0x8000, 0, ['a']), 0)).toBeNull(); // iTypeText
    expect(dropDownText(dropDownData(0x8001, 0, ['a']), 0)).toBeNull(); // iTypeChck
    const bad = dropDownData(0x8002, 0, ['a']);
    bad[0x44] = 0;
    expect(dropDownText(bad, 0)).toBeNull();
    expect(dropDownText(dropDownData(0x8002, 0, ['a']).subarray(0, 80), 0)).toBeNull();
    expect(dropDownText(new Uint8Array(200), 0)).toBeNull(); // zeros: lcb 0
  });
});
