/**
 * Large documents are parsed on worker threads (parse-pool.ts), so the event loop stays free;
 * small ones inline. Same answers either way; a parse that overruns its time is refused with 503.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { extractText } from '@doc2text/parser';
import { createApp } from '../src/index.js';
import { DOC_FILES, docUpload, read } from './helpers.js';

const apps: FastifyInstance[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

async function appWith(parse: Parameters<typeof createApp>[0] extends infer O ? (O extends { parse?: infer P } ? P : never) : never) {
  const app = createApp({ logger: false, parse });
  apps.push(app);
  await app.ready();
  return app;
}

const docs = DOC_FILES.filter((f) => f.endsWith('.doc')).slice(0, 6);

describe('parse pool', () => {
  it('gives on a worker exactly the answer parsing inline gives', async () => {
    const app = await appWith({ threads: 1, inlineMaxBytes: 0 });
    expect(docs.length).toBeGreaterThan(0);
    for (const path of docs) {
      const bytes = read(path);
      const name = path.split('/').pop()!;
      const { body, contentType } = docUpload(bytes, name);
      const res = await app.inject({ method: 'POST', url: '/doc-parser?format=plain', payload: body, headers: { 'content-type': contentType } });
      let expected: string | null = null;
      try {
        expected = extractText(new Uint8Array(bytes), { format: 'plain' });
      } catch {
        expected = null;
      }
      if (expected === null) expect(res.statusCode, path).toBeGreaterThanOrEqual(400);
      else expect(res.json(), path).toEqual({ text: expected, file: name });
    }
  });

  it('answers 503 with Retry-After when a parse overruns its time, and keeps serving', async () => {
    const app = await appWith({ threads: 1, inlineMaxBytes: 0, timeoutMs: 1 });
    const big = docs.map(read).sort((a, b) => b.length - a.length)[0]!;
    const { body, contentType } = docUpload(big, 'big.doc');
    const res = await app.inject({ method: 'POST', url: '/doc-parser', payload: body, headers: { 'content-type': contentType } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json().code).toBe('SERVICE_UNAVAILABLE');
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
  });

  it('parses inline when threads is 0 (the Lambda setting)', async () => {
    const app = await appWith({ threads: 0, inlineMaxBytes: 0 });
    const { body, contentType } = docUpload(read(docs[0]!), 'a.doc');
    const res = await app.inject({ method: 'POST', url: '/doc-parser?format=plain', payload: body, headers: { 'content-type': contentType } });
    expect(res.statusCode).toBe(200);
  });
});
