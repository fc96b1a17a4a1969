/**
 * What catdoc 0.95 *reads* from a .doc, emulated: the raw UTF-16 code units its reader produces,
 * before its paragraph rules (which the catdoc formatter reproduces). Used only to classify
 * golden differences: if formatCatdoc(rawChars) equals catdoc's output while formatCatdoc(our
 * characters) does not, the formatter is right and the difference comes from catdoc reading the
 * raw WordDocument stream instead of the piece table.
 *
 * The reading rules (catdoc 0.95 src/analyze.c analyze_format / parse_word_header, src/reader.c
 * get_word8_char, src/charsets.c get_8bit_char, src/ole.c ole_eof):
 * - every directory entry named exactly "WordDocument" is processed, in directory order
 *   (embedded Word objects too);
 * - FIB flags (offset 10): fEncrypted (0x100) -> nothing printed; fExtChar (0x1000) -> "Word 8"
 *   reader, else 8-bit reader (the first stream's choice sticks for the whole run);
 * - text runs from fcMin (offset 24) for fcMac - fcMin bytes (0 if fcMac <= fcMin), but a
 *   paragraph that has started is read on to its end (or to the end of the stream);
 * - Word 8 reader: each 256-byte block (counted from fcMin) is UTF-16LE if some even offset in it
 *   (within the text length) holds a space, CR or ASCII punctuation byte followed by 0x00, else
 *   8-bit; 8-bit bytes go through the source charset table (cp1252 from /etc/catdocrc), where
 *   undefined bytes give U+0000.
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATDOC_CHARSETS } from '../../packages/parser/src/render/catdoc/charsets.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(resolve(here, '../../packages/parser/package.json'));
// cfb is the parser package's dependency; load it from there.
const CFB = require('cfb') as {
  read(data: Uint8Array, opts: { type: 'array' }): { FileIndex: { name: string; type: number; size?: number; content?: Uint8Array | number[] }[] };
};

export interface RawRead {
  /** Code units catdoc's reader delivers, all WordDocument streams joined. */
  chars: string;
  /** Did the reader stop at the end of a stream (so catdoc's end-of-input rules apply)? */
  hitEof: boolean;
  streams: number;
  encrypted: boolean;
  extChar: boolean;
  /** Per 256-byte block of the first stream: catdoc's UTF-16 guess. */
  blocksUnicode: boolean[];
  /** Bytes read past fcMac (to finish the last paragraph). */
  pastEnd: number;
  fcMin: number;
  fcMac: number;
  /** Word 2 only: how many bytes late catdoc starts reading. */
  word2Shift?: number;
}

const isPunct = (b: number) => b > 0x20 && b < 0x7f && !((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/**
 * Word 2 (file starts DB A5): catdoc parses the FIB at the start of the file, but passes +128
 * instead of -128 as the header offset, so it starts reading at fcMin + 256; 8-bit reader unless
 * fExtChar; the stream is the whole file (stdio: the read after the last byte gives EOF, stored
 * as U+FFFF).
 */
function word2RawRead(file: Uint8Array, table: string): RawRead {
  const u16 = (o: number) => file[o] | (file[o + 1] << 8);
  const u32 = (o: number) => (file[o] | (file[o + 1] << 8) | (file[o + 2] << 16) | (file[o + 3] << 24)) >>> 0;
  const flags = u16(10);
  const start = u32(24);
  const stop = u32(28);
  const textlen = start < stop ? stop - start : 0;
  const res: RawRead = { chars: '', hitEof: false, streams: 1, encrypted: (flags & 0x100) !== 0, extChar: (flags & 0x1000) !== 0, blocksUnicode: [], pastEnd: 0, fcMin: start, fcMac: stop, word2Shift: 256 };
  if (res.encrypted || res.extChar) return res; // not emulated: Word 8 reader on a Word 2 file
  const out: number[] = [];
  let pos = start + 256;
  let offset = 0;
  let eof = pos > file.length;
  while (!eof && offset < textlen) {
    for (;;) {
      let c: number;
      if (pos < file.length) c = table.charCodeAt(file[pos++]);
      else {
        c = 0xffff;
        eof = true;
      }
      offset++;
      out.push(c);
      if (eof) break;
      if (c === 0x0d || c === 0x0b) break;
    }
  }
  res.hitEof = eof;
  for (let i = 0; i < out.length; i += 8192) res.chars += String.fromCharCode(...out.slice(i, i + 8192));
  return res;
}

export function catdocRawRead(file: Uint8Array, sourceCharset = 'cp1252'): RawRead | null {
  if (file[0] === 0xdb && file[1] === 0xa5) return word2RawRead(file, CATDOC_CHARSETS[sourceCharset]);
  if (!(file[0] === 0xd0 && file[1] === 0xcf && file[2] === 0x11 && file[3] === 0xe0)) return null;
  const cfb = CFB.read(file, { type: 'array' });
  const table = CATDOC_CHARSETS[sourceCharset];
  const out: number[] = [];
  const res: RawRead = { chars: '', hitEof: false, streams: 0, encrypted: false, extChar: false, blocksUnicode: [], pastEnd: 0, fcMin: 0, fcMac: 0 };
  let reader: 'word8' | '8bit' | null = null;
  for (const entry of cfb.FileIndex) {
    if (entry.type !== 2 || entry.name !== 'WordDocument') continue;
    const s = entry.content instanceof Uint8Array ? entry.content : Uint8Array.from(entry.content ?? []);
    const length = entry.size ?? s.length;
    res.streams++;
    if (length < 32) continue;
    const u16 = (o: number) => s[o] | (s[o + 1] << 8);
    const u32 = (o: number) => (s[o] | (s[o + 1] << 8) | (s[o + 2] << 16) | (s[o + 3] << 24)) >>> 0;
    const flags = u16(10);
    if (!reader) reader = flags & 0x1000 ? 'word8' : '8bit';
    if (res.streams === 1) res.extChar = (flags & 0x1000) !== 0;
    if (flags & 0x100) {
      res.encrypted = true;
      continue;
    }
    const start = u32(24);
    const stop = u32(28);
    const textlen = start < stop ? stop - start : 0;
    if (res.streams === 1) {
      res.fcMin = start;
      res.fcMac = stop;
    }
    if (start >= length) break; // catdoc: "File ended before textstart" and exit(1)
    // process_file
    let offset = 0; // relative to fcMin
    let pos = start; // absolute position in the stream
    const eof = () => pos >= length;
    let block = new Uint8Array(256);
    let blockUnicode = false;
    const next = (): number => {
      if (reader === '8bit') {
        const b = s[pos++];
        offset++;
        return table.charCodeAt(b);
      }
      let i = offset % 256;
      if (i === 0) {
        block = new Uint8Array(256);
        const count0 = Math.min(256, length - pos);
        block.set(s.subarray(pos, pos + count0));
        pos += count0;
        let count = count0;
        if (offset + count > textlen) count = textlen - offset;
        blockUnicode = false;
        for (let j = 0; j < count; j += 2) {
          const c = block[j];
          if ((c === 0x20 || c === 0x0d || isPunct(c)) && j + 1 < count && block[j + 1] === 0) {
            blockUnicode = true;
            break;
          }
        }
        if (res.streams === 1) res.blocksUnicode.push(blockUnicode);
        i = 0;
      }
      if (blockUnicode) {
        offset += 2;
        return block[i] | (block[i + 1] << 8);
      }
      offset++;
      return table.charCodeAt(block[i]);
    };
    while (!eof() && offset < textlen) {
      // one paragraph: read until a paragraph end (0x0D or 0x0B) or the end of the stream
      for (;;) {
        const c = next();
        out.push(c);
        if (eof()) {
          res.hitEof = true;
          break;
        }
        if (c === 0x0d || c === 0x0b) break;
      }
    }
    if (res.streams === 1 && offset > textlen) res.pastEnd = offset - textlen;
  }
  let chars = '';
  for (let i = 0; i < out.length; i += 8192) chars += String.fromCharCode(...out.slice(i, i + 8192));
  res.chars = chars;
  return res;
}
