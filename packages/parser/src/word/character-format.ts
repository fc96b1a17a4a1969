/**
 * Character formatting the structured renderers show ([MS-DOC] 2.6.1 character sprms), as CP
 * runs found once per document:
 * - the marks bold, italic, strike (sprmCFBold/CFItalic/CFStrike/CFDStrike: ToggleOperand 2.9.325),
 *   underline (sprmCKul), superscript/subscript (sprmCIss), from the run's character style
 *   (sprmCIstd) and its own CHPX over the paragraph style. A mark counts only where it differs
 *   from the paragraph style: a heading is bold by its style, and that is the heading's look;
 * - pictures: a run with sprmCFSpec and sprmCPicLocation holds an inline picture (the 0x01
 *   character) whose PICFAndOfficeArtData is at that offset of the Data stream (2.4.6.5).
 */
import { i32le, u16le } from '../io/bytes.js';
import { splitByParagraphs } from './character-props.js';
import { FcRangeList, type PropertyRuns } from './property-runs.js';
import type { CpRuns } from './cp-runs.js';
import type { PieceTable } from './piece-table.js';
import { Sprm, forEachSprm } from './sprm.js';
import { styleChain, type StyleSheet } from './styles.js';

export interface CharacterFormat {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  superscript: boolean;
  subscript: boolean;
  /** Offset in the Data stream of the run's inline picture (sprmCPicLocation with fSpec), or -1. */
  picture: number;
}

/** The values the sprms set, before the paragraph-style rule. */
interface Values {
  bold: boolean;
  italic: boolean;
  strike: boolean;
  dstrike: boolean;
  /** kul (2.9.136): 0 none. */
  underline: number;
  /** iss: 0 normal, 1 superscript, 2 subscript. */
  position: number;
}

const PLAIN: Values = { bold: false, italic: false, strike: false, dstrike: false, underline: 0, position: 0 };

const RELEVANT = new Set<number>([Sprm.CFBold, Sprm.CFItalic, Sprm.CFStrike, Sprm.CFDStrike, Sprm.CKul, Sprm.CIss, Sprm.CIstd, Sprm.CPicLocation]);

/** The document's CP runs with formatting or a picture. */
export function characterFormatCpRuns(
  pieceTable: PieceTable,
  chpx: PropertyRuns,
  papx: PropertyRuns,
  styles: StyleSheet,
  tableStream: Uint8Array,
): CpRuns<CharacterFormat> {
  const styleValues = new Map<number, Values>();
  const ofStyle = (istd: number, below: Values): Values => {
    let own = styleValues.get(istd);
    if (!own) {
      own = { ...PLAIN };
      for (const g of styleChain(styles, istd, 'chpx')) apply(tableStream, g.start, g.end, own, PLAIN);
      styleValues.set(istd, own);
    }
    // A style's toggles were applied from "off"; over `below` they flip what is set (0x81 semantics).
    return {
      bold: below.bold !== own.bold,
      italic: below.italic !== own.italic,
      strike: below.strike !== own.strike,
      dstrike: below.dstrike !== own.dstrike,
      underline: own.underline || below.underline,
      position: own.position || below.position,
    };
  };
  const runs = new FcRangeList<CharacterFormat>();
  for (const run of chpx) {
    let relevant = false;
    let istd = 0;
    let picture = -1;
    let special = false;
    forEachSprm(run.bytes, run.start, run.end, (sprm, o, size) => {
      if (RELEVANT.has(sprm)) relevant = true;
      if (sprm === Sprm.CIstd && size >= 2) istd = u16le(run.bytes, o);
      else if (sprm === Sprm.CPicLocation && size >= 4) picture = i32le(run.bytes, o);
      else if (sprm === Sprm.CFSpec) special = run.bytes[o] === 1;
    });
    if (!relevant) continue;
    for (const part of splitByParagraphs(run, papx)) {
      const base = ofStyle(part.paragraphIstd, PLAIN);
      const charStyle = istd > 0 ? ofStyle(istd, base) : base;
      const v = { ...charStyle };
      apply(run.bytes, run.start, run.end, v, charStyle);
      const format: CharacterFormat = {
        bold: v.bold && !base.bold,
        italic: v.italic && !base.italic,
        underline: v.underline !== 0 && base.underline === 0,
        strike: (v.strike && !base.strike) || (v.dstrike && !base.dstrike),
        superscript: v.position === 1 && base.position !== 1,
        subscript: v.position === 2 && base.position !== 2,
        picture: special && picture >= 0 ? picture : -1,
      };
      if (format.bold || format.italic || format.underline || format.strike || format.superscript || format.subscript || format.picture >= 0) {
        runs.add(part.fcStart, part.fcEnd, format);
      }
    }
  }
  return pieceTable.cpRuns(runs, 'any-byte', 'first-wins', (k) => runs.values[k]!);
}

/** Applies a grpprl's formatting sprms to `v`; `below` is what 0x80 ("as the style") refers to. */
function apply(bytes: Uint8Array, start: number, end: number, v: Values, below: Values): void {
  forEachSprm(bytes, start, end, (sprm, o) => {
    const toggle = (key: 'bold' | 'italic' | 'strike' | 'dstrike') => {
      const x = bytes[o]!;
      if (x === 0 || x === 1) v[key] = x === 1;
      else if (x === 0x80) v[key] = below[key];
      else if (x === 0x81) v[key] = !below[key];
    };
    switch (sprm) {
      case Sprm.CFBold:
        return toggle('bold');
      case Sprm.CFItalic:
        return toggle('italic');
      case Sprm.CFStrike:
        return toggle('strike');
      case Sprm.CFDStrike:
        return toggle('dstrike');
      case Sprm.CKul:
        v.underline = bytes[o]!;
        return;
      case Sprm.CIss:
        v.position = bytes[o]! <= 2 ? bytes[o]! : 0;
        return;
    }
  });
}
