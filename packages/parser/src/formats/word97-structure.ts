/**
 * The structure facts of a Word 97-2003 file (model/read-result.ts StructureFacts), read on first
 * use from the streams the Word 97 reader already opened.
 */
import type { StructureFacts } from '../model/read-result.js';
import { readCommentInfo } from '../word/annotations.js';
import { readBookmarks } from '../word/bookmarks.js';
import { characterFormatCpRuns } from '../word/character-format.js';
import { hiddenCpRuns } from '../word/character-props.js';
import { FcLcb, type Fib } from '../word/fib.js';
import type { PropertyRuns } from '../word/property-runs.js';
import { floatingPictures, inlinePicture, type Picture } from '../word/pictures.js';
import { dropDownText } from '../word/form-fields.js';
import type { PieceTable } from '../word/piece-table.js';
import { readPlc } from '../word/plc.js';
import { readShapeAnchors } from '../word/fspa.js';
import type { StyleSheet } from '../word/styles.js';
import { readTextboxes } from '../word/textboxes.js';

/** FibRgFcLcb97 pairs read only here ([MS-DOC] 2.5.6; same order as fib.ts FcLcb). */
const Pair = {
  SttbfBkmk: 21,
  PlcfBkf: 22,
  GrpXstAtnOwners: 36,
} as const;

export interface StructureInput {
  fib: Fib;
  /** The whole WordDocument stream (floating pictures' BLIPs), read when first needed. */
  wordDocument: () => Uint8Array;
  tableStream: Uint8Array;
  dataStream: Uint8Array | null;
  pieceTable: PieceTable;
  papx: PropertyRuns;
  chpx: PropertyRuns;
  styles: StyleSheet;
}

export function readStructureFacts(input: StructureInput): StructureFacts {
  const { fib, tableStream } = input;
  const pair = (i: number) => fib.fcLcb(i);
  const positions = (i: number, cbData: number, what: string) => readPlc(tableStream, pair(i).fc, pair(i).lcb, cbData, what)?.positions ?? [];
  const textboxes = readTextboxes(tableStream, pair(FcLcb.PlcftxbxTxt).fc, pair(FcLcb.PlcftxbxTxt).lcb);
  let shapes: Map<number, () => Picture | null> | undefined;
  return {
    styles: input.styles,
    characterFormats: characterFormatCpRuns(input.pieceTable, input.chpx, input.papx, input.styles, tableStream),
    deleted: hiddenCpRuns(input.pieceTable, input.chpx, input.papx, input.styles, tableStream, 'deleted'),
    fieldTypes: readFieldTypes(tableStream, pair(FcLcb.PlcfFldMom)),
    bookmarks: readBookmarks(tableStream, pair(Pair.SttbfBkmk), pair(Pair.PlcfBkf)),
    storyParts: {
      footnotes: positions(FcLcb.PlcffndTxt, 0, 'footnote texts'),
      endnotes: positions(FcLcb.PlcfendTxt, 0, 'endnote texts'),
      comments: positions(FcLcb.PlcfandTxt, 0, 'comment texts'),
      textboxes: textboxes.length > 0 ? [...textboxes.map((box) => box.cpStart), textboxes[textboxes.length - 1]!.cpEnd] : [],
      headers: positions(FcLcb.PlcfHdd, 0, 'headers and footers'),
    },
    comments: readCommentInfo(tableStream, pair(FcLcb.PlcfandRef), pair(Pair.GrpXstAtnOwners)),
    // The last FTXBXS is a spare (2.9.107): it has no text box.
    textboxShapes: textboxes.slice(0, -1).map((box) => box.lid),
    shapeAnchors: readShapeAnchors(tableStream, pair(FcLcb.PlcSpaMom).fc, pair(FcLcb.PlcSpaMom).lcb),
    inlinePicture: (fc) => (input.dataStream ? inlinePicture(input.dataStream, fc) : null),
    dropDownText: (fc) => (input.dataStream ? dropDownText(input.dataStream, fc) : null),
    shapePicture(spid) {
      shapes ??= floatingPictures(tableStream, pair(FcLcb.DggInfo), input.wordDocument());
      return shapes.get(spid)?.() ?? null;
    },
  };
}

/** PlcFld (2.8.25): a CP per field character, FLD data (2 bytes: fldch, flt); begins (0x13) carry the type. */
export function readFieldTypes(tableStream: Uint8Array, at: { fc: number; lcb: number }): Map<number, number> {
  const types = new Map<number, number>();
  const plc = readPlc(tableStream, at.fc, at.lcb, 2, 'fields');
  if (!plc) return types;
  for (let i = 0; i < plc.length; i++) {
    const o = plc.dataOffset(i);
    if ((plc.bytes.u8(o) & 0x1f) === 0x13) types.set(plc.positions[i]!, plc.bytes.u8(o + 1));
  }
  return types;
}
