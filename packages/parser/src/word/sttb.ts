/**
 * String tables: STTB ([MS-DOC] 2.2.4: fExtend 0xFFFF, cData, cbExtra, then cData strings of
 * cch + cch UTF-16 units, each followed by cbExtra bytes) — bookmark names (SttbfBkmk) and the
 * like — and a bare run of Xst strings (2.9.354: cch, cch UTF-16 units) such as the comment
 * authors (GrpXstAtnOwners). Damaged tables read as far as they are intact.
 */
import { ByteReader } from '../io/bytes.js';
import { decodeUtf16le } from '../io/encoding.js';

/** The strings of an STTB of extended (UTF-16) strings; [] when absent or not extended. */
export function readSttb(stream: Uint8Array, fc: number, lcb: number): string[] {
  const r = new ByteReader(stream, 'string table');
  if (lcb < 6 || !r.has(fc, lcb) || r.u16(fc) !== 0xffff) return [];
  const end = fc + lcb;
  const count = r.u16(fc + 2);
  const cbExtra = r.u16(fc + 4);
  const out: string[] = [];
  let o = fc + 6;
  for (let i = 0; i < count && o + 2 <= end; i++) {
    const cch = r.u16(o);
    if (o + 2 + 2 * cch + cbExtra > end) break;
    out.push(decodeUtf16le(r.slice(o + 2, 2 * cch)));
    o += 2 + 2 * cch + cbExtra;
  }
  return out;
}

/** Consecutive Xst strings filling [fc, fc + lcb). */
export function readXsts(stream: Uint8Array, fc: number, lcb: number): string[] {
  const r = new ByteReader(stream, 'string list');
  if (lcb < 2 || !r.has(fc, lcb)) return [];
  const end = fc + lcb;
  const out: string[] = [];
  for (let o = fc; o + 2 <= end; ) {
    const cch = r.u16(o);
    if (o + 2 + 2 * cch > end) break;
    out.push(decodeUtf16le(r.slice(o + 2, 2 * cch)));
    o += 2 + 2 * cch;
  }
  return out;
}
