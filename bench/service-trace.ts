/**
 * Where small documents' latency goes: fixtures/long.doc posted at a fixed rate (open loop), alone or
 * beside a closed-loop load as in the service bench, with every request's timeline recorded inside
 * the server (its `doc2text:request` diagnostics channel, bench/serve.ts with BENCH_TRACE=1) and
 * joined to the client's view by request id.
 *
 *   npx tsx bench/service-trace.ts [--rate 200 | --connections 8] [--seconds 10] [--beside none|large|crafted] [--slowest 20] [ENTRY]
 *
 * --connections N: small documents in a closed loop on N connections instead (as the bench's max-
 * throughput runs: each connection sends its next request when its answer is back).
 * ENTRY: another build's dist/index.js (default: packages/server/dist). Prints, for the small
 * documents: latency percentiles; each phase's percentiles (client → headers read → body read →
 * upload parsed → handed to a worker → worker starts → worker done → answer back on the event loop →
 * written → client has it); the slowest requests phase by phase with the worker's CPU time over its
 * parse and the event loop's garbage collections that overlap them; CPU time per request of the
 * server process, its event loop, and this process (the load generator); and the server's threads by
 * kind (bench/lib/threads.ts), their time on a CPU and waiting for one over the window.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { RequestTimeline } from '@doc2text/server';
import { docUpload } from './lib/multipart.js';
import { closedLoop, openLoop, type OpenLoopRequest } from './lib/open-loop.js';
import { percentile } from './lib/stats.js';
import { sampleThreads, threadGroups } from './lib/threads.js';
import { load, mainThreadCpuMs, processCpuMs, startLoadProcess, startServerChild } from './sections/service.js';

const args = process.argv.slice(2);
let rate = 200;
let seconds = 10;
let beside = 'none' as 'none' | 'large' | 'crafted';
let slowest = 20;
let connections = 0;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--rate') rate = Number(args[++i]);
  else if (a === '--seconds') seconds = Number(args[++i]);
  else if (a === '--beside') beside = args[++i] as typeof beside;
  else if (a === '--slowest') slowest = Number(args[++i]);
  else if (a === '--connections') connections = Number(args[++i]);
  else process.env.BENCH_SERVER_ENTRY = resolve(a);
}
if (!(rate > 0) || !(seconds > 0) || !['none', 'large', 'crafted'].includes(beside)) {
  console.error('usage: npx tsx bench/service-trace.ts [--rate N | --connections N] [--seconds S] [--beside none|large|crafted] [--slowest N] [ENTRY]');
  process.exit(2);
}

const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const small = docUpload('long.doc', readFileSync('fixtures/long.doc'));
const large = docUpload('latin-16mb.doc', readFileSync('bench/generated/latin-16mb.doc'));
const crafted = ['crafted-rowend-250k.doc', 'crafted-cells-240k.doc'].map((n) => docUpload(n, gunzipSync(readFileSync(`../shared/crashers/${n}.gz`))));

process.env.BENCH_TRACE = '1';
// The loads beside the small documents come from a process of their own (bench/load-child.ts).
const besideLoads = await startLoadProcess([large, ...crafted]);
const server = await startServerChild('ours');
const pid = server.child.pid!;
try {
  // Warm-up, not recorded.
  await load(server.url, small, { connections: 8, durationS: 3, timeoutS: 60 });
  if (beside === 'large') await load(server.url, large, { connections: 1, durationS: 1, timeoutS: 60 });
  await server.trace();
  server.eventLoopReset();
  const cpu0 = { server: processCpuMs(pid), main: mainThreadCpuMs(pid), generator: ownCpu() };
  const threads0 = sampleThreads(pid);
  const stop = { s: seconds + 1 };
  const others =
    beside === 'large'
      ? [besideLoads.load(server.url, 0, { connections: 2, durationS: stop.s, timeoutS: 60 })]
      : beside === 'crafted'
        ? crafted.map((_u, i) => besideLoads.load(server.url, 1 + i, { connections: 2, durationS: stop.s, timeoutS: 60, query: 'format=plain&story=all' }))
        : [];
  const smallLoad = connections > 0 ? closedLoop(server.url, small, { connections, durationS: seconds, timeoutS: 60 }) : openLoop(server.url, small, { rate, durationS: seconds, timeoutS: 60 });
  const [client, ...o] = await Promise.all([smallLoad, ...others]);
  const cpu = { server: processCpuMs(pid) - cpu0.server, main: mainThreadCpuMs(pid) - cpu0.main, generator: ownCpu() - cpu0.generator };
  const threads1 = sampleThreads(pid);
  const groups = threadGroups(pid, threads0, threads1);
  const eld = await server.eventLoop();
  const { requests, gcs } = await server.trace();

  const all = client!.requests + o.reduce((n, f) => n + f.requests, 0);
  console.log(`small documents ${connections > 0 ? `on ${connections} connections (closed loop): ${client!.rate.toFixed(0)}/s` : `at ${rate}/s`} for ${seconds} s beside ${beside}: p50 ${client!.p50Ms.toFixed(1)} ms, p90 ${client!.p90Ms.toFixed(1)}, p99 ${client!.p99Ms.toFixed(1)}, max ${client!.maxMs.toFixed(1)}; errors ${client!.errors}`);
  if (o.length) console.log(`beside: ${o.map((f) => `${f.reqPerSec.toFixed(2)} req/s (p99 ${f.p99Ms.toFixed(0)} ms)`).join(', ')}`);
  console.log(`event-loop delay p99 ${eld.p99.toFixed(1)} ms, max ${eld.max.toFixed(1)} ms; event-loop GCs ${gcs.length} (${gcs.reduce((n, g) => n + g.ms, 0).toFixed(0)} ms, longest ${Math.max(0, ...gcs.map((g) => g.ms)).toFixed(1)} ms)`);
  console.log(
    `CPU per request (${all} requests): server ${(cpu.server / all).toFixed(2)} ms (event loop ${(cpu.main / all).toFixed(2)} ms, other threads ${((cpu.server - cpu.main) / all).toFixed(2)} ms), load generator ${(cpu.generator / all).toFixed(2)} ms`,
  );

  console.log(
    `server threads over the window, ms on a CPU / waiting for one: ${[...groups].map(([g, v]) => `${g} (${v.threads}) ${v.run.toFixed(0)} / ${v.wait.toFixed(0)}`).join('; ')}`,
  );
  const busiest = [...threads1].map(([tid, t]) => ({ tid, nice: t.nice, run: t.run - (threads0.get(tid)?.run ?? 0) })).sort((a, b) => b.run - a.run);
  console.log(`busiest threads (tid nice ms): ${busiest.slice(0, 12).map((t) => `${t.tid === pid ? 'main' : t.tid} ${t.nice} ${t.run.toFixed(0)}`).join(', ')}`);

  const byId = new Map(requests.map((t) => [t.id, t]));
  type Joined = { request: OpenLoopRequest; t: RequestTimeline; at: Record<string, number | undefined> };
  const joined: Joined[] = [];
  for (const request of client!.perRequest) {
    const t = byId.get(request.id);
    if (!t || !(request.status >= 200 && request.status < 300)) continue;
    const p = t.parse;
    const at = {
      sent: request.sentAt,
      head: t.headAt,
      body: t.bodyAt,
      upload: t.uploadAt,
      dispatched: p?.dispatchedAt,
      started: p?.startedAt,
      ended: p?.endedAt,
      replied: p?.repliedAt,
      written: t.writtenAt,
      received: request.sentAt + request.ms,
    };
    joined.push({ request, t, at });
  }
  const steps = ['sent', 'head', 'body', 'upload', 'dispatched', 'started', 'ended', 'replied', 'written', 'received'] as const;
  const span = (j: Joined, i: number) => {
    const a = j.at[steps[i]!];
    const b = j.at[steps[i + 1]!];
    return a === undefined || b === undefined ? Number.NaN : b - a;
  };
  console.log(`\n${joined.length} answers traced; each phase, ms:`);
  console.log('| phase | p50 | p90 | p99 | max |');
  console.log('|---|---|---|---|---|');
  for (let i = 0; i < steps.length - 1; i++) {
    const values = joined.map((j) => span(j, i)).filter((v) => Number.isFinite(v));
    console.log(`| ${steps[i]} → ${steps[i + 1]} | ${[50, 90, 99].map((q) => percentile(values, q).toFixed(2)).join(' | ')} | ${Math.max(...values).toFixed(2)} |`);
  }

  const t0 = Math.min(...joined.map((j) => j.request.sentAt));
  joined.sort((a, b) => b.request.ms - a.request.ms);
  console.log(`\nslowest ${slowest} (of the slowest 1 % = ${Math.ceil(joined.length / 100)}), ms: ${steps.slice(0, -1).map((s, i) => `${s}→${steps[i + 1]}`).join(' | ')}`);
  for (const j of joined.slice(0, slowest)) {
    const phases = steps.slice(0, -1).map((_s, i) => span(j, i).toFixed(1).padStart(6)).join(' ');
    const p = j.t.parse;
    const overlap = gcs.filter((g) => g.at < j.at.received! && g.at + g.ms > j.at.sent!).map((g) => `${g.kind === 1 ? 'scavenge' : g.kind === 4 ? 'mark-compact' : g.kind === 8 ? 'incremental' : `kind ${g.kind}`} ${g.ms.toFixed(1)}`);
    console.log(
      `${j.request.ms.toFixed(1).padStart(7)} at ${((j.request.sentAt - t0) / 1000).toFixed(2).padStart(6)} s | ${phases} | worker ${p?.worker ?? '-'} cpu ${p?.cpuMs?.toFixed(1) ?? '-'}${overlap.length ? ` | event-loop GC ${overlap.join(', ')}` : ''}`,
    );
  }
} finally {
  await server.close();
  besideLoads.close();
}
