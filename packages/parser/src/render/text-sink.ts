/**
 * The renderer's output: code units go into a fixed chunk (a Uint16Array), turned into one string
 * when full; a run of ordinary text of LONG_RUN units or more goes in as one slice of the input.
 * No string or array slot per character or per mark: memory is the output, in chunks.
 *
 * A tab is held back (`tab()`) until the next output: a table row end (`rowEnd()`) drops it, as
 * the tab a row's last cell mark would leave before the line end.
 */
import { unitsToString } from '../io/encoding.js';
import { writeRoman } from '../word/number-format.js';

const CHUNK = 16384;
/** Ordinary runs at least this long are kept as slices of the input (V8: a view, no copy). */
const LONG_RUN = 64;

export class TextSink {
  private readonly buf = new Uint16Array(CHUNK);
  private n = 0;
  private readonly parts: string[] = [];
  private pendingTab = false;
  private readonly putUnit = (u: number): void => this.unit(u);

  /** One code unit. */
  unit(u: number): void {
    if (this.pendingTab) this.releaseTab();
    this.put(u);
  }

  /** Code units [from, to) of `s`. */
  text(s: string, from: number, to: number): void {
    if (this.pendingTab) this.releaseTab();
    if (to - from >= LONG_RUN) {
      this.flush();
      this.parts.push(s.slice(from, to));
      return;
    }
    if (this.n + (to - from) > CHUNK) this.flush();
    const buf = this.buf;
    let n = this.n;
    for (let i = from; i < to; i++) buf[n++] = s.charCodeAt(i);
    this.n = n;
  }

  /** A tab, held back until the next output (or the story's end). */
  tab(): void {
    if (this.pendingTab) this.put(0x09);
    this.pendingTab = true;
  }

  /** A table row's end: a line end, and the tab held back before it dropped. */
  rowEnd(): void {
    this.pendingTab = false;
    this.put(0x0a);
  }

  /** n (≥ 0) as decimal digits (`roman`: lower-case roman numerals for 1..3999, else decimal). */
  number(n: number, roman: boolean): void {
    if (roman && n > 0 && n < 4000) {
      writeRoman(n, this.putUnit);
      return;
    }
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    if (this.pendingTab) this.releaseTab();
    if (this.n + digits > CHUNK) this.flush();
    for (let k = this.n + digits - 1; k >= this.n; k--, n = Math.floor(n / 10)) this.buf[k] = 0x30 + (n % 10);
    this.n += digits;
  }

  /** Ends a story: a tab still held back is written (the next story starts clean). */
  endStory(): void {
    if (this.pendingTab) this.releaseTab();
  }

  /** Everything written, as one string. */
  finish(): string {
    this.endStory();
    this.flush();
    return this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
  }

  private releaseTab(): void {
    this.pendingTab = false;
    this.put(0x09);
  }

  private put(u: number): void {
    if (this.n === CHUNK) this.flush();
    this.buf[this.n++] = u;
  }

  private flush(): void {
    if (this.n === 0) return;
    this.parts.push(unitsToString(this.buf.subarray(0, this.n)));
    this.n = 0;
  }
}
