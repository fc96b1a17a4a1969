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
      // Walk the stream past the head: copy up to each text range, skip it, keep the FKP pages in it.
      const copy = new RangeCopier(parts, bytes);
      let at = head;
      sweep(rangeEvents(pieces, tableStream, bins, bytes.length), (start, end, kept) => {
        if (start > at) copy.range(at, start);
        if (kept) copy.range(Math.max(at, start), end);
        at = Math.max(at, end);
      });
      if (at < bytes.length) copy.range(at, bytes.length);
      copy.flush();
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

/** Range events, sorted: `position · 4 + kind` (exact in a double: positions are below 2^32). */
const TEXT_END = 0;
const TEXT_START = 1;
const PAGE_END = 2;
const PAGE_START = 3;

/**
 * Where the text pieces' byte ranges and the FKP pages the bin tables name start and end, clipped
 * to the stream, as sorted events (one typed array, sorted natively: no object per range).
 */
function rangeEvents(pieces: readonly Piece[], tableStream: Uint8Array, bins: ReadonlyArray<{ fc: number; lcb: number }>, length: number): Float64Array {
  const plcs = bins.map((bin) => readPlc(tableStream, bin.fc, bin.lcb, 4, 'bin table'));
  const events = new Float64Array(2 * (pieces.length + plcs.reduce((n, plc) => n + (plc?.length ?? 0), 0)));
  let n = 0;
  const add = (start: number, end: number, startKind: number, endKind: number) => {
    if (end <= start) return;
    events[n++] = start * 4 + startKind;
    events[n++] = end * 4 + endKind;
  };
  for (const p of pieces) add(Math.min(p.offset, length), Math.min(length, pieceFcEnd(p)), TEXT_START, TEXT_END);
  for (const plc of plcs) {
    for (let i = 0; plc && i < plc.length; i++) {
      const base = (plc.bytes.u32(plc.dataOffset(i)) & 0x3fffff) * FKP_PAGE;
      if (base < length) add(base, Math.min(length, base + FKP_PAGE), PAGE_START, PAGE_END);
    }
  }
  return events.subarray(0, n).sort();
}

/**
 * The ranges the events bound as disjoint sorted intervals, each kept (true) where an FKP page
 * covers it or no text range does, else skipped: the text minus the FKP pages. One sweep.
 */
function sweep(events: Float64Array, visit: (start: number, end: number, kept: boolean) => void): void {
  let text = 0;
  let pages = 0;
  for (let k = 0; k < events.length; k++) {
    const at = Math.floor(events[k]! / 4);
    const kind = events[k]! - 4 * at;
    if (kind === TEXT_START) text++;
    else if (kind === TEXT_END) text--;
    else if (kind === PAGE_START) pages++;
    else pages--;
    if (k + 1 < events.length) {
      const next = Math.floor(events[k + 1]! / 4);
      if (next > at) visit(at, next, pages > 0 || text === 0);
    }
  }
}

/** Copies stream ranges of the parts into `out` at the same offsets, ranges that meet copied as one. */
class RangeCopier {
  private from = 0;
  private to = 0;

  constructor(
    private readonly parts: readonly StreamPart[],
    private readonly out: Uint8Array,
  ) {}

  range(from: number, to: number): void {
    if (to <= from) return;
    if (from === this.to) {
      this.to = to;
      return;
    }
    this.flush();
    this.from = from;
    this.to = to;
  }

  flush(): void {
    if (this.to > this.from) copyRange(this.parts, this.out, this.from, this.to);
    this.from = this.to = 0;
  }
}

/** Copies stream bytes [from, to) of the parts into `out` at the same offsets. */
function copyRange(parts: readonly StreamPart[], out: Uint8Array, from: number, to: number): void {
  copyPartsRange(parts, from, to, out, from);
}
