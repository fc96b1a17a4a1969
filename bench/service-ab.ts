/**
 * Two (or more) builds of our server side by side, for before/after figures on a busy machine:
 * rounds alternate the builds, and each scenario's figures are the median over the rounds.
 *
 *   npx tsx bench/service-ab.ts [--rounds 3] [--seconds 8] [--scenarios large,alone] before=DIR/index.js after=packages/server/dist/index.js
 *
 * A build runs with the Node options the service ships with (NODE_FLAGS, node-flags.ts) unless its
 * argument ends in `@OPTIONS` (`@` alone: none), so one build can also be compared with itself under
 * other options: `shared-gc=packages/server/dist/index.js@ own-gc=packages/server/dist/index.js@--single-threaded-gc`.
 *
 * (a "before" build: `git worktree add /tmp/before <commit>`, build it there, or copy its
 * packages/server/dist to packages/server/dist-before so that its imports resolve.) Per build and
 * round, one server child (bench/serve.ts with BENCH_SERVER_ENTRY), warmed up, then:
 *   alone    fixtures/long.doc on 8 connections
 *   large    the same beside 2 connections posting bench/generated/latin-16mb.doc
 *   crafted  the same beside 4 connections posting the crafted 260 KB files (`?format=plain&story=all`)
 *   alone32  fixtures/long.doc on 32 connections
 * The large and crafted files are posted by a second autocannon in a process of its own
 * (bench/load-child.ts). Small-document p50/p99 and req/s, the other load's req/s, the server's event-loop delay, the
 * event-loop thread's run-queue wait per request (/proc schedstat: time it was ready but not running),
 * and CPU time per request (all requests of the scenario): the whole server process, its event-loop
 * thread, its other threads at the event loop's niceness (V8's shared helper threads, libuv's:
 * bench/lib/threads.ts), and the load generator (this process), from /proc and process.cpuUsage().
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { docUpload } from './lib/multipart.js';
import { median } from './lib/stats.js';
import { sampleThreads, threadGroups } from './lib/threads.js';
import { load, processCpuMs, startLoadProcess, startServerChild } from './sections/service.js';

const args = process.argv.slice(2);
let rounds = 3;
let seconds = 8;
const builds: Array<{ label: string; entry: string; nodeArgs?: string }> = [];
let only: string[] | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--rounds') rounds = Number(args[++i]);
  else if (a === '--seconds') seconds = Number(args[++i]);
  else if (a === '--scenarios') only = args[++i]!.split(',');
  else {
    const [label, spec] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    const at = spec.indexOf('@');
    const entry = at < 0 ? spec : spec.slice(0, at);
    if (!label || !entry || !existsSync(entry)) throw new Error(`expected LABEL=path/to/dist/index.js[@NODE_OPTIONS], got ${a}`);
    builds.push({ label, entry: resolve(entry), nodeArgs: at < 0 ? undefined : spec.slice(at + 1) });
  }
}
if (builds.length === 0 || !(rounds > 0) || !(seconds > 0)) {
  console.error('usage: npx tsx bench/service-ab.ts [--rounds N] [--seconds S] LABEL=dist/index.js ...');
  process.exit(2);
}

const small = docUpload('long.doc', readFileSync('fixtures/long.doc'));
const large = docUpload('latin-16mb.doc', readFileSync('bench/generated/latin-16mb.doc'));
const crafted = ['crafted-rowend-250k.doc', 'crafted-cells-240k.doc'].map((n) => docUpload(n, gunzipSync(readFileSync(`../shared/crashers/${n}.gz`))));
const SCENARIOS = (['alone', 'large', 'crafted', 'alone32'] as const).filter((s) => !only || only.includes(s));

/** The thread's time on the CPU and waiting for it, ms (Linux; zeros elsewhere). */
function schedstat(pid: number): { run: number; wait: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { run: run! / 1e6, wait: wait! / 1e6 };
  } catch {
    return { run: 0, wait: 0 };
  }
}

const generatorCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

type Row = {
  p50: number;
  p99: number;
  rps: number;
  otherRps: number;
  errors: number;
  eldP99: number;
  eldMax: number;
  waitPerReq: number;
  serverCpuPerReq: number;
  mainCpuPerReq: number;
  helpersCpuPerReq: number;
  generatorCpuPerReq: number;
};
const rows = new Map<string, Row[]>();
// The loads beside the small documents come from a process of their own (bench/load-child.ts).
const beside = await startLoadProcess([large, ...crafted]);
for (let round = 0; round < rounds; round++) {
  for (const build of builds) {
    process.env.BENCH_SERVER_ENTRY = build.entry;
    if (build.nodeArgs === undefined) delete process.env.BENCH_NODE_ARGS;
    else process.env.BENCH_NODE_ARGS = build.nodeArgs;
    const server = await startServerChild('ours');
    try {
      await load(server.url, small, { connections: 8, durationS: 3, timeoutS: 60 });
      await load(server.url, large, { connections: 1, durationS: 1, timeoutS: 60 });
      for (const scenario of SCENARIOS) {
        server.eventLoopReset();
        const before = schedstat(server.child.pid!);
        const threadsBefore = sampleThreads(server.child.pid!);
        const cpuBefore = { server: processCpuMs(server.child.pid!), generator: generatorCpu() };
        const others =
          scenario === 'large'
            ? [beside.load(server.url, 0, { connections: 2, durationS: seconds, timeoutS: 60 })]
            : scenario === 'crafted'
              ? crafted.map((_u, i) => beside.load(server.url, 1 + i, { connections: 2, durationS: seconds, timeoutS: 60, query: 'format=plain&story=all' }))
              : [];
        const [s, ...o] = await Promise.all([load(server.url, small, { connections: scenario === 'alone32' ? 32 : 8, durationS: seconds, timeoutS: 60 }), ...others]);
        const eld = await server.eventLoop();
        const after = schedstat(server.child.pid!);
        const helpers = threadGroups(server.child.pid!, threadsBefore, sampleThreads(server.child.pid!)).get('nice 0 (V8/libuv)')?.run ?? 0;
        const cpu = { server: processCpuMs(server.child.pid!) - cpuBefore.server, generator: generatorCpu() - cpuBefore.generator };
        const requests = s!.requests + o.reduce((n, f) => n + f.requests, 0);
        const row: Row = {
          p50: s!.p50Ms,
          p99: s!.p99Ms,
          rps: s!.reqPerSec,
          otherRps: o.reduce((n, f) => n + f.reqPerSec, 0),
          errors: s!.errors + s!.non2xx + o.reduce((n, f) => n + f.errors + f.non2xx, 0),
          eldP99: eld.p99,
          eldMax: eld.max,
          waitPerReq: (after.wait - before.wait) / Math.max(1, requests),
          serverCpuPerReq: cpu.server / Math.max(1, requests),
          mainCpuPerReq: (after.run - before.run) / Math.max(1, requests),
          helpersCpuPerReq: helpers / Math.max(1, requests),
          generatorCpuPerReq: cpu.generator / Math.max(1, requests),
        };
        console.log(`round ${round + 1} ${build.label} ${scenario}: ${JSON.stringify(row, (_k, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))}`);
        const key = `${build.label}\t${scenario}`;
        rows.set(key, [...(rows.get(key) ?? []), row]);
      }
    } finally {
      await server.close();
    }
  }
}

beside.close();

console.log(`\nmedians over ${rounds} round(s) of ${seconds} s (load average now ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' / ')}):`);
console.log('| build | scenario | small p50 / p99 ms | small req/s | other req/s | event-loop delay p99 / max ms | event-loop run-queue wait per request ms | CPU per request ms: server (event loop, shared helper threads) / load generator | errors |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const scenario of SCENARIOS) {
  for (const build of builds) {
    const r = rows.get(`${build.label}\t${scenario}`)!;
    const m = (f: (row: Row) => number) => median(r.map(f)).toFixed(1);
    console.log(`| ${build.label} | ${scenario} | ${m((x) => x.p50)} / ${m((x) => x.p99)} | ${m((x) => x.rps)} | ${m((x) => x.otherRps)} | ${m((x) => x.eldP99)} / ${m((x) => x.eldMax)} | ${median(r.map((x) => x.waitPerReq)).toFixed(2)} | ${median(r.map((x) => x.serverCpuPerReq)).toFixed(2)} (${median(r.map((x) => x.mainCpuPerReq)).toFixed(2)}, ${median(r.map((x) => x.helpersCpuPerReq)).toFixed(2)}) / ${median(r.map((x) => x.generatorCpuPerReq)).toFixed(2)} | ${r.reduce((n, x) => n + x.errors, 0)} |`);
  }
}
