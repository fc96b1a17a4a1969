/**
 * The structure facts of a Word 97-2003 file (model/read-result.ts StructureFacts), read on first
 * use from the streams the Word 97 reader already opened.
 */
import type { StructureFacts } from '../model/read-result.js';
import { readCommentInfo } from '../word/annotations.js';
import { readBookmarks } from '../word/bookmarks.js';
import { characterFormatCpRanges } from '../word/character-format.js';
import { FcLcb, type Fib } from '../word/fib.js';
import type { PropertyRun } from '../word/fkp.js';
import { floatingPictures, inlinePicture, type Picture } from '../word/office-art.js';
import type { PieceTable } from '../word/piece-table.js';
import { readPlc } from '../word/plc.js';
import type { Style } from '../word/styles.js';

/** FibRgFcLcb97 pairs read only here ([MS-DOC] 2.5.6; same order as fib.ts FcLcb). */
const Pair = {
  PlcfFldMom: 16,
  SttbfBkmk: 21,
  PlcfBkf: 22,
  GrpXstAtnOwners: 36,
  PlcSpaMom: 40,
  DggInfo: 50,
  PlcftxbxTxt: 56,
} as const;

export interface StructureInput {
  fib: Fib;
  wordDocument: Uint8Array;
  tableStream: Uint8Array;
  dataStream: Uint8Array | null;
  pieceTable: PieceTable;
  papx: readonly PropertyRun[];
  chpx: readonly PropertyRun[];
  styles: readonly Style[];
}

/** FSPA (2.9.95): 26 bytes, spid first. FTXBXS (2.9.104): 22 bytes, lid at 14. */
const FSPA_SIZE = 26;
const FTXBXS_SIZE = 22;

export function readStructureFacts(input: StructureInput): StructureFacts {
  const { fib, tableStream } = input;
  const pair = (i: number) => fib.fcLcb(i);
  const positions = (i: number, cbData: number, what: string) => readPlc(tableStream, pair(i).fc, pair(i).lcb, cbData, what)?.positions ?? [];
  const textboxes = readPlc(tableStream, pair(Pair.PlcftxbxTxt).fc, pair(Pair.PlcftxbxTxt).lcb, FTXBXS_SIZE, 'text boxes');
  const anchors = readPlc(tableStream, pair(Pair.PlcSpaMom).fc, pair(Pair.PlcSpaMom).lcb, FSPA_SIZE, 'shape anchors');
  let shapes: Map<number, () => Picture | null> | undefined;
  return {
    styles: input.styles,
    characterFormats: characterFormatCpRanges(input.pieceTable, input.chpx, input.papx, input.styles, tableStream),
    fieldTypes: readFieldTypes(tableStream, pair(Pair.PlcfFldMom)),
    bookmarks: readBookmarks(tableStream, pair(Pair.SttbfBkmk), pair(Pair.PlcfBkf)),
    storyParts: {
      footnotes: positions(FcLcb.PlcffndTxt, 0, 'footnote texts'),
      endnotes: positions(FcLcb.PlcfendTxt, 0, 'endnote texts'),
      comments: positions(FcLcb.PlcfandTxt, 0, 'comment texts'),
      textboxes: textboxes?.positions ?? [],
      headers: positions(FcLcb.PlcfHdd, 0, 'headers and footers'),
    },
    comments: readCommentInfo(tableStream, pair(FcLcb.PlcfandRef), pair(Pair.GrpXstAtnOwners)),
    // The last FTXBXS is a spare (2.9.107): it has no text box.
    textboxShapes: textboxes ? Array.from({ length: Math.max(0, textboxes.length - 1) }, (_, i) => textboxes.bytes.i32(textboxes.dataOffset(i) + 14)) : [],
    shapeAnchors: anchors ? Array.from({ length: anchors.length }, (_, i) => ({ cp: anchors.positions[i]!, spid: anchors.bytes.i32(anchors.dataOffset(i)) })) : [],
    inlinePicture: (fc) => (input.dataStream ? inlinePicture(input.dataStream, fc) : null),
    shapePicture(spid) {
      shapes ??= floatingPictures(tableStream, pair(Pair.DggInfo), input.wordDocument);
      return shapes.get(spid)?.() ?? null;
    },
  };
}

/** PlcFld (2.8.25): a CP per field character, FLD data (2 bytes: fldch, flt); begins (0x13) carry the type. */
function readFieldTypes(tableStream: Uint8Array, at: { fc: number; lcb: number }): Map<number, number> {
  const types = new Map<number, number>();
  const plc = readPlc(tableStream, at.fc, at.lcb, 2, 'fields');
  if (!plc) return types;
  for (let i = 0; i < plc.length; i++) {
    const o = plc.dataOffset(i);
    if ((plc.bytes.u8(o) & 0x1f) === 0x13) types.set(plc.positions[i]!, plc.bytes.u8(o + 1));
  }
  return types;
}
