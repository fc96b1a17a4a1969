/**
 * The structure facts of a Word 6.0/95 file: its paragraph runs, style sheet and character runs
 * read in the Word 6 layouts (fkp.ts, styles.ts) with their grpprls translated to Word 97 sprms
 * (sprm-word6.ts), so the tree reads headings (a style based on Heading 1-9), tables (sprmPFInTable,
 * sprmPFTtp, merged cells from sprmTDefTable), page breaks and emphasis as it does for Word 97.
 * The plain text and catdoc modes read these files without formatting, as catdoc does: these
 * facts reach the tree only. Not read: list numbering (Word 6 ANLDs), comments, bookmarks, headers
 * and footers, pictures.
 */
import type { Formatting, StructureFacts } from '../model/read-result.js';
import { characterFormatCpRuns } from '../word/character-format.js';
import { CpRuns } from '../word/cp-runs.js';
import { FcLcb, type Fib } from '../word/fib.js';
import { readChpxRuns, readPapxRuns, streamPages } from '../word/fkp.js';
import { PropertyRunsBuilder, type PropertyRuns } from '../word/property-runs.js';
import { ParagraphRuns } from '../word/paragraph-props.js';
import type { PieceTable } from '../word/piece-table.js';
import { readPlc } from '../word/plc.js';
import { applyPrms } from '../word/prm.js';
import { translateWord6Grpprl } from '../word/sprm-word6.js';
import { parseStyles, type Style } from '../word/styles.js';
import { readFieldTypes } from './word97-structure.js';

export function readWord6Structure(fib: Fib, wordDocument: Uint8Array, pieceTable: PieceTable): StructureFacts {
  const pair = (i: number) => fib.fcLcb(i);
  const runs = (read: typeof readPapxRuns, i: number) => translated(read(streamPages(wordDocument), wordDocument, pair(i).fc, pair(i).lcb, 'word6'));
  // A fast-saved file's piece Prms apply over its FKPs' runs (prm.ts).
  const papx = applyPrms(pieceTable, runs(readPapxRuns, FcLcb.PlcfBtePapx), 'runs-only');
  const chpx = applyPrms(pieceTable, runs(readChpxRuns, FcLcb.PlcfBteChpx), 'fill');
  const { styles, grpprls } = translateStyles(parseStyles(wordDocument, pair(FcLcb.Stshf).fc, pair(FcLcb.Stshf).lcb, 'word6'), wordDocument);
  const plc = (i: number, cbData: number, what: string) => readPlc(wordDocument, pair(i).fc, pair(i).lcb, cbData, what)?.positions ?? [];
  const formatting: Formatting = {
    paragraphs: new ParagraphRuns(pieceTable, papx, styles, grpprls),
    hidden: CpRuns.empty(),
    symbols: CpRuns.empty(),
    lists: null,
    // Note references in CP order (a damaged PLC may list them out of order).
    footnoteRefs: Uint32Array.from(plc(FcLcb.PlcffndRef, 2, 'note references').slice(0, -1)).sort(),
    endnoteRefs: new Uint32Array(0),
    textboxes: null,
  };
  return {
    formatting,
    styles,
    characterFormats: characterFormatCpRuns(pieceTable, chpx, papx, styles, grpprls),
    deleted: CpRuns.empty(),
    fieldTypes: readFieldTypes(wordDocument, pair(FcLcb.PlcfFldMom)),
    bookmarks: [],
    storyParts: { footnotes: plc(FcLcb.PlcffndTxt, 0, 'footnote texts'), endnotes: [], comments: [], textboxes: [], headers: [] },
    comments: [],
    textboxShapes: [],
    shapeAnchors: [],
    inlinePicture: () => null,
    dropDownText: () => null,
    shapePicture: () => null,
  };
}

/** The runs with their grpprls translated (a new array each). */
function translated(runs: PropertyRuns): PropertyRuns {
  const out = new PropertyRunsBuilder(runs.length);
  for (let k = 0; k < runs.length; k++) {
    const bytes = translateWord6Grpprl(runs.bytes(k), runs.starts[k]!, runs.ends[k]!);
    out.add(runs.fcStarts[k]!, runs.fcEnds[k]!, bytes, 0, bytes.length, runs.istds[k]!);
  }
  return out.build();
}

/** The styles with their grpprls translated, as [start, end) ranges of one new buffer (`grpprls`). */
function translateStyles(styles: Style[], wordDocument: Uint8Array): { styles: Style[]; grpprls: Uint8Array } {
  const parts: Uint8Array[] = [];
  let length = 0;
  const translate = (range: Style['papx']): Style['papx'] => {
    if (!range) return null;
    const bytes = translateWord6Grpprl(wordDocument, range.start, range.end);
    parts.push(bytes);
    length += bytes.length;
    return { start: length - bytes.length, end: length };
  };
  const translated = styles.map((style) => ({ ...style, papx: translate(style.papx), chpx: translate(style.chpx) }));
  const grpprls = new Uint8Array(length);
  let o = 0;
  for (const part of parts) {
    grpprls.set(part, o);
    o += part.length;
  }
  return { styles: translated, grpprls };
}
