/**
 * The number an auto-numbered note mark (0x02, [MS-DOC] 2.4.1 sprmCFSpec; FRD/nAuto) shows,
 * kept as the code units of its label and counted up in place: footnotes 1, 2, 3…; endnotes i,
 * ii, iii… (Word's default), past mmmcmxcix in decimal. No division and no string per mark: a
 * count up rewrites only the places it changed (the last one, nine times in ten), and the label
 * is written as it is kept.
 */
import { ROMAN_PLACES as ROMAN } from '../word/number-format.js';

/** How a story's notes are numbered. */
export type NoteStyle = 'decimal' | 'roman';

/** Room for a label: the most units one has (a count below 2^32: 10 digits; a roman numeral below 4000: 15 letters), and the 8 a writer may write at once. */
export const LABEL_ROOM = 16;

const ROMAN_LIMIT = 4000;

/** Added to the last unit of a label that the fast loop may not count up itself (roman numerals): a Uint16Array store drops it. */
export const COUNTED_BY_NEXT = 0x10000;

export class NoteNumber {
  /** The label's code units, in units[0 .. length); past it, room the fast loop writes into (past the text's end). */
  readonly units = new Uint16Array(LABEL_ROOM);
  length = 0;
  /** Decimal digits of the number, least significant first, in digits[0 .. places). */
  private readonly digits = new Uint8Array(LABEL_ROOM);
  private places = 1;
  /** Where the label of each place (a digit, or a roman numeral's part) starts in `units`. */
  private readonly placeAt = new Uint8Array(LABEL_ROOM);
  private roman: boolean;

  constructor(style: NoteStyle) {
    this.roman = style === 'roman';
    this.relabel(0); // 0: '0', or '' in roman numerals
  }

  /** The next number: its label is written again from the highest place that changed. */
  next(): void {
    const digits = this.digits;
    let k = 0;
    while (digits[k] === 9) digits[k++] = 0;
    digits[k]!++;
    if (k >= this.places) this.places = k + 1;
    if (this.roman && this.places === 4 && digits[3] === ROMAN_LIMIT / 1000) {
      this.roman = false;
      k = this.places - 1; // every place, in decimal from now on
    }
    this.relabel(k);
  }

  /**
   * The label's last unit, for a writer that counts a decimal label up itself while its last
   * digit is below 9 (the label's other units stay); plus COUNTED_BY_NEXT where it may not
   * (roman numerals): such a writer calls countFrom in place of counting.
   */
  lastUnit(): number {
    return (this.roman ? COUNTED_BY_NEXT : 0) | (this.length > 0 ? this.units[this.length - 1]! : 0);
  }

  /** The writer's count so far (its last unit, as lastUnit gave it and it counted up) taken back. */
  settle(last: number): void {
    if (this.roman) return;
    this.units[this.length - 1] = last;
    this.digits[0] = last - 0x30;
  }

  /** settle(last), then next(); returns the new lastUnit(). */
  countFrom(last: number): number {
    this.settle(last);
    this.next();
    return this.lastUnit();
  }

  /**
   * The labels of the next `count` numbers, one after another, into `buf` from index `n`, while
   * they fit below `limit` (LABEL_ROOM units a label; `written` tells how many did); returns the
   * new length. A hundred numbers that share their label's length and all but its last two digits
   * are the hundred before them, copied (native), with the places above the tens patched: one
   * store a label for the long runs of note marks a crafted story holds.
   */
  writeRun(buf: Uint16Array, n: number, count: number, limit: number): number {
    const { digits, units } = this;
    /** Where the label of the last number ending in 00 starts, in this run. */
    let hundredAt = -1;
    let done = 0;
    while (done < count) {
      const length = this.length;
      if (!this.roman && digits[0] === 9 && digits[1] === 9) {
        // The next number ends in 00: the hundred before it, if this run wrote it, is copied.
        let top = 2;
        while (top < this.places && digits[top] === 9) top++;
        const size = 100 * length;
        if (top < this.places && n - hundredAt === size && hundredAt >= 0 && count - done >= 100 && n + size <= limit) {
          buf.copyWithin(n, hundredAt, n);
          for (let q = 2; q <= top; q++) {
            digits[q] = q < top ? 0 : digits[q]! + 1;
            const unit = 0x30 + digits[q]!;
            for (let at = n + length - 1 - q, m = 0; m < 100; m++, at += length) buf[at] = unit;
          }
          this.relabel(top);
          hundredAt = n;
          n += size;
          done += 100;
          continue;
        }
        hundredAt = n;
      }
      if (n + LABEL_ROOM > limit) break;
      this.next();
      for (let k = 0, m = this.length; k < m; k++) buf[n++] = units[k]!;
      done++;
    }
    this.written = done;
    return n;
  }

  /** Labels the last writeRun wrote. */
  written = 0;

  /** Places `top` down to the ones written again, from where place `top` starts. */
  private relabel(top: number): void {
    const { units, digits, placeAt } = this;
    let at = top === this.places - 1 ? 0 : placeAt[top]!;
    for (let k = top; k >= 0; k--) {
      placeAt[k] = at;
      if (this.roman) {
        const part = ROMAN[k]![digits[k]!]!;
        for (let u = 0; u < part.length; u++) units[at++] = part.charCodeAt(u);
      } else units[at++] = 0x30 + digits[k]!;
    }
    this.length = at;
  }
}
