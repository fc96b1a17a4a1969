/**
 * Every document is parsed on a warm worker thread (parse-pool.ts), so the event loop stays free;
 * the same answers as inline. The parse timeout counts from the start of the parse, not the queue.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { extractText } from '@doc2text/parser';
import { createApp, type AppOptions } from '../src/index.js';
import { writeDoc } from '../../parser/harness/doc-writer.js';
import { ParsePool, RECYCLE_IDLE_MS } from '../src/parse-pool.js';
import { SMALL_ANSWER_CHARS } from '../src/parse-worker.js';
import { DOC_FILES, FIXTURES, SIMPLE_DOC_PATH, docUpload, expectedProblem, read } from './helpers.js';

const apps: FastifyInstance[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

async function appWith(options: AppOptions) {
  const app = createApp({ logger: false, ...options });
  apps.push(app);
  await app.ready();
  return app;
}

const docs = DOC_FILES.filter((f) => f.endsWith('.doc')).slice(0, 6);
const biggest = () => docs.map(read).sort((a, b) => b.length - a.length)[0]!;

describe('parse pool', () => {
  it('gives on a worker exactly the answer parsing inline gives', async () => {
    const app = await appWith({ parseThreads: 1 });
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

  it('a parse that overruns PARSE_TIMEOUT_MS → 422 PARSE_TIMEOUT; the worker is replaced and serving goes on', async () => {
    const app = await appWith({ parseThreads: 1, parseTimeoutMs: 1 });
    const { body, contentType } = docUpload(biggest(), 'big.doc');
    const res = await app.inject({ method: 'POST', url: '/doc-parser', payload: body, headers: { 'content-type': contentType } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual(expectedProblem('PARSE_TIMEOUT'));
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('parses inline when PARSE_THREADS is 0 (the Lambda setting)', async () => {
    const app = await appWith({ parseThreads: 0 });
    const { body, contentType } = docUpload(read(docs[0]!), 'a.doc');
    const res = await app.inject({ method: 'POST', url: '/doc-parser?format=plain', payload: body, headers: { 'content-type': contentType } });
    expect(res.statusCode).toBe(200);
  });

  it('a worker that parsed a large document parses the next one warm, and is replaced once idle', async () => {
    // largeBytes 0: every non-empty document is "large".
    const pool = new ParsePool({ threads: 1, heapMb: 256, timeoutMs: 60_000, smallBytes: 0, largeBytes: 0, maxQueue: 8, recycleHeapBytes: 0 });
    try {
      const bytes = read(SIMPLE_DOC_PATH);
      for (let i = 0; i < 3; i++) expect((await pool.run({ bytes: new Uint8Array(bytes), options: {}, file: `l${i}.doc` })).kind).toBe('text');
      expect(pool.workersStarted).toBe(1);
      // Idle for RECYCLE_IDLE_MS, it is replaced (its heap goes back to the OS); a hang detector, not a timing.
      const deadline = Date.now() + RECYCLE_IDLE_MS + 30_000;
      while (pool.workersStarted === 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(pool.workersStarted).toBe(2);
      expect((await pool.run({ bytes: new Uint8Array(bytes), options: {}, file: 'after.doc' })).kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it('a large upload buffer comes back from its worker and carries the next upload; stale bytes past its end are never read', async () => {
    const app = await appWith({ parseThreads: 1 });
    const padded = (path: string, size: number) => {
      const bytes = read(path);
      return Buffer.concat([bytes, Buffer.alloc(size - bytes.length)]); // zeros after the last sector: same text
    };
    const post = async (bytes: Buffer) => {
      const { body, contentType } = docUpload(bytes, 'padded.doc');
      return app.inject({ method: 'POST', url: '/doc-parser?format=plain', payload: body, headers: { 'content-type': contentType } });
    };
    const long = padded(`${FIXTURES}/long.doc`, 400_000);
    const first = await post(long);
    expect(first.statusCode).toBe(200);
    expect(first.json().text).toBe(extractText(new Uint8Array(read(`${FIXTURES}/long.doc`)), { format: 'plain' }));
    const shelved = app.uploadBuffers.size;
    expect(shelved.buffers).toBe(1);
    expect(shelved.bytes).toBeGreaterThanOrEqual(400_000);
    // A smaller document into the same buffer (still holding long.doc's bytes past its end).
    const second = await post(padded(SIMPLE_DOC_PATH, 250_000));
    expect(second.statusCode).toBe(200);
    expect(second.json().text).toBe(extractText(new Uint8Array(read(SIMPLE_DOC_PATH)), { format: 'plain' }));
    expect(app.uploadBuffers.size).toEqual(shelved); // the same buffer, back again: none was added
  });

  it("a large answer's buffer goes back to its worker once written and carries the next answers exactly (no stale tail)", async () => {
    const pool = new ParsePool({ threads: 1, heapMb: 256, timeoutMs: 60_000, smallBytes: 1 << 30, largeBytes: 1 << 30, maxQueue: 8, recycleHeapBytes: 0 });
    // Documents of one long paragraph: the answer is {"text":"<letter × n>\n","file":"f.doc"}.
    const doc = (letter: string, n: number) => writeDoc({ pieces: [{ text: `${letter.repeat(n)}\r`, compressed: true }], ccp: { text: n + 1 } });
    const answer = (letter: string, n: number) => JSON.stringify({ text: `${letter.repeat(n)}\n`, file: 'f.doc' });
    try {
      for (const [letter, n] of [['a', 300_000], ['b', 200_000], ['c', 160_000], ['d', 400_000], ['e', 1_000], ['f', 60_000], ['g', 50_000], ['h', 30_000]] as const) {
        const outcome = await pool.run({ bytes: doc(letter, n), options: { format: 'plain' }, file: 'f.doc' });
        if (outcome.kind !== 'text') throw new Error(`refused: ${JSON.stringify(outcome)}`);
        expect(Buffer.from(outcome.body).toString('utf8'), `${letter} × ${n}`).toBe(answer(letter, n));
        // Bytes (handed back once written) from SMALL_ANSWER_CHARS on; a string below.
        expect(typeof outcome.body === 'string', `${letter} × ${n}`).toBe(answer(letter, n).length < SMALL_ANSWER_CHARS);
        expect(outcome.release !== undefined, `${letter} × ${n}`).toBe(typeof outcome.body !== 'string');
        if (outcome.release === undefined) continue;
        outcome.release();
        expect(outcome.body.byteLength).toBe(0); // transferred back to the worker
      }
    } finally {
      await pool.close();
    }
  });

  it('a worker whose heap passes the limit is replaced at once', async () => {
    const pool = new ParsePool({ threads: 1, heapMb: 256, timeoutMs: 60_000, smallBytes: 1 << 30, largeBytes: 1 << 30, maxQueue: 8, recycleHeapBytes: 1 });
    try {
      for (let i = 0; i < 2; i++) expect((await pool.run({ bytes: new Uint8Array(read(SIMPLE_DOC_PATH)), options: {}, file: `s${i}.doc` })).kind).toBe('text');
      expect(pool.workersStarted).toBe(3);
    } finally {
      await pool.close();
    }
  });
});

describe('parse timeout counts from the start of the parse (fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a document that waited in the queue longer than the timeout is still parsed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pool = new ParsePool({ threads: 1, heapMb: 256, timeoutMs: 1_000, timeoutClock: 'wall', smallBytes: 1 << 17, largeBytes: 1 << 20, maxQueue: 8, recycleHeapBytes: 0 });
    try {
      const bytes = read(docs[0]!);
      const task = () => ({ bytes: new Uint8Array(bytes), options: { format: 'plain' as const }, file: 'a.doc' });
      const first = pool.run(task());
      const second = pool.run(task()); // queued behind the first (one worker)
      vi.advanceTimersByTime(999); // the first is 1 ms short of its timeout; the second has waited 999 ms
      expect((await first).kind).toBe('text');
      // The second started when the first finished (fake time 999). Counted from its enqueueing it
      // would time out at 1000; counted from its start, at 1999.
      vi.advanceTimersByTime(2);
      expect((await second).kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it.skipIf(process.platform !== 'linux')("timed by the worker thread's CPU (Linux): wall-clock time it waits for a CPU does not count", async () => {
    const pool = new ParsePool({ threads: 1, heapMb: 256, timeoutMs: 1_000, smallBytes: 1 << 17, largeBytes: 1 << 20, maxQueue: 8, recycleHeapBytes: 0 });
    try {
      const bytes = read(docs[0]!);
      const task = () => ({ bytes: new Uint8Array(bytes), options: { format: 'plain' as const }, file: 'a.doc' });
      expect((await pool.run(task())).kind).toBe('text'); // the worker is up and has told its thread id
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const second = pool.run(task());
      vi.advanceTimersByTime(5_000); // five timeouts of wall-clock time, a few ms of the worker's CPU time
      expect((await second).kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it.skipIf(process.platform !== 'linux')('a job handed to a thread still starting is timed by its CPU too (Linux): the wait for the thread to start does not count', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pool = new ParsePool({ threads: 1, heapMb: 256, timeoutMs: 1_000, smallBytes: 1 << 17, largeBytes: 1 << 20, maxQueue: 8, recycleHeapBytes: 0 });
    try {
      const bytes = read(docs[0]!);
      const job = pool.run({ bytes: new Uint8Array(bytes), options: { format: 'plain' as const }, file: 'a.doc' });
      vi.advanceTimersByTime(5_000); // before the new thread has run a line (no I/O yet): five timeouts of wall-clock time
      expect((await job).kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it('a parse running past the timeout is abandoned, the next document gets a fresh worker', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pool = new ParsePool({ threads: 1, heapMb: 256, timeoutMs: 1_000, timeoutClock: 'wall', smallBytes: 1 << 17, largeBytes: 1 << 20, maxQueue: 8, recycleHeapBytes: 0 });
    try {
      const bytes = read(docs[0]!);
      const task = () => ({ bytes: new Uint8Array(bytes), options: { format: 'plain' as const }, file: 'a.doc' });
      const first = pool.run(task());
      vi.advanceTimersByTime(1_000); // whether or not the worker has answered yet, its clock ran out first
      expect(await first).toEqual({ kind: 'pool', reason: 'PARSE_TIMEOUT' });
      expect((await pool.run(task())).kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it('large documents hold at most a third of the workers (the rest stay free for small ones)', async () => {
    const pool = new ParsePool({ threads: 3, heapMb: 256, timeoutMs: 60_000, smallBytes: 0, largeBytes: 0, maxQueue: 8, recycleHeapBytes: 0 });
    const started: string[] = [];
    try {
      const bytes = read(docs[0]!);
      // largeBytes 0: every non-empty document is "large"; the lane cap is 1 of 3 workers.
      const large = [pool.run({ bytes: new Uint8Array(bytes), options: {}, file: 'l1.doc' }), pool.run({ bytes: new Uint8Array(bytes), options: {}, file: 'l2.doc' })];
      const slots = (pool as unknown as { slots: Array<{ job: { task: { file: string } } | null }> }).slots;
      started.push(...slots.map((s) => s.job?.task.file ?? '-'));
      expect(started.sort()).toEqual(['-', '-', 'l1.doc']);
      for (const outcome of await Promise.all(large)) expect(outcome.kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it('medium documents (say, dense in control characters) cannot take the workers kept for small ones', async () => {
    // 6 workers: medium and large together may hold 3; 3 stay for small documents.
    const pool = new ParsePool({ threads: 6, heapMb: 256, timeoutMs: 60_000, smallBytes: 100, largeBytes: 1 << 30, maxQueue: 32, recycleHeapBytes: 0 });
    try {
      const bytes = read(docs[0]!);
      expect(bytes.length).toBeGreaterThan(100);
      const medium = Array.from({ length: 6 }, (_, i) => pool.run({ bytes: new Uint8Array(bytes), options: {}, file: `m${i}.doc` }));
      const slots = (pool as unknown as { slots: Array<{ job: { task: { file: string } } | null }> }).slots;
      expect(slots.filter((s) => s.job !== null).length).toBe(3); // three medium documents wait
      const small = pool.run({ bytes: new Uint8Array(bytes.subarray(0, 50)), options: {}, file: 'small.doc' });
      expect(slots.filter((s) => s.job !== null).map((s) => s.job!.task.file)).toContain('small.doc'); // started at once
      await Promise.all([...medium, small]);
    } finally {
      await pool.close();
    }
  });

  it('small documents wait for their own workers, never one of the lower-priority workers of costly documents', async () => {
    // 3 workers: one for small documents, two for medium and large ones.
    const pool = new ParsePool({ threads: 3, heapMb: 256, timeoutMs: 60_000, smallBytes: 1 << 20, largeBytes: 1 << 30, maxQueue: 8, recycleHeapBytes: 0 });
    try {
      const bytes = read(docs[0]!);
      const small = [0, 1, 2].map((i) => pool.run({ bytes: new Uint8Array(bytes), options: {}, file: `s${i}.doc` }));
      const slots = (pool as unknown as { slots: Array<{ job: { task: { file: string } } | null }> }).slots;
      expect(slots.map((s) => s.job?.task.file ?? '-')).toEqual(['s0.doc', '-', '-']); // two wait in the queue
      for (const outcome of await Promise.all(small)) expect(outcome.kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it('with fewer than 3 workers (no worker kept for small documents) any worker takes a small document', async () => {
    const pool = new ParsePool({ threads: 2, heapMb: 256, timeoutMs: 60_000, smallBytes: 1 << 20, largeBytes: 1 << 30, maxQueue: 8, recycleHeapBytes: 0 });
    try {
      const bytes = read(docs[0]!);
      const small = [0, 1].map((i) => pool.run({ bytes: new Uint8Array(bytes), options: {}, file: `s${i}.doc` }));
      const slots = (pool as unknown as { slots: Array<{ job: { task: { file: string } } | null }> }).slots;
      expect(slots.map((s) => s.job?.task.file ?? '-')).toEqual(['s0.doc', 's1.doc']);
      for (const outcome of await Promise.all(small)) expect(outcome.kind).toBe('text');
    } finally {
      await pool.close();
    }
  });

  it.skipIf(process.platform !== 'linux')('every worker runs below the event loop: small documents\' at +5, medium and large ones\' at +15', async () => {
    const niceOf = () =>
      readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19: nice
      });
    const loop = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);
    const count = (nice: number) => niceOf().filter((n) => n === nice).length;
    const before = [count(Math.min(19, loop + 5)), count(Math.min(19, loop + 15))];
    const pool = new ParsePool({ threads: 3, heapMb: 256, timeoutMs: 60_000, smallBytes: 100, largeBytes: 1 << 30, maxQueue: 8, recycleHeapBytes: 0 });
    try {
      // One small slot, two for medium/large (each worker lowers its own priority when it starts).
      await pool.run({ bytes: new Uint8Array(read(docs[0]!)), options: {}, file: 'a.doc' });
      await expect.poll(() => [count(Math.min(19, loop + 5)) - before[0]!, count(Math.min(19, loop + 15)) - before[1]!]).toEqual([1, 2]);
      expect(Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[16])).toBe(loop);
    } finally {
      await pool.close();
    }
  });
});
