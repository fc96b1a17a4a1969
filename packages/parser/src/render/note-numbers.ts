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
   * 200,000): decimal labels from 100 up are copied from a block of every label that shares all
   * but its last digits (Block), roman numerals from the table of all of them (romanLabels).
   */
  writeRun(buf: Uint16Array, n: number, count: number, limit: number): number {
    const { digits, units } = this;
    let done = 0;
    while (done < count) {
      if (this.roman && count - done >= ROMAN_RUN) {
        n = this.romanRun(buf, n, count - done, limit);
        done += this.written;
        if (this.written > 0) continue;
      }
      if (!this.roman && this.places >= 3) {
        n = this.blockRun(buf, n, count - done, limit);
        done += this.written;
        if (this.written > 0) continue;
      }
      if (n + LABEL_ROOM > limit) break;
      this.next();
      for (let k = 0, m = this.length; k < m; k++) buf[n++] = units[k]!;
      done++;
    }
    this.written = done;
    return n;
  }

  /** The labels of every number of a block, from 100 up (made by the first run that needs it). */
  private block: Block | null = null;

  /**
   * Decimal numbers from 100 up: the next labels (up to `count`), to the end of their block (the
   * numbers that share all but their last two digits below 1000, their last three from 1000),
   * copied from the block as many as fit below `limit`; sets `written` (0 where the next label is
   * longer: 999 → 1000), returns the new length.
   */
  private blockRun(buf: Uint16Array, n: number, count: number, limit: number): number {
    const digits = this.digits;
    const places = this.places;
    const suffix = places >= 4 ? 3 : 2;
    const size = suffix === 3 ? 1000 : 100;
    let at = 0; // the current number's index in its block
    for (let q = suffix - 1; q >= 0; q--) at = at * 10 + digits[q]!;
    // The next number starts a new block where the current one ends it: places from `suffix` carry.
    let top = suffix - 1;
    if (at === size - 1) {
      top = suffix;
      while (top < places && digits[top] === 9) top++;
      at = -1;
    }
    const length = this.length;
    let k = size - 1 - at < count ? size - 1 - at : count;
    const fit = ((limit - n) / length) | 0;
    if (fit < k) k = fit;
    if (k <= 0 || top === places) {
      this.written = 0; // no room, or a longer label next (999 → 1000): counted one by one
      return n;
    }
    if (at < 0) for (let q = suffix; q <= top; q++) digits[q] = q < top ? 0 : digits[q]! + 1;
    const block = (this.block ??= new Block());
    block.prepare(digits, places, length, suffix);
    block.copy(buf, n, at + 1, k);
    let last = at + k;
    for (let q = 0; q < suffix; q++, last = (last / 10) | 0) digits[q] = last % 10;
    this.relabel(top);
    this.written = k;
    return n + k * length;
  }

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
 * The labels of every number of one block, one after another: the numbers that share all their
 * digits but the last `suffix` (2: a hundred, 3: a thousand), and so one length. The next block is
 * this one with the digits above the suffix that changed patched (one store a label for each).
 */
class Block {
  private readonly units = new Uint16Array(1000 * LABEL_ROOM);
  /** The labels' length and suffix places (0: none made yet). */
  private length = 0;
  private suffix = 0;
  /** The digits of the places from `suffix` up that the labels hold. */
  private readonly digits = new Uint8Array(LABEL_ROOM);

  /** Holds the block of the number with `digits` (`places` of them; labels of `length` units). */
  prepare(digits: Uint8Array, places: number, length: number, suffix: number): void {
    const { units } = this;
    const size = suffix === 3 ? 1000 : 100;
    if (length !== this.length || suffix !== this.suffix) {
      // Made from scratch: every label's suffix (its last digits), then the places above it.
      this.length = length;
      this.suffix = suffix;
      for (let m = 0; m < size; m++) {
        for (let q = 0, v = m; q < suffix; q++, v = (v / 10) | 0) units[m * length + length - 1 - q] = 0x30 + (v % 10);
      }
      this.digits.fill(0xff);
    }
    for (let q = suffix; q < places; q++) {
      const d = digits[q]!;
      if (d === this.digits[q]) continue;
      this.digits[q] = d;
      const unit = 0x30 + d;
      for (let at = length - 1 - q, m = 0; m < size; m++, at += length) units[at] = unit;
    }
  }

  /** Labels first..first + count - 1 of the block into buf[n..]. */
  copy(buf: Uint16Array, n: number, first: number, count: number): void {
    const length = this.length;
    buf.set(this.units.subarray(first * length, (first + count) * length), n);
  }
}

/** Every roman numeral label from i to mmmcmxcix, one after another, and where each starts (`at[v]`; `at[v + 1]` its end). */
interface RomanLabels {
  units: Uint16Array;
  at: Uint32Array;
}
let romanTable: RomanLabels | null = null;

/**
 * The roman numeral labels, made once (~36,000 units) when a run of roman note marks first asks:
 * by joins (native), not a label at a time: a group of labels that share a prefix P (the
 * thousands and hundreds) and end in the suffixes S (the labels of 0..99) is P + S.join(P).
 */
function romanLabels(): RomanLabels {
  if (romanTable) return romanTable;
  const [ones, tens, hundreds, thousands] = ROMAN as [readonly string[], readonly string[], readonly string[], readonly string[]];
  const below100: string[] = [];
  for (const t of tens) for (const o of ones) below100.push(t + o);
  const groups: string[] = [];
  const at = new Uint32Array(ROMAN_LIMIT + 1);
  let length = 0;
  for (let g = 0; g < ROMAN_LIMIT / 100; g++) {
    const prefix = thousands[(g / 10) | 0]! + hundreds[g % 10]!;
    groups.push(prefix + below100.join(prefix));
    for (let k = 0; k < 100; k++) {
      at[g * 100 + k] = length;
      length += prefix.length + below100[k]!.length;
    }
  }
  at[ROMAN_LIMIT] = length;
  // Letters only (ASCII): their UTF-8 bytes are their code units, widened by the typed array (native).
  const units = new Uint16Array(new TextEncoder().encode(groups.join('')));
  return (romanTable = { units, at });
}

/** Kept alive with the renderer's other classes (plain-text.ts KEEP_MAPS_ALIVE): a Block, made only by long runs of note marks. */
export const NOTE_MAPS: readonly object[] = [new Block()];
