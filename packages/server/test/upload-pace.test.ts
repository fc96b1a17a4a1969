/**
 * A large upload is read a batch at a time, one batch per turn of the event loop (upload.ts,
 * watchBody), and arrives whole: real HTTP on 127.0.0.1 into a bare Fastify app with the upload
 * plugin, whose route reads the upload and answers its SHA-256 and the most body bytes that arrived
 * between two turns of the loop (a chain of setImmediate callbacks marks the turns).
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACE_BYTES, readUpload, uploadPlugin } from '../src/plugins/upload.js';
import { docUpload } from './helpers.js';

const MiB = 1024 * 1024;
/** What one read of a socket delivers at most (libuv's 64 KiB read buffer). */
const READ_BYTES = 64 * 1024;

let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  app = Fastify();
  app.decorate('config', { maxFileBytes: 64 * MiB } as never);
  await app.register(uploadPlugin);
  app.post('/echo', async (request) => {
    let sinceTurn = 0;
    let most = 0;
    let reading = true;
    const turn = () => {
      most = Math.max(most, sinceTurn);
      sinceTurn = 0;
      if (reading) setImmediate(turn);
    };
    setImmediate(turn);
    // Counted from the same tick as readUpload pipes the body (a listener attached earlier would lose chunks).
    const upload = readUpload(request, () => undefined);
    request.raw.on('data', (chunk: Buffer) => {
      sinceTurn += chunk.length;
    });
    try {
      const { bytes } = await upload;
      return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength, mostPerTurn: Math.max(most, sinceTurn) };
    } finally {
      reading = false;
    }
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
});

/** Posts `body` in one write (the socket then always has more to read than one batch). */
function post(body: Buffer, contentType: string): Promise<{ status: number; json: { sha256: string; bytes: number; mostPerTurn: number } }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/echo', headers: { 'content-type': contentType, 'content-length': body.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('large uploads are read a batch per turn of the event loop', () => {
  it('reads a 12 MiB file whole, at most one batch (and the reads it spans) between two turns', async () => {
    const file = randomBytes(12 * MiB);
    const { body, contentType } = docUpload(file, 'large.doc');
    const { status, json } = await post(body, contentType);
    expect(status).toBe(200);
    expect(json.bytes).toBe(file.byteLength);
    expect(json.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    // Unpaced, libuv read up to 32 × 64 KiB (2 MiB) between two turns.
    expect(json.mostPerTurn).toBeGreaterThan(0);
    expect(json.mostPerTurn).toBeLessThanOrEqual(PACE_BYTES + 2 * READ_BYTES);
  });

  it('reads small and mid-sized files whole', async () => {
    for (const size of [1, 1000, PACE_BYTES - 1, PACE_BYTES + 1, 3 * MiB + 17]) {
      const file = randomBytes(size);
      const { body, contentType } = docUpload(file, 'f.doc');
      const { status, json } = await post(body, contentType);
      expect(status).toBe(200);
      expect(json.bytes).toBe(size);
      expect(json.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    }
  });
});
