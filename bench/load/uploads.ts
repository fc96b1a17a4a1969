/**
 * Memory under concurrent large uploads (issue 14): the service as it ships (default configuration,
 * `node --single-threaded-gc packages/server/dist/start.js`) in a child process; N clients post a large generated document
 * at once; a client answered 503 waits Retry-After seconds and posts again, until every one got its
 * text. VmRSS of the server (all its threads) is sampled every 50 ms: idle, peak, and at 5/15/30 s after.
 *
 *   npx tsx bench/load/uploads.ts [--uploads 50] [--size-mb 20] [--env NAME=VALUE ...]
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { ensureLargeDocs } from '../generate-large.js';
import { buildMultipart } from '../lib/multipart.js';
import { sleep } from './common.js';
import { startServer } from './server-child.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const uploads = arg('--uploads', 50);
const sizeMB = arg('--size-mb', 20);
// The memory settings the Dockerfile ships (glibc reads them at start-up); --env overrides.
const env: Record<string, string> = { LOG_LEVEL: 'warn', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };
argv.forEach((a, i) => {
  if (a === '--env') {
    const [k, ...v] = argv[i + 1]!.split('=');
    env[k!] = v.join('=');
  }
});

const [doc] = ensureLargeDocs({ sizeMB, kinds: ['latin'], log: (l) => process.stderr.write(`${l}\n`) });
const bytes = readFileSync(doc!.path);
const form = buildMultipart([{ name: 'file', filename: 'large.doc', contentType: 'application/msword', data: bytes }]);

function post(port: number): Promise<{ status: number; retryAfter: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/doc-parser', agent: false, headers: { 'content-type': form.contentType, 'content-length': form.body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, retryAfter: Number(res.headers['retry-after'] ?? 1) }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve({ status: 0, retryAfter: 1 }) : reject(error)));
    req.end(form.body);
  });
}

const server = await startServer('dist', env, 'uploads');
const samples: Array<[number, number]> = [];
const started = performance.now();
const sampler = setInterval(() => samples.push([performance.now() - started, server.rssMiB()]), 50);
await sleep(1000);
const idle = server.rssMiB();
const statuses: Record<string, number> = {};
let attempts = 0;
await Promise.all(
  Array.from({ length: uploads }, async () => {
    for (;;) {
      attempts += 1;
      const { status, retryAfter } = await post(server.port);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== 503 && status !== 0) return;
      await sleep(retryAfter * 1000 * (0.5 + Math.random()));
    }
  }),
);
const doneAt = performance.now() - started;
const peak = samples.reduce((m, [, rss]) => Math.max(m, rss), 0);
const after: Record<string, number> = {};
for (const s of [5, 15, 30]) {
  await sleep(s * 1000 - (performance.now() - started - doneAt));
  after[`${s}s`] = Math.round(server.rssMiB());
}
clearInterval(sampler);
await server.stop();
server.cleanup();
const report = {
  uploads,
  documentBytes: bytes.length,
  env,
  attempts,
  statuses,
  seconds: Math.round(doneAt / 100) / 10,
  rssMiB: { idle: Math.round(idle), peak: Math.round(peak), after },
  fiveXXOtherThan503: Object.entries(statuses).filter(([s]) => Number(s) >= 500 && s !== '503').reduce((n, [, c]) => n + c, 0),
};
process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
