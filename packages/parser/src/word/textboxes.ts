/**
 * Text boxes ([MS-DOC] 2.3.8 textbox document, PlcftxbxTxt / PlcfHdrtxbxTxt, 2.9.106 FTXBXS):
 * the textbox story is cut by a PLC into one range per text box (a chain of linked boxes shares
 * one range), each with a 22-byte FTXBXS: cTxbx or iNextReuse (4), cReusable (4), fReusable (2),
 * itxbxsDest (4), lid (4), txidUndo (4). Entries with fReusable, and always the last one, are
 * spare slots, not text boxes.
 *
 * Which shape shows a range: the shape's txid (office-art.ts) holds the 1-based FTXBXS index in
 * its high 16 bits and the shape's place in its chain in the low 16 bits (2.9.170); FTXBXS.lid is
 * the spid of the chain's first shape, used when the drawing gives no txid.
 */
import { readShapeTexts, type ShapeTexts } from './office-art.js';
import { readShapeAnchors, type ShapeAnchor } from './fspa.js';
import { readPlc } from './plc.js';

const FTXBXS_SIZE = 22;

export interface TextboxEntry {
  /** The range of the box's text (chain), relative to the start of the textbox story; it ends with the box's last paragraph mark. */
  cpStart: number;
  cpEnd: number;
  reusable: boolean;
  /** spid of the first shape of the chain. */
  lid: number;
}

/** PlcftxbxTxt at [fc, fc + lcb) of the table stream; [] when absent or malformed. */
export function readTextboxes(table: Uint8Array, fc: number, lcb: number): TextboxEntry[] {
  const plc = readPlc(table, fc, lcb, FTXBXS_SIZE, 'PlcftxbxTxt');
  if (!plc) return [];
  const boxes: TextboxEntry[] = [];
  for (let i = 0; i < plc.length; i++) {
    const o = plc.dataOffset(i);
    boxes.push({
      cpStart: plc.positions[i]!,
      cpEnd: plc.positions[i + 1]!,
      reusable: i === plc.length - 1 || plc.bytes.u16(o + 8) !== 0,
      lid: plc.bytes.i32(o + 14),
    });
  }
  return boxes;
}

/** A text box placed at its shape's anchor: `anchorCp` in the anchoring story, the text range in the textbox story. */
export interface TextboxPlacement {
  anchorCp: number;
  cpStart: number;
  cpEnd: number;
}

export interface TextboxLayout {
  /** In anchor order; each text box at most once (a chain at its first shape). */
  placed: TextboxPlacement[];
  /** Text boxes no anchor shows (their shape is missing or damaged), in story order. */
  unplaced: Array<{ cpStart: number; cpEnd: number }>;
}

/**
 * Which text box each anchored shape shows: by the txids of the shape (and of the shapes grouped
 * in it) whose place in their chain is 0, else by FTXBXS.lid = spid.
 */
export function placeTextboxes(anchors: readonly ShapeAnchor[], boxes: readonly TextboxEntry[], shapeTexts: ShapeTexts): TextboxLayout {
  const used = new Set<number>();
  const placed: TextboxPlacement[] = [];
  const place = (anchorCp: number, index: number) => {
    // A txid may name a spare slot: the box is the next real one (as Word's readers do).
    while (index < boxes.length && boxes[index]!.reusable) index++;
    const box = boxes[index];
    if (!box || used.has(index) || box.cpEnd <= box.cpStart) return;
    used.add(index);
    placed.push({ anchorCp, cpStart: box.cpStart, cpEnd: box.cpEnd });
  };
  const byLid = new Map<number, number>();
  boxes.forEach((box, i) => {
    if (!box.reusable && !byLid.has(box.lid)) byLid.set(box.lid, i);
  });
  // A shape shows its text once: later anchors naming it again (a damaged file) add nothing.
  const seen = new Set<number>();
  for (const anchor of anchors) {
    if (seen.has(anchor.spid)) continue;
    seen.add(anchor.spid);
    const txids = (shapeTexts.get(anchor.spid) ?? []).filter((txid) => (txid & 0xffff) === 0 && txid >>> 16 > 0);
    if (txids.length > 0) for (const txid of txids) place(anchor.cp, (txid >>> 16) - 1);
    else if (byLid.has(anchor.spid)) place(anchor.cp, byLid.get(anchor.spid)!);
  }
  const unplaced = boxes.filter((box, i) => !box.reusable && !used.has(i) && box.cpEnd > box.cpStart).map(({ cpStart, cpEnd }) => ({ cpStart, cpEnd }));
  return { placed, unplaced };
}

type FcLcbPair = { fc: number; lcb: number };

/**
 * The main document's text boxes at their anchors: PlcSpaMom, PlcftxbxTxt and the main drawing of
 * OfficeArtContent (DggInfo), all in the table stream. Null when there is no textbox PLC.
 */
export function readBodyTextboxes(table: Uint8Array, spa: FcLcbPair, txbx: FcLcbPair, dggInfo: FcLcbPair): TextboxLayout | null {
  const boxes = readTextboxes(table, txbx.fc, txbx.lcb);
  if (boxes.length === 0) return null;
  const anchors = readShapeAnchors(table, spa.fc, spa.lcb);
  return placeTextboxes(anchors, boxes, anchors.length > 0 ? readShapeTexts(table, dggInfo.fc, dggInfo.lcb, 'main') : new Map());
}
