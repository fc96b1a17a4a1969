/**
 * The OLE compound file ([MS-CFB]) that holds a Word document's streams.
 *
 * Parsing of the container itself is delegated to the `cfb` package; this module checks the
 * signature first (so a ZIP is never handed to `cfb`, which would read it as a ZIP), turns every
 * failure into a `DocParseError`, and looks streams up the way Word does: by name,
 * case-insensitively, at the root storage only (embedded objects have WordDocument streams too).
 */
import * as CFB from 'cfb';
import { DocParseError } from './errors.js';
import { validateCfb } from './cfb-guard.js';

/** [MS-CFB] 2.2: the 8-byte header signature. */
export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

export function hasCfbSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && CFB_SIGNATURE.every((b, i) => bytes[i] === b);
}

export interface Container {
  /** Names of the streams directly under the root storage. */
  readonly rootStreams: readonly string[];
  /** A root-level stream by case-insensitive name, or null. */
  stream(name: string): Uint8Array | null;
}

export function openContainer(bytes: Uint8Array): Container {
  if (!hasCfbSignature(bytes)) {
    throw new DocParseError('NOT_OLE', 'This is not an OLE compound file (a Word 97-2003 .doc starts with D0 CF 11 E0).');
  }
  if (bytes.length < 512) {
    throw new DocParseError('TRUNCATED', `The file is ${bytes.length} bytes long, shorter than an OLE header sector (512 bytes).`);
  }
  validateCfb(bytes);
  let cfb: CFB.CFB$Container;
  try {
    cfb = CFB.read(asNodeBufferIfAvailable(bytes), { type: 'buffer' });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new DocParseError('CORRUPT', `The OLE container is damaged and cannot be read (${detail}).`, { cause });
  }
  const streams = new Map<string, Uint8Array>();
  const root = cfb.FullPaths[0] ?? '';
  for (let i = 0; i < cfb.FileIndex.length; i++) {
    const entry = cfb.FileIndex[i];
    const path = cfb.FullPaths[i];
    if (!entry || !path || !path.startsWith(root)) continue;
    // A stream, or an entry mislabelled as a storage that still holds stream data (Word reads those).
    const hasData = entry.content !== undefined && entry.content !== null && entry.content.length > 0;
    if (entry.type !== 2 && !(entry.type === 1 && hasData)) continue;
    const rel = path.slice(root.length).replace(/\/$/, '');
    if (rel.includes('/')) continue; // not at the root storage
    const key = rel.toUpperCase();
    if (!streams.has(key)) streams.set(key, toUint8Array(entry.content));
  }
  return {
    rootStreams: [...streams.keys()],
    stream: (name) => streams.get(name.toUpperCase()) ?? null,
  };
}

/**
 * `cfb` joins sectors with Buffer.concat when handed a Node Buffer, and byte by byte into a JS
 * array otherwise (10x slower, 8x the memory). In Node, view the same memory as a Buffer (no
 * copy); in a browser, hand over the Uint8Array as it is.
 */
function asNodeBufferIfAvailable(bytes: Uint8Array): Uint8Array {
  const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): Uint8Array } }).Buffer;
  return NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

function toUint8Array(content: CFB.CFB$Blob | undefined): Uint8Array {
  if (!content) return new Uint8Array(0);
  return content instanceof Uint8Array ? content : Uint8Array.from(content);
}
