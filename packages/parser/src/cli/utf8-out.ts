/**
 * Text out as UTF-8, a string at a time: the strings a renderer hands on (StreamedText, text-sink.ts)
 * are encoded into chunks of CHUNK bytes, each handed on when full, so a large document's text is
 * never joined into one string nor encoded into one array (on a 16 MB Cyrillic document: no 15 MB
 * join, no 14 MB array). The bytes are those of TextEncoder.encode(parts.join('')): a batch never
 * ends between the two halves of a surrogate pair; a lone surrogate is U+FFFD either way.
 */
const CHUNK = 1 << 20;
const BATCH = 1 << 14;
const encoder = new TextEncoder();

/**
 * Writes `parts` as UTF-8 through `write`. A chunk `write` says it is done with (returns true:
 * written out or copied) is filled again; else the next is fresh, as a host may keep the one it
 * was given. Fresh memory is dear where page faults are (12-14 µs a 4 KiB page on the bench
 * machine of session 23): a fresh chunk per MiB was ~1,900 faults for a 7.7 MB text.
 */
export function writeUtf8(parts: Iterable<string>, write: (bytes: Uint8Array) => boolean | void): void {
  const out = new Utf8Out(write);
  for (const part of parts) out.text(part);
  out.end();
}

/** UTF-8 out, a string at a time (`text`), then `end`: the bytes of TextEncoder.encode of the strings joined. */
export class Utf8Out {
  private chunk = new Uint8Array(CHUNK);
  private n = 0;
  /**
   * Strings are gathered up to BATCH units and each batch encoded by one call: a call per string
   * (a paragraph, then its line end, …) costs more than the copy of the batch. 16 Ki units: a
   * two-byte batch (32 KB) is still an ordinary young object, not a large-object allocation.
   */
  private batch = '';

  constructor(private readonly write: (bytes: Uint8Array) => boolean | void) {}

  text(part: string): void {
    const batch = (this.batch += part);
    if (batch.length < BATCH) return;
    const last = batch.charCodeAt(batch.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) return; // the pair's other half comes next
    this.put(batch);
    this.batch = '';
  }

  end(): void {
    this.put(this.batch);
    this.batch = '';
    if (this.n > 0) this.write(this.chunk.subarray(0, this.n));
    this.n = 0;
  }

  private put(text: string): void {
    for (;;) {
      const { read, written } = encoder.encodeInto(text, this.chunk.subarray(this.n));
      this.n += written;
      if (read === text.length) return;
      // The chunk is full (encodeInto stops before a character that does not fit whole).
      if (this.write(this.chunk.subarray(0, this.n)) !== true) this.chunk = new Uint8Array(CHUNK);
      this.n = 0;
      text = text.slice(read);
    }
  }
}
