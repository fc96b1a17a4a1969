/**
 * A tiny, TEST-ONLY writer of Word 6.0 (.doc, nFib 101) files with paragraph and character
 * properties: LibreOffice cannot save Word 6, so the Word 6 layouts are crafted here.
 *
 *   WordDocument: Word 6 FIB (wIdent 0xA5DC, FcLcb pairs from 0x58) | 8-bit text at 0x400 |
 *                 PAPX page (pn 4) | CHPX page (pn 5) | PlcfBtePapx, PlcfBteChpx, STSH from 0xC00
 *
 * No piece table (the text is contiguous between fcMin and fcMac), no table stream (Word 6 keeps
 * its tables in the WordDocument stream). Pages: Word 6 PAPX FKPs have 7-byte BX entries and
 * PAPXs of cw, istd, grpprl; CHPX FKPs are as in Word 97; bin tables hold 2-byte page numbers.
 * Styles: STD base of 8 bytes, 8-bit names (count byte, characters, NUL). Grpprls are Word 6
 * sprms (1-byte opcodes), written as given. Never use this outside tests: it trusts its input.
 */
import CFB from 'cfb';
import { removeCfbPlaceholder } from './doc-writer.js';

export interface Word6Style {
  sti: number;
  name: string;
  /** Base style (istd), default none (0xFFF). */
  base?: number;
  papx?: number[];
  chpx?: number[];
}

export interface Word6Paragraph {
  /** The text, its mark last ('\r', or '\x07' for a cell or row end). */
  text: string;
  istd?: number;
  grpprl?: number[];
}

export interface Word6Doc {
  paragraphs: Word6Paragraph[];
  styles: Word6Style[];
  /** Character runs with a grpprl, as CP ranges [from, to) of the whole text. */
  characters?: Array<{ cp: [number, number]; grpprl: number[] }>;
}

const TEXT = 0x400;
const PAPX_PN = 4;
const CHPX_PN = 5;
const TABLES = 0xc00;

export function writeWord6(spec: Word6Doc): Uint8Array {
  return word6File(word6Stream(spec));
}

/** A WordDocument stream in a compound file of its own. */
export function word6File(wordDocument: Uint8Array): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/WordDocument', Buffer.from(wordDocument));
  return removeCfbPlaceholder(Uint8Array.from(CFB.write(cfb, { type: 'array' }) as ArrayLike<number>));
}

/** The WordDocument stream of the document (for tests that damage it before wrapping). */
export function word6Stream(spec: Word6Doc): Uint8Array {
  const text = spec.paragraphs.map((p) => p.text).join('');
  const doc = new Uint8Array(TABLES + 0x400);
  const v = new DataView(doc.buffer);
  for (let i = 0; i < text.length; i++) doc[TEXT + i] = text.charCodeAt(i) & 0xff;
  const fcMac = TEXT + text.length;

  // PAPX page: one run per paragraph.
  const papx = doc.subarray(PAPX_PN * 512, PAPX_PN * 512 + 512);
  let fc = TEXT;
  let free = 511;
  const crun = spec.paragraphs.length;
  spec.paragraphs.forEach((p, j) => {
    new DataView(papx.buffer, papx.byteOffset).setUint32(4 * j, fc, true);
    fc += p.text.length;
    const body = [(p.istd ?? 0) & 0xff, (p.istd ?? 0) >> 8, ...(p.grpprl ?? [])];
    if (body.length % 2) body.push(0);
    let at = free - (1 + body.length);
    at -= at % 2;
    if (at < 4 * (crun + 1) + 7 * crun) throw new Error('word6-writer: paragraphs do not fit one page');
    papx[at] = body.length / 2; // cw
    papx.set(body, at + 1);
    papx[4 * (crun + 1) + 7 * j] = at / 2;
    free = at;
  });
  new DataView(papx.buffer, papx.byteOffset).setUint32(4 * crun, fc, true);
  papx[511] = crun;

  // CHPX page: the runs given, the gaps between them plain.
  const chpx = doc.subarray(CHPX_PN * 512, CHPX_PN * 512 + 512);
  const cuts = [...new Set([0, text.length, ...(spec.characters ?? []).flatMap((c) => c.cp)])].sort((a, b) => a - b);
  const runs = cuts.slice(0, -1).map((a, k) => ({ a, b: cuts[k + 1]!, grpprl: spec.characters?.find((c) => c.cp[0] === a)?.grpprl ?? null }));
  free = 511;
  runs.forEach((run, j) => {
    new DataView(chpx.buffer, chpx.byteOffset).setUint32(4 * j, TEXT + run.a, true);
    if (!run.grpprl) return;
    let at = free - (1 + run.grpprl.length);
    at -= at % 2;
    chpx[at] = run.grpprl.length;
    chpx.set(run.grpprl, at + 1);
    chpx[4 * (runs.length + 1) + j] = at / 2;
    free = at;
  });
  new DataView(chpx.buffer, chpx.byteOffset).setUint32(4 * runs.length, fcMac, true);
  chpx[511] = runs.length;

  // Bin tables (one page each) and the style sheet.
  let o = TABLES;
  const pair = (i: number, at: number, lcb: number) => {
    v.setUint32(0x58 + 8 * i, at, true);
    v.setUint32(0x58 + 8 * i + 4, lcb, true);
  };
  for (const [i, pn] of [
    [13, PAPX_PN],
    [12, CHPX_PN],
  ] as const) {
    v.setUint32(o, TEXT, true);
    v.setUint32(o + 4, fcMac, true);
    v.setUint16(o + 8, pn, true);
    pair(i, o, 10);
    o += 10;
  }
  const stsh = styleSheet(spec.styles);
  doc.set(stsh, o);
  pair(1, o, stsh.length);

  // FIB: wIdent, nFib 101, lid en-US, fcMin/fcMac, ccpText.
  v.setUint16(0, 0xa5dc, true);
  v.setUint16(2, 101, true);
  v.setUint16(6, 0x0409, true);
  v.setUint32(0x18, TEXT, true);
  v.setUint32(0x1c, fcMac, true);
  v.setInt32(0x34, text.length, true);
  return doc;
}

/** STSHI (cbStshi, cstd, cbSTDBaseInFile 8, zeros) then each STD behind its cbStd. */
function styleSheet(styles: readonly Word6Style[]): Uint8Array {
  const out: number[] = [14, 0, styles.length & 0xff, styles.length >> 8, 8, 0, ...new Array<number>(10).fill(0)];
  for (const style of styles) {
    const base = style.base ?? 0xfff;
    const std = [style.sti & 0xff, style.sti >> 8, 0x01 | ((base << 4) & 0xf0), base >> 4, 2, 0, 0, 0, style.name.length];
    for (const ch of style.name) std.push(ch.charCodeAt(0) & 0xff);
    std.push(0);
    const upx = (bytes: number[]) => {
      if (std.length % 2) std.push(0);
      std.push(bytes.length & 0xff, bytes.length >> 8, ...bytes);
    };
    upx([0, 0, ...(style.papx ?? [])]); // UpxPapx: istd, grpprl
    upx(style.chpx ?? []);
    if (std.length % 2) std.push(0);
    out.push(std.length & 0xff, std.length >> 8, ...std);
  }
  return Uint8Array.from(out);
}
