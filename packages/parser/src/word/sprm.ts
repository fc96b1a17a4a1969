/**
 * Single property modifiers ([MS-DOC] 2.6.1 Sprm, 2.2.5.1 Prl): a 2-byte opcode whose top three
 * bits (spra) give the operand size, followed by the operand. A grpprl is a run of them.
 */
import { u16le } from '../io/bytes.js';

/** Opcodes this parser reads. */
export const Sprm = {
  // paragraph (2.6.2)
  PIstd: 0x4600,
  PIlvl: 0x260a,
  PIlfo: 0x460b,
  PFInTable: 0x2416,
  PFTtp: 0x2417,
  PFInnerTableCell: 0x244b,
  PFInnerTtp: 0x244c,
  PItap: 0x6649,
  PDtap: 0x664a,
  POutLvl: 0x2640,
  PFPageBreakBefore: 0x2407,
  PChgTabs: 0xc615,
  PDcs: 0x442c,
  // table (2.6.4), in the PAPX of a row's end mark
  TDefTable: 0xd608,
  TTableHeader: 0x3404,
  TMerge: 0x5624,
  TSplit: 0x5625,
  TVertMerge: 0xd62b,
  // character (2.6.1)
  CFRMarkDel: 0x0800,
  CFRMarkIns: 0x0801,
  CFFldVanish: 0x0802,
  CFVanish: 0x083c,
  CFSpec: 0x0855,
  CSymbol: 0x6a09,
  CRgFtc0: 0x4a4f,
  CIstd: 0x4a30,
  CFBold: 0x0835,
  CFItalic: 0x0836,
  CFStrike: 0x0837,
  CFDStrike: 0x2a53,
  CKul: 0x2a3e,
  CIss: 0x2a48,
  CPicLocation: 0x6a03,
  CFData: 0x0806,
  CFOle2: 0x080a,
} as const;

/**
 * Calls `visit(sprm, operandOffset, operandSize)` for each Prl in bytes[start, end). Stops at a
 * Prl that would run past `end` (a damaged grpprl reads as far as it is intact).
 */
export function forEachSprm(
  bytes: Uint8Array,
  start: number,
  end: number,
  visit: (sprm: number, offset: number, size: number) => void,
): void {
  end = Math.min(end, bytes.length);
  for (let o = start; o + 2 <= end; ) {
    const size = prlOperandSize(bytes, o, end);
    if (size < 0) return;
    visit(u16le(bytes, o), o + 2, size);
    o += 2 + size;
  }
}

/** The operand size of the Prl at `o` (o + 2 ≤ end), or -1 when it would run past `end`: how forEachSprm steps. */
export function prlOperandSize(bytes: Uint8Array, o: number, end: number): number {
  const size = operandSize(bytes, u16le(bytes, o), o + 2, end);
  return size < 0 || o + 2 + size > end ? -1 : size;
}

/** 2.6.1: spra 0,1 → 1 byte; 2,4,5 → 2; 3 → 4; 7 → 3; 6 → variable (first byte is the size). */
function operandSize(bytes: Uint8Array, sprm: number, operand: number, end: number): number {
  switch (sprm >>> 13) {
    case 0:
    case 1:
      return 1;
    case 2:
    case 4:
    case 5:
      return 2;
    case 3:
      return 4;
    case 7:
      return 3;
    default:
      break;
  }
  if (operand >= end) return -1;
  if (sprm === Sprm.TDefTable) {
    // 2.6.4: TDefTableOperand.cb (2 bytes) counts the rest of the operand, plus one.
    if (operand + 2 > end) return -1;
    return 2 + u16le(bytes, operand) - 1;
  }
  if (sprm === Sprm.PChgTabs && bytes[operand] === 255) {
    // 2.6.2: PChgTabsOperand with cb 255: PChgTabsDelClose (cTabs, 4 bytes each) then PChgTabsAdd (3 bytes each).
    const del = bytes[operand + 1] ?? 0;
    const addAt = operand + 2 + 4 * del;
    const add = bytes[addAt] ?? 0;
    return 2 + 4 * del + 1 + 3 * add;
  }
  return 1 + bytes[operand]!;
}
