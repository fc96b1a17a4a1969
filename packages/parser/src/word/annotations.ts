/**
 * Comments (annotations, [MS-DOC] 2.8.x PlcfandRef, PlcfandTxt, GrpXstAtnOwners): each reference
 * in the main document has an ATRDPre10 (30 bytes: xstUsrInitl, an Xst of up to 9 characters in
 * 20 bytes, then ibst, the author's index in GrpXstAtnOwners); the comment texts are cut from the
 * comments story at PlcfandTxt's CPs.
 */
import { readPlc } from './plc.js';
import { readXsts } from './sttb.js';

export interface CommentInfo {
  /** CP of the comment's mark (0x05) in the main document. */
  cp: number;
  author: string;
  initials: string;
}

const ATRD_SIZE = 30;

export function readCommentInfo(tableStream: Uint8Array, refs: { fc: number; lcb: number }, owners: { fc: number; lcb: number }): CommentInfo[] {
  const plc = readPlc(tableStream, refs.fc, refs.lcb, ATRD_SIZE, 'comment references');
  if (!plc) return [];
  const authors = readXsts(tableStream, owners.fc, owners.lcb);
  const out: CommentInfo[] = [];
  for (let i = 0; i < plc.length; i++) {
    const at = plc.dataOffset(i);
    const cch = Math.min(plc.bytes.u16(at), 9);
    let initials = '';
    for (let k = 0; k < cch; k++) initials += String.fromCharCode(plc.bytes.u16(at + 2 + 2 * k));
    const ibst = plc.bytes.u16(at + 20);
    out.push({ cp: plc.positions[i]!, author: authors[ibst] ?? '', initials });
  }
  return out;
}
