/**
 * catdoc's paragraph assembly (reader.c process_file): its control-character rules over a
 * document's characters, paragraph by paragraph. The rules are listed in format.ts.
 */

/** catdoc's PARAGRAPH_BUFFER (Unix build): a paragraph that reaches it is dropped. */
export const PARAGRAPH_BUFFER = 262144;

/** 0x20-0x7E: a character that may start a plain paragraph (format.ts). */
export const isPrintableAscii = (c: number): boolean => c >= 0x20 && c < 0x7f;

/** A paragraph catdoc prints, as units after its translation; valid only during the call. */
export type EmitParagraph = (para: Uint16Array) => void;

// One 512 KiB buffer reused from document to document (allocating and zeroing it per document
// cost more than formatting a short one, most of it in garbage collection).
let spareBuffer: Uint16Array | null = null;

/**
 * The paragraph rules as a resumable pass: `collect` reads on from an index through the next
 * paragraph end, so a caller can take plain paragraphs another way in between (while `idle`).
 * `release` hands the buffer back for the next document.
 */
export class ParagraphCollector {
  private buf: Uint16Array;
  /** Number of collected units (catdoc's bufptr + 1). */
  private n = 0;
  private tabmode = false;
  private fieldMode = false;

  constructor(private readonly emit: EmitParagraph) {
    // A nested use (emit formatting another document) gets its own buffer.
    this.buf = spareBuffer ?? new Uint16Array(PARAGRAPH_BUFFER + 2);
    spareBuffer = null;
  }

  /** Nothing collected and no cell mark pending: the next character starts a paragraph. */
  get idle(): boolean {
    return this.n === 0 && !this.tabmode;
  }

  /**
   * Reads `chars` from `from` through the next paragraph end that is followed by printable ASCII
   * (or to the end); returns where it stopped.
   */
  collect(chars: string, from: number): number {
    const buf = this.buf;
    let n = this.n;
    let tabmode = this.tabmode;
    let fieldMode = this.fieldMode;
    let i = from;
    for (; i < chars.length; i++) {
      const c = chars.charCodeAt(i);
      if (tabmode) {
        tabmode = false;
        if (c === 0x07) {
          buf[n++] = 0x1e;
          if (n >= PARAGRAPH_BUFFER) n = 0;
          continue;
        }
        buf[n++] = 0x1c;
      }
      if (c >= 0x20) {
        if (c !== 0xfeff) buf[n++] = c;
      } else {
        switch (c) {
          case 0x07:
            tabmode = true;
            break;
          case 0x0d:
          case 0x0b:
            // The line feed ends the paragraph; catdoc prints it only when bufptr > 0, i.e. at
            // least two units were collected, and drops a paragraph that filled its buffer.
            buf[n++] = 0x0a;
            if (n > 1 && n < PARAGRAPH_BUFFER) this.emit(buf.subarray(0, n));
            n = 0;
            tabmode = false;
            if (i + 1 < chars.length && isPrintableAscii(chars.charCodeAt(i + 1))) {
              // A paragraph that may be plain starts: the caller may take it another way.
              this.n = 0;
              this.tabmode = false;
              this.fieldMode = fieldMode;
              return i + 1;
            }
            continue;
          case 0x0c:
          case 0x09:
            buf[n++] = c;
            break;
          case 0x1e:
            buf[n++] = 0x2d;
            break;
          case 0x02:
            break;
          case 0x1f:
            buf[n++] = 0xad;
            break;
          case 0x13:
            fieldMode = true;
            buf[n++] = 0x20;
            break;
          case 0x14:
            fieldMode = false;
            buf[n++] = 0x20;
            break;
          case 0x15:
            buf[n++] = 0x20;
            break;
          case 0x01:
            if (fieldMode) break;
            n = 0;
            break;
          default:
            n = 0; // any other control character: discard the paragraph so far
        }
      }
      if (n >= PARAGRAPH_BUFFER) n = 0; // catdoc drops an over-long paragraph chunk
    }
    this.n = n;
    this.tabmode = tabmode;
    this.fieldMode = fieldMode;
    return i;
  }

  /**
   * End of input. catdoc reads on past the text; we print a pending paragraph of two or more
   * units, and in 'repaired' mode one of a single unit too.
   */
  end(printSingle: boolean): void {
    const n = this.n;
    if (n > 1 || (n === 1 && printSingle)) this.emit(this.buf.subarray(0, n));
    this.n = 0;
  }

  release(): void {
    spareBuffer = this.buf;
  }
}
