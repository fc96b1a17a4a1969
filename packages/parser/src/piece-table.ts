/**
 * The piece table ([MS-DOC] 2.9.38 Clx, 2.9.178 Pcdt, 2.8.35 PlcPcd, 2.9.177 Pcd): the map from
 * character positions (CPs) to where their bytes are in the WordDocument stream, and whether each
 * run of text is stored as 8-bit ("compressed") or UTF-16LE.
 *
 * Every piece is checked against the stream it points into; pieces that run past the end are cut
 * and the cut is reported in `warnings` — nothing in the file is trusted.
 */
import { ByteReader } from './bytes.js';
import { DocParseError } from './errors.js';

export interface Piece {
  /** First CP of the piece. */
  cpStart: number;
  /** CP after the last one of the piece. */
  cpEnd: number;
  /** Byte offset of the first character in the WordDocument stream. */
  offset: number;
  /** true: one byte per character (code page text); false: UTF-16LE, two bytes per character. */
  compressed: boolean;
}

export interface PieceTable {
  pieces: Piece[];
  warnings: string[];
}

/**
 * Parses the Clx found in `tableStream` at [fc, fc+lcb). Prc entries (clxt 0x01, property
 * modifiers for fast-saved files) come first and are skipped; the Pcdt (clxt 0x02) follows.
 * `word6`: Word 6/95 pieces hold plain byte offsets and all text is 8-bit.
 */
export function parseClx(tableStream: Uint8Array, fc: number, lcb: number, word6: boolean): PieceTable {
  const r = new ByteReader(tableStream, 'piece table (Clx)');
  if (!r.has(fc, lcb)) {
    throw new DocParseError('TRUNCATED', `The piece table (${lcb} bytes at ${fc}) lies beyond the end of its stream (${r.length} bytes).`);
  }
  const end = fc + lcb;
  let o = fc;
  while (o < end) {
    const clxt = r.u8(o);
    if (clxt === 0x01) {
      // Prc: clxt, cbGrpprl (int16), grpprl
      const cb = r.i16(o + 1);
      if (cb < 0) throw new DocParseError('CORRUPT', `The piece table has a property block of negative size (${cb}).`);
      o += 3 + cb;
    } else if (clxt === 0x02) {
      const lcbPlc = r.u32(o + 1);
      const start = o + 5;
      if (start + lcbPlc > end) {
        throw new DocParseError('TRUNCATED', `The piece descriptor table claims ${lcbPlc} bytes, more than the Clx holds.`);
      }
      return parsePlcPcd(r, start, lcbPlc, word6);
    } else {
      throw new DocParseError('CORRUPT', `The piece table holds an unknown entry type 0x${clxt.toString(16)} at offset ${o}.`);
    }
  }
  throw new DocParseError('CORRUPT', 'The piece table has no piece descriptors (no Pcdt in the Clx).');
}

/**
 * PlcPcd: (n+1) CPs of 4 bytes, then n Pcds of 8 bytes: flags (2), fc (4), prm (2).
 * `word6`: fcs are plain byte offsets of 8-bit text (Word 6/95, and Word 1/2 — see word2.ts).
 */
export function parsePlcPcd(r: ByteReader, start: number, lcb: number, word6: boolean): PieceTable {
  const PCD_SIZE = 8;
  if (lcb < 4 || (lcb - 4) % (4 + PCD_SIZE) !== 0) {
    throw new DocParseError('CORRUPT', `The piece descriptor table has an impossible size (${lcb} bytes).`);
  }
  const n = (lcb - 4) / (4 + PCD_SIZE);
  const warnings: string[] = [];
  const pieces: Piece[] = [];
  const pcdBase = start + 4 * (n + 1);
  let lastCp = 0;
  for (let i = 0; i < n; i++) {
    const cpStart = r.u32(start + 4 * i);
    const cpEnd = r.u32(start + 4 * (i + 1));
    if (cpStart < lastCp || cpEnd < cpStart) {
      warnings.push(`piece ${i}: CPs out of order (${cpStart}..${cpEnd}); skipped`);
      continue;
    }
    lastCp = cpEnd;
    if (cpEnd === cpStart) continue;
    const fcRaw = r.u32(pcdBase + PCD_SIZE * i + 2);
    // FcCompressed (2.9.73): bits 0-29 fc, bit 30 fCompressed (then the byte offset is fc/2).
    const compressed = word6 || (fcRaw & 0x40000000) !== 0;
    const fc = fcRaw & 0x3fffffff;
    const offset = word6 ? fcRaw : compressed ? Math.floor(fc / 2) : fc;
    pieces.push({ cpStart, cpEnd, offset, compressed });
  }
  return { pieces, warnings };
}

/** Word 6/95 files saved without fast-save have no Clx: the text lies contiguous at fcMin. */
export function contiguousPieceTable(fcMin: number, fcMac: number): PieceTable {
  const len = Math.max(0, fcMac - fcMin);
  return { pieces: len ? [{ cpStart: 0, cpEnd: len, offset: fcMin, compressed: true }] : [], warnings: [] };
}
