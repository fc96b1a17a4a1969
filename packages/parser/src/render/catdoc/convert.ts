/**
 * catdoc's character conversion (charsets.c convert_char, substmap.c): one UTF-16 code unit to
 * what catdoc prints for it — the format's special-character map, then UTF-8 or the target 8-bit
 * charset, its replacement map, \xNNNN or the unknown-character mark.
 *
 * Output is kept as units until the end (output.ts): for the utf-8 target a unit is a UTF-16 code
 * unit (printed as its 1-3 UTF-8 bytes, see output.ts `printedBytes`), for an 8-bit target a unit is one
 * output byte. Special-map and replacement strings are ASCII, so they are the same units either way.
 */
import { CATDOC_CHARSETS } from './charsets.js';
import type { CatdocOptions } from './format.js';
import { CATDOC_FORMATS } from './substmaps.js';

/** A string of byte values (latin1) as units. */
export const latin1Units = (s: string): Uint16Array => {
  const b = new Uint16Array(s.length);
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

/** `Converter.single` entry not yet computed. */
export const UNIT_UNKNOWN = -2;
/** `Converter.single` entry for a unit that converts to none or several units. */
export const UNIT_SEVERAL = -1;

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

/** Converts one UTF-16 code unit to the units catdoc prints for it. Results are cached. */
export class Converter {
  /** Converted units by UTF-16 unit (a dense array: looked up for every unit that is not `single`). */
  private readonly cache: Array<Uint16Array | undefined> = new Array(0x10000);
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
   * The one unit each UTF-16 unit converts to, UNIT_SEVERAL when it converts to none or several,
   * UNIT_UNKNOWN until first asked (`unitOf`): the writer's fast path, read for every character.
   */
  readonly single: Int32Array = new Int32Array(0x10000).fill(UNIT_UNKNOWN);

  /** Do printable ASCII, TAB, LF and form feed convert to themselves (Writer's fast path)? */
  get asciiIdentity(): boolean {
    if (this.identity === undefined) {
      let same = this.unitOf(0x09) === 0x09 && this.unitOf(0x0a) === 0x0a && this.unitOf(0x0c) === 0x0c;
      for (let u = 0x20; same && u < 0x7f; u++) same = this.unitOf(u) === u;
      this.identity = same;
    }
    return this.identity;
  }
  private identity: boolean | undefined;

  /** `single[uc]`, computed on first use. */
  unitOf(uc: number): number {
    let u = this.single[uc];
    if (u === UNIT_UNKNOWN) {
      const units = this.convert(uc);
      u = units.length === 1 ? units[0] : UNIT_SEVERAL;
      this.single[uc] = u;
    }
    return u;
  }

  convert(uc: number): Uint16Array {
    let b = this.cache[uc];
    if (b === undefined) {
      b = this.compute(uc);
      this.cache[uc] = b;
    }
    return b;
  }

  private compute(uc: number): Uint16Array {
    const s = this.spec.get(uc);
    if (s !== undefined) return latin1Units(s);
    if (this.rev === null) return uc === 0 ? new Uint16Array(0) : Uint16Array.of(uc); // "\0" as a C string prints nothing
    const c = this.rev[uc];
    if (c > 0) return Uint16Array.of(c);
    if (c === 0) return new Uint16Array(0);
    const r = this.repl.get(uc);
    if (r !== undefined) return latin1Units(r);
    if (this.o.unknownAsHex) return latin1Units('\\x' + uc.toString(16).toUpperCase().padStart(4, '0'));
    return latin1Units(this.o.unknownChar);
  }
}
