/**
 * multipart/form-data in memory: the one builder of bench/ (the service bench and the load runner
 * send prebuilt bodies, well-formed or deliberately not) and a small parser for the baseline server.
 */
import { randomBytes } from 'node:crypto';

export interface FormPart {
  name: string;
  /** Present for a file part. */
  filename?: string;
  /** A file part's type; default application/octet-stream; null leaves the header out (Python `requests`). */
  contentType?: string | null;
  /** Raw header lines (each ending in CRLF) added to the part, for malformed-input tests. */
  extraHeaders?: string;
  data: Uint8Array | string;
}

export interface BuildOptions {
  /** Write the closing delimiter (default true; false gives a body that never ends properly). */
  close?: boolean;
}

export interface Multipart {
  body: Buffer;
  /** The request's Content-Type header, boundary included. */
  contentType: string;
  boundary: string;
}

const quote = (s: string) => s.replace(/["\\\r\n]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ''));

export function buildMultipart(
  parts: readonly FormPart[],
  boundary = `----doc2text-bench-${randomBytes(12).toString('hex')}`,
  options: BuildOptions = {},
): Multipart {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
    if (part.filename !== undefined) head += `; filename="${quote(part.filename)}"`;
    head += '\r\n';
    if (part.contentType !== null && (part.contentType !== undefined || part.filename !== undefined)) {
      head += `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n`;
    }
    head += `${part.extraHeaders ?? ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'));
    chunks.push(typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : Buffer.from(part.data.buffer, part.data.byteOffset, part.data.byteLength));
    chunks.push(Buffer.from('\r\n', 'latin1'));
  }
  if (options.close !== false) chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}`, boundary };
}

/** The upload a client would send: one `file` part named like the document. */
export function docUpload(filename: string, bytes: Uint8Array): Multipart {
  return buildMultipart([{ name: 'file', filename, contentType: 'application/msword', data: bytes }]);
}

export interface ParsedPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {
  override readonly name = 'MultipartError';
}

export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function param(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}="([^"]*)"`, 'i').exec(header) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  return m?.[1];
}

/** Parses a complete multipart/form-data body. Throws MultipartError when it is malformed. */
export function parseMultipart(body: Buffer, boundary: string): ParsedPart[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: ParsedPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('no boundary in body');
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // closing delimiter
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw new MultipartError('malformed delimiter line');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
    if (headerEnd < 0) throw new MultipartError('unterminated part headers');
    const headers = body.toString('utf8', pos, headerEnd).split('\r\n');
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), dataStart);
    if (next < 0) throw new MultipartError('unterminated part');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h));
    if (!disposition) throw new MultipartError('part without Content-Disposition');
    const name = param(disposition, 'name');
    if (name === undefined) throw new MultipartError('part without a name');
    const part: ParsedPart = { name, data: body.subarray(dataStart, next) };
    const filename = param(disposition, 'filename');
    if (filename !== undefined) part.filename = filename;
    const type = headers.find((h) => /^content-type:/i.test(h));
    if (type) part.contentType = type.slice(type.indexOf(':') + 1).trim();
    parts.push(part);
    pos = next + 2;
  }
}
