/**
 * catdoc output mode: turns a document's characters (all stories, CP order, control characters
 * intact) into the exact bytes catdoc 0.95 prints for them.
 *
 * The rules (learned from catdoc 0.95's src/reader.c process_file, src/writer.c out_char,
 * src/charsets.c convert_char/to_utf8, src/substmap.c and experiments with the real binary):
 *
 * Paragraph assembly (reader.c):
 * - 0x0D and 0x0B become a line feed, which ends the paragraph; 0x0C and 0x09 are kept;
 *   0x1E becomes '-', 0x1F becomes U+00AD (soft hyphen), 0x02 and U+FEFF are dropped;
 *   0x13 becomes a space and starts "field mode", 0x14 becomes a space and ends it, 0x15 becomes a
 *   space (without ending it); 0x01 is dropped in field mode.
 * - 0x07 (cell mark) is remembered: if the next character is 0x07 too, the pair becomes 0x1E
 *   (row end), otherwise 0x1C (cell separator) is added before that next character.
 * - Any other character below 0x20 (0x01 outside field mode, 0x03-0x06, 0x08, 0x0A, 0x0E-0x12,
 *   0x16-0x1D) throws away what the paragraph had collected so far; reading goes on.
 * - A paragraph is printed only if it collected at least two characters (an empty paragraph, a
 *   bare line feed, prints nothing). A paragraph that reaches 262144 characters is dropped.
 *
 * Character conversion (charsets.c convert_char), per UTF-16 code unit:
 *   1. the format's special-character map (ascii.specchars: 0x1C -> TAB, 0x1E -> LF, U+00AD -> "";
 *      tex.specchars: LaTeX escapes);
 *   2. utf-8 target: the code unit in UTF-8 (surrogates one by one, as 3-byte sequences);
 *      8-bit target: the charset's byte, else the format's replacement map (*.replchars), else
 *      "\xNNNN" with -x, else '?'.
 *
 * Output (writer.c out_char), wrap margin W > 0: converted bytes are collected in a line buffer.
 * A chunk that contains LF prints the buffer and then one more LF (so paragraphs are followed by a
 * blank line). Otherwise, once the buffer holds more than W bytes, it is cut at the last space or
 * TAB at byte index 1..W (that byte is dropped, a LF printed); with none, W bytes are printed (for
 * utf-8, backed up to the start of a character) followed by LF. The margin counts bytes, so UTF-8
 * text wraps earlier than its character count suggests. W = 0 (catdoc -w): bytes are printed as
 * they come, paragraphs end with a single LF.
 *
 * Deliberate differences, all outside what a well-formed document produces: catdoc reads on past
 * the text when it does not end with a paragraph mark and never prints the last line buffer; we
 * stop at the end of the characters and print what is pending. For a utf-8 target, characters
 * outside the BMP are output as real UTF-8 (catdoc writes each surrogate as its own 3-byte
 * sequence; line wrapping still counts those 6 bytes, so lines break where catdoc breaks them).
 */
import { asDocParseError } from '../../errors.js';
import { fromCharCodes, wellFormed } from '../../io/encoding.js';
import { CATDOC_CHARSETS, CATDOC_CHARSET_NAMES } from './charsets.js';
import { converterFor, latin1Units } from './convert.js';
import { cesu8Bytes, latin1Bytes, UnitSink, Writer } from './output.js';
import { type EmitParagraph, isPrintableAscii, PARAGRAPH_BUFFER, ParagraphCollector } from './paragraphs.js';
import { PlainScanner } from './plain-scan.js';
import { CATDOC_FORMATS } from './substmaps.js';

export type CatdocFormat = 'ascii' | 'tex';

export interface CatdocOptions {
  /** Wrap margin in output bytes (catdoc -m N, default 72); 0 = no wrapping (catdoc -w). */
  width: number;
  /** Target charset: 'utf-8' (default) or one of catdoc's 8-bit charsets (catdoc -d). */
  targetCharset: string;
  /** Output format (catdoc -f ascii|tex, -a, -t). Default 'ascii'. */
  format: CatdocFormat;
  /** Unknown characters as \xNNNN instead of the unknown-character mark (catdoc -x). */
  unknownAsHex: boolean;
  /** The unknown-character mark for 8-bit targets (catdocrc unknown_char; Debian: '?'). */
  unknownChar: string;
}

export const CATDOC_DEFAULTS: Readonly<CatdocOptions> = Object.freeze({
  width: 72,
  targetCharset: 'utf-8',
  format: 'ascii',
  unknownAsHex: false,
  unknownChar: '?',
});

/** catdoc's LINE_BUF_SIZE: the wrap margin must stay below it minus the longest sequence. */
const LINE_BUF_SIZE = 512;

/** The widest wrap margin resolveCatdocOptions accepts for the default (ascii) format: 512 - 6 - 1 = 505. */
export const CATDOC_MAX_WIDTH = LINE_BUF_SIZE - CATDOC_FORMATS.ascii.longest - 1;

/** Invalid catdoc-mode options (unknown charset or format, margin out of range). */
export class CatdocOptionError extends Error {
  override name = 'CatdocOptionError';
}

/** All charset names catdoc accepts for -d / -s, in `catdoc -l` order. */
export function catdocCharsetNames(): readonly string[] {
  return CATDOC_CHARSET_NAMES;
}

/** Does catdoc know this charset name (exact, case-sensitive, as catdoc looks up its files)? */
export function isCatdocCharset(name: string): boolean {
  return name === 'utf-8' || Object.prototype.hasOwnProperty.call(CATDOC_CHARSETS, name);
}

/** Fill in defaults and check options the way catdoc does (throws CatdocOptionError). */
export function resolveCatdocOptions(options: Partial<CatdocOptions> = {}): CatdocOptions {
  const o: CatdocOptions = { ...CATDOC_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  if (o.format !== 'ascii' && o.format !== 'tex') {
    throw new CatdocOptionError(`Cannot read substitution map ${String(o.format)}.specchars`);
  }
  if (!isCatdocCharset(o.targetCharset)) {
    throw new CatdocOptionError(`Cannot load charset ${o.targetCharset} - file not found`);
  }
  if (!Number.isInteger(o.width) || o.width < 0) {
    throw new CatdocOptionError(`Invalid wrap margin value \`${String(o.width)}'`);
  }
  if (LINE_BUF_SIZE - CATDOC_FORMATS[o.format].longest <= o.width) {
    throw new CatdocOptionError('wrap margin is too large. cannot proceed');
  }
  if (o.unknownChar.length !== 1 || o.unknownChar.charCodeAt(0) > 0xff) {
    throw new CatdocOptionError('unknownChar must be a single byte');
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Paragraph assembly (reader.c process_file)

/**
 * Runs catdoc's paragraph rules over the characters and calls `emit` for every paragraph catdoc
 * would print, as UTF-16 code units after its control-character translation (0x0A ends a
 * paragraph, 0x1C separates cells, 0x1E ends a table row, 0xAD is a soft hyphen). Exposed for
 * tests and for callers that want catdoc's paragraphs without its output conversion. The array
 * passed to `emit` is valid only during that call (its buffer is reused).
 */
export function catdocParagraphs(chars: string, emit: EmitParagraph, fidelity: CatdocFidelity = 'repaired'): void {
  const collector = new ParagraphCollector(emit);
  try {
    for (let i = 0; i < chars.length; ) i = collector.collect(chars, i);
    collector.end(fidelity === 'repaired');
  } finally {
    collector.release();
  }
}

/**
 * How faithfully to follow catdoc where it is wrong:
 * - 'repaired' (default): at the end of the input a last one-character paragraph and the last
 *   unfinished output line are printed, and utf-8 output is valid UTF-8;
 * - 'exact': neither is printed, and surrogates are written one by one as 3-byte sequences
 *   (CESU-8, invalid UTF-8), as catdoc does. The golden runner's raw-stream emulation and
 *   `catdoc -b` use it.
 */
export type CatdocFidelity = 'repaired' | 'exact';

/**
 * The bytes `catdoc` prints for a document with these characters (all stories in CP order, as
 * `parseDoc(bytes).characters('all')` returns them). For the utf-8 target the result is valid
 * UTF-8; for an 8-bit target, bytes in that charset.
 */
export function formatCatdoc(chars: string, options: Partial<CatdocOptions> = {}): Uint8Array {
  return formatting(() => {
    const o = resolveCatdocOptions(options);
    return printed(render(chars, o, 'repaired'), o, 'repaired');
  });
}

/** formatCatdoc, reproducing catdoc even where it is wrong (CatdocFidelity 'exact'). */
export function formatCatdocExact(chars: string, options: Partial<CatdocOptions> = {}): Uint8Array {
  return formatting(() => {
    const o = resolveCatdocOptions(options);
    return printed(render(chars, o, 'exact'), o, 'exact');
  });
}

/** The formatters' boundary: invalid options throw CatdocOptionError; anything else unexpected is INTERNAL. */
function formatting<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CatdocOptionError) throw error;
    throw asDocParseError(error);
  }
}

/**
 * catdoc's output for these characters, as a string of output units (output.ts). Paragraphs of
 * printable ASCII (and TAB, form feed) that start on an empty line are cut into lines as strings
 * when the conversion leaves those characters as they are; every other paragraph goes through
 * the paragraph rules and out_char unit by unit. Both give the same output (the catdoc tests run
 * texts of both kinds against catdoc itself).
 */
function render(chars: string, o: CatdocOptions, fidelity: CatdocFidelity): string {
  const conv = converterFor(o);
  const sink = new UnitSink();
  const paraEnd = CATDOC_FORMATS[o.format].spec.get(0x0a);
  const writer = new Writer(sink, o.width, conv.utf8, paraEnd !== undefined ? latin1Units(paraEnd) : Uint16Array.of(0x0a));
  const collector = new ParagraphCollector((para) => writer.write(para, conv));
  const scan = conv.asciiIdentity ? new PlainScanner(chars) : null;
  try {
    for (let i = 0; i < chars.length; ) {
      if (scan !== null && collector.idle && writer.idle && isPrintableAscii(chars.charCodeAt(i))) {
        const end = scan.end(i);
        const c = end < chars.length ? chars.charCodeAt(end) : -1;
        if ((c === 0x0d || c === 0x0b) && end - i + 1 < PARAGRAPH_BUFFER) {
          if (end > i) writer.writePlain(chars, i, end); // an empty one prints nothing
          i = end + 1;
          continue;
        }
      }
      i = collector.collect(chars, i);
    }
    collector.end(fidelity === 'repaired');
  } finally {
    collector.release();
    scan?.release();
  }
  if (fidelity === 'repaired') writer.finish();
  else writer.drop();
  return sink.toString();
}

/** Output units as the bytes catdoc prints: repaired utf-8 is valid UTF-8; exact utf-8 writes surrogates one by one. */
function printed(units: string, o: CatdocOptions, fidelity: CatdocFidelity): Uint8Array {
  if (o.targetCharset !== 'utf-8') return latin1Bytes(units);
  return fidelity === 'exact' ? cesu8Bytes(units) : new TextEncoder().encode(units);
}

/**
 * Every code unit converted as catdoc's convert_char does, concatenated: no paragraph rules, no
 * wrapping (catdoc's copy_out path for files that are not Word documents).
 */
export function formatCatdocChunks(chars: string, options: Partial<CatdocOptions> = {}): Uint8Array {
  const o = resolveCatdocOptions(options);
  const conv = converterFor(o);
  const sink = new UnitSink();
  for (let i = 0; i < chars.length; i++) sink.push(conv.convert(chars.charCodeAt(i)));
  return printed(sink.toString(), o, 'repaired');
}

/** Like formatCatdoc, as a string (the output bytes decoded from the target charset). */
export function formatCatdocText(chars: string, options: Partial<CatdocOptions> = {}): string {
  return formatting(() => {
    const o = resolveCatdocOptions(options);
    const units = render(chars, o, 'repaired');
    return o.targetCharset === 'utf-8' ? wellFormed(units) : decodeCatdocOutput(latin1Bytes(units), o.targetCharset);
  });
}

/**
 * Decodes catdoc output bytes: utf-8 (also accepting catdoc's 3-byte surrogate sequences) or an
 * 8-bit catdoc charset through its table.
 */
export function decodeCatdocOutput(bytes: Uint8Array, targetCharset: string): string {
  // Never more code units than bytes (a 4-byte sequence gives two).
  const units = new Uint16Array(bytes.length);
  let n = 0;
  if (targetCharset !== 'utf-8') {
    const table = CATDOC_CHARSETS[targetCharset];
    if (!table) throw new CatdocOptionError(`Cannot load charset ${targetCharset} - file not found`);
    for (let i = 0; i < bytes.length; i++) units[n++] = table.charCodeAt(bytes[i]);
    return fromCharCodes(units.subarray(0, n));
  }
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      units[n++] = b;
      i++;
    } else if (b >= 0xc0 && b < 0xe0 && i + 1 < bytes.length) {
      units[n++] = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      i += 2;
    } else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length) {
      units[n++] = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      i += 3;
    } else if (b >= 0xf0 && b < 0xf8 && i + 3 < bytes.length) {
      const cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
      const v = cp - 0x10000;
      units[n++] = 0xd800 + (v >> 10);
      units[n++] = 0xdc00 + (v & 0x3ff);
      i += 4;
    } else {
      units[n++] = 0xfffd;
      i++;
    }
  }
  return fromCharCodes(units.subarray(0, n));
}
