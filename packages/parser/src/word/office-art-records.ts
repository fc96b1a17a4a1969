/**
 * OfficeArt records ([MS-ODRAW] 2.2.1 OfficeArtRecordHeader) and the layout of a .doc's drawing
 * data ([MS-DOC] 2.9.172 OfficeArtContent): one walker for the readers of text boxes
 * (office-art.ts) and pictures (pictures.ts).
 *
 *   OfficeArtContent = OfficeArtDggContainer (0xF000, with the BLIP store 0xF001), then per drawing:
 *   dgglbl (1 byte: 0 main document, 1 headers) + OfficeArtDgContainer (0xF002).
 *
 * Every walk is bounded by the enclosing record: a record whose length runs past it is clamped.
 */
import { u16le, u32le } from '../io/bytes.js';

/** Record types ([MS-ODRAW] 2.2.x) the readers use. */
export const RecordType = {
  DggContainer: 0xf000,
  BStoreContainer: 0xf001,
  DgContainer: 0xf002,
  SpgrContainer: 0xf003,
  SpContainer: 0xf004,
  FBSE: 0xf007,
  FSP: 0xf00a,
  FOPT: 0xf00b,
  ClientTextbox: 0xf00d,
  TertiaryFOPT: 0xf122,
} as const;

export interface OfficeArtRecord {
  /** recVer: 0xF for a container. */
  ver: number;
  instance: number;
  type: number;
  /** Start of the record's body and its end (clamped to the enclosing range). */
  body: number;
  end: number;
}

/** The record header at `at`, or null when 8 bytes do not fit before `limit`. */
export function recordAt(bytes: Uint8Array, at: number, limit: number): OfficeArtRecord | null {
  if (at < 0 || at + 8 > limit) return null;
  const verInstance = u16le(bytes, at);
  const body = at + 8;
  return { ver: verInstance & 0x0f, instance: verInstance >>> 4, type: u16le(bytes, at + 2), body, end: Math.min(limit, body + u32le(bytes, at + 4)) };
}

/** The records of [start, limit) in order. */
export function* records(bytes: Uint8Array, start: number, limit: number): Generator<OfficeArtRecord> {
  for (let h = recordAt(bytes, start, limit); h; h = recordAt(bytes, h.end, limit)) yield h;
}

export interface OfficeArtDrawings {
  /** The OfficeArtDggContainer (the BLIP store is inside it). */
  dgg: OfficeArtRecord;
  /** The drawings in order: dgglbl 0 is the main document's, 1 the headers'. */
  drawings: Array<{ dgglbl: number; dg: OfficeArtRecord }>;
}

/** The containers of the OfficeArtContent at [fc, fc + lcb) of the table stream; null when there is none. */
export function officeArtContent(table: Uint8Array, fc: number, lcb: number): OfficeArtDrawings | null {
  if (lcb < 8 || fc < 0 || fc + lcb > table.length) return null;
  const end = fc + lcb;
  const dgg = recordAt(table, fc, end);
  if (!dgg) return null;
  const drawings: OfficeArtDrawings['drawings'] = [];
  for (let at = dgg.end; at + 9 <= end; ) {
    const dg = recordAt(table, at + 1, end);
    if (!dg || dg.type !== RecordType.DgContainer) break;
    drawings.push({ dgglbl: table[at]!, dg });
    at = dg.end;
  }
  return { dgg, drawings };
}

/**
 * The value of property `pid` among an OfficeArtFOPT's (or tertiary FOPT's) fixed-size entries
 * ([MS-ODRAW] 2.2.9: recInstance entries of 6 bytes, opid then op), or 0 when it is absent.
 */
export function fixedProperty(bytes: Uint8Array, opt: OfficeArtRecord, pid: number): number {
  const n = Math.min(opt.instance, Math.floor((opt.end - opt.body) / 6));
  for (let i = 0; i < n; i++) {
    const at = opt.body + 6 * i;
    if ((u16le(bytes, at) & 0x3fff) === pid) return u32le(bytes, at + 2);
  }
  return 0;
}
