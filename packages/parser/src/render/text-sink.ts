/**
 * The renderer's output: code units go into a fixed chunk (a Uint16Array), turned into one string
 * when full; a run of ordinary text of LONG_RUN units or more goes in as one slice of the input.
 * No string or array slot per character or per mark: memory is the output, in chunks.
 *
 * What is gathered is kept as numbers until the end (`Pieces`): a slice of the input as its
 * bounds, a one-unit chunk (the newline between two paragraphs of prose) as its unit, other
 * chunks as strings. The slices are made when the text is finished, just before it is joined: a
 * 16 MB document's 17,644 paragraphs kept as slice objects and array slots through the whole
 * pass were copied by every minor garbage collection in it.
 *
 * A tab is held back (`tab`) until the next output: a table row end drops it, as the tab a row's
 * last cell mark would leave before the line end. The renderer's hot loop works on `buf`, `n`
 * and `tab` directly (as locals) and hands them back; everything else goes through the methods.
 */
import { unitsToString } from '../io/encoding.js';
import type { NoteNumber } from './note-numbers.js';

/** Code units in a chunk. */
export const CHUNK = 16384;
/** Ordinary runs longer than this are kept as slices of the input (V8: a view, no copy). */
export const LONG_RUN = 32;
/**
 * The hot loop flushes before a character once the chunk holds more than this: room for a tab, a
 * run of LONG_RUN, and a special character after it (a tab and a unit, or a note number of 16).
 */
export const ROOM = CHUNK - LONG_RUN - 20;

/**
 * Chunks of finished sinks, taken by the next ones: a document's text and each of its text boxes
 * take a sink, and a fresh 32 KB chunk per sink was a per-file cost (allocation and GC).
 */
const spareChunks: Uint16Array[] = [];
const MAX_SPARE_CHUNKS = 4;

export class TextSink {
  readonly buf = spareChunks.pop() ?? new Uint16Array(CHUNK);
  /** Units in `buf`. */
  n = 0;
  /** A tab held back. */
  tab = false;
  private readonly pieces = new Pieces();

  /** One code unit. */
  unit(u: number): void {
    this.releaseTab();
    if (this.n === CHUNK) this.flush(this.n);
    this.buf[this.n++] = u;
  }

  /** Code units [from, to) of `s`. */
  text(s: string, from: number, to: number): void {
    this.releaseTab();
    if (to - from >= LONG_RUN) {
      this.n = this.slice(this.n, s, from, to);
      return;
    }
    if (this.n + (to - from) > CHUNK) this.flush(this.n);
    const buf = this.buf;
    let n = this.n;
    for (let i = from; i < to; i++) buf[n++] = s.charCodeAt(i);
    this.n = n;
  }

  /** A note number's label. */
  label(note: NoteNumber): void {
    this.releaseTab();
    if (this.n + note.length > CHUNK) this.flush(this.n);
    const { buf } = this;
    let n = this.n;
    for (let k = 0; k < note.length; k++) buf[n++] = note.units[k]!;
    this.n = n;
  }

  /** After the first `n` units of the chunk, `count` times the unit `u`; returns the chunk's new length. */
  fill(n: number, u: number, count: number): number {
    while (count > 0) {
      if (n === CHUNK) n = this.flush(n);
      const k = Math.min(count, CHUNK - n);
      this.buf.fill(u, n, n + k);
      n += k;
      count -= k;
    }
    return n;
  }

  /** Ends a story: a tab still held back is written (the next story starts clean). */
  endStory(): void {
    this.releaseTab();
  }

  /** Everything written, as one string. The sink is done: its chunk goes to the next sink. */
  finish(): string {
    return joinText(this.finishParts());
  }

  /**
   * Everything written, as the strings it was gathered in, in order, not joined: for a caller that
   * writes them out one by one (the CLI), the text is never copied into one string. The sink is done.
   */
  finishParts(): string[] {
    this.endStory();
    this.flush(this.n);
    if (spareChunks.length < MAX_SPARE_CHUNKS) spareChunks.push(this.buf);
    return this.pieces.strings();
  }

  /** The first `n` units of the chunk become a string; returns the chunk's new length, 0. */
  flush(n: number): 0 {
    if (n === 1) this.pieces.unit(this.buf[0]!);
    else if (n > 0) this.pieces.string(unitsToString(this.buf.subarray(0, n)));
    this.n = 0;
    return 0;
  }

  /** After the first `n` units of the chunk, `s[from, to)` as one slice; returns the chunk's new length, 0. */
  slice(n: number, s: string, from: number, to: number): 0 {
    this.flush(n);
    this.pieces.slice(s, from, to);
    return 0;
  }

  private releaseTab(): void {
    if (!this.tab) return;
    this.tab = false;
    if (this.n === CHUNK) this.flush(this.n);
    this.buf[this.n++] = 0x09;
  }
}

/**
 * The text gathered, in order, as numbers: two Int32 a piece. A slice [from, to) of `source` (the
 * one string slices are taken from; a slice of another is kept as a string); a unit (−1, unit);
 * a string (−2 − its index in `kept`, 0).
 */
class Pieces {
  private at = new Int32Array(32);
  private length = 0;
  private source: string | null = null;
  private readonly kept: string[] = [];

  slice(s: string, from: number, to: number): void {
    this.source ??= s;
    if (s === this.source) this.push(from, to);
    else this.string(s.slice(from, to));
  }

  unit(u: number): void {
    this.push(-1, u);
  }

  string(s: string): void {
    this.push(-2 - this.kept.length, 0);
    this.kept.push(s);
  }

  /** Every piece as a string, in order. */
  strings(): string[] {
    const { at, kept, source } = this;
    const out = new Array<string>(this.length >> 1); // every slot written below
    for (let k = 0; k < this.length; k += 2) {
      const a = at[k]!;
      out[k >> 1] = a >= 0 ? source!.slice(a, at[k + 1]!) : a === -1 ? String.fromCharCode(at[k + 1]!) : kept[-2 - a]!;
    }
    return out;
  }

  private push(a: number, b: number): void {
    if (this.length === this.at.length) {
      const grown = new Int32Array(this.at.length * 2);
      grown.set(this.at);
      this.at = grown;
    }
    this.at[this.length++] = a;
    this.at[this.length++] = b;
  }
}

/** The strings of finishParts as one string. */
export function joinText(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0]! : parts.join('');
}
