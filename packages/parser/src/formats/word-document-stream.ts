/**
 * The WordDocument stream of a Word 97 file whose sectors do not lie end to end in the file
 * ([MS-CFB]: the FAT's own sectors often sit among them). Its text, most of a large document, is
 * read by decodePieces from the file where it lies; the array the other readers index is a copy
 * of everything else: the FIB, the formatted disk pages, every byte outside the text. The text's
 * bytes are never written into it, so the memory under them is never touched (a zero-filled
 * allocation): the stream costs the file, not the file twice.
 *
 * Exact for every reader of the plain-text path: the FIB (copied whole, as far as its counts reach, before it is parsed), the
 * FKP pages the bin tables name (copied even where a damaged file puts them inside the text). A
 * reader that may look anywhere (the pictures of the structure) gets `whole()`, a full copy.
 */
import { u16le } from '../io/bytes.js';
import { copyPartsRange, joinParts, type StreamPart } from '../ole/index.js';
import { readPlc } from '../word/plc.js';
import { pieceFcEnd, type Piece } from '../word/piece-table.js';

/** Bytes copied before the FIB is parsed, at least: a Word 97 FIB is ~1.5 KB, Word 6's fixed part smaller. */
const HEAD = 4096;
/** [MS-DOC] 2.9.33 / 2.9.175: a formatted disk page. */
const FKP_PAGE = 512;

export interface WordDocumentStream {
  /** The stream for the FIB and the FKP pages: the view of the file, or a copy without the text. */
  readonly bytes: Uint8Array;
  /** Where the text is read: `bytes` itself, or the stream's parts. */
  readonly text: Uint8Array | readonly StreamPart[];
  /** The whole stream, every byte: `bytes` itself, or a copy made when first asked for. */
  whole(): Uint8Array;
  /**
   * Copies into `bytes` what the FIB did not cover, leaving out the text of `pieces` except the
   * FKP pages of the bin tables at `bins` in the table stream. Nothing to do for a view.
   */
  complete(pieces: readonly Piece[], tableStream: Uint8Array, bins: ReadonlyArray<{ fc: number; lcb: number }>): void;
}

export function openWordDocumentStream(parts: readonly StreamPart[]): WordDocumentStream {
  if (parts.length === 1) {
    const bytes = parts[0]!.bytes;
    return { bytes, text: bytes, whole: () => bytes, complete: () => undefined };
  }
  const last = parts[parts.length - 1]!;
  const bytes = new Uint8Array(last.at + last.bytes.length);
  const head = copyFib(parts, bytes);
  let whole: Uint8Array | undefined;
  return {
    bytes,
    text: parts,
    whole: () => (whole ??= joinParts(parts)),
    complete(pieces, tableStream, bins) {
      const kept = [...textRanges(pieces, bytes.length), ...fkpPages(tableStream, bins, bytes.length)];
      // Walk the stream past the head: copy up to each text range, skip it, keep the FKP pages in it.
      let at = head;
      for (const [start, end, copy] of boundaries(kept)) {
        if (start > at) copyRange(parts, bytes, at, start);
        if (copy) copyRange(parts, bytes, Math.max(at, start), end);
        at = Math.max(at, end);
      }
      if (at < bytes.length) copyRange(parts, bytes, at, bytes.length);
    },
  };
}

/**
 * Copies the stream's head into `bytes`: HEAD bytes, or as far as the Word 97 FIB's counts say it
 * reaches (2.5.1: FibBase, csw FibRgW97, cslw FibRgLw97, cbRgFcLcb FibRgFcLcb, then cswNew and
 * nFibNew, which parseFib reads); returns where the copy ends.
 */
function copyFib(parts: readonly StreamPart[], bytes: Uint8Array): number {
  let copied = 0;
  const need = (end: number) => {
    end = Math.min(end, bytes.length);
    if (end > copied) copyRange(parts, bytes, copied, end);
    copied = Math.max(copied, end);
  };
  need(HEAD);
  let o = 32;
  for (const width of [2, 4, 8]) {
    need(o + 2);
    o += 2 + (o + 2 <= bytes.length ? width * u16le(bytes, o) : 0);
  }
  need(o + 4);
  return copied;
}

/** The byte ranges of the text pieces, clipped to the stream (flag false: not copied). */
function textRanges(pieces: readonly Piece[], length: number): Array<[number, number, boolean]> {
  return pieces.map((p) => {
    const start = Math.min(p.offset, length);
    return [start, Math.min(length, pieceFcEnd(p)), false];
  });
}

/** The FKP pages the bin tables name (flag true: copied, even inside the text). */
function fkpPages(tableStream: Uint8Array, bins: ReadonlyArray<{ fc: number; lcb: number }>, length: number): Array<[number, number, boolean]> {
  const pages: Array<[number, number, boolean]> = [];
  for (const bin of bins) {
    const plc = readPlc(tableStream, bin.fc, bin.lcb, 4, 'bin table');
    for (let i = 0; plc && i < plc.length; i++) {
      const base = (plc.bytes.u32(plc.dataOffset(i)) & 0x3fffff) * FKP_PAGE;
      if (base < length) pages.push([base, Math.min(length, base + FKP_PAGE), true]);
    }
  }
  return pages;
}

/**
 * The ranges as disjoint sorted intervals, each copied (true) where a copied range covers it or
 * no range does, else skipped: the text minus the FKP pages. One sweep over the sorted ends.
 */
function boundaries(ranges: ReadonlyArray<[number, number, boolean]>): Array<[number, number, boolean]> {
  const events = ranges.flatMap(([s, e, copy]): Array<[number, number]> => (e > s ? [[s, copy ? 2 : 1], [e, copy ? -2 : -1]] : []));
  events.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number, boolean]> = [];
  let text = 0;
  let pages = 0;
  for (let k = 0; k < events.length; k++) {
    const [at, kind] = events[k]!;
    if (kind === 1 || kind === -1) text += kind;
    else pages += kind / 2;
    const next = events[k + 1]?.[0];
    if (next !== undefined && next > at) out.push([at, next, pages > 0 || text === 0]);
  }
  return out;
}

/** Copies stream bytes [from, to) of the parts into `out` at the same offsets. */
function copyRange(parts: readonly StreamPart[], out: Uint8Array, from: number, to: number): void {
  copyPartsRange(parts, from, to, out, from);
}
