/**
 * OfficeArt drawing data, as far as text boxes need it ([MS-DOC] 2.9.172 OfficeArtContent,
 * [MS-ODRAW] 2.2.x records): which text (txid) belongs to which shape that the text anchors.
 *
 *   OfficeArtContent = OfficeArtDggContainer, then per drawing: dgglbl (1 byte: 0 main document,
 *   1 headers) + OfficeArtDgContainer (0xF002) ⊃ the patriarch OfficeArtSpgrContainer (0xF003)
 *   ⊃ top-level shapes: OfficeArtSpContainer (0xF004), or a group (a nested 0xF003 whose first
 *   shape is the group's own) ⊃ …
 *
 * A shape's spid is in its OfficeArtFSP (0xF00A); its text identifier in OfficeArtClientTextbox
 * (0xF00D, [MS-DOC] 2.9.170) or the lTxid property (0x0080) of its OfficeArtFOPT (0xF00B).
 * Only top-level shapes have an FSPA anchor in the text; a grouped shape's text belongs to its
 * top-level group.
 */
import { u32le } from '../io/bytes.js';
import { fixedProperty, officeArtContent, records, RecordType, type OfficeArtRecord } from './office-art-records.js';

/** [MS-ODRAW] 2.3.21.1 lTxid. */
const PROP_LTXID = 0x0080;
/** Groups nest a few levels in real drawings; deeper is damage. */
const MAX_DEPTH = 16;

export type DrawingKind = 'main' | 'header';

/** Text identifiers of a drawing's top-level shapes: spid → txids of the shape and everything grouped in it. */
export type ShapeTexts = Map<number, number[]>;

/**
 * The text identifiers of the top-level shapes of the drawing `kind` in OfficeArtContent at
 * [fc, fc + lcb) of the table stream. Empty when there is none or it is damaged.
 */
export function readShapeTexts(table: Uint8Array, fc: number, lcb: number, kind: DrawingKind): ShapeTexts {
  const texts: ShapeTexts = new Map();
  const wanted = kind === 'main' ? 0 : 1;
  for (const { dgglbl, dg } of officeArtContent(table, fc, lcb)?.drawings ?? []) {
    if (dgglbl !== wanted) continue;
    for (const r of records(table, dg.body, dg.end)) {
      if (r.type === RecordType.SpgrContainer) collectPatriarch(table, r, texts);
    }
  }
  return texts;
}

/**
 * The patriarch group: its first shape is the drawing itself (no text); each other child is a
 * top-level shape or group.
 */
function collectPatriarch(b: Uint8Array, patriarch: OfficeArtRecord, texts: ShapeTexts): void {
  for (const r of records(b, patriarch.body, patriarch.end)) {
    const shapes: Array<{ spid: number; txid: number }> = [];
    if (r.type === RecordType.SpContainer) shapes.push(readShape(b, r));
    else if (r.type === RecordType.SpgrContainer) collectGroup(b, r, shapes, 1);
    else continue;
    const top = shapes[0]!.spid;
    const txids = shapes.map((s) => s.txid).filter((t) => t !== 0);
    if (top === 0 || txids.length === 0) continue;
    const known = texts.get(top);
    if (known) for (const txid of txids) known.push(txid);
    else texts.set(top, txids);
  }
}

/** Every shape of a group, depth first; the group's own shape comes first. */
function collectGroup(b: Uint8Array, group: OfficeArtRecord, out: Array<{ spid: number; txid: number }>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const r of records(b, group.body, group.end)) {
    if (r.type === RecordType.SpContainer) out.push(readShape(b, r));
    else if (r.type === RecordType.SpgrContainer) collectGroup(b, r, out, depth + 1);
  }
  if (out.length === 0) out.push({ spid: 0, txid: 0 });
}

/** spid (OfficeArtFSP) and txid (OfficeArtClientTextbox, else lTxid) of one shape; 0 when absent. */
function readShape(b: Uint8Array, sp: OfficeArtRecord): { spid: number; txid: number } {
  let spid = 0;
  let txid = 0;
  let propTxid = 0;
  for (const r of records(b, sp.body, sp.end)) {
    if (r.type === RecordType.FSP && r.end - r.body >= 4) spid = u32le(b, r.body);
    else if (r.type === RecordType.ClientTextbox && r.end - r.body >= 4) txid = u32le(b, r.body);
    else if (r.type === RecordType.FOPT || r.type === RecordType.TertiaryFOPT) propTxid ||= fixedProperty(b, r, PROP_LTXID);
  }
  return { spid, txid: txid || propTxid };
}
