/**
 * Shape anchors ([MS-DOC] 2.8.27 PlcfSpa): a PLC whose CPs are the positions of the 0x08 anchor
 * characters of floating shapes (in the main document for PlcSpaMom, in the header document for
 * PlcSpaHdr), each with a 26-byte SPA (called FSPA before [MS-DOC]): spid (4), the shape's
 * rectangle (4 × 4), flags (2), cTxbx (4). The spid names the shape in the OfficeArt drawing
 * (office-art.ts). The last CP closes the PLC and anchors nothing.
 */
import { readPlc } from './plc.js';

const FSPA_SIZE = 26;

export interface ShapeAnchor {
  /** CP of the anchor, relative to the start of its story. */
  cp: number;
  spid: number;
}

/** The anchors of PlcfSpa at [fc, fc + lcb) of the table stream, in CP order; [] when absent or malformed. */
export function readShapeAnchors(table: Uint8Array, fc: number, lcb: number): ShapeAnchor[] {
  const plc = readPlc(table, fc, lcb, FSPA_SIZE, 'PlcfSpa');
  if (!plc) return [];
  const anchors: ShapeAnchor[] = [];
  for (let i = 0; i < plc.length; i++) anchors.push({ cp: plc.positions[i]!, spid: plc.bytes.u32(plc.dataOffset(i)) });
  return anchors;
}
