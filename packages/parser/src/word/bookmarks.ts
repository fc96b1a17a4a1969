/**
 * Bookmarks ([MS-DOC] 2.8.x SttbfBkmk, PlcfBkf, PlcfBkl): names in an STTB, their first CPs in
 * PlcfBkf (data FBKF, 4 bytes), in the same order. The structure needs where each starts: the
 * target of an in-document hyperlink (HYPERLINK \l "name").
 */
import { readPlc } from './plc.js';
import { readSttb } from './sttb.js';

export interface Bookmark {
  name: string;
  cp: number;
}

/** Most bookmarks read: a damaged count must not multiply the work. */
const MAX_BOOKMARKS = 65536;

export function readBookmarks(tableStream: Uint8Array, names: { fc: number; lcb: number }, starts: { fc: number; lcb: number }): Bookmark[] {
  const list = readSttb(tableStream, names.fc, names.lcb);
  const plc = readPlc(tableStream, starts.fc, starts.lcb, 4, 'bookmark starts');
  if (!plc || list.length === 0) return [];
  const out: Bookmark[] = [];
  for (let i = 0; i < Math.min(plc.length, list.length, MAX_BOOKMARKS); i++) out.push({ name: list[i]!, cp: plc.positions[i]! });
  return out.sort((a, b) => a.cp - b.cp);
}
