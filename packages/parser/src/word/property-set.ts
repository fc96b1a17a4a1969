/**
 * Document properties from the OLE property-set streams "\x05SummaryInformation" and
 * "\x05DocumentSummaryInformation" ([MS-OLEPS] 2.20–2.25, [MS-OSHARED] 2.3.3.2).
 *
 * Metadata is a side dish: these readers never throw. A stream that is not a property set
 * yields `{}`; a property whose offset, type or value is broken is skipped, and the rest is
 * still read. Every read is bounds-checked against the stream and its PropertySet.Size.
 */
import { fits, u16le as u16, u32le as u32 } from '../io/bytes.js';
import { decode } from '../io/encoding.js';

/** Document properties; only those present in the file are set. */
export interface DocumentMetadata {
  title?: string;
  subject?: string;
  author?: string;
  keywords?: string;
  comments?: string;
  template?: string;
  lastAuthor?: string;
  revision?: string;
  /** ISO 8601 (UTC) date-times. */
  created?: string;
  lastSaved?: string;
  lastPrinted?: string;
  /** Total editing time, in whole minutes. */
  editTimeMinutes?: number;
  pages?: number;
  words?: number;
  characters?: number;
  application?: string;
  /** PID_CODEPAGE of the property set, as an unsigned number (65001 for UTF-8, 1200 for UTF-16). */
  codePage?: number;
  company?: string;
  manager?: string;
  category?: string;
  /** From DocumentSummaryInformation: line, paragraph and character-with-spaces counts. */
  lines?: number;
  paragraphs?: number;
  charactersWithSpaces?: number;
}

/** One typed property value, as far as this reader understands it ([MS-OLEPS] 2.15). */
export type PropertyValue =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'bool'; value: boolean }
  /** VT_FILETIME: 100-ns ticks (since 1601-01-01 for dates; a duration for PIDSI_EDITTIME). */
  | { kind: 'filetime'; ticks: bigint };

export interface PropertySet {
  /** FMTID as a canonical GUID string, upper case. */
  fmtid: string;
  /** Code page of the set's 8-bit strings (PID_CODEPAGE), unsigned; 1252 when absent. */
  codePage: number;
  properties: Map<number, PropertyValue>;
}

/** [MS-OLEPS] 2.23: well-known format identifiers. */
export const FMTID_SUMMARY_INFORMATION = 'F29F85E0-4FF9-1068-AB91-08002B27B3D9';
export const FMTID_DOC_SUMMARY_INFORMATION = 'D5CDD502-2E9C-101B-9397-08002B2CF9AE';
export const FMTID_USER_DEFINED_PROPERTIES = 'D5CDD505-2E9C-101B-9397-08002B2CF9AE';

// [MS-OLEPS] 2.15: property types read here.
const VT_I2 = 0x0002;
const VT_I4 = 0x0003;
const VT_BSTR = 0x0008;
const VT_BOOL = 0x000b;
const VT_I1 = 0x0010;
const VT_UI1 = 0x0011;
const VT_UI2 = 0x0012;
const VT_UI4 = 0x0013;
const VT_INT = 0x0016;
const VT_UINT = 0x0017;
const VT_LPSTR = 0x001e;
const VT_LPWSTR = 0x001f;
const VT_FILETIME = 0x0040;

const PID_CODEPAGE = 0x0001;
const CP_WINUNICODE = 1200;

/** [MS-OLEPS] 2.21: an implementation SHOULD cap a PropertySetStream; strings get the same cap. */
const MAX_STRING_BYTES = 2 * 1024 * 1024;
/** Offset of the first FMTID/Offset pair: ByteOrder, Version, SystemIdentifier, CLSID, NumPropertySets. */
const HEADER_SIZE = 28;
/** FILETIME ticks between 1601-01-01 and 1970-01-01. */
const EPOCH_DIFF_TICKS = 116444736000000000n;
/** FILETIME of 1980-01-01T00:00:00Z. */
const MIN_PLAUSIBLE_TICKS = EPOCH_DIFF_TICKS + 315532800n * 10_000_000n;
/** FILETIME is a signed 64-bit count; a set sign bit is garbage. */
const MAX_TICKS = (1n << 63n) - 1n;

/** A GUID as stored (Data1..3 little-endian, Data4 as bytes) → "XXXXXXXX-XXXX-…". */
function readGuid(b: Uint8Array, o: number): string {
  const hex = (v: number, width: number) => v.toString(16).toUpperCase().padStart(width, '0');
  const tail = Array.from(b.subarray(o + 8, o + 16), (x) => hex(x, 2)).join('');
  return `${hex(u32(b, o), 8)}-${hex(u16(b, o + 4), 4)}-${hex(u16(b, o + 6), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

// ---------------------------------------------------------------------------------------------
// PropertySetStream and PropertySet
// ---------------------------------------------------------------------------------------------

/**
 * Reads the property sets of a PropertySetStream ([MS-OLEPS] 2.21). Returns [] when the bytes
 * are not a property-set stream; a set whose header is out of bounds is left out.
 */
export function readPropertySetStream(bytes: Uint8Array): PropertySet[] {
  if (bytes.length < HEADER_SIZE || u16(bytes, 0) !== 0xfffe) return [];
  // NumPropertySets is 1 or 2 ([MS-OLEPS] 2.21); cap it rather than trust it.
  const count = Math.min(u32(bytes, 24), 2);
  const sets: PropertySet[] = [];
  for (let k = 0; k < count; k++) {
    const entry = HEADER_SIZE + 20 * k;
    if (!fits(entry, 20, bytes.length)) break;
    const fmtid = readGuid(bytes, entry);
    const set = readPropertySet(bytes, u32(bytes, entry + 16), fmtid);
    if (set) sets.push(set);
  }
  return sets;
}

/** [MS-OLEPS] 2.20 PropertySet: Size, NumProperties, PropertyIdentifierAndOffset[], values. */
function readPropertySet(bytes: Uint8Array, start: number, fmtid: string): PropertySet | null {
  if (!fits(start, 8, bytes.length)) return null;
  const declared = u32(bytes, start);
  // Offsets are relative to the set; values must lie within Size (clamped to the stream).
  const end = Math.min(start + Math.max(declared, 8), bytes.length);
  const maxEntries = Math.floor((end - start - 8) / 8);
  const count = Math.min(u32(bytes, start + 4), maxEntries);

  const offsets = new Map<number, number>();
  for (let k = 0; k < count; k++) {
    const entry = start + 8 + 8 * k;
    const pid = u32(bytes, entry);
    if (!offsets.has(pid)) offsets.set(pid, start + u32(bytes, entry + 4));
  }

  // PID_CODEPAGE first: it decides how every VT_LPSTR of the set is decoded.
  let codePage = 1252;
  const cpOffset = offsets.get(PID_CODEPAGE);
  if (cpOffset !== undefined) {
    const cp = readTypedValue(bytes, cpOffset, end, 1252);
    if (cp?.kind === 'int') codePage = cp.value & 0xffff; // stored as VT_I2: 65001 reads as -535
  }

  const properties = new Map<number, PropertyValue>();
  for (const [pid, offset] of offsets) {
    // PID 0 is the dictionary and PID 0x80000000 the locale ([MS-OLEPS] 2.18): not values here.
    if (pid === 0 || pid === 0x80000000) continue;
    const value = readTypedValue(bytes, offset, end, codePage);
    if (value) properties.set(pid, value);
  }
  return { fmtid, codePage, properties };
}

/** [MS-OLEPS] 2.15 TypedPropertyValue: Type (2), Padding (2), Value. Null when unreadable. */
function readTypedValue(b: Uint8Array, o: number, end: number, codePage: number): PropertyValue | null {
  if (!fits(o, 4, end)) return null;
  const type = u16(b, o);
  const v = o + 4;
  switch (type) {
    case VT_I1:
      return fits(v, 1, end) ? { kind: 'int', value: (b[v] << 24) >> 24 } : null;
    case VT_UI1:
      return fits(v, 1, end) ? { kind: 'int', value: b[v] } : null;
    case VT_I2:
      return fits(v, 2, end) ? { kind: 'int', value: (u16(b, v) << 16) >> 16 } : null;
    case VT_UI2:
      return fits(v, 2, end) ? { kind: 'int', value: u16(b, v) } : null;
    case VT_I4:
    case VT_INT:
      return fits(v, 4, end) ? { kind: 'int', value: u32(b, v) | 0 } : null;
    case VT_UI4:
    case VT_UINT:
      return fits(v, 4, end) ? { kind: 'int', value: u32(b, v) } : null;
    case VT_BOOL: // VARIANT_BOOL: 0xFFFF true, 0 false ([MS-OLEPS] 2.15)
      return fits(v, 2, end) ? { kind: 'bool', value: u16(b, v) !== 0 } : null;
    case VT_FILETIME:
      return fits(v, 8, end)
        ? { kind: 'filetime', ticks: (BigInt(u32(b, v + 4)) << 32n) | BigInt(u32(b, v)) }
        : null;
    case VT_LPSTR:
    case VT_BSTR:
      return readCodePageString(b, v, end, codePage);
    case VT_LPWSTR:
      return readUnicodeString(b, v, end);
    default:
      return null; // vectors, blobs, clipboard data (thumbnails), …: not metadata we report
  }
}

/**
 * [MS-OLEPS] 2.5 CodePageString: Size (bytes, with the terminating NUL) then characters in the
 * set's code page — UTF-16LE when the code page is CP_WINUNICODE. A Size running past the set
 * is clamped: what is there is still read.
 */
function readCodePageString(b: Uint8Array, o: number, end: number, codePage: number): PropertyValue | null {
  if (!fits(o, 4, end)) return null;
  const size = Math.min(u32(b, o), end - (o + 4), MAX_STRING_BYTES);
  let chars = b.subarray(o + 4, o + 4 + size);
  if (codePage === CP_WINUNICODE) {
    chars = chars.subarray(0, utf16NulIndex(chars));
  } else {
    const nul = chars.indexOf(0);
    if (nul >= 0) chars = chars.subarray(0, nul);
  }
  return { kind: 'string', value: decode(chars, codePage) };
}

/** [MS-OLEPS] 2.7 UnicodeString: Length (characters, with the NUL) then UTF-16LE. */
function readUnicodeString(b: Uint8Array, o: number, end: number): PropertyValue | null {
  if (!fits(o, 4, end)) return null;
  const bytes = Math.min(u32(b, o) * 2, end - (o + 4), MAX_STRING_BYTES);
  const chars = b.subarray(o + 4, o + 4 + bytes);
  return { kind: 'string', value: decode(chars.subarray(0, utf16NulIndex(chars)), CP_WINUNICODE) };
}

/** Byte length of UTF-16LE text up to its first NUL code unit (even, never past the end). */
function utf16NulIndex(chars: Uint8Array): number {
  const even = chars.length & ~1;
  for (let i = 0; i < even; i += 2) if (chars[i] === 0 && chars[i + 1] === 0) return i;
  return even;
}

// ---------------------------------------------------------------------------------------------
// Property values → metadata
// ---------------------------------------------------------------------------------------------

/** A string property; empty strings (Word writes many) count as absent. */
function asString(v: PropertyValue | undefined): string | undefined {
  return v?.kind === 'string' && v.value !== '' ? v.value : undefined;
}

function asInt(v: PropertyValue | undefined): number | undefined {
  return v?.kind === 'int' ? v.value : undefined;
}

/**
 * FILETIME (UTC ticks since 1601) → ISO string. Zero means "never"; times before 1980 (no
 * Word file is that old) are tools writing a duration or garbage: both are treated as absent.
 */
export function filetimeToIso(ticks: bigint): string | undefined {
  if (ticks < MIN_PLAUSIBLE_TICKS) return undefined;
  if (ticks > MAX_TICKS) return undefined;
  const ms = Number((ticks - EPOCH_DIFF_TICKS) / 10000n);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function asDate(v: PropertyValue | undefined): string | undefined {
  return v?.kind === 'filetime' ? filetimeToIso(v.ticks) : undefined;
}

/** PIDSI_EDITTIME is a duration stored as a FILETIME ([MS-OLEPS] 2.25.1). */
function asMinutes(v: PropertyValue | undefined): number | undefined {
  if (v?.kind !== 'filetime' || v.ticks > MAX_TICKS) return undefined;
  const minutes = Number(v.ticks / 600_000_000n);
  return Number.isSafeInteger(minutes) ? minutes : undefined;
}

/** Copies the defined entries of `fields` into a fresh object (so absent ones stay absent). */
function defined(fields: DocumentMetadata): DocumentMetadata {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as DocumentMetadata;
}

/** The set with `fmtid`, else the stream's first set (some writers get the FMTID wrong). */
function pickSet(sets: PropertySet[], fmtid: string): PropertySet | undefined {
  return sets.find((s) => s.fmtid === fmtid) ?? sets[0];
}

/** "\x05SummaryInformation" ([MS-OLEPS] 2.25.1 PIDSI_*). Never throws. */
export function parseSummaryInformation(bytes: Uint8Array): DocumentMetadata {
  const set = pickSet(readPropertySetStream(bytes), FMTID_SUMMARY_INFORMATION);
  if (!set) return {};
  const p = set.properties;
  return defined({
    title: asString(p.get(0x02)),
    subject: asString(p.get(0x03)),
    author: asString(p.get(0x04)),
    keywords: asString(p.get(0x05)),
    comments: asString(p.get(0x06)),
    template: asString(p.get(0x07)),
    lastAuthor: asString(p.get(0x08)),
    revision: asString(p.get(0x09)),
    editTimeMinutes: asMinutes(p.get(0x0a)),
    lastPrinted: asDate(p.get(0x0b)),
    created: asDate(p.get(0x0c)),
    lastSaved: asDate(p.get(0x0d)),
    pages: asInt(p.get(0x0e)),
    words: asInt(p.get(0x0f)),
    characters: asInt(p.get(0x10)),
    application: asString(p.get(0x12)),
    codePage: p.has(PID_CODEPAGE) ? set.codePage : undefined,
  });
}

/** "\x05DocumentSummaryInformation" ([MS-OLEPS] 2.25.2 PIDDSI_*; first set only). Never throws. */
export function parseDocumentSummaryInformation(bytes: Uint8Array): DocumentMetadata {
  const set = pickSet(readPropertySetStream(bytes), FMTID_DOC_SUMMARY_INFORMATION);
  if (!set) return {};
  const p = set.properties;
  return defined({
    category: asString(p.get(0x02)),
    lines: asInt(p.get(0x05)),
    paragraphs: asInt(p.get(0x06)),
    manager: asString(p.get(0x0e)),
    company: asString(p.get(0x0f)),
    charactersWithSpaces: asInt(p.get(0x11)),
    codePage: p.has(PID_CODEPAGE) ? set.codePage : undefined,
  });
}

/**
 * Metadata from both streams (either may be missing). Where both have a field (only
 * codePage can overlap), SummaryInformation wins.
 */
export function readMetadata(summary?: Uint8Array, docSummary?: Uint8Array): DocumentMetadata {
  const doc = docSummary ? parseDocumentSummaryInformation(docSummary) : {};
  const sum = summary ? parseSummaryInformation(summary) : {};
  return { ...doc, ...sum };
}
