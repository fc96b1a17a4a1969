/**
 * catdoc's character conversion (charsets.c convert_char, substmap.c): one UTF-16 code unit to
 * the bytes catdoc prints for it: the format's special-character map, then UTF-8 or the target
 * 8-bit charset, its replacement map, \xNNNN or the unknown-character mark.
 */
import { CATDOC_CHARSETS } from './charsets.js';
import type { CatdocOptions } from './format.js';
import { CATDOC_FORMATS } from './substmaps.js';

export const latin1Bytes = (s: string): Uint8Array => {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
};

const reverseMaps = new Map<string, Int16Array>();
/** Unicode code unit -> byte (-1 = none), built like catdoc's make_reverse_map (last byte wins). */
function reverseMap(charset: string): Int16Array {
  let r = reverseMaps.get(charset);
  if (!r) {
    const table = CATDOC_CHARSETS[charset];
    r = new Int16Array(0x10000).fill(-1);
    for (let i = 0; i < 256; i++) r[table.charCodeAt(i)] = i;
    reverseMaps.set(charset, r);
  }
  return r;
}

/** singleByte: not yet computed. */
const SINGLE_BYTE_UNKNOWN = -2;

const converters = new Map<string, Converter>();
/** One converter per distinct conversion (its cache is kept across documents). */
export function converterFor(o: CatdocOptions): Converter {
  const key = `${o.format}\0${o.targetCharset}\0${o.unknownAsHex}\0${o.unknownChar}`;
  let c = converters.get(key);
  if (!c) {
    c = new Converter(o);
    converters.set(key, c);
  }
  return c;
}

/** Converts one UTF-16 code unit to the bytes catdoc prints for it. Results are cached. */
export class Converter {
  /** Converted bytes by UTF-16 unit (a dense array: this is looked up for every character). */
  private readonly cache: Array<Uint8Array | undefined> = new Array(0x10000);
  private readonly spec: ReadonlyMap<number, string>;
  private readonly repl: ReadonlyMap<number, string>;
  private readonly rev: Int16Array | null;
  readonly utf8: boolean;

  constructor(private readonly o: CatdocOptions) {
    const maps = CATDOC_FORMATS[o.format];
    this.spec = maps.spec;
    this.repl = maps.repl;
    this.utf8 = o.targetCharset === 'utf-8';
    this.rev = this.utf8 ? null : reverseMap(o.targetCharset);
  }

  /**
   * The one byte each UTF-16 unit converts to, or -1 when it converts to none or several: the
   * formatter's fast path (most text is units that print as one byte). Filled lazily from convert().
   */
  readonly singleByte: Int16Array = new Int16Array(0x10000).fill(SINGLE_BYTE_UNKNOWN);

  /** singleByte for `uc`, computed on first use. */
  byteOf(uc: number): number {
    let b = this.singleByte[uc];
    if (b === SINGLE_BYTE_UNKNOWN) {
      const bytes = this.convert(uc);
      b = bytes.length === 1 ? bytes[0] : -1;
      this.singleByte[uc] = b;
    }
    return b;
  }

  convert(uc: number): Uint8Array {
    let b = this.cache[uc];
    if (b === undefined) {
      b = this.compute(uc);
      this.cache[uc] = b;
    }
    return b;
  }

  private compute(uc: number): Uint8Array {
    const s = this.spec.get(uc);
    if (s !== undefined) return latin1Bytes(s);
    if (this.rev === null) {
      if (uc === 0) return new Uint8Array(0); // "\0" as a C string prints nothing
      if (uc < 0x80) return Uint8Array.of(uc);
      if (uc < 0x800) return Uint8Array.of(0xc0 | (uc >> 6), 0x80 | (uc & 0x3f));
      return Uint8Array.of(0xe0 | (uc >> 12), 0x80 | ((uc >> 6) & 0x3f), 0x80 | (uc & 0x3f));
    }
    const c = this.rev[uc];
    if (c > 0) return Uint8Array.of(c);
    if (c === 0) return new Uint8Array(0);
    const r = this.repl.get(uc);
    if (r !== undefined) return latin1Bytes(r);
    if (this.o.unknownAsHex) return latin1Bytes('\\x' + uc.toString(16).toUpperCase().padStart(4, '0'));
    return latin1Bytes(this.o.unknownChar);
  }
}
