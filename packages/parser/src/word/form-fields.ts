/**
 * Form fields' data ([MS-DOC] 2.9.78 FFData): a FORMTEXT, FORMCHECKBOX or FORMDROPDOWN field holds
 * a 0x01 character with sprmCFData and sprmCPicLocation; the location is an offset in the Data
 * stream of a NilPICFAndBinData (2.9.161: lcb, cbHeader 0x44, 62 ignored bytes) whose binData
 * is the FFData:
 *
 *   version 0xFFFFFFFF, bits (FFDataBits 2.9.79: iType 2 bits, iRes 5 bits, …), cch, hps,
 *   xstzName, [xstzTextDef if iType is text], [wDef if check box or drop-down],
 *   xstzTextFormat, xstzHelpText, xstzStatText, xstzEntryMcr, xstzExitMcr,
 *   [hsttbDropList if drop-down: an STTB, 2.2.4]
 *
 * A drop-down has no field result in the text (0x13 FORMDROPDOWN 0x01 0x15): Word shows its
 * selected entry, hsttbDropList[iRes] (as ISO/IEC 29500 17.16.23 ddList/result: an index out of
 * range falls back to the default, wDef). Text boxes and check boxes keep their result as text.
 */
import { ByteReader } from '../io/bytes.js';
import { readSttb } from './sttb.js';

const ITYPE_DROP = 2;

/** Is `instruction` (a field's code) a drop-down form field's, FORMDROPDOWN? */
export function isDropDownInstruction(instruction: string): boolean {
  return /^\s*FORMDROPDOWN\b/i.test(instruction);
}

/** The entry a drop-down form field shows, its FFData at `fc` of the Data stream; null when there is none or the data is not a drop-down's. */
export function dropDownText(data: Uint8Array, fc: number): string | null {
  const r = new ByteReader(data, 'Data stream');
  if (fc < 0 || !r.has(fc, 6)) return null;
  const lcb = r.u32(fc);
  const cbHeader = r.u16(fc + 4);
  if (cbHeader !== 0x44 || lcb < cbHeader + 10 || !r.has(fc, lcb)) return null;
  const end = fc + lcb;
  let o = fc + cbHeader;
  if (r.u32(o) !== 0xffffffff) return null;
  const bits = r.u16(o + 4);
  if ((bits & 3) !== ITYPE_DROP) return null;
  const iRes = (bits >> 2) & 0x1f;
  o += 10; // version, bits, cch, hps
  o = skipXstz(r, o, end); // xstzName
  if (o < 0 || o + 2 > end) return null;
  const wDef = r.u16(o);
  o += 2;
  for (let k = 0; k < 5 && o >= 0; k++) o = skipXstz(r, o, end); // text format, help, status, entry and exit macros
  if (o < 0) return null;
  const entries = readSttb(data, o, end - o);
  const selected = iRes < entries.length ? iRes : wDef;
  return entries[selected] ?? null;
}

/** After an Xstz (2.9.355: cch, cch UTF-16 units, a NUL unit) at `o`, or -1 when it runs past `end`. */
function skipXstz(r: ByteReader, o: number, end: number): number {
  if (o + 2 > end) return -1;
  const next = o + 2 + 2 * r.u16(o) + 2;
  return next <= end ? next : -1;
}
