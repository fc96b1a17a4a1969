/** Shared helpers of the server tests: documents to upload, multipart bodies, raw HTTP. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PROBLEMS, problemBody, type ProblemCode } from '../src/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = join(REPO_ROOT, 'fixtures');
/** The shared corpus of real .doc files (read only; never copied into the repo). */
export const CORPUS = resolve(REPO_ROOT, '../shared/corpus');
export const CORPUS_DOCS = join(CORPUS, 'docs');
export const HAS_CORPUS = existsSync(join(CORPUS_DOCS, 'poi', 'simple.doc'));
if (!HAS_CORPUS) {
  console.warn(`[server tests] ${CORPUS} is absent: tests that need real corpus documents are skipped.`);
}

function firstExisting(...paths: string[]): string | undefined {
  return paths.find((path) => existsSync(path));
}

/** A small, readable Word 97 document: fixtures/simple.doc, else the corpus's poi/simple.doc. */
export const SIMPLE_DOC_PATH = firstExisting(join(FIXTURES, 'simple.doc'), join(CORPUS_DOCS, 'poi', 'simple.doc'));
/** A password-protected document. */
export const ENCRYPTED_DOC_PATH = firstExisting(
  join(CORPUS_DOCS, 'poi', 'PasswordProtected.doc'),
  join(CORPUS_DOCS, 'poi', 'password_tika_binaryrc4.doc'),
  join(FIXTURES, 'encrypted.doc'),
);
/** The corpus's poi/simple.doc and what it says. */
export const CORPUS_SIMPLE_PATH = HAS_CORPUS ? join(CORPUS_DOCS, 'poi', 'simple.doc') : undefined;
export const CORPUS_SIMPLE_TEXT = 'This is a simple file created with Word 97-SR2.';
if (!SIMPLE_DOC_PATH || !ENCRYPTED_DOC_PATH) {
  console.warn('[server tests] no simple/encrypted .doc found in fixtures/ or the corpus: those tests are skipped.');
}

export const read = (path: string): Buffer => readFileSync(path);

function docsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.doc$/i.test(name))
    .map((name) => join(dir, name))
    .sort();
}

/** Every fixtures/*.doc and every corpus .doc (read in place). */
export const DOC_FILES: string[] = [...docsUnder(FIXTURES), ...docsUnder(CORPUS_DOCS)];

export { tinyZip } from '../../../bench/lib/samples.js';

export interface Part {
  name: string;
  /** Omit for a plain text field. Written between quotes, byte for byte (UTF-8). */
  filename?: string;
  /** Content-Type of the part; omitted from the part when undefined. */
  type?: string;
  data: Buffer | string;
}

export const BOUNDARY = '----doc2textTestBoundary7MA4YWxkTrZu0gW';

/** A multipart/form-data body built by hand, so tests control every byte (names included). */
export function multipart(parts: Part[], boundary = BOUNDARY): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`;
    head += '\r\n';
    chunks.push(Buffer.from(head, 'utf8'), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** One `file` part with a Word document. */
export function docUpload(data: Buffer, filename = 'document.doc', type = 'application/msword') {
  return multipart([{ name: 'file', filename, type, data }]);
}

/** The exact error body the service sends for a code (with its default description). */
export function expectedProblem(code: ProblemCode, description?: string) {
  return problemBody(PROBLEMS[code].status, code, description);
}

/** Lists every file and folder under `root` (relative paths, sorted). */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const rel = prefix ? `${prefix}/${entry}` : entry;
      out.push(rel);
      if (statSync(join(dir, entry)).isDirectory()) walk(join(dir, entry), rel);
    }
  };
  if (existsSync(root)) walk(root, '');
  return out;
}

/** A pino destination that keeps the parsed log lines. */
export function logSink(): { stream: Writable; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  let rest = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      rest += chunk.toString();
      let newline: number;
      while ((newline = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, newline);
        rest = rest.slice(newline + 1);
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { stream, lines };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whatever followed the response (a pipelined next response). */
  rest: string;
  /** Bytes of request body the client had written when the first byte of the answer arrived. */
  bodyBytesSent: number;
  /** Bytes of request body the client wrote in all. */
  bodyBytesWritten: number;
}

/** Parses one HTTP/1.1 response (Content-Length framed) out of raw bytes. */
export function parseRawResponse(raw: string): Omit<RawResponse, 'bodyBytesSent' | 'bodyBytesWritten'> | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...headerLines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const after = Buffer.from(raw.slice(end + 4), 'utf8');
  if (Number.isFinite(length) && after.length < length) return undefined;
  const body = Number.isFinite(length) ? after.subarray(0, length).toString('utf8') : after.toString('utf8');
  const rest = Number.isFinite(length) ? after.subarray(length).toString('utf8') : '';
  return { status: Number(statusLine!.split(' ')[1]), headers, body, rest };
}

/**
 * Sends a request over a raw socket: `head` (request line + headers), then body chunks produced by
 * `nextChunk` (undefined = done) with back-pressure, and stops writing as soon as a full response has
 * arrived (or the server closes). Resolves with the response and how much of the body was written.
 * `keepSending`: a client that ignores the answer and writes the whole body unless the server stops it.
 */
export function rawRequest(
  port: number,
  head: string,
  nextChunk: () => Buffer | undefined,
  keepSending = false,
): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: keepSending });
    let raw = '';
    let sent = 0;
    let sentAtAnswer: number | undefined;
    let response: Omit<RawResponse, 'bodyBytesSent' | 'bodyBytesWritten'> | undefined;
    const pump = () => {
      while ((keepSending || !response) && !socket.destroyed) {
        const chunk = nextChunk();
        if (chunk === undefined) return;
        sent += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.setTimeout(60_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('data', (data) => {
      sentAtAnswer ??= sent;
      raw += data.toString('utf8');
      response ??= parseRawResponse(raw);
      if (response && !keepSending) socket.end();
    });
    socket.on('error', () => {
      // EPIPE / ECONNRESET once the server has answered and closed: expected.
    });
    socket.on('close', () => {
      response ??= parseRawResponse(raw);
      if (response) resolvePromise({ ...response, bodyBytesSent: sentAtAnswer ?? sent, bodyBytesWritten: sent });
      else reject(new Error(`connection closed without a complete response (got ${JSON.stringify(raw.slice(0, 200))})`));
    });
  });
}
