/**
 * Pictures ([MS-DOC] 2.9.192 PICFAndOfficeArtData, 2.9.167 OfficeArtContent; [MS-ODRAW] 2.2
 * records). Two ways a .doc holds one:
 * - inline (a 0x01 character with sprmCPicLocation): a PICF in the Data stream, then OfficeArt
 *   records: a shape container and the picture's OfficeArtFBSE with its BLIP embedded;
 * - floating (a 0x08 character, its shape id in PlcSpaMom): the table stream's OfficeArtContent
 *   holds the BLIP store (FBSEs, their BLIPs embedded or in the WordDocument stream at foDelay)
 *   and the drawings, whose shapes name their picture by the pib property (1-based store index).
 * A BLIP ([MS-ODRAW] 2.2.23) is PNG, JPEG, DIB (returned as BMP), TIFF, or a metafile (EMF, WMF,
 * PICT: returned when stored uncompressed). Every walk is bounded by its record's length.
 */
import { ByteReader, u16le, u32le } from '../io/bytes.js';
import { fixedProperty, officeArtContent, recordAt, records, RecordType, type OfficeArtRecord } from './office-art-records.js';

export interface Picture {
  contentType: string;
  bytes: Uint8Array;
}

const RASTER: Record<number, string> = { 0xf01d: 'image/jpeg', 0xf01e: 'image/png', 0xf01f: 'image/bmp', 0xf029: 'image/tiff', 0xf02a: 'image/jpeg' };
const METAFILE: Record<number, string> = { 0xf01a: 'image/x-emf', 0xf01b: 'image/x-wmf', 0xf01c: 'image/x-pict' };
/** [MS-ODRAW] 2.3.23.1 pib: the 1-based index of a shape's BLIP in the store. */
const PROP_PIB = 0x0104;
/** Deepest container nesting followed (Word's drawings nest a few levels). */
const MAX_NESTING = 16;

/** The picture of a BLIP record at `at`, or null for a kind we cannot give. */
export function readBlip(bytes: Uint8Array, at: number, limit: number): Picture | null {
  const h = recordAt(bytes, at, limit);
  if (!h) return null;
  const uids = h.instance & 1 ? 32 : 16;
  if (RASTER[h.type]) {
    const data = bytes.subarray(Math.min(h.end, h.body + uids + 1), h.end);
    if (data.length === 0) return null;
    return h.type === 0xf01f ? dibToBmp(data) : { contentType: RASTER[h.type]!, bytes: data };
  }
  if (METAFILE[h.type]) {
    // OfficeArtMetafileHeader (34 bytes): … compression at 32: 0x00 DEFLATE, 0xFE none.
    const meta = h.body + uids;
    if (meta + 34 > h.end || bytes[meta + 32] !== 0xfe) return null;
    const data = bytes.subarray(meta + 34, h.end);
    return data.length > 0 ? { contentType: METAFILE[h.type]!, bytes: data } : null;
  }
  return null;
}

/** The BLIP of an FBSE record (embedded after its 36 bytes and name, or at foDelay in `delay`). */
function fbsePicture(bytes: Uint8Array, h: OfficeArtRecord, delay: Uint8Array | null): Picture | null {
  if (h.body + 36 > h.end) return null;
  const cbName = bytes[h.body + 33]!;
  const embedded = h.body + 36 + cbName;
  if (embedded + 8 <= h.end) return readBlip(bytes, embedded, h.end);
  const size = u32le(bytes, h.body + 20);
  const foDelay = u32le(bytes, h.body + 28);
  if (!delay || size === 0 || foDelay >= delay.length) return null;
  return readBlip(delay, foDelay, Math.min(delay.length, foDelay + size));
}

/** The picture of a PICFAndOfficeArtData at `fc` of the Data stream (an inline picture). */
export function inlinePicture(data: Uint8Array, fc: number): Picture | null {
  const r = new ByteReader(data, 'Data stream');
  if (fc < 0 || !r.has(fc, 0x44)) return null;
  const lcb = r.i32(fc);
  const cbHeader = r.u16(fc + 4);
  if (lcb < cbHeader || cbHeader < 0x44 || !r.has(fc, lcb)) return null;
  const end = fc + lcb;
  let at = fc + cbHeader;
  // mfpf.mm 0x66 (MM_SHAPEFILE): a picture name (cchPicName, stPicName) comes first.
  if (r.u16(fc + 6) === 0x66) at += 1 + (data[at] ?? 0);
  for (const h of records(data, at, end)) {
    if (h.type === RecordType.SpContainer) continue;
    const picture = h.type === RecordType.FBSE ? fbsePicture(data, h, null) : readBlip(data, h.body - 8, end);
    if (picture) return picture;
  }
  return null;
}

/**
 * The floating pictures of a document: shape id → picture, for the shapes whose pib names a BLIP
 * in the store. `content` is the table stream's OfficeArtContent range (fcDggInfo, lcbDggInfo).
 */
export function floatingPictures(tableStream: Uint8Array, content: { fc: number; lcb: number }, wordDocument: Uint8Array): Map<number, () => Picture | null> {
  const shapes = new Map<number, () => Picture | null>();
  const art = officeArtContent(tableStream, content.fc, content.lcb);
  if (!art) return shapes;
  const store: OfficeArtRecord[] = [];
  const pibs = new Map<number, number>();
  const walk = (start: number, limit: number, depth: number) => {
    for (const h of records(tableStream, start, limit)) {
      if (h.type === RecordType.BStoreContainer) {
        for (const f of records(tableStream, h.body, h.end)) if (f.type === RecordType.FBSE) store.push(f);
      } else if (h.type === RecordType.SpContainer) {
        shapeOf(tableStream, h, pibs);
      } else if (h.ver === 0x0f && depth < MAX_NESTING) {
        walk(h.body, h.end, depth + 1);
      }
    }
  };
  walk(art.dgg.body, art.dgg.end, 1);
  for (const { dg } of art.drawings) walk(dg.body, dg.end, 1);
  for (const [spid, pib] of pibs) {
    const fbse = store[pib - 1];
    if (!fbse) continue;
    let picture: Picture | null | undefined;
    shapes.set(spid, () => (picture === undefined ? (picture = fbsePicture(tableStream, fbse, wordDocument)) : picture));
  }
  return shapes;
}

/** Records a shape's id and its pib property (OfficeArtFSP, OfficeArtFOPT). */
function shapeOf(bytes: Uint8Array, container: OfficeArtRecord, pibs: Map<number, number>): void {
  let spid = -1;
  let pib = 0;
  for (const h of records(bytes, container.body, container.end)) {
    if (h.type === RecordType.FSP && h.body + 4 <= h.end) spid = u32le(bytes, h.body);
    else if (h.type === RecordType.FOPT) pib = fixedProperty(bytes, h, PROP_PIB) || pib;
  }
  if (spid >= 0 && pib > 0) pibs.set(spid, pib);
}

/** A DIB (BITMAPINFOHEADER + palette + bits) as a .bmp file: the 14-byte BITMAPFILEHEADER added. */
function dibToBmp(dib: Uint8Array): Picture | null {
  if (dib.length < 40) return null;
  const biSize = u32le(dib, 0);
  const bitCount = u16le(dib, 14);
  const compression = u32le(dib, 16);
  const clrUsed = u32le(dib, 32);
  const colours = clrUsed || (bitCount <= 8 ? 1 << bitCount : 0);
  const masks = compression === 3 && biSize === 40 ? 12 : 0;
  const offBits = 14 + biSize + masks + 4 * colours;
  const bmp = new Uint8Array(14 + dib.length);
  bmp[0] = 0x42;
  bmp[1] = 0x4d;
  const view = new DataView(bmp.buffer);
  view.setUint32(2, bmp.length, true);
  view.setUint32(10, offBits, true);
  bmp.set(dib, 14);
  return { contentType: 'image/bmp', bytes: bmp };
}
