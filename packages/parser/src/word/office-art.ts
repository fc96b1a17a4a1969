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
import { u16le, u32le } from '../io/bytes.js';

const DG_CONTAINER = 0xf002;
const SPGR_CONTAINER = 0xf003;
const SP_CONTAINER = 0xf004;
const FSP = 0xf00a;
const FOPT = 0xf00b;
const CLIENT_TEXTBOX = 0xf00d;
const TERTIARY_FOPT = 0xf122;
/** [MS-ODRAW] 2.3.21.1 lTxid. */
const PROP_LTXID = 0x0080;
/** Groups nest a few levels in real drawings; deeper is damage. */
const MAX_DEPTH = 16;

export type DrawingKind = 'main' | 'header';

/** Text identifiers of a drawing's top-level shapes: spid → txids of the shape and everything grouped in it. */
export type ShapeTexts = Map<number, number[]>;

interface RecordHeader {
  recInstance: number;
  recType: number;
  /** Payload start and end (the end clamped to the parent). */
  start: number;
  end: number;
}

/** The records directly inside [start, end); a record running past `end` ends the walk. */
function* records(b: Uint8Array, start: number, end: number): Generator<RecordHeader> {
  let o = start;
  while (o + 8 <= end) {
    const verInst = u16le(b, o);
    const len = u32le(b, o + 4);
    if (len > end - o - 8) return;
    yield { recInstance: verInst >> 4, recType: u16le(b, o + 2), start: o + 8, end: o + 8 + len };
    o += 8 + len;
  }
}

/**
 * The text identifiers of the top-level shapes of the drawing `kind` in OfficeArtContent at
 * [fc, fc + lcb) of the table stream. Empty when there is none or it is damaged.
 */
export function readShapeTexts(table: Uint8Array, fc: number, lcb: number, kind: DrawingKind): ShapeTexts {
  const texts: ShapeTexts = new Map();
  if (lcb < 8 || fc < 0 || fc + lcb > table.length) return texts;
  const end = fc + lcb;
  // The OfficeArtDggContainer first, then dgglbl + OfficeArtDgContainer pairs.
  const first = records(table, fc, end).next();
  if (first.done) return texts;
  let o = first.value.end;
  const wanted = kind === 'main' ? 0 : 1;
  while (o + 9 <= end) {
    const dgglbl = table[o]!;
    const dg = records(table, o + 1, end).next();
    if (dg.done || dg.value.recType !== DG_CONTAINER) break;
    if (dgglbl === wanted) {
      for (const r of records(table, dg.value.start, dg.value.end)) {
        if (r.recType === SPGR_CONTAINER) collectPatriarch(table, r, texts);
      }
    }
    o = dg.value.end;
  }
  return texts;
}

/**
 * The patriarch group: its first shape is the drawing itself (no text); each other child is a
 * top-level shape or group.
 */
function collectPatriarch(b: Uint8Array, patriarch: RecordHeader, texts: ShapeTexts): void {
  for (const r of records(b, patriarch.start, patriarch.end)) {
    const shapes: Array<{ spid: number; txid: number }> = [];
    if (r.recType === SP_CONTAINER) shapes.push(readShape(b, r));
    else if (r.recType === SPGR_CONTAINER) collectGroup(b, r, shapes, 1);
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
function collectGroup(b: Uint8Array, group: RecordHeader, out: Array<{ spid: number; txid: number }>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const r of records(b, group.start, group.end)) {
    if (r.recType === SP_CONTAINER) out.push(readShape(b, r));
    else if (r.recType === SPGR_CONTAINER) collectGroup(b, r, out, depth + 1);
  }
  if (out.length === 0) out.push({ spid: 0, txid: 0 });
}

/** spid (OfficeArtFSP) and txid (OfficeArtClientTextbox, else lTxid) of one shape; 0 when absent. */
function readShape(b: Uint8Array, sp: RecordHeader): { spid: number; txid: number } {
  let spid = 0;
  let txid = 0;
  let propTxid = 0;
  for (const r of records(b, sp.start, sp.end)) {
    if (r.recType === FSP && r.end - r.start >= 4) spid = u32le(b, r.start);
    else if (r.recType === CLIENT_TEXTBOX && r.end - r.start >= 4) txid = u32le(b, r.start);
    else if (r.recType === FOPT || r.recType === TERTIARY_FOPT) propTxid ||= fopTxid(b, r);
  }
  return { spid, txid: txid || propTxid };
}

/** The lTxid value among an OfficeArtFOPT's recInstance fixed-size property entries (6 bytes each). */
function fopTxid(b: Uint8Array, opt: RecordHeader): number {
  const n = Math.min(opt.recInstance, Math.floor((opt.end - opt.start) / 6));
  for (let i = 0; i < n; i++) {
    const o = opt.start + 6 * i;
    if ((u16le(b, o) & 0x3fff) === PROP_LTXID) return u32le(b, o + 2);
  }
  return 0;
}
