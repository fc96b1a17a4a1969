/**
 * Server CPU time per 16 MB document, by thread kind: bench/generated/latin-16mb.doc posted on
 * `--connections` (default 1) for `--seconds` (default 8) after a 2 s warm-up, to one server child
 * (bench/serve.ts; BENCH_SERVER_ENTRY and BENCH_NODE_ARGS as for the service bench). Prints per
 * document: the whole server process, its event loop, its threads by kind (bench/lib/threads.ts:
 * parse workers by niceness, and the rest at the event loop's — V8's shared helper threads, libuv's),
 * the load generator (this process), and the server's event-loop delay over the window. Alternate runs for before/after, e.g.
 *
 *   for a in '' '--single-threaded-gc' '' '--single-threaded-gc'; do BENCH_NODE_ARGS="$a" npx tsx bench/service-large-cpu.ts; done
 */
import { readFileSync } from 'node:fs';
import { docUpload } from './lib/multipart.js';
import { sampleThreads, threadGroups } from './lib/threads.js';
import { load, mainThreadCpuMs, processCpuMs, startServerChild } from './sections/service.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const connections = option('connections', 1);
const seconds = option('seconds', 8);

const large = docUpload('latin-16mb.doc', readFileSync('bench/generated/latin-16mb.doc'));
const ownCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const server = await startServerChild('ours');
const pid = server.child.pid!;
try {
  await load(server.url, large, { connections: 1, durationS: 2, timeoutS: 60 });
  const threads0 = sampleThreads(pid);
  const cpu0 = { server: processCpuMs(pid), main: mainThreadCpuMs(pid), generator: ownCpu() };
  server.eventLoopReset();
  const f = await load(server.url, large, { connections, durationS: seconds, timeoutS: 60 });
  const n = Math.max(1, f.requests);
  const eld = await server.eventLoop();
  const groups = threadGroups(pid, threads0, sampleThreads(pid));
  console.log(
    `node options "${process.env.BENCH_NODE_ARGS ?? '(as shipped)'}": ${f.requests} documents, p50 ${f.p50Ms.toFixed(0)} ms, errors ${f.errors + f.non2xx}; ` +
      `CPU per document: server ${((processCpuMs(pid) - cpu0.server) / n).toFixed(0)} ms (event loop ${((mainThreadCpuMs(pid) - cpu0.main) / n).toFixed(0)}; ` +
      `${[...groups].filter(([g]) => g !== 'event loop').map(([g, v]) => `${g} ${(v.run / n).toFixed(0)}`).join(', ')}), load generator ${((ownCpu() - cpu0.generator) / n).toFixed(0)} ms; ` +
      `event-loop delay p99 ${eld.p99.toFixed(1)} ms, max ${eld.max.toFixed(1)} ms`,
  );
} finally {
  await server.close();
}
