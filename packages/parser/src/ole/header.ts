/**
 * [MS-CFB] 2.2: the compound file header. Checked as Word and LibreOffice need it: the signature,
 * version 3 or 4 with its sector size (512 or 4096 bytes), 64-byte mini sectors and the 4096-byte
 * mini stream cutoff. Fields real writers get wrong and nothing depends on (the byte-order mark,
 * the reserved bytes, a version-3 directory sector count) are not held against the file.
 */
import { DocParseError } from '../errors.js';
import { corrupt, cutShort } from './errors.js';
import { u16le as u16, u32le as u32 } from '../io/bytes.js';

/** [MS-CFB] 2.2: the 8-byte header signature. */
export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

/** Offset of the header's 109 DIFAT entries. */
export const HEADER_DIFAT_OFFSET = 0x4c;
export const HEADER_DIFAT_ENTRIES = 109;
export const MINI_SECTOR_SIZE = 64;
export const MINI_STREAM_CUTOFF = 4096;

export interface Header {
  version: 3 | 4;
  /** 9 (512-byte sectors) or 12 (4096-byte sectors). */
  sectorShift: 9 | 12;
  fatSectors: number;
  directoryStart: number;
  miniFatStart: number;
  miniFatSectors: number;
  difatStart: number;
  difatSectors: number;
}

export function hasCfbSignature(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== CFB_SIGNATURE[i]) return false;
  return true;
}

export function readHeader(bytes: Uint8Array): Header {
  if (!hasCfbSignature(bytes)) {
    throw new DocParseError('NOT_OLE', 'This is not an OLE compound file (a Word 97-2003 .doc starts with D0 CF 11 E0).');
  }
  if (bytes.length < 512) cutShort(`it is ${bytes.length} bytes long, shorter than the 512-byte header of an OLE compound file`);
  const version = u16(bytes, 0x1a);
  if (version !== 3 && version !== 4) corrupt(`its header gives format version ${version} (3 or 4 expected)`);
  const sectorShift = u16(bytes, 0x1e);
  const expectedShift = version === 3 ? 9 : 12;
  if (sectorShift !== expectedShift) {
    corrupt(`its header gives ${2 ** Math.min(sectorShift, 31)}-byte sectors, but a version-${version} file has ${2 ** expectedShift}-byte sectors`);
  }
  const miniShift = u16(bytes, 0x20);
  if (miniShift !== 6) corrupt(`its header gives ${2 ** Math.min(miniShift, 31)}-byte mini sectors (64 expected)`);
  const cutoff = u32(bytes, 0x38);
  if (cutoff !== MINI_STREAM_CUTOFF) corrupt(`its header gives a mini stream cutoff of ${cutoff} bytes (4096 expected)`);
  return {
    version: version as 3 | 4,
    sectorShift: sectorShift as 9 | 12,
    fatSectors: u32(bytes, 0x2c),
    directoryStart: u32(bytes, 0x30),
    miniFatStart: u32(bytes, 0x3c),
    miniFatSectors: u32(bytes, 0x40),
    difatStart: u32(bytes, 0x44),
    difatSectors: u32(bytes, 0x48),
  };
}
