/**
 * The baseline the service is measured against: the /doc-parser contract done the seed's way.
 * Plain node:http; the multipart upload is buffered, written to a temporary file, `catdoc -a` is
 * spawned on it, its stdout becomes the text, and the file is deleted.
 *
 *   POST /doc-parser  (multipart/form-data, file field `file`) → 200 {"text","file"}
 *   otherwise 4xx/5xx {"error"}
 *
 * Run on its own: `tsx bench/baseline-server.ts [port]` (listens on 127.0.0.1 only).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MultipartError, boundaryOf, parseMultipart } from './lib/multipart.js';

export interface BaselineOptions {
  /** Largest accepted body (default 51 MiB: a 50 MiB file plus multipart overhead). */
  maxBodyBytes?: number;
  /** catdoc executable (default `catdoc` from PATH). */
  catdoc?: string;
  /** Kill catdoc after this long (default 60 s). */
  timeoutMs?: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, 'request body too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new HttpError(413, 'request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function runCatdoc(catdoc: string, file: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(catdoc, ['-a', file], { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new HttpError(422, `catdoc failed (${signal ?? `exit ${code}`}): ${Buffer.concat(err).toString('utf8').trim()}`));
    });
  });
}

export function createBaselineServer(options: BaselineOptions = {}): Server {
  const limit = options.maxBodyBytes ?? 51 * 1024 * 1024;
  const catdoc = options.catdoc ?? 'catdoc';
  const timeoutMs = options.timeoutMs ?? 60_000;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/doc-parser') throw new HttpError(404, 'not found');
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) throw new HttpError(415, 'expected multipart/form-data');
    const body = await readBody(req, limit);
    const file = parseMultipart(body, boundary).find((p) => p.name === 'file' && p.filename !== undefined);
    if (!file) throw new HttpError(400, 'missing file field');
    if (file.data.length === 0) throw new HttpError(400, 'empty file');

    const temp = join(tmpdir(), `doc2text-baseline-${process.pid}-${randomBytes(8).toString('hex')}.doc`);
    await writeFile(temp, file.data);
    let text: string;
    try {
      text = await runCatdoc(catdoc, temp, timeoutMs);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const json = JSON.stringify({ text, file: file.filename });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof MultipartError ? 400 : 500;
      const json = JSON.stringify({ error: (error as Error)?.message ?? String(error) });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...(status === 413 ? { connection: 'close' } : {}) });
      res.end(json);
    });
  });
}

/** Starts the baseline on 127.0.0.1 (port 0 = any free port). */
export async function startBaselineServer(port = 0, options: BaselineOptions = {}): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createBaselineServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.argv[2] ?? 0);
  const { url } = await startBaselineServer(port);
  console.log(`baseline /doc-parser (catdoc -a) listening on ${url}`);
}
