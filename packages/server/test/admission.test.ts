/**
 * Over real HTTP on 127.0.0.1: admission before buffering (the in-flight byte budget, decided from
 * Content-Length before the body, enforced while a chunked body streams), `Expect: 100-continue`
 * answered before the body, CORS, trailing slash, and uploads as Python `requests` sends them.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp, type AppOptions } from '../src/index.js';
import { SIMPLE_DOC_PATH, docUpload, expectedProblem, multipart, parseRawResponse, rawRequest, read } from './helpers.js';

const MiB = 1024 * 1024;
const simple = read(SIMPLE_DOC_PATH!);
const apps: FastifyInstance[] = [];

async function serve(options: AppOptions): Promise<{ app: FastifyInstance; port: number; base: string }> {
  const app = createApp({ logger: false, ...options });
  apps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as net.AddressInfo).port;
  return { app, port, base: `http://127.0.0.1:${port}` };
}

afterAll(async () => {
  for (const app of apps) await app.close();
});

/** Opens a connection, sends `head` and `firstBody`, and keeps it open; returns what it receives. */
function openUpload(port: number, head: string, firstBody: Buffer = Buffer.alloc(0)) {
  const socket = net.connect(port, '127.0.0.1');
  let raw = '';
  socket.on('data', (data: Buffer) => (raw += data.toString('latin1')));
  socket.on('error', () => {});
  const ready = new Promise<void>((resolve) =>
    socket.on('connect', () => {
      socket.write(head);
      if (firstBody.length) socket.write(firstBody, () => resolve());
      else resolve();
    }),
  );
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, ready, closed, received: () => raw };
}

const uploadHead = (contentType: string, length: number | 'chunked', extra = '') =>
  `POST /doc-parser?format=plain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\n` +
  (length === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`) +
  `${extra}\r\n`;

describe('in-flight byte budget (INFLIGHT_BYTES)', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    // Room for one 2 MiB upload and a bit: a second one does not fit while the first is in flight.
    server = await serve({ maxFileBytes: 2 * MiB, inflightBytes: 3 * MiB });
  });

  it('a second upload that would pass the budget → 503 + Retry-After from its Content-Length, before its body; admitted once the first is done', async () => {
    const big = docUpload(Buffer.concat([simple, Buffer.alloc(2 * MiB - simple.length - 100, 0)]), 'first.doc');
    const first = openUpload(server.port, uploadHead(big.contentType, big.body.length), big.body.subarray(0, 1000));
    await first.ready;
    await expect.poll(() => server.app.budget.inFlight).toBe(big.body.length);

    const second = docUpload(Buffer.concat([simple, Buffer.alloc(MiB, 0)]), 'second.doc');
    let sentAtAnswer = -1;
    const refused = await rawRequest(server.port, uploadHead(second.contentType, second.body.length), (() => {
      let offset = 0;
      return () => {
        if (offset >= second.body.length) return undefined;
        const piece = second.body.subarray(offset, offset + 64 * 1024);
        offset += piece.length;
        sentAtAnswer = offset;
        return piece;
      };
    })());
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers.connection).toBe('close');
    expect(JSON.parse(refused.body)).toEqual(expectedProblem('SERVER_BUSY'));
    expect(sentAtAnswer).toBeGreaterThan(0);
    // The budget holds only the first upload: the refused one took nothing.
    expect(server.app.budget.inFlight).toBe(big.body.length);

    first.socket.write(big.body.subarray(1000));
    await expect.poll(() => parseRawResponse(first.received())?.status).toBe(200);
    first.socket.destroy();
    await expect.poll(() => server.app.budget.inFlight).toBe(0);

    const res = await fetch(`${server.base}/doc-parser?format=plain`, {
      method: 'POST',
      headers: { 'content-type': second.contentType },
      body: new Uint8Array(second.body),
    });
    expect(res.status).toBe(200);
    expect(server.app.budget.inFlight).toBe(0);
  });

  it('a chunked upload (no Content-Length) is stopped with 503 when it streams past the budget', async () => {
    const big = docUpload(Buffer.alloc(2 * MiB - 100, 0x41), 'first.doc');
    const first = openUpload(server.port, uploadHead(big.contentType, big.body.length), big.body.subarray(0, 1000));
    await first.ready;
    await expect.poll(() => server.app.budget.inFlight).toBe(big.body.length);

    const partHead = Buffer.from(
      '--B0undary\r\nContent-Disposition: form-data; name="file"; filename="c.doc"\r\n\r\n',
    );
    let sent = 0;
    const piece = Buffer.alloc(64 * 1024, 0x42);
    const frame = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
    const res = await rawRequest(server.port, uploadHead('multipart/form-data; boundary=B0undary', 'chunked'), () => {
      if (sent === 0) {
        sent = 1;
        return frame(partHead);
      }
      if (sent > 4 * MiB) return undefined;
      sent += piece.length;
      return frame(piece);
    });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(JSON.parse(res.body)).toEqual(expectedProblem('SERVER_BUSY'));
    // 503, not the 413 the body limit (3 MiB) would give: stopped when it no longer fitted beside the first.

    first.socket.destroy();
    await expect.poll(() => server.app.budget.inFlight).toBe(0);
  });
});

describe('Expect: 100-continue', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve({ maxFileBytes: MiB, inflightBytes: 2 * MiB + 512 * 1024 });
  });

  /** Sends only the head (with Expect) and waits for the first answer line(s). */
  async function headOnly(head: string): Promise<string> {
    const upload = openUpload(server.port, head);
    await upload.ready;
    await expect.poll(() => /\r\n\r\n/.test(upload.received())).toBe(true);
    // Everything the server sends, to the end of the connection: a (wrong) second answer cannot hide.
    upload.socket.end();
    await upload.closed;
    return upload.received();
  }

  it('an oversized Content-Length → 413 as the only answer, no "100 Continue"', async () => {
    const raw = await headOnly(uploadHead('multipart/form-data; boundary=x', 5 * MiB, 'Expect: 100-continue\r\n'));
    expect(raw).not.toContain('100 Continue');
    expect(raw.startsWith('HTTP/1.1 413 ')).toBe(true);
  });

  it('not multipart → 415 as the only answer', async () => {
    const raw = await headOnly(uploadHead('application/json', 100, 'Expect: 100-continue\r\n'));
    expect(raw).not.toContain('100 Continue');
    expect(raw.startsWith('HTTP/1.1 415 ')).toBe(true);
  });

  it('over the in-flight budget → 503 + Retry-After as the only answer', async () => {
    const holder = openUpload(server.port, uploadHead('multipart/form-data; boundary=x', 2 * MiB));
    await holder.ready;
    await expect.poll(() => server.app.budget.inFlight).toBe(2 * MiB);
    const raw = await headOnly(uploadHead('multipart/form-data; boundary=x', MiB, 'Expect: 100-continue\r\n'));
    expect(raw).not.toContain('100 Continue');
    expect(raw.startsWith('HTTP/1.1 503 ')).toBe(true);
    expect(raw.toLowerCase()).toContain('retry-after: 1');
    holder.socket.destroy();
    await expect.poll(() => server.app.budget.inFlight).toBe(0);
  });

  it('an admissible upload gets "100 Continue", then its answer', async () => {
    const { body, contentType } = docUpload(simple, 'simple.doc');
    const upload = openUpload(server.port, uploadHead(contentType, body.length, 'Expect: 100-continue\r\n'));
    await upload.ready;
    await expect.poll(() => upload.received()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    upload.socket.write(body);
    await expect.poll(() => parseRawResponse(upload.received().replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ''))?.status).toBe(200);
    upload.socket.destroy();
  });
});

describe('CORS and HTTP manners', () => {
  let off: Awaited<ReturnType<typeof serve>>;
  let on: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    off = await serve({});
    on = await serve({ corsOrigins: ['https://app.example'] });
  });

  const preflight = (base: string, origin: string) =>
    fetch(`${base}/doc-parser`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('CORS is off by default: no Access-Control-* header, preflight or not', async () => {
    const pre = await preflight(off.base, 'https://app.example');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('allow')).toBe('POST, OPTIONS');
    expect([...pre.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    const res = await fetch(`${off.base}/health`, { headers: { origin: 'https://app.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('an allowed origin gets the preflight headers and Access-Control-Allow-Origin on answers, errors included', async () => {
    const pre = await preflight(on.base, 'https://app.example');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(pre.headers.get('vary')).toBe('Origin');

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(simple)]), 'simple.doc');
    const ok = await fetch(`${on.base}/doc-parser`, { method: 'POST', body: form, headers: { origin: 'https://app.example' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');

    const bad = await fetch(`${on.base}/doc-parser?width=9999`, { method: 'POST', body: form, headers: { origin: 'https://app.example' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  it('another origin gets no CORS headers', async () => {
    const pre = await preflight(on.base, 'https://evil.example');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('trailing slash, .dot, and a part without Content-Type (Python requests) → 200', async () => {
    const { body, contentType } = multipart([{ name: 'file', filename: 'memo.dot', data: simple }]);
    expect(body.toString('latin1')).not.toMatch(/content-type/i);
    const res = await fetch(`${off.base}/doc-parser/?format=plain`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).file).toBe('memo.dot');
  });

  it('TRACE and DELETE → 405 with Allow', async () => {
    for (const method of ['TRACE', 'DELETE']) {
      const res = await rawRequest(off.port, `${method} /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, () => undefined);
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('POST, OPTIONS');
    }
  });
});
