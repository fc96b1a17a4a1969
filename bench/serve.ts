/**
 * Child-process entry for the service bench: starts one server on 127.0.0.1:0 and talks to the
 * parent over IPC, so the load generator and the server do not share an event loop.
 *
 *   tsx bench/serve.ts ours|baseline
 *
 * → {type:'listening', url}; on {type:'eld-reset'} clears the event-loop-delay histogram; on
 * {type:'eld'} answers {type:'eld', p50, p99, max} (ms); on {type:'close'} or parent exit it stops.
 * BENCH_SERVER_ENTRY=path/to/dist/index.js serves another build of ours (bench/service-ab.ts).
 * BENCH_TRACE=1 records every request's timeline (the server's `doc2text:request` diagnostics channel)
 * and the event loop's garbage collections; {type:'trace'} answers {type:'trace', requests, gcs} and
 * starts over (bench/service-trace.ts).
 */
import { subscribe } from 'node:diagnostics_channel';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import * as server from '@doc2text/server';
import { startBaselineServer } from './baseline-server.js';

type Message = { type: 'eld-reset' } | { type: 'eld' } | { type: 'trace' } | { type: 'close' };

const kind = process.argv[2];
if (kind !== 'ours' && kind !== 'baseline') {
  console.error('usage: tsx bench/serve.ts ours|baseline');
  process.exit(2);
}
if (!process.send) {
  console.error('serve.ts expects to be started with an IPC channel (by bench/run.ts)');
  process.exit(2);
}

let url: string;
let close: () => Promise<void>;
if (kind === 'ours') {
  const entry = process.env.BENCH_SERVER_ENTRY;
  const { createApp } = (entry ? await import(pathToFileURL(entry).href) : server) as typeof server;
  const app = createApp({ logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  close = () => app.close();
} else {
  ({ url, close } = await startBaselineServer(0));
}

let requests: unknown[] = [];
let gcs: Array<{ at: number; ms: number; kind: number }> = [];
if (process.env.BENCH_TRACE) {
  subscribe('doc2text:request', (timeline) => void requests.push(timeline));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ at: performance.timeOrigin + e.startTime, ms: e.duration, kind: (e as { detail?: { kind?: number } }).detail?.kind ?? 0 });
  }).observe({ entryTypes: ['gc'] });
}

const eld = monitorEventLoopDelay({ resolution: 1 });
eld.enable();
const ms = (ns: number) => ns / 1e6;

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  eld.disable();
  const timer = setTimeout(() => process.exit(0), 5_000);
  timer.unref();
  await close().catch(() => undefined);
  process.exit(0);
};

process.on('message', (message: Message) => {
  if (message.type === 'eld-reset') eld.reset();
  else if (message.type === 'eld') process.send!({ type: 'eld', p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) });
  else if (message.type === 'trace') {
    process.send!({ type: 'trace', requests, gcs });
    requests = [];
    gcs = [];
  } else if (message.type === 'close') void stop();
});
process.on('disconnect', () => void stop());
process.send({ type: 'listening', url });
