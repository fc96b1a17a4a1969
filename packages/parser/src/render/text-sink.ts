/**
 * The renderer's output: code units go into a fixed chunk (a Uint16Array), handed to the sink's
 * destination when full (`TextDestination`): gathered into one string (`GatheredText`), or handed
 * on chunk by chunk (`StreamedText`: the CLI writes each as UTF-8). No string or array slot per
 * character or per mark. The document's characters are read from their units
 * (model/text-units.ts), never sliced from a string of them: every unit of the output is written
 * into a chunk.
 *
 * A tab is held back (`tab`) until the next output: a table row end drops it, as the tab a row's
 * last cell mark would leave before the line end. The renderer's hot loop works on `buf`, `n`
 * and `tab` directly (as locals) and hands them back; everything else goes through the methods.
 */
import { isLatin1, latin1String, scratchArray, unitsToString } from '../io/encoding.js';
import type { NoteNumber } from './note-numbers.js';

/** Code units in a chunk. */
export const CHUNK = 16384;
/** Strings given to `text` at least this long are kept as they are, not copied into the chunk. */
const LONG_TEXT = 32;
/**
 * The hot loop flushes before a character once the chunk holds more than this: room for a tab and
 * a special character (a tab and a unit, or a note number of 16).
 */
export const ROOM = CHUNK - 20;

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

  constructor(private readonly to: TextDestination = new GatheredText()) {}

  /** One code unit. */
  unit(u: number): void {
    this.releaseTab();
    if (this.n === CHUNK) this.flush(this.n);
    this.buf[this.n++] = u;
  }

  /** Code units [from, to) of `s`. */
  text(s: string, from: number, to: number): void {
    this.releaseTab();
    if (to - from >= LONG_TEXT) {
      this.flush(this.n);
      this.to.string(from === 0 && to === s.length ? s : s.slice(from, to));
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

  /** Everything written, as its destination gives it (GatheredText: one string; StreamedText: ''). The sink is done: its chunk goes to the next sink. */
  finish(): string {
    this.endStory();
    this.flush(this.n);
    if (spareChunks.length < MAX_SPARE_CHUNKS) spareChunks.push(this.buf);
    return this.to.end();
  }

  /** The first `n` units of the chunk go to the destination; returns the chunk's new length, 0. */
  flush(n: number): 0 {
    if (n > 0) this.to.units(this.buf.subarray(0, n));
    this.n = 0;
    return 0;
  }

  private releaseTab(): void {
    if (!this.tab) return;
    this.tab = false;
    if (this.n === CHUNK) this.flush(this.n);
    this.buf[this.n++] = 0x09;
  }
}

/** Where a sink's text goes, in order: chunks of units (a view valid during the call) and strings. */
export interface TextDestination {
  units(units: Uint16Array): void;
  string(s: string): void;
  /** The end of the text: all of it as one string, or '' where it was handed on. */
  end(): string;
}

/** Each chunk handed on as a string as soon as it is full (the CLI: written out as UTF-8, never joined). */
export class StreamedText implements TextDestination {
  constructor(private readonly onText: (text: string) => void) {}

  units(units: Uint16Array): void {
    this.onText(unitsToString(units));
  }

  string(s: string): void {
    this.onText(s);
  }

  end(): string {
    return '';
  }
}

/**
 * The text gathered into one array of units, made one string at the end: one byte a unit while
 * every unit is below U+0100 (a one-byte string, made straight from those bytes), two from the
 * first that is not. No string per chunk: the 474 chunks of bench/generated/latin-16mb.doc kept
 * as strings through the pass were copied by minor garbage collections, then joined (page faults
 * per parse: 3,476 with the chunks joined, 2,400 gathered here).
 *
 * The array is kept for the next text (`kept`), up to KEPT bytes: a fresh one per large document
 * is fresh memory, pages the kernel maps and zeroes on their first write (12-14 µs each where page
 * faults are dear: ~1,900 for the 7.8 M characters of bench/generated/latin-16mb.doc). It holds
 * no text between two renderings: the string made at the end is a copy.
 */
export class GatheredText implements TextDestination {
  private narrow: Uint8Array | null = null;
  private wide: Uint16Array | null = null;
  private n = 0;

  /**
   * `expected`: the units the text will likely have (plain text: about one a CP of its stories),
   * the array's first size. An array grown by doubling left its smaller ones to the next garbage
   * collection, and overshot: peak RSS growth on bench/generated/cyrillic-cjk-16mb.doc was
   * 56 MiB (limit 58), 49 before this sink gathered the text.
   */
  constructor(private readonly expected = FIRST) {}

  units(units: Uint16Array): void {
    const count = units.length;
    if (this.wide === null && isLatin1(units)) this.narrowRoom(count).set(units, this.n); // each unit's low byte
    else this.wideRoom(count).set(units, this.n);
    this.n += count;
  }

  string(s: string): void {
    let latin1 = this.wide === null;
    for (let i = 0; i < s.length && latin1; i++) latin1 = s.charCodeAt(i) <= 0xff;
    const n = this.n;
    if (latin1) {
      const to = this.narrowRoom(s.length);
      for (let i = 0; i < s.length; i++) to[n + i] = s.charCodeAt(i);
    } else {
      const to = this.wideRoom(s.length);
      for (let i = 0; i < s.length; i++) to[n + i] = s.charCodeAt(i);
    }
    this.n = n + s.length;
  }

  end(): string {
    const text = this.wide !== null ? unitsToString(this.wide.subarray(0, this.n)) : this.narrow !== null ? latin1String(this.narrow.subarray(0, this.n)) : '';
    if (this.wide !== null && this.wide.byteLength <= KEPT) kept.wide = this.wide;
    if (this.narrow !== null && this.narrow.byteLength <= KEPT) kept.narrow = this.narrow;
    this.narrow = this.wide = null;
    this.n = 0;
    return text;
  }

  /** The narrow array, with room for `count` more units. */
  private narrowRoom(count: number): Uint8Array {
    let a = this.narrow;
    if (a === null) {
      a = kept.narrow !== null && kept.narrow.length >= this.expected ? kept.narrow : scratchArray(Uint8Array, Math.max(this.expected, FIRST));
      kept.narrow = null;
    }
    if (this.n + count > a.length) {
      const grown = scratchArray(Uint8Array, grownLength(a.length, this.n + count));
      grown.set(a.subarray(0, this.n));
      a = grown;
    }
    return (this.narrow = a);
  }

  /** The wide array (the narrow one's units copied into it the first time), with room for `count` more units. */
  private wideRoom(count: number): Uint16Array {
    let a = this.wide;
    if (a === null) {
      a = kept.wide !== null && kept.wide.length >= this.expected ? kept.wide : scratchArray(Uint16Array, Math.max(this.expected, FIRST));
      kept.wide = null;
      if (this.narrow !== null) {
        if (this.n + count > a.length) a = scratchArray(Uint16Array, grownLength(a.length, this.n + count));
        a.set(this.narrow.subarray(0, this.n)); // each byte as a unit
      }
    }
    if (this.n + count > a.length) {
      const grown = scratchArray(Uint16Array, grownLength(a.length, this.n + count));
      grown.set(a.subarray(0, this.n));
      a = grown;
    }
    return (this.wide = a);
  }
}

/**
 * The length an array of `length` units grows to, to hold `needed`: eight times as long while it is
 * short (below GROW_BY_HALF), by half beyond. Only the units written touch memory (the rest of a
 * fresh array is pages not yet mapped), but every array left behind was filled: growing a text
 * whose first size was far too small (a note story of 200,000 marks gives 1.09 M units) by half
 * filled five arrays on the way (1,425 page faults, 24.5 ms, crafted-footnote-marks-200k's
 * footnotes), by eight times two (794, 14.4 ms).
 */
function grownLength(length: number, needed: number): number {
  return Math.max(needed, length < GROW_BY_HALF ? length * 8 : length + (length >> 1));
}
const GROW_BY_HALF = 1 << 22;

/** The arrays of the last GatheredText, taken by the next one (one at a time: a text box's text is gathered before the body's starts). */
const kept: { narrow: Uint8Array | null; wide: Uint16Array | null } = { narrow: null, wide: null };
/** The largest array kept, in bytes: at most this much stays with a thread after its last large document. */
const KEPT = 16 * 1024 * 1024;
/** A first array's units (a small document's text fits). */
const FIRST = 1 << 15;
