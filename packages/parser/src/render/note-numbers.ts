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
/** Roman numerals at least this many in a run are copied from the table (romanLabels). */
const ROMAN_RUN = 32;

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
   * new length. Native copies do the bulk of a long run of note marks (a crafted story holds
   * 200,000): a hundred decimal numbers that share their label's length and all but its last two
   * digits are the last hundred written (kept, `Hundred`), with the places above the tens
   * patched; roman numerals are copied from the table of all of them (romanLabels).
   */
  writeRun(buf: Uint16Array, n: number, count: number, limit: number): number {
    const { digits, units } = this;
    /** Where the label of the last number ending in 00 starts, in this run. */
    let hundredAt = -1;
    let done = 0;
    while (done < count) {
      if (this.roman && count - done >= ROMAN_RUN) {
        n = this.romanRun(buf, n, count - done, limit);
        done += this.written;
        if (this.written > 0) continue;
      }
      const length = this.length;
      const ends99 = digits[0] === 9 && digits[1] === 9;
      if (!this.roman && ends99 && hundredAt >= 0 && n - hundredAt === 100 * length) (this.hundred ??= new Hundred()).keep(buf, hundredAt, length, digits, this.places);
      const hundred = this.hundred;
      if (hundred !== null && this.places >= 3 && hundred.length === length) {
        // The next labels, to the end of their hundred, from the kept one: all of a hundred from
        // 100 up have one length (unless the next is the first of a longer length: 999 → 1000).
        let top = 1;
        if (ends99) {
          top = 2;
          while (top < this.places && digits[top] === 9) top++;
        }
        const first = ends99 ? 0 : digits[1]! * 10 + digits[0]! + 1;
        const fit = ((limit - n) / length) | 0;
        let k = 100 - first < count - done ? 100 - first : count - done;
        if (fit < k) k = fit;
        if (top < this.places && k > 0) {
          for (let q = 2; q <= top; q++) digits[q] = q < top ? 0 : digits[q]! + 1;
          hundred.writeAs(buf, n, digits, this.places, first, k);
          const last = first + k - 1;
          digits[1] = (last / 10) | 0;
          digits[0] = last % 10;
          this.relabel(top);
          n += k * length;
          done += k;
          hundredAt = -1;
          continue;
        }
      }
      if (ends99) hundredAt = n; // a hundred written one label at a time from here is kept
      if (n + LABEL_ROOM > limit) break;
      this.next();
      for (let k = 0, m = this.length; k < m; k++) buf[n++] = units[k]!;
      done++;
    }
    this.written = done;
    return n;
  }

  /** The last hundred labels written in a run (decimal), kept for the next hundreds (made by the first). */
  private hundred: Hundred | null = null;

  /**
   * Roman numerals: the labels of the next numbers (up to `count`, and up to mmmcmxcix) copied
   * from the table, as many as fit below `limit`; sets `written`, returns the new length.
   */
  private romanRun(buf: Uint16Array, n: number, count: number, limit: number): number {
    const { units, at } = romanLabels();
    const value = this.value();
    if (value >= ROMAN_LIMIT - 1) {
      this.written = 0; // mmmcmxcix: the next is 4000, in decimal
      return n;
    }
    let last = Math.min(value + count, ROMAN_LIMIT - 1);
    // The last number whose label still fits (a binary search over the table's offsets).
    const room = limit - n + at[value + 1]!;
    if (at[last + 1]! > room) {
      let lo = value;
      while (lo < last) {
        const mid = (lo + last + 1) >> 1;
        if (at[mid + 1]! <= room) lo = mid;
        else last = mid - 1;
      }
    }
    buf.set(units.subarray(at[value + 1]!, at[last + 1]!), n);
    this.written = last - value;
    this.setDigits(last);
    return n + at[last + 1]! - at[value + 1]!;
  }

  /** The number counted so far (from its digits). */
  private value(): number {
    let v = 0;
    for (let k = this.places - 1; k >= 0; k--) v = v * 10 + this.digits[k]!;
    return v;
  }

  /** Counts to `v` (below ROMAN_LIMIT, in the current style): its digits and its label. */
  private setDigits(v: number): void {
    let places = 0;
    do {
      this.digits[places++] = v % 10;
      v = (v / 10) | 0;
    } while (v > 0);
    this.digits.fill(0, places);
    this.places = places;
    this.relabel(places - 1);
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

/**
 * A hundred decimal labels of one length, one after another (numbers ..00 to ..99), and the
 * digits above the tens they were written with: the next hundreds are this one with those
 * places patched (one store a label for each place that changed), then copied (native).
 */
class Hundred {
  private readonly units = new Uint16Array(100 * LABEL_ROOM);
  /** The length of each label (0: none kept). */
  length = 0;
  /** The digits of places 2 and up the labels hold. */
  private readonly digits = new Uint8Array(LABEL_ROOM);

  /** Keeps the hundred labels of `length` units at buf[from..], written with `digits` (places 2 and up). */
  keep(buf: Uint16Array, from: number, length: number, digits: Uint8Array, places: number): void {
    this.units.set(buf.subarray(from, from + 100 * length));
    this.length = length;
    for (let q = 2; q < places; q++) this.digits[q] = digits[q]!;
  }

  /** Labels first..first + count - 1 of the hundred with the digits `digits` (places 2 and up) into buf[n..]. */
  writeAs(buf: Uint16Array, n: number, digits: Uint8Array, places: number, first: number, count: number): void {
    const { units, length } = this;
    for (let q = 2; q < places; q++) {
      const d = digits[q]!;
      if (d === this.digits[q]) continue;
      this.digits[q] = d;
      const unit = 0x30 + d;
      for (let at = length - 1 - q, m = 0; m < 100; m++, at += length) units[at] = unit;
    }
    buf.set(units.subarray(first * length, (first + count) * length), n);
  }
}

/** Every roman numeral label from i to mmmcmxcix, one after another, and where each starts (`at[v]`; `at[v + 1]` its end). */
interface RomanLabels {
  units: Uint16Array;
  at: Uint32Array;
}
let romanTable: RomanLabels | null = null;

/** The roman numeral labels, made once (~36,000 units) when a run of roman note marks first asks. */
function romanLabels(): RomanLabels {
  if (romanTable) return romanTable;
  const at = new Uint32Array(ROMAN_LIMIT + 1);
  const parts: string[] = [];
  let length = 0;
  for (let v = 1; v < ROMAN_LIMIT; v++) {
    at[v] = length;
    const label = ROMAN[3]![(v / 1000) | 0]! + ROMAN[2]![((v / 100) | 0) % 10]! + ROMAN[1]![((v / 10) | 0) % 10]! + ROMAN[0]![v % 10]!;
    parts.push(label);
    length += label.length;
  }
  at[ROMAN_LIMIT] = length;
  const text = parts.join('');
  const units = new Uint16Array(length);
  for (let k = 0; k < length; k++) units[k] = text.charCodeAt(k);
  return (romanTable = { units, at });
}

/** Kept alive with the renderer's other classes (plain-text.ts KEEP_MAPS_ALIVE): a Hundred, made only by long runs of note marks. */
export const NOTE_MAPS: readonly object[] = [new Hundred()];
