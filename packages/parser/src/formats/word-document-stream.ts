/**
 * The WordDocument stream of a Word 97 file, read where it lies in the file: in the parts the file
 * stores it in ([MS-CFB]: runs of sectors that lie end to end; the FAT's own sectors often sit
 * among them). Of a stream in several parts only the FIB is copied: the text, most of a large
 * document, is read by decodeUnits from the parts, and each formatted disk page the bin tables
 * name is a view of the file (a copy only where a page is split between two parts). No array the
 * size of the stream is made (zero-filling one cost a 16 MB document ~3 ms a parse, and as much
 * again in garbage collection). A reader that may look anywhere (the pictures of the structure;
 * Word 6/95 tables and decryption, whose stream is given whole) gets `whole()`. A stream of a
 * lazy input (io/lazy-input.ts) is always taken as parts: nothing is read that is not asked for.
 */
import { u16le } from '../io/bytes.js';
import { isLazy } from '../io/lazy-input.js';
import { copyPartsRange, joinParts, partsView, type StreamPart } from '../ole/index.js';
import { streamPages, type FkpPages } from '../word/fkp.js';

/** Bytes copied before the FIB is parsed, at least: a Word 97 FIB is ~1.5 KB, Word 6's fixed part smaller. */
const HEAD = 4096;
/** [MS-DOC] 2.9.33 / 2.9.175: a formatted disk page. */
const FKP_PAGE = 512;

export interface WordDocumentStream {
  /** The FIB: the stream from its start, as far as the FIB's counts reach (all of a stream in one part). */
  readonly head: Uint8Array;
  /** Where the text is read: the stream in one array, or its parts. */
  readonly text: Uint8Array | readonly StreamPart[];
  /** The formatted disk pages (word/fkp.ts). */
  readonly pages: FkpPages;
  /** The whole stream, every byte: the one array of a stream in one part, or a copy made when first asked for. */
  whole(): Uint8Array;
}

export function openWordDocumentStream(parts: readonly StreamPart[]): WordDocumentStream {
  // A lazy input's stream (io/lazy-input.ts) is read as parts are: the FIB and each page read in
  // where they are read, the text never (decodeUnits reads it where the renderer does).
  if (parts.length === 1 && !isLazy(parts[0]!.bytes)) {
    const bytes = parts[0]!.bytes;
    return { head: bytes, text: bytes, pages: streamPages(bytes), whole: () => bytes };
  }
  const last = parts[parts.length - 1]!;
  const length = last.at + last.bytes.length;
  let whole: Uint8Array | undefined;
  return {
    head: copyFib(parts, length),
    text: parts,
    pages: (pn) => (pn * FKP_PAGE + FKP_PAGE <= length ? partsView(parts, pn * FKP_PAGE, pn * FKP_PAGE + FKP_PAGE) : null),
    whole: () => (whole ??= joinParts(parts)),
  };
}

/**
 * A copy of the stream's head: HEAD bytes, or as far as the Word 97 FIB's counts say it reaches
 * (2.5.1: FibBase, csw FibRgW97, cslw FibRgLw97, cbRgFcLcb FibRgFcLcb, then cswNew and nFibNew,
 * which parseFib reads), and no further than the stream (`length` bytes).
 */
function copyFib(parts: readonly StreamPart[], length: number): Uint8Array {
  let head = cover(parts, new Uint8Array(0), HEAD, length);
  let o = 32;
  for (const width of [2, 4, 8]) {
    head = cover(parts, head, o + 2, length);
    o += 2 + (o + 2 <= head.length ? width * u16le(head, o) : 0);
  }
  return cover(parts, head, o + 4, length);
}

/** `head`, or a longer copy when it does not hold the stream's first `end` bytes (as many as the stream has). */
function cover(parts: readonly StreamPart[], head: Uint8Array, end: number, length: number): Uint8Array {
  end = Math.min(end, length);
  return end <= head.length ? head : copyPartsRange(parts, 0, end, new Uint8Array(end), 0);
}
