/**
 * Windows Write (and Word for DOS, which shares its header): a bare file, 8-bit text in one code
 * page, CR LF paragraph ends.
 *
 * Windows Write (wIdent 0xBE31, 0xBE32 with OLE objects; wTool 0xAB00 at offset 4). Header in
 * 16-bit words: fcMac (u32 at byte 14) = 128 + the text's length; pnPara (byte 18) and pnFntb
 * (byte 20) bound the paragraph-property pages; pnMac (byte 96) is 0 when Word for DOS wrote the
 * file (same header, IBM PC character set). The text runs from byte 128 to fcMac. Each paragraph
 * has one FOD (fcLim u32, bfprop u16) on a 128-byte page (fcFirst u32 at 0, FODs from 4, cfod in
 * the last byte); its FPROP (cch, then PAP bytes) holds, at PAP byte 16, the rhc flags: 0x10 the
 * paragraph is a picture or OLE object (binary data, not text), 0x06 a running head (header or
 * footer, 0x01 = footer).
 *
 */
import { DocParseError } from '../errors.js';
import { Warnings } from '../warnings.js';
import { ByteReader } from '../io/bytes.js';
import { optionDecoder } from '../io/encoding.js';
import { ccpOf } from '../model/read-result.js';
import { decodePieces } from '../word/characters.js';
import type { ParseOptions } from '../types.js';
import type { Word2Document } from './word2.js';

const WRITE = {
  wTool: 4,
  fcMac: 14,
  pnPara: 18,
  pnFntb: 20,
  pnMac: 96,
  textStart: 128,
  page: 128,
} as const;

/** rhc flags (PAP byte 16). */
const RHC_PICTURE = 0x10;
const RHC_RUNNING_HEAD = 0x06;

export function readWrite(bytes: Uint8Array, options: ParseOptions): Word2Document {
  const r = new ByteReader(bytes, 'Write header');
  if (r.length < WRITE.textStart) {
    throw new DocParseError('TRUNCATED', `The file is ${r.length} bytes long, shorter than a Write header (128 bytes).`);
  }
  const warnings = new Warnings();
  const wordForDos = r.u16(WRITE.pnMac) === 0;
  let fcMac = r.u32(WRITE.fcMac);
  if (fcMac < WRITE.textStart) {
    warnings.add(`fcMac (${fcMac}) is inside the header; no text`);
    fcMac = WRITE.textStart;
  }
  if (fcMac > bytes.length) {
    warnings.add(`the text (to byte ${fcMac}) runs past the end of the file (${bytes.length} bytes); cut`);
    fcMac = bytes.length;
  }
  const codePage = options.codePage ?? (wordForDos ? 437 : 1252);
  const decode8 = optionDecoder(codePage);
  const decode = (from: number, to: number) => decodePieces(bytes, [{ cpStart: 0, cpEnd: to - from, offset: from, compressed: true }], to - from, decode8, warnings);

  // Paragraphs: their extents and rhc flags, from the FODs. Word for DOS files keep text only.
  const paragraphs = wordForDos ? [] : readWriteParagraphs(r, fcMac, warnings);
  let body = '';
  let heads = '';
  let pictures = 0;
  let at: number = WRITE.textStart;
  for (const p of paragraphs) {
    if (p.start > at) body += decode(at, p.start); // a gap the FODs do not describe: keep it as text
    const len = p.end - p.start;
    if (p.rhc & RHC_PICTURE) {
      body += '\x01' + '\0'.repeat(len - 1);
      pictures++;
    } else if (p.rhc & RHC_RUNNING_HEAD) {
      heads += decode(p.start, p.end);
    } else {
      body += decode(p.start, p.end);
    }
    at = p.end;
  }
  if (at < fcMac) body += decode(at, fcMac);
  if (pictures) warnings.add(`${pictures} picture or object paragraph(s) skipped`);
  if (wordForDos) warnings.add('the file was written by Word for DOS (Write header with pnMac 0); read as text in the IBM PC code page');

  const ccp = ccpOf({});
  ccp.body = body.length;
  ccp.headers = heads.length;
  return {
    format: 'write',
    text: body + heads,
    lid: 0,
    codePage: Number(codePage) || 0,
    nFib: 0,
    complex: false,
    template: false,
    ccp,
    pieces: 1,
    fonts: [],
    warnings: warnings.list(),
  };
}

interface WriteParagraph {
  start: number;
  end: number;
  rhc: number;
}

/**
 * The paragraphs the FOD pages describe, in text order, clamped to [128, fcMac). Stops at the
 * first page that contradicts the previous ones (FCs going backwards); what was read is kept.
 */
function readWriteParagraphs(r: ByteReader, fcMac: number, warnings: Warnings): WriteParagraph[] {
  const pnPara = r.u16(WRITE.pnPara);
  const pnFntb = r.u16(WRITE.pnFntb);
  const firstPage = pnPara * WRITE.page;
  // Pages run from pnPara to pnFntb (the next section); if that is unset, to the end of the file.
  const lastPage = pnFntb > pnPara ? pnFntb : Math.floor(r.length / WRITE.page);
  const paragraphs: WriteParagraph[] = [];
  if (pnPara === 0 || firstPage < fcMac) {
    if (pnPara !== 0) warnings.add(`the paragraph table (page ${pnPara}) overlaps the text; paragraph properties ignored`);
    return paragraphs;
  }
  let prev: number = WRITE.textStart;
  for (let pn = pnPara; pn < lastPage && prev < fcMac; pn++) {
    const page = pn * WRITE.page;
    if (!r.has(page, WRITE.page)) {
      warnings.add(`paragraph page ${pn} lies past the end of the file`);
      break;
    }
    const cfod = Math.min(r.u8(page + 127), 20); // 123 bytes hold at most 20 FODs of 6 bytes
    const fodBase = page + 4;
    for (let i = 0; i < cfod; i++) {
      const fod = fodBase + 6 * i;
      const fcLim = Math.min(r.u32(fod), fcMac);
      const bfprop = r.u16(fod + 4);
      if (fcLim <= prev) {
        if (fcLim < prev) {
          if (warnings.keeping) warnings.add(`paragraph page ${pn}: FOD ${i} goes backwards (${fcLim} < ${prev}); ignored`);
          else warnings.skip();
        }
        continue;
      }
      let rhc = 0;
      // bfprop 0xFFFF: default properties. Otherwise an FPROP at fodBase + bfprop: cch, PAP bytes.
      if (bfprop !== 0xffff && bfprop + 1 < 123) {
        const fprop = fodBase + bfprop;
        const cch = r.u8(fprop);
        if (cch >= 17 && fprop + 1 + 16 < page + WRITE.page) rhc = r.u8(fprop + 1 + 16);
      }
      paragraphs.push({ start: prev, end: fcLim, rhc });
      prev = fcLim;
    }
  }
  return paragraphs;
}

