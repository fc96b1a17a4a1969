/**
 * Table row properties ([MS-DOC] 2.4.3 table structure, 2.6.4 table sprms): Word stores a row's
 * TAP as sprms in the PAPX of the row's end mark (TTP). What the structure needs:
 * - sprmTDefTable (2.9.321 TDefTableOperand): itcMac, the cell boundaries rgdxaCenter (itcMac + 1
 *   positions in twips) and one TC80 per cell, whose tcgrf (2.9.328) says whether the cell is merged
 *   horizontally (fFirstMerged 0x01 / fMerged 0x02, Word 97's way) or vertically (fVertMerge 0x20,
 *   fVertRestart 0x40);
 * - sprmTTableHeader: the row repeats as the table's header;
 * - sprmTMerge / sprmTSplit / sprmTVertMerge: later changes to those flags.
 */
import { i16le, u16le } from '../io/bytes.js';
import { Sprm, forEachSprm } from './sprm.js';

export interface TableCellProps {
  /** Merged into the cell on its left (fMerged without fFirstMerged). */
  mergedLeft: boolean;
  /** Continues the cell above (fVertMerge without fVertRestart). */
  mergedUp: boolean;
}

export interface TableRowProps {
  /** Cell boundaries in twips, left to right (itcMac + 1 of them). */
  boundaries: number[];
  cells: TableCellProps[];
  header: boolean;
}

/** Most cells a Word row has (2.9.321: NumberOfColumns ≤ 63). */
const MAX_CELLS = 64;
const TC80_SIZE = 20;

export function readTableRow(bytes: Uint8Array, start: number, end: number): TableRowProps | null {
  let row: TableRowProps | null = null;
  const ensure = () => (row ??= { boundaries: [], cells: [], header: false });
  const flags = new Map<number, number>();
  forEachSprm(bytes, start, end, (sprm, o, size) => {
    switch (sprm) {
      case Sprm.TDefTable: {
        // Operand: cb (2 bytes), itcMac, rgdxaCenter[itcMac + 1], rgTc80[≤ itcMac].
        const stop = o + size;
        const itcMac = Math.min(bytes[o + 2] ?? 0, MAX_CELLS);
        const r = ensure();
        r.boundaries = [];
        for (let i = 0, at = o + 3; i <= itcMac && at + 2 <= stop; i++, at += 2) r.boundaries.push(i16le(bytes, at));
        r.cells = [];
        flags.clear();
        const tcs = o + 3 + 2 * (itcMac + 1);
        for (let i = 0; i < itcMac; i++) {
          const at = tcs + TC80_SIZE * i;
          flags.set(i, at + 2 <= stop ? u16le(bytes, at) : 0);
        }
        break;
      }
      case Sprm.TTableHeader:
        ensure().header = bytes[o] === 1;
        break;
      case Sprm.TMerge:
      case Sprm.TSplit: {
        const first = bytes[o]!;
        const lim = Math.min(bytes[o + 1]!, MAX_CELLS);
        for (let i = first; i < lim; i++) {
          const f = (flags.get(i) ?? 0) & ~0x03;
          flags.set(i, sprm === Sprm.TSplit ? f : f | (i === first ? 0x01 : 0x02));
        }
        break;
      }
      case Sprm.TVertMerge: {
        // Operand: cb (1 byte, 2), itc, vertMerge (0 none, 1 continues the cell above, 3 starts a merge).
        const itc = bytes[o + 1]!;
        const v = bytes[o + 2]!;
        if (itc < MAX_CELLS) flags.set(itc, ((flags.get(itc) ?? 0) & ~0x60) | (v === 1 ? 0x20 : v === 3 ? 0x60 : 0));
        break;
      }
    }
  });
  if (!row) return null;
  const r: TableRowProps = row;
  const count = Math.max(0, r.boundaries.length - 1);
  r.cells = Array.from({ length: count }, (_, i) => {
    const f = flags.get(i) ?? 0;
    return { mergedLeft: (f & 0x03) === 0x02, mergedUp: (f & 0x60) === 0x20 };
  });
  return r;
}
