/**
 * Word 6/95 sprms, translated to Word 97 ones (sprm.ts) so that one reader of paragraph and
 * character properties serves both. A Word 6 sprm is a 1-byte opcode followed by its operand:
 * fixed-size, or a size byte and that many bytes, or (sprmTDefTable) a 2-byte size. The sizes
 * are those of the Word 6 file format (as LibreOffice's ww8scan reads them); an opcode the table
 * does not know has a size byte. Only the sprms the structure reads are kept; the rest are
 * skipped (list ANLDs among them). sprmTDefTable is rewritten: a Word 6 TC is 10 bytes (flags,
 * four 2-byte BRCs), a Word 97 TC80 20; only the flags (fFirstMerged, fMerged) are kept.
 */
import { Sprm } from './sprm.js';

/** Word 6 opcode → [Word 97 opcode, operand size]: the sprms kept, with the same operand in both. */
const KEPT = new Map<number, readonly [number, number]>([
  [9, [Sprm.PFPageBreakBefore, 1]], // sprmPPageBreakBefore
  [24, [Sprm.PFInTable, 1]],
  [25, [Sprm.PFTtp, 1]],
  [65, [Sprm.CFRMarkDel, 1]], // sprmCFStrikeRM
  [66, [Sprm.CFRMarkIns, 1]], // sprmCFRMark
  [67, [Sprm.CFFldVanish, 1]],
  [71, [Sprm.CFData, 1]],
  [75, [Sprm.CFOle2, 1]],
  [80, [Sprm.CIstd, 2]],
  [85, [Sprm.CFBold, 1]],
  [86, [Sprm.CFItalic, 1]],
  [87, [Sprm.CFStrike, 1]],
  [92, [Sprm.CFVanish, 1]],
  [94, [Sprm.CKul, 1]],
  [104, [Sprm.CIss, 1]],
  [117, [Sprm.CFSpec, 1]],
  [186, [Sprm.TTableHeader, 1]],
  [197, [Sprm.TMerge, 2]],
  [198, [Sprm.TSplit, 2]],
]);

const TC6_SIZE = 10;
const TC80_SIZE = 20;

/** sprmCPicLocation (Word 6: a size byte, then the 4-byte picture offset). */
const CPIC_LOCATION = 68;
/** sprmTDefTable: a 2-byte size counting itself minus one. */
const TDEF_TABLE = 190;

/** Fixed operand sizes of the Word 6 opcodes; absent = a size byte (variable). */
const FIXED = new Map<number, number>();
const fixed = (size: number, ...ops: Array<number | [number, number]>) => {
  for (const op of ops) {
    if (typeof op === 'number') FIXED.set(op, size);
    else for (let o = op[0]; o <= op[1]; o++) FIXED.set(o, size);
  }
};
fixed(0, 0, 52, 83, 163);
fixed(1, [4, 11], 13, 14, 24, 25, 29, 37, 44, 50, 51, [65, 67], 71, 75, [85, 92], 94, 98, 100, 102, 104, [117, 119], 131, 132, 138, 139, 142, 143, 146, 147, [150, 153], 158, 159, 162, 185, 186);
fixed(2, 2, [16, 19], 21, 22, [26, 28], [30, 36], [38, 43], [45, 49], 69, 72, 80, 93, 96, 97, 99, 101, 107, 109, 110, 111, 112, [121, 124], 140, 141, 144, 145, 148, 149, [154, 157], 160, 161, [164, 171], 182, 183, 184, 189, 195, 197, 198);
fixed(3, 73, 95, 136, 137);
fixed(4, 20, 70, 192, 194, 196, 200);
fixed(5, 193, 199);
fixed(12, 187);

/** The operand size of the Word 6 sprm whose opcode is at `o` (operand at o + 1), or -1 past `end`. */
function operandSize(bytes: Uint8Array, op: number, o: number, end: number): number {
  const size = FIXED.get(op);
  if (size !== undefined) return size;
  if (op === TDEF_TABLE) return o + 3 <= end ? 2 + bytes[o + 1]! + 256 * bytes[o + 2]! - 1 : -1;
  return o + 2 <= end ? 1 + bytes[o + 1]! : -1;
}

/** A Word 6 grpprl bytes[start, end) as a Word 97 grpprl of the sprms kept (a damaged tail is dropped). */
export function translateWord6Grpprl(bytes: Uint8Array, start: number, end: number): Uint8Array {
  end = Math.min(end, bytes.length);
  const out: number[] = [];
  for (let o = start; o < end; ) {
    const op = bytes[o]!;
    const size = operandSize(bytes, op, o, end);
    if (size < 0 || o + 1 + size > end) break;
    const kept = KEPT.get(op);
    if (kept && kept[1] === size) {
      out.push(kept[0] & 0xff, kept[0] >>> 8);
      for (let i = 0; i < size; i++) out.push(bytes[o + 1 + i]!);
    } else if (op === TDEF_TABLE && size >= 3) {
      out.push(...defTable(bytes, o + 3, o + 1 + size));
    } else if (op === CPIC_LOCATION && size >= 5) {
      out.push(Sprm.CPicLocation & 0xff, Sprm.CPicLocation >>> 8, bytes[o + 2]!, bytes[o + 3]!, bytes[o + 4]!, bytes[o + 5]!);
    }
    o += 1 + size;
  }
  return Uint8Array.from(out);
}

/** A Word 6 sprmTDefTable operand past its size, bytes[o, end) (itcMac, rgdxaCenter, TCs), as a Word 97 sprmTDefTable. */
function defTable(bytes: Uint8Array, o: number, end: number): number[] {
  const itcMac = bytes[o]!;
  const centers = 2 * (itcMac + 1);
  if (o + 1 + centers > end) return [];
  const body = [itcMac, ...bytes.subarray(o + 1, o + 1 + centers)];
  for (let i = 0, tc = o + 1 + centers; i < itcMac; i++, tc += TC6_SIZE) {
    const cell = new Array<number>(TC80_SIZE).fill(0);
    if (tc + 2 <= end) cell[0] = bytes[tc]! & 0x03; // fFirstMerged, fMerged
    body.push(...cell);
  }
  // TDefTableOperand.cb counts the operand after itself, plus one (2.6.4).
  const cb = body.length + 1;
  return [Sprm.TDefTable & 0xff, Sprm.TDefTable >>> 8, cb & 0xff, cb >>> 8, ...body];
}
