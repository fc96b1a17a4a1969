/**
 * The style sheet ([MS-DOC] 2.9.271 STSH, 2.9.260 STD): what text extraction and the structure
 * need — each style's built-in identifier, name and base style, and its paragraph and character
 * grpprls (list numbering set on a style, a heading's outline level, hidden text by style).
 */
import { ByteReader } from '../io/bytes.js';
import { decodeUtf16le } from '../io/encoding.js';

export interface Style {
  /** Built-in style identifier (2.9.260 Stdf.sti): 0 Normal, 1-9 Heading 1-9, 0x0FFE a user style. */
  sti: number;
  /** The style's name (xstzName; '' when absent). */
  name: string;
  /** 1 paragraph, 2 character, 3 table, 4 numbering (2.9.260 stk). */
  stk: number;
  istdBase: number;
  /** The paragraph grpprl of a paragraph style, as [start, end) in the table stream. */
  papx: { start: number; end: number } | null;
  /** The character grpprl of a paragraph or character style, as [start, end) in the table stream. */
  chpx: { start: number; end: number } | null;
}

/**
 * The style sheet: its length, and each style by istd. `readStyleSheet` reads a style's STD when it
 * is first asked for (a document uses a few of its styles: plain text reads only those); a
 * `Style[]` is a StyleSheet too.
 */
export interface StyleSheet {
  /** Styles in the sheet. */
  readonly length: number;
  /** Style `istd` (≥ 0), or undefined past the sheet. */
  at(istd: number): Style | undefined;
}

/**
 * The style sheet at [fc, fc + lcb) of the table stream. Word 6/95 (`word6`) names are 8-bit: a
 * count byte, the characters and a NUL (decoded as Latin-1: only the built-in sti matters here).
 */
export function readStyleSheet(tableStream: Uint8Array, fc: number, lcb: number, layout: 'word97' | 'word6' = 'word97'): StyleSheet {
  const r = new ByteReader(tableStream, 'style sheet');
  if (lcb < 4 || !r.has(fc, lcb)) return [];
  const end = fc + lcb;
  const cbStshi = r.u16(fc);
  if (2 + cbStshi > lcb || cbStshi < 4) return [];
  return new LazyStyleSheet(r, fc + 2 + cbStshi, r.u16(fc + 2), end, r.u16(fc + 4), layout);
}

/** The style sheet as an array: every style read. */
export function parseStyles(tableStream: Uint8Array, fc: number, lcb: number, layout: 'word97' | 'word6' = 'word97'): Style[] {
  const sheet = readStyleSheet(tableStream, fc, lcb, layout);
  return Array.from({ length: sheet.length }, (_, istd) => sheet.at(istd)!);
}

/** An STD too short to hold its base (or absent): a style with nothing in it. */
const EMPTY_STYLE: Style = Object.freeze({ sti: 0x0ffe, name: '', stk: 0, istdBase: 0xfff, papx: null, chpx: null });

class LazyStyleSheet implements StyleSheet {
  /** Where each style's cbStd is in the table stream, as far as asked so far. */
  private readonly stds: number[] = [];
  private readonly read: Array<Style | undefined> = [];

  constructor(
    private readonly r: ByteReader,
    /** Where the next STD not yet in `stds` starts. */
    private next: number,
    /** Stshi.cstd: the styles the sheet counts. */
    private readonly cstd: number,
    /** The end of the sheet in the table stream. */
    private readonly end: number,
    /** Stshif.cbSTDBaseInFile: 10, or 18 with StdfPost2000. */
    private readonly cbStdBase: number,
    private readonly layout: 'word97' | 'word6',
  ) {}

  get length(): number {
    this.reach(Infinity);
    return this.stds.length;
  }

  at(istd: number): Style | undefined {
    if (!this.reach(istd)) return undefined;
    return (this.read[istd] ??= this.parse(this.stds[istd]!));
  }

  /** Finds where the STDs up to `istd` start (each after the one before, as far as the count and the sheet reach); whether `istd` is one. */
  private reach(istd: number): boolean {
    const { r, stds } = this;
    while (stds.length <= istd && stds.length < this.cstd && this.next + 2 <= this.end) {
      stds.push(this.next);
      this.next += 2 + r.u16(this.next);
    }
    return istd < stds.length;
  }

  /** The STD whose cbStd is at `o`. */
  private parse(o: number): Style {
    const { r, cbStdBase } = this;
    const cbStd = r.u16(o);
    const std = o + 2;
    /** The end of this STD. */
    const limit = std + cbStd;
    if (cbStd === 0 || limit > this.end || cbStd < cbStdBase + 2) return EMPTY_STYLE;
    const sti = r.u16(std) & 0x0fff;
    const stk = r.u16(std + 2) & 0x000f;
    const istdBase = r.u16(std + 2) >>> 4;
    let papx: Style['papx'] = null;
    let chpx: Style['chpx'] = null;
    // xstzName: cch, cch UTF-16 units, a NUL (Word 6: 1-byte cch, 8-bit characters, a NUL).
    const wide = this.layout === 'word97';
    const cch = r.has(std + cbStdBase, 2) ? (wide ? r.u16(std + cbStdBase) : r.u8(std + cbStdBase)) : -1;
    const chars = std + cbStdBase + (wide ? 2 : 1);
    const unit = wide ? 2 : 1;
    const named = cch >= 0 && r.has(chars, unit * cch) && chars + unit * cch <= limit;
    if ((stk === 1 || stk === 2) && cch >= 0) {
      // Then the LPUpx entries (cbUpx, UPX), each padded to an even offset: paragraph styles have
      // UpxPapx (istd, grpprl) then UpxChpx (grpprl); character styles have UpxChpx only
      // (2.9.260 STD, 2.9.138 GrLPUpxSw).
      let u = chars + unit * cch + unit;
      if (stk === 1) {
        u += (u - std) % 2;
        const end = upxEnd(r, u, limit);
        if (end - u >= 4) papx = { start: u + 4, end };
        u = end; // -1: no UpxPapx, so no UpxChpx either
      }
      if (u >= 0) {
        u += (u - std) % 2;
        const end = upxEnd(r, u, limit);
        if (end >= 0) chpx = { start: u + 2, end };
      }
    }
    return new NamedStyle(sti, stk, istdBase, papx, chpx, r.bytes, named ? chars : -1, unit * cch, wide);
  }
}

/** The end of the LPUpx at `u` (cbUpx, then that many bytes), or -1 when it does not end by `limit`. */
function upxEnd(r: ByteReader, u: number, limit: number): number {
  const end = u + 2 <= limit ? u + 2 + r.u16(u) : -1;
  return end <= limit ? end : -1;
}

/** A style read from its STD: the name is decoded when first asked for (plain text never asks). */
class NamedStyle implements Style {
  private decoded: string | undefined;

  constructor(
    readonly sti: number,
    readonly stk: number,
    readonly istdBase: number,
    readonly papx: Style['papx'],
    readonly chpx: Style['chpx'],
    /** The table stream, and where the xstzName characters are in it (-1: no name). */
    private readonly tableStream: Uint8Array,
    private readonly nameAt: number,
    private readonly nameBytes: number,
    private readonly wide: boolean,
  ) {}

  get name(): string {
    if (this.decoded === undefined) {
      const bytes = this.nameAt < 0 ? null : this.tableStream.subarray(this.nameAt, this.nameAt + this.nameBytes);
      this.decoded = !bytes ? '' : this.wide ? decodeUtf16le(bytes) : String.fromCharCode(...bytes);
    }
    return this.decoded;
  }
}

/** The paragraph (or character) grpprls that make up a style, base styles first (cycles and depth bounded). */
export function styleChain(styles: StyleSheet, istd: number, kind: 'papx' | 'chpx' = 'papx'): Array<{ start: number; end: number }> {
  const chain: Array<{ start: number; end: number }> = [];
  for (let depth = 0; depth < 11; depth++) {
    const style = styles.at(istd);
    if (!style) break;
    const grpprl = style[kind];
    if (grpprl) chain.unshift(grpprl);
    if (style.istdBase === 0xfff || style.istdBase === istd) break;
    istd = style.istdBase;
  }
  return chain;
}
