/**
 * Request timelines (timeline.ts) on the diagnostics channel `doc2text:request`: over real HTTP on
 * 127.0.0.1, each answered upload is published once, with its moments in order; nothing is published
 * for a request answered while nobody subscribes.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RequestTimeline } from '../src/index.js';
import { SIMPLE_DOC_PATH, docUpload, read } from './helpers.js';

const app = createApp({ logger: false, parseThreads: 1 });
let base = '';
beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
});

async function post(id: string, bytes: Uint8Array, name = 'simple.doc') {
  const { body, contentType } = docUpload(bytes, name);
  const response = await fetch(`${base}/doc-parser?format=plain`, { method: 'POST', body, headers: { 'content-type': contentType, 'x-request-id': id } });
  await response.arrayBuffer();
  return response.status;
}

describe('request timelines', () => {
  it('an answered upload is published once, its moments in order, the parse with its worker and CPU time', async () => {
    // The first document can reach the worker before it has told its thread id (cpuMs null then).
    expect(await post('warm-up', read(SIMPLE_DOC_PATH))).toBe(200);
    const seen: RequestTimeline[] = [];
    const listener = (message: unknown) => void seen.push(message as RequestTimeline);
    subscribe('doc2text:request', listener);
    try {
      const bytes = read(SIMPLE_DOC_PATH);
      expect(await post('t-ok', bytes)).toBe(200);
      expect(await post('t-refused', new Uint8Array(4096).fill(7))).toBe(415);
      // 'finish' may come after the client has the answer: wait for it (a hang detector, not a timing).
      const deadline = Date.now() + 30_000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    } finally {
      unsubscribe('doc2text:request', listener);
    }
    expect(seen.map((t) => t.id).sort()).toEqual(['t-ok', 't-refused']);
    const ok = seen.find((t) => t.id === 't-ok')!;
    expect(ok.status).toBe(200);
    expect(ok.bytes).toBe(read(SIMPLE_DOC_PATH).byteLength);
    const p = ok.parse!;
    expect(p.worker).toBe(0);
    const moments = [ok.headAt, ok.uploadAt!, p.dispatchedAt, p.startedAt, p.endedAt, p.repliedAt, ok.writtenAt];
    // Within a thread the clock only goes forward; across threads (the worker's startedAt/endedAt) the
    // epoch-based clocks can differ by a fraction of a millisecond.
    for (let i = 1; i < moments.length; i++) expect(moments[i]!, `moment ${i}`).toBeGreaterThanOrEqual(moments[i - 1]! - 1);
    expect(ok.bodyAt!).toBeGreaterThanOrEqual(ok.headAt);
    expect(ok.bodyAt!).toBeLessThanOrEqual(ok.uploadAt! + 1);
    // Exact to a scheduler tick only (a short parse can show 0), but known on Linux once the worker has said its thread id.
    if (process.platform === 'linux') expect(p.cpuMs).toBeGreaterThanOrEqual(0);
    const refused = seen.find((t) => t.id === 't-refused')!;
    expect(refused.status).toBe(415);
  });

  it('nothing is recorded while nobody subscribes', async () => {
    const seen: unknown[] = [];
    expect(await post('t-none', read(SIMPLE_DOC_PATH))).toBe(200);
    const listener = (message: unknown) => void seen.push(message);
    subscribe('doc2text:request', listener);
    await new Promise((r) => setTimeout(r, 50));
    unsubscribe('doc2text:request', listener);
    expect(seen).toEqual([]);
  });
});
