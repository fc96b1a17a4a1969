/**
 * An input read from its file where a reader needs it, not whole (the command line's large
 * compound files, issue #13). `lazyInput(size, readAt)` gives an array the file's length whose
 * bytes are read in a 4 KiB page at a time when first asked for (`loaded`). An array that size
 * costs nothing until its pages are written (the kernel maps fresh memory on first write), so
 * only what the readers ask for is ever in memory: the compound file's structures, the table
 * stream, the formatted disk pages. The WordDocument stream's text is never loaded: the renderer
 * reads it through a window (`readLazy`, model/text-units.ts). On bench/generated/cyrillic-cjk-16mb.doc
 * a whole read was 3,900 fresh pages (~45 ms where a page fault costs 12 µs).
 *
 * The array is the input: every offset in it is the file's. The readers of the compound file ask
 * `loaded(view, from, to)` before they read a view's bytes (ole/, formats/word-document-stream.ts,
 * word/characters.ts, model/text-units.ts); for any other input it returns at once.
 */

/**
 * Reads the file's bytes from `position` into `into`; returns how many it read (fewer only at the
 * end of the file). Node: `(into, position) => fs.readSync(fd, into, 0, into.length, position)`.
 */
export type ReadAt = (into: Uint8Array, position: number) => number;

const PAGE_SHIFT = 12;

class Loader {
  /** 1 where a page of the array holds the file's bytes. */
  private readonly pages: Uint8Array;
  /** Bytes read into the array so far (tests: what a parse loaded). */
  loadedBytes = 0;

  constructor(
    private readonly image: Uint8Array,
    private readonly readAt: ReadAt,
  ) {
    this.pages = new Uint8Array(Math.ceil(image.length / (1 << PAGE_SHIFT)));
  }

  /** Array bytes [from, to) hold the file's. */
  load(from: number, to: number): void {
    const pages = this.pages;
    const last = Math.min(pages.length, ((to - 1) >> PAGE_SHIFT) + 1);
    for (let p = from >> PAGE_SHIFT; p < last; p++) {
      if (pages[p] === 1) continue;
      let q = p + 1;
      while (q < last && pages[q] === 0) q++;
      const start = p << PAGE_SHIFT;
      const end = Math.min(this.image.length, q << PAGE_SHIFT);
      this.read(this.image.subarray(start, end), start);
      this.loadedBytes += end - start;
      pages.fill(1, p, q);
      p = q - 1;
    }
  }

  /** The file's bytes from `position` into `into`; past the end of the file (a file cut while read), zeros. */
  read(into: Uint8Array, position: number): void {
    let done = 0;
    while (done < into.length) {
      let n: number;
      try {
        n = this.readAt(into.subarray(done), position + done);
      } catch (error) {
        throw new InputReadError(error);
      }
      if (n <= 0) break;
      done += n;
    }
    if (done < into.length) into.fill(0, done);
  }
}

/** The file could not be read while it was parsed (EIO, …): not a fault of the document. `cause`: the system's error. */
export class InputReadError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'InputReadError';
  }
}

const loaders = new WeakMap<ArrayBufferLike, Loader>();
/** No lazy input made yet in this realm: `loaded` returns at once (the service never makes one). */
let none = true;

/** An input of `size` bytes read from its file through `readAt` where the readers need it (its first page at once: detection reads it). */
export function lazyInput(size: number, readAt: ReadAt): Uint8Array {
  const image = new Uint8Array(size);
  const loader = new Loader(image, readAt);
  loaders.set(image.buffer, loader);
  none = false;
  loader.load(0, Math.min(size, 1 << PAGE_SHIFT));
  return image;
}

function loaderOf(view: ArrayBufferView): Loader | undefined {
  return none ? undefined : loaders.get(view.buffer);
}

/** Is `view` a view of a lazy input (its bytes not necessarily there)? */
export function isLazy(view: ArrayBufferView): boolean {
  return loaderOf(view) !== undefined;
}

/** `view`, its elements [from, to) read in first when it is a view of a lazy input. */
export function loaded<T extends Uint8Array | Uint16Array>(view: T, from = 0, to: number = view.length): T {
  if (none || to <= from) return view;
  const loader = loaders.get(view.buffer);
  if (loader) loader.load(view.byteOffset + from * view.BYTES_PER_ELEMENT, view.byteOffset + to * view.BYTES_PER_ELEMENT);
  return view;
}

/**
 * The bytes of a lazy input's view from byte `from` of it, `into.length` of them, copied into
 * `into` straight from the file: the input's own pages are not touched. Returns `into`.
 */
export function readLazy(view: ArrayBufferView, from: number, into: Uint8Array): Uint8Array {
  loaderOf(view)!.read(into, view.byteOffset + from);
  return into;
}

/** Bytes a lazy input has read into its array so far (0 for any other array). */
export function loadedBytes(input: Uint8Array): number {
  return loaderOf(input)?.loadedBytes ?? 0;
}
