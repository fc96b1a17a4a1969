/**
 * End to end over real HTTP on 127.0.0.1: fetch/FormData clients, hand-made multipart bodies, raw
 * sockets for oversized and aborted uploads, and a check that nothing is ever written to disk.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { LINGER_BYTES, MULTIPART_OVERHEAD_BYTES, createApp, NODE_FLAGS } from '../src/index.js';
import {
  CORPUS_SIMPLE_PATH,
  CORPUS_SIMPLE_TEXT,
  ENCRYPTED_DOC_PATH,
  FIXTURES,
  REPO_ROOT,
  SIMPLE_DOC_PATH,
  docUpload,
  expectedProblem,
  listTree,
  logSink,
  parseRawResponse,
  rawRequest,
  read,
  tinyZip,
} from './helpers.js';

const MiB = 1024 * 1024;
const simple = SIMPLE_DOC_PATH ? read(SIMPLE_DOC_PATH) : undefined;

// A sandbox that stands in for the process's working directory and temp directory.
const sandbox = mkdtempSync(join(tmpdir(), 'doc2text-server-test-'));
const sandboxCwd = join(sandbox, 'cwd');
const sandboxTmp = join(sandbox, 'tmp');
const originalCwd = process.cwd();
const originalTmp = process.env.TMPDIR;

const logs = logSink();
let app: FastifyInstance;
let base: string;
let port: number;

beforeAll(async () => {
  mkdirSync(sandboxCwd);
  mkdirSync(sandboxTmp);
  // A canary that `rm -rf ~.doc` (from the hostile name "a;rm -rf ~.doc") would delete.
  writeFileSync(join(sandboxCwd, '~.doc'), 'canary');
  process.env.TMPDIR = sandboxTmp; // os.tmpdir() now points into the sandbox
  process.chdir(sandboxCwd);
  app = createApp({ logger: { level: 'info', stream: logs.stream } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as net.AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await app?.close();
  process.chdir(originalCwd);
  if (originalTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = originalTmp;
  rmSync(sandbox, { recursive: true, force: true });
});

/** POSTs with fetch + FormData, as a browser or a Node client would. */
async function postForm(entries: Array<[string, Blob | string, string?]>, query = '') {
  const form = new FormData();
  for (const [name, value, filename] of entries) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, filename);
  }
  const res = await fetch(`${base}/doc-parser${query}`, { method: 'POST', body: form });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

/** POSTs a hand-made body with node:http (full control of the bytes). */
function postRaw(body: Buffer, contentType: string, query = ''): Promise<{ status: number; json: any }> {
  return new Promise((resolvePromise, reject) => {
    const req = http.request(
      `${base}/doc-parser${query}`,
      { method: 'POST', headers: { 'content-type': contentType, 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const docBlob = (bytes: Buffer, type = 'application/msword') => new Blob([new Uint8Array(bytes)], { type });

async function expectHealthy() {
  const res = await fetch(`${base}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
}

describe('contract over HTTP (no parsing involved)', () => {
  it('GET /health', async () => {
    await expectHealthy();
  });

  it('GET /openapi.json', async () => {
    const res = await fetch(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await res.json()).paths['/doc-parser'].post).toBeDefined();
  });

  it('wrong field name → 400 UNEXPECTED_FIELD', async () => {
    const res = await postForm([['document', docBlob(Buffer.from('x')), 'a.doc']]);
    expect(res.status).toBe(400);
    expect(res.json).toEqual(expectedProblem('UNEXPECTED_FIELD'));
  });

  it('two files → 400 TOO_MANY_FILES', async () => {
    const res = await postForm([
      ['file', docBlob(Buffer.from('x')), 'a.doc'],
      ['file', docBlob(Buffer.from('y')), 'b.doc'],
    ]);
    expect(res.status).toBe(400);
    expect(res.json).toEqual(expectedProblem('TOO_MANY_FILES'));
  });

  it('no file → 400 MISSING_FILE', async () => {
    const res = await postForm([]);
    expect(res.status).toBe(400);
    expect(res.json).toEqual(expectedProblem('MISSING_FILE'));
  });

  it('empty file → 415 EMPTY_FILE', async () => {
    const res = await postForm([['file', docBlob(Buffer.alloc(0)), 'empty.doc']]);
    expect(res.status).toBe(415);
    expect(res.json).toEqual(expectedProblem('EMPTY_FILE'));
  });

  it('a .txt name → 415 INVALID_FILE_NAME', async () => {
    const res = await postForm([['file', docBlob(Buffer.from('x')), 'notes.txt']]);
    expect(res.status).toBe(415);
    expect(res.json).toEqual(expectedProblem('INVALID_FILE_NAME'));
  });

  it('a declared docx type with plain text inside, named .doc → the content decides (text passes through, as catdoc)', async () => {
    const type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const res = await postForm([['file', docBlob(Buffer.from('just text\n'), type), 'a.doc']], '?format=plain');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ text: 'just text\n', file: 'a.doc' });
  });

  it('a non-multipart body → 415 NOT_MULTIPART', async () => {
    const res = await fetch(`${base}/doc-parser`, {
      method: 'POST',
      headers: { 'content-type': 'application/msword' },
      body: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual(expectedProblem('NOT_MULTIPART'));
  });
});

describe('oversized and interrupted uploads (raw sockets)', () => {
  const total = 60 * MiB;
  const partHead = Buffer.from(
    '--B0undary\r\nContent-Disposition: form-data; name="file"; filename="big.doc"\r\nContent-Type: application/msword\r\n\r\n',
  );
  const partTail = Buffer.from('\r\n--B0undary--\r\n');
  const tooLargeBody = expectedProblem('FILE_TOO_LARGE', 'The document is larger than the limit of 52428800 bytes.');
  const bodyLimit = 50 * MiB + MULTIPART_OVERHEAD_BYTES;
  /** Read on when the server stops reading: the request's and busboy's high-water marks, a socket read. */
  const inFlight = MiB;
  const declaredHead = (length: number) =>
    `POST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=B0undary\r\nContent-Length: ${length}\r\n\r\n`;

  /** What the server read from the next connection it accepts, in all: known once it has closed it. */
  const bytesReadByNextConnection = () =>
    new Promise<number>((resolveRead) =>
      app.server.once('connection', (socket: net.Socket) => socket.once('close', () => resolveRead(socket.bytesRead))),
    );

  /** Yields the 60 MB multipart body in 256 KiB pieces (optionally with chunked framing). */
  function bodyChunks(chunked: boolean) {
    const piece = Buffer.alloc(256 * 1024, 0x41);
    let stage = 0;
    let sent = 0;
    const frame = (data: Buffer) =>
      chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]) : data;
    return () => {
      if (stage === 0) {
        stage = 1;
        return frame(partHead);
      }
      if (stage === 1) {
        if (sent < total) {
          sent += piece.length;
          return frame(piece);
        }
        stage = 2;
        return frame(partTail);
      }
      if (stage === 2 && chunked) {
        stage = 3;
        return Buffer.from('0\r\n\r\n');
      }
      return undefined;
    };
  }

  it('60 MB declared in Content-Length → 413 at once; then at most LINGER_BYTES of the body are read', async () => {
    const head = declaredHead(partHead.length + total + partTail.length);
    const read = bytesReadByNextConnection();
    const res = await rawRequest(port, head, bodyChunks(false));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual(tooLargeBody);
    expect(res.headers.connection).toBe('close');
    expect(await read).toBeLessThanOrEqual(head.length + LINGER_BYTES + inFlight);
    // The server stopped reading: only what socket buffers hold went out before the answer came back.
    expect(res.bodyBytesSent).toBeLessThan(20 * MiB);
    await expectHealthy();
  });

  it('a client that ignores the 413 and keeps sending is held back, not read: the 60 MB never all go out', async () => {
    const head = declaredHead(partHead.length + total + partTail.length);
    const read = bytesReadByNextConnection();
    const res = await rawRequest(port, head, bodyChunks(false), true);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual(tooLargeBody);
    expect(await read).toBeLessThanOrEqual(head.length + LINGER_BYTES + inFlight);
    // What the server read plus what socket buffers hold, then the server closed the connection.
    expect(res.bodyBytesWritten).toBeLessThan(total);
    await expectHealthy();
  });

  it('after a part limit (a third file), a client that keeps sending is not read on either', async () => {
    const file = (name: string) =>
      `--B0undary\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/msword\r\n\r\nabc\r\n`;
    const prefix = Buffer.from(file('a.doc') + file('b.doc') + file('c.doc') + file('d.doc').replace('abc\r\n', ''));
    const piece = Buffer.alloc(256 * 1024, 0x41);
    let sent = 0;
    const frame = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    // The fourth part never ends (a chunked body of up to 60 MB); busboy would parse it to its end.
    const endless = () => (sent === 0 ? ((sent = prefix.length), frame(prefix)) : sent < total ? ((sent += piece.length), frame(piece)) : undefined);
    const head =
      'POST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=B0undary\r\nTransfer-Encoding: chunked\r\n\r\n';
    const read = bytesReadByNextConnection();
    const res = await rawRequest(port, head, endless, true);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).code).toBe('TOO_MANY_FILES');
    expect(await read).toBeLessThanOrEqual(head.length + prefix.length + LINGER_BYTES + inFlight);
    expect(res.bodyBytesWritten).toBeLessThan(total);
    await expectHealthy();
  });

  it('60 MB chunked (no Content-Length) → 413 as soon as the file passes 50 MB', async () => {
    const read = bytesReadByNextConnection();
    const res = await rawRequest(
      port,
      'POST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=B0undary\r\nTransfer-Encoding: chunked\r\n\r\n',
      bodyChunks(true),
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual(tooLargeBody);
    expect(res.headers.connection).toBe('close');
    // The answer came when the file passed the limit; past it, the server read at most LINGER_BYTES.
    expect(res.bodyBytesSent).toBeGreaterThan(50 * MiB);
    expect(await read).toBeLessThanOrEqual(bodyLimit + LINGER_BYTES + inFlight);
    await expectHealthy();
  });

  it('a client that aborts mid-upload does not hurt the server', async () => {
    const before = logs.lines.length;
    const { body, contentType } = docUpload(Buffer.alloc(512 * 1024, 0x42), 'aborted.doc');
    await new Promise<void>((resolvePromise, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        socket.write(body.subarray(0, 100 * 1024), () => {
          // Abort once the server is handling the request (its log says so), not after a guessed delay.
          expect
            .poll(() => logs.lines.slice(before).some((line) => line.msg === 'incoming request'))
            .toBe(true)
            .then(() => {
              socket.destroy();
              resolvePromise();
            }, reject);
        });
      });
      socket.on('error', reject);
    });
    // The server notices, logs it (not as an error) and carries on.
    await expect
      .poll(() => logs.lines.slice(before).some((line) => line.msg === 'request rejected' || line.msg === 'request completed'))
      .toBe(true);
    await expectHealthy();
    const res = await postForm([['file', docBlob(Buffer.alloc(0)), 'after.doc']]);
    expect(res.status).toBe(415);
    expect(logs.lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });

  it('a multipart body that ends in the middle of the file → 400 MALFORMED_REQUEST', async () => {
    const { body, contentType } = docUpload(Buffer.alloc(10_000, 0x42), 'cut.doc');
    const res = await postRaw(body.subarray(0, 5_000), contentType);
    expect(res.status).toBe(400);
    expect(res.json).toEqual(expectedProblem('MALFORMED_REQUEST'));
    await expectHealthy();
  });
});

// ---- the following need the real parser (@doc2text/parser built from the core) ----

describe.skipIf(!simple)('real documents over HTTP (needs the parser core)', () => {
  it('fetch + FormData upload of a .doc → 200 {text, file}', async () => {
    const res = await postForm([['file', docBlob(simple!), 'simple.doc']], '?format=plain');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Object.keys(res.json)).toEqual(['text', 'file']);
    expect(res.json.file).toBe('simple.doc');
    expect(String(res.json.text).trim().length).toBeGreaterThan(0);
  });

  it.skipIf(!CORPUS_SIMPLE_PATH)('corpus poi/simple.doc as application/octet-stream → its text', async () => {
    const res = await postForm([['file', docBlob(read(CORPUS_SIMPLE_PATH!), 'application/octet-stream'), 'simple.doc']]);
    expect(res.status).toBe(200);
    expect(res.json.text).toContain(CORPUS_SIMPLE_TEXT);
  });

  it.each(['Отчёт 2024 – résumé.doc', '季度报告 📄.doc', 'Ελληνικά ñandú.DOC'])(
    'Unicode file name %j (UTF-8 via FormData) is echoed verbatim',
    async (filename) => {
      const res = await postForm([['file', docBlob(simple!), filename]], '?format=plain');
      expect(res.status).toBe(200);
      expect(res.json.file).toBe(filename);
    },
  );

  it("an RFC 5987 filename*=UTF-8''… is decoded and echoed", async () => {
    const name = 'Отчёт 2024 – résumé.doc';
    const head =
      `--XB\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(name)}\r\n` +
      'Content-Type: application/msword\r\n\r\n';
    const body = Buffer.concat([Buffer.from(head), simple!, Buffer.from('\r\n--XB--\r\n')]);
    const res = await postRaw(body, 'multipart/form-data; boundary=XB', '?format=plain');
    expect(res.status).toBe(200);
    expect(res.json.file).toBe(name);
  });

  it('hostile file names are echoed verbatim and nothing is written anywhere', async () => {
    const hostile = [
      '../../etc/passwd.doc',
      '../../../../../../tmp/owned.doc',
      '/etc/passwd.doc',
      'a;rm -rf ~.doc',
      '$(id).doc',
      '$(touch PWNED).doc',
      '`touch PWNED2`.doc',
      'x.doc; touch PWNED3 #.doc',
      '..\\..\\windows\\win.ini.doc',
      '|cat /etc/passwd .doc',
      '%2e%2e%2fetc%2fpasswd.doc',
      "it's \"quoted\".doc".replace(/"/g, "'"),
    ];
    const cwdBefore = listTree(sandboxCwd);
    const tmpBefore = listTree(sandboxTmp);
    for (const filename of hostile) {
      const { body, contentType } = docUpload(simple!, filename);
      const res = await postRaw(body, contentType, '?format=plain');
      expect(res.status, filename).toBe(200);
      expect(res.json.file, filename).toBe(filename);
    }
    // Same hostile names on the error paths.
    for (const filename of hostile) {
      const { body, contentType } = docUpload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff]), filename);
      const res = await postRaw(body, contentType);
      expect(res.status, filename).toBe(415);
    }
    expect(listTree(sandboxCwd)).toEqual(cwdBefore);
    expect(listTree(sandboxTmp)).toEqual(tmpBefore);
    expect(listTree(sandboxTmp)).toEqual([]);
    expect(existsSync(join(sandboxCwd, '~.doc'))).toBe(true);
    for (const path of ['PWNED', 'PWNED2', 'PWNED3']) expect(existsSync(join(sandboxCwd, path))).toBe(false);
    expect(existsSync('/etc/passwd.doc')).toBe(false);
    expect(existsSync(resolve(sandboxCwd, '../../etc/passwd.doc'))).toBe(false);
    expect(existsSync('/tmp/owned.doc')).toBe(false);
  });

  it('a ZIP with no Word document in it, named .doc → 415 UNSUPPORTED_FORMAT', async () => {
    const res = await postForm([['file', docBlob(tinyZip()), 'renamed.doc']]);
    expect(res.status).toBe(415);
    expect(res.json.code).toBe('UNSUPPORTED_FORMAT');
    expect(res.json.description).toMatch(/Office Open XML/);
  });

  it('binary data that is no document, named .doc → 415 NOT_OLE; an image → 415 UNSUPPORTED_FORMAT', async () => {
    const binary = Buffer.from([0x00, 0x01, 0x02, 0xfe, 0x13, 0x37, 0x00, 0x00, 0x7f, 0x80, 0x90, 0x05]);
    const res = await postForm([['file', docBlob(binary), 'data.doc']]);
    expect(res.status).toBe(415);
    expect(res.json.code).toBe('NOT_OLE');
    expect(res.json.title).toBe('Unsupported Media Type');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const image = await postForm([['file', docBlob(png), 'image.doc']]);
    expect(image.status).toBe(415);
    expect(image.json.code).toBe('UNSUPPORTED_FORMAT');
    expect(image.json.description).toMatch(/PNG/);
  });

  it('plain text named .doc is passed through, as catdoc does', async () => {
    const res = await postForm([['file', docBlob(Buffer.from('just some text\n')), 'text.doc']], '?format=plain');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ text: 'just some text\n', file: 'text.doc' });
  });

  it('the first 4096 bytes of a real document → 422 TRUNCATED or CORRUPT', async () => {
    const res = await postForm([['file', docBlob(simple!.subarray(0, 4096)), 'truncated.doc']]);
    expect(res.status).toBe(422);
    expect(['TRUNCATED', 'CORRUPT']).toContain(res.json.code);
    expect(res.json).toEqual(expectedProblem(res.json.code as 'TRUNCATED' | 'CORRUPT'));
  });

  it.skipIf(!ENCRYPTED_DOC_PATH)('an encrypted document → 422 ENCRYPTED', async () => {
    const res = await postForm([['file', docBlob(read(ENCRYPTED_DOC_PATH!)), 'secret.doc']]);
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      title: 'Unprocessable Entity',
      description:
        'The document is password-protected (encrypted): a password is needed to read it. Send the password in the multipart form field "password" beside "file".',
      code: 'ENCRYPTED',
    });
  });

  it('still healthy, and nothing was logged as an error', async () => {
    await expectHealthy();
    expect(logs.lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });
});

describe('graceful close', () => {
  it('finishes the request in flight; a request pipelined behind it gets 503 SERVICE_UNAVAILABLE', async () => {
    const closingApp = createApp({ logger: false });
    // Events, not delays: the upload has reached a handler; the close has begun (after connection.ts's preClose).
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    closingApp.addHook('onRequest', async () => arrived());
    let began!: () => void;
    const closingBegan = new Promise<void>((r) => (began = r));
    closingApp.addHook('preClose', async () => began());
    await closingApp.listen({ port: 0, host: '127.0.0.1' });
    const closingPort = (closingApp.server.address() as net.AddressInfo).port;
    const { body, contentType } = docUpload(Buffer.alloc(32 * 1024, 0x43), 'late.txt');
    const socket = net.connect(closingPort, '127.0.0.1');
    let raw = '';
    socket.on('data', (data: Buffer) => (raw += data.toString()));
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    await new Promise<void>((r) => socket.on('connect', () => r()));
    socket.write(
      `POST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.subarray(0, 1000));
    await inFlight;
    const closing = closingApp.close();
    await closingBegan;
    socket.write(Buffer.concat([body.subarray(1000), Buffer.from('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')]));
    await closed;
    await closing;
    const first = parseRawResponse(raw);
    expect(first?.status).toBe(415);
    expect(JSON.parse(first!.body).code).toBe('INVALID_FILE_NAME');
    const second = parseRawResponse(first!.rest);
    expect(second?.status).toBe(503);
    expect(second?.headers.connection).toBe('close');
    expect(JSON.parse(second!.body)).toEqual(expectedProblem('SERVICE_UNAVAILABLE'));
  });
});

describe('start.ts', () => {
  /** start.ts (through tsx) in a child process on 127.0.0.1:0, started with `nodeArgs`; `log.output` gathers stdout and stderr. */
  function startChild(nodeArgs: readonly string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(REPO_ROOT, 'packages/server/src/start.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = { output: '' };
    child.stdout.on('data', (data: Buffer) => (log.output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (log.output += data.toString()));
    const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)));
    return { child, log, exited };
  }

  it('listens on PORT/HOST and shuts down gracefully on SIGTERM, finishing the request in flight', async () => {
    const { child, log, exited } = startChild([]);
    const listening = /listening at http:\/\/127\.0\.0\.1:(\d+)/;
    try {
      await expect.poll(() => listening.test(log.output)).toBe(true);
      const childPort = Number(listening.exec(log.output)![1]);
      // Every setting is in the start-up log, by its variable name.
      await expect.poll(() => log.output.includes('doc2text server ready')).toBe(true);
      const ready = JSON.parse(log.output.split('\n').find((line) => line.includes('doc2text server ready'))!);
      expect(Object.keys(ready.config)).toEqual([
        'PORT', 'HOST', 'MAX_FILE_BYTES', 'INFLIGHT_BYTES', 'CONCURRENCY', 'PARSE_THREADS', 'PARSE_HEAP_MB', 'PARSE_TIMEOUT_MS',
        'CORS_ORIGINS', 'DEFAULT_FORMAT', 'INLINE_IMAGES_BYTES', 'LOG_LEVEL', 'REQUEST_TIMEOUT_MS', 'SHUTDOWN_TIMEOUT_MS',
      ]);
      // Started without --single-threaded-gc: said in the ready line, and warned about.
      expect(ready.gc).toBe('shared');
      const warning = log.output.split('\n').find((line) => line.includes('"level":40'));
      expect(warning).toContain('--single-threaded-gc');
      expect((await fetch(`http://127.0.0.1:${childPort}/health`)).status).toBe(200);

      // Start an upload, send SIGTERM half-way, then finish it: it must still be answered.
      const { body, contentType } = docUpload(Buffer.alloc(64 * 1024, 0x43), 'late.txt');
      const socket = net.connect(childPort, '127.0.0.1');
      let raw = '';
      socket.on('data', (data: Buffer) => (raw += data.toString()));
      const closed = new Promise<void>((r) => socket.on('close', () => r()));
      await new Promise<void>((r) => socket.on('connect', () => r()));
      const requestsLogged = () => log.output.split('"incoming request"').length - 1;
      const before = requestsLogged();
      socket.write(
        `POST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body.subarray(0, 1000));
      // SIGTERM once the server logged the upload's arrival (an event, not a guessed delay).
      await expect.poll(requestsLogged).toBe(before + 1);
      child.kill('SIGTERM');
      await expect.poll(() => log.output.includes('shutting down')).toBe(true);
      // No new connections once closing has begun: the listener closes (app.close() does it just after
      // the log line, so polled) while the upload in flight is still unfinished.
      const connectOutcome = () =>
        new Promise<string>((r) => {
          const probe = net.connect(childPort, '127.0.0.1');
          probe.on('connect', () => {
            probe.destroy();
            r('connected');
          });
          probe.on('error', (error: NodeJS.ErrnoException) => r(error.code ?? error.message));
        });
      await expect.poll(connectOutcome).toBe('ECONNREFUSED');
      socket.end(body.subarray(1000));
      await closed;
      const response = parseRawResponse(raw);
      expect(response?.status).toBe(415);
      expect(JSON.parse(response!.body)).toEqual(expectedProblem('INVALID_FILE_NAME'));
      expect(await exited).toBe(0);
      expect(log.output).toContain('server closed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('runs as it ships, node --single-threaded-gc: garbage collection on each isolate\'s own thread, documents parsed', async () => {
    const { child, log, exited } = startChild(NODE_FLAGS);
    try {
      await expect.poll(() => log.output.includes('doc2text server ready')).toBe(true);
      const lines = log.output.split('\n').filter((line) => line.startsWith('{'));
      const ready = JSON.parse(lines.find((line) => line.includes('doc2text server ready'))!);
      expect(ready.gc).toBe('own');
      expect(lines.filter((line) => line.includes('--single-threaded-gc'))).toEqual([]);
      const port = Number(/listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(log.output)![1]);
      // A small and a 1.5 MB document (the large documents' lane), both parsed on workers.
      const long = read(join(FIXTURES, 'long.doc'));
      for (const data of [long, Buffer.concat([long, Buffer.alloc(1536 * 1024 - long.length)])]) {
        const { body, contentType } = docUpload(data, 'long.doc');
        const response = await fetch(`http://127.0.0.1:${port}/doc-parser?format=plain`, { method: 'POST', headers: { 'content-type': contentType }, body });
        expect(response.status).toBe(200);
        const json = (await response.json()) as { text: string; file: string };
        expect(json.file).toBe('long.doc');
        expect(json.text.length).toBeGreaterThan(1000);
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('CONCURRENCY=processes: a server per core on one port, each parsing on its event loop; one that dies is replaced; SIGTERM stops all', async () => {
    const { child, log, exited } = startChild(NODE_FLAGS, { CONCURRENCY: 'processes' });
    const lines = () => log.output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const ready = () => lines().filter((line) => line.msg === 'doc2text server ready');
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await expect.poll(() => lines().some((line) => line.role === 'supervisor')).toBe(true);
      const count = lines().find((line) => line.role === 'supervisor')!.processes as number;
      expect(count).toBeGreaterThanOrEqual(1);
      await expect.poll(() => ready().length).toBe(count);
      const servers = ready().map((line) => line.pid as number);
      expect(new Set(servers).size).toBe(count);
      expect(servers).not.toContain(child.pid);
      for (const line of ready()) expect(line.config).toMatchObject({ CONCURRENCY: 'processes', PARSE_THREADS: 0 });
      // Every server listens on the one port (port 0: the first one's, shared).
      const ports = new Set(lines().filter((line) => typeof line.msg === 'string' && line.msg.startsWith('Server listening')).map((line) => /:(\d+)$/.exec(line.msg as string)![1]));
      expect(ports.size).toBe(1);
      const port = Number([...ports][0]);
      const long = read(join(FIXTURES, 'long.doc'));
      const post = async () => {
        const { body, contentType } = docUpload(long, 'long.doc');
        const response = await fetch(`http://127.0.0.1:${port}/doc-parser?format=plain`, { method: 'POST', headers: { 'content-type': contentType }, body });
        expect(response.status).toBe(200);
        const json = (await response.json()) as { text: string; file: string };
        expect(json.text).toContain('Paragraph 1 of 300');
      };
      await Promise.all(Array.from({ length: 8 }, post));
      expect(lines().filter((line) => line.msg === 'document parsed').length).toBe(8);

      // A server killed: another takes its place, and the service answers on.
      process.kill(servers[0]!, 'SIGKILL');
      await expect.poll(() => ready().length).toBe(count + 1);
      expect(lines().some((line) => line.role === 'supervisor' && line.signal === 'SIGKILL')).toBe(true);
      await post();

      const all = ready().map((line) => line.pid as number);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(all.filter(alive)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('CONCURRENCY=processes: a server that cannot start stops the service (exit 1), not a restart loop', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const { child, log, exited } = startChild([], { CONCURRENCY: 'processes', PORT: String(port) });
      try {
        expect(await exited).toBe(1);
        expect(log.output).toContain('a server process ended before it listened');
        expect(log.output.split('could not start the server').length - 1).toBeGreaterThanOrEqual(1);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    } finally {
      taken.close();
    }
  });

  it.each([
    [{ CONCURRENCY: 'cores' }, 'CONCURRENCY must be one of threads, processes'],
    [{ CONCURRENCY: 'processes', PARSE_THREADS: '2' }, 'PARSE_THREADS (2) is for CONCURRENCY=threads'],
    [{ MAX_FILE_BYTES: '50MB' }, 'MAX_FILE_BYTES must be a whole number'],
    [{ PARSE_THREADS: 'lots' }, 'PARSE_THREADS must be a whole number'],
    [{ CORS_ORIGINS: 'example.com' }, 'CORS_ORIGINS must be a comma-separated list of origins'],
    [{ INFLIGHT_BYTES: '1000' }, 'INFLIGHT_BYTES (1000) must be at least MAX_FILE_BYTES'],
  ])('refuses to start with %j, saying why', async (env, message) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'packages/server/src/start.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('refuses to start with an invalid configuration', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'packages/server/src/start.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', MAX_FILE_BYTES: '50MB' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(stderr).toContain('MAX_FILE_BYTES must be a whole number');
  });
});
