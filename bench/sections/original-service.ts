/**
 * 5. The service this project replaces, for real: ../shared/baseline-service (Falcon + gunicorn -w 2 +
 * `catdoc -a` through a shell) against our server as it ships (`node --single-threaded-gc packages/server/dist/start.js`,
 * default configuration: parse workers), our server with PARSE_THREADS=0 (everything on one
 * event loop, one core) to show what the workers buy, the other model it ships,
 * CONCURRENCY=processes (a process per core, each parsing on its event loop), and the ceiling: a bare
 * node:http server, a process per core, that reads the body and answers without parsing
 * (bench/floor-server.mjs: how far any Node server can go here, wrk beside it). wrk on 127.0.0.1,
 * `Connection: close` for all (gunicorn's sync workers close every connection), fixtures/long.doc,
 * 32 connections; rounds alternate between the servers (each server's round after an unrecorded
 * 2 s warm-up) and the medians are the figures, with the load average of each round.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { repoRoot } from '../lib/files.js';
import { median } from '../lib/stats.js';
import { NODE_FLAGS } from '@doc2text/server';

export const BASELINE_DIR = resolve(repoRoot, '../shared/baseline-service');

export interface WrkFigures {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** CPU time per request (µs, user + system): the server's whole process tree, and wrk itself (absent in older results). */
  serverCpuUs?: number;
  wrkCpuUs?: number;
}

export interface OriginalServiceResult {
  doc: string;
  connections: number;
  durationS: number;
  rounds: number;
  command: string;
  servers: Array<{ name: string; how: string; median: WrkFigures; runs: WrkFigures[] }>;
  loadAverages: number[];
  /** ours (default: CONCURRENCY=threads) ÷ original, req/s; original ÷ ours, p99. */
  rpsRatio: number;
  p99Ratio: number;
  /** The same for ours with CONCURRENCY=processes (absent in older results). */
  processes?: { rpsRatio: number; p99Ratio: number };
  /** The ceiling ÷ original, req/s: a bare node:http server that parses nothing (absent in older results). */
  ceiling?: number;
}

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited (${child.exitCode}) at start-up`);
    const open = await new Promise<boolean>((ok) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        ok(true);
      });
      s.on('error', () => ok(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      ok();
    });
    child.kill('SIGTERM');
  });
}

/** Clock ticks per second of /proc's CPU times. */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** [pid, parent pid, CPU seconds of it and its reaped children (utime + stime + cutime + cstime)] of /proc/<pid>/stat. */
function procStat(pid: number): [number, number] | null {
  try {
    // The command name may hold spaces: the fields after it start past the last ')'.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return [Number(f[1]), (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS];
  } catch {
    return null; // gone
  }
}

/**
 * CPU seconds used so far by `root` and every live descendant (a node process counts all its threads;
 * gunicorn's workers count the shells and catdoc runs they waited for).
 */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, [number, number]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (st) stats.set(Number(name), st);
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = stats.get(p)?.[0] ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, [, cpu]] of stats) if (inTree(pid)) total += cpu;
  return total;
}

/** CPU seconds of this process's children that have been waited for (wrk, once spawnSync returns). */
function reapedChildrenCpuSeconds(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[13]) + Number(f[14])) / TICKS;
}

/** Runs wrk once (post.lua prints one RESULT line), with the CPU time the server (`serverPid`'s tree) and wrk used. */
function wrk(url: string, doc: string, connections: number, durationS: number, serverPid: number): WrkFigures {
  const server0 = treeCpuSeconds(serverPid);
  const wrk0 = reapedChildrenCpuSeconds();
  const run = spawnSync(
    'wrk',
    ['-t2', `-c${connections}`, `-d${durationS}s`, '--timeout', '30s', '-H', 'Connection: close', '-s', join(BASELINE_DIR, 'post.lua'), url],
    { env: { ...process.env, DOC: doc }, encoding: 'utf8', timeout: (durationS + 60) * 1000 },
  );
  const line = /RESULT (.*)/.exec(run.stdout ?? '')?.[1];
  if (!line) throw new Error(`wrk gave no RESULT line: ${run.stdout} ${run.stderr}`);
  const serverCpu = treeCpuSeconds(serverPid) - server0;
  const wrkCpu = reapedChildrenCpuSeconds() - wrk0;
  const field = (name: string) => Number(new RegExp(`${name}=([\\d.]+)`).exec(line)?.[1] ?? NaN);
  const requests = field('requests');
  return {
    reqPerSec: field('req/s'),
    p50Ms: field('p50_ms'),
    p99Ms: field('p99_ms'),
    requests,
    errors: field('errors'),
    non2xx: field('non2xx'),
    serverCpuUs: (serverCpu * 1e6) / requests,
    wrkCpuUs: (wrkCpu * 1e6) / requests,
  };
}

/** Why this section cannot run here, or null. */
export function originalServiceMissing(): string | null {
  if (!existsSync(join(BASELINE_DIR, 'resources.py'))) return `${BASELINE_DIR} is absent`;
  for (const [tool, args] of [
    ['wrk', ['--version']],
    ['catdoc', ['-V']],
    ['/usr/bin/python3', ['-c', 'import falcon, gunicorn']],
  ] as const) {
    const r = spawnSync(tool, [...args], { encoding: 'utf8' });
    if (r.error || (tool !== 'wrk' && tool !== 'catdoc' && r.status !== 0)) {
      return `${tool} is missing (apt-get install python3-falcon gunicorn catdoc wrk)`;
    }
  }
  return null;
}

export async function runOriginalService(ctx: BenchContext, docPath: string): Promise<OriginalServiceResult> {
  const connections = 32;
  const durationS = ctx.quick ? 2 : 10;
  const rounds = ctx.quick ? 1 : 3;
  const servers = [
    { name: 'original (Falcon + gunicorn -w 2 + catdoc -a)', how: 'gunicorn', env: {} },
    { name: 'ours (default: parse workers)', how: 'packages/server/dist/start.js', env: {} },
    { name: 'ours, PARSE_THREADS=0 (one event loop)', how: 'packages/server/dist/start.js', env: { PARSE_THREADS: '0' } },
    { name: 'ours, CONCURRENCY=processes (a process per core)', how: 'packages/server/dist/start.js', env: { CONCURRENCY: 'processes' } },
    { name: 'ceiling: bare node:http per core, no parsing', how: 'bench/floor-server.mjs', env: {} },
  ];
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  try {
    for (const server of servers) {
      const port = await freePort();
      const child =
        server.how === 'gunicorn'
          ? spawn('/usr/bin/python3', ['-m', 'gunicorn', '--chdir', BASELINE_DIR, '-w', '2', '-b', `127.0.0.1:${port}`, 'resources:api'], {
              stdio: 'ignore',
            })
          : spawn(process.execPath, [...NODE_FLAGS, join(repoRoot, server.how)], {
              env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...server.env },
              stdio: 'ignore',
            });
      children.push(child);
      await waitForPort(port, child);
      urls.push(`http://127.0.0.1:${port}/doc-parser`);
    }
    ctx.log(`original service: wrk -c${connections} -d${durationS}s, Connection: close, ${relative(repoRoot, docPath)}, ${rounds} alternating round(s)`);
    // Warm-up (JIT, gunicorn workers), not recorded.
    for (const [i, url] of urls.entries()) wrk(url, docPath, connections, ctx.quick ? 1 : 3, children[i]!.pid!);
    const runs: WrkFigures[][] = servers.map(() => []);
    const loadAverages: number[] = [];
    for (let round = 0; round < rounds; round++) {
      loadAverages.push(loadavg()[0]!);
      for (const [i, url] of urls.entries()) {
        // Each round starts warm, not recorded: a server idles through the other servers' rounds, and
        // this machine's kernel reclaims idle pages meanwhile (DAMON), which the first requests then fault in.
        wrk(url, docPath, connections, ctx.quick ? 1 : 2, children[i]!.pid!);
        const f = wrk(url, docPath, connections, durationS, children[i]!.pid!);
        runs[i]!.push(f);
        ctx.log(
          `  ${servers[i]!.name.padEnd(48)} ${f.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${f.p50Ms.toFixed(1)} ms  p99 ${f.p99Ms.toFixed(1)} ms  ` +
            `CPU/request: server ${f.serverCpuUs?.toFixed(0)} µs, wrk ${f.wrkCpuUs?.toFixed(0)} µs  errors ${f.errors + f.non2xx}`,
        );
      }
    }
    const med = (list: WrkFigures[]): WrkFigures => ({
      reqPerSec: median(list.map((f) => f.reqPerSec)),
      p50Ms: median(list.map((f) => f.p50Ms)),
      p99Ms: median(list.map((f) => f.p99Ms)),
      requests: list.reduce((s, f) => s + f.requests, 0),
      errors: list.reduce((s, f) => s + f.errors, 0),
      non2xx: list.reduce((s, f) => s + f.non2xx, 0),
      serverCpuUs: median(list.map((f) => f.serverCpuUs ?? NaN)),
      wrkCpuUs: median(list.map((f) => f.wrkCpuUs ?? NaN)),
    });
    const result = servers.map((s, i) => ({ name: s.name, how: s.how, median: med(runs[i]!), runs: runs[i]! }));
    return {
      doc: relative(repoRoot, docPath),
      connections,
      durationS,
      rounds,
      command: `DOC=${relative(repoRoot, docPath)} wrk -t2 -c${connections} -d${durationS}s -H 'Connection: close' -s ../shared/baseline-service/post.lua URL`,
      servers: result,
      loadAverages,
      rpsRatio: result[1]!.median.reqPerSec / result[0]!.median.reqPerSec,
      p99Ratio: result[0]!.median.p99Ms / result[1]!.median.p99Ms,
      processes: { rpsRatio: result[3]!.median.reqPerSec / result[0]!.median.reqPerSec, p99Ratio: result[0]!.median.p99Ms / result[3]!.median.p99Ms },
      ceiling: result[4]!.median.reqPerSec / result[0]!.median.reqPerSec,
    };
  } finally {
    await Promise.all(children.map(stop));
  }
}

/** Markdown lines for the report. */
export function originalServiceMarkdown(r: OriginalServiceResult): string[] {
  const lines = [
    '## Against the original service (wrk, Connection: close)',
    '',
    `\`${r.command}\`, ${r.rounds} alternating round(s) of ${r.durationS} s, medians; load average at each round: ${r.loadAverages.map((l) => l.toFixed(1)).join(', ')}.`,
    '',
    '| server | req/s | p50 ms | p99 ms | server CPU µs/request | wrk CPU µs/request | errors + non-2xx |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of r.servers) {
    const m = s.median;
    // Results written before the CPU columns existed have none.
    const cpu = (us: number | undefined) => (us === undefined ? '—' : us.toFixed(0));
    lines.push(`| ${s.name} | ${m.reqPerSec.toFixed(0)} | ${m.p50Ms.toFixed(1)} | ${m.p99Ms.toFixed(1)} | ${cpu(m.serverCpuUs)} | ${cpu(m.wrkCpuUs)} | ${m.errors + m.non2xx} |`);
  }
  lines.push('', `Ours (default, CONCURRENCY=threads) ÷ original: **${r.rpsRatio.toFixed(1)}× the req/s** (goal ≥ 10×), original p99 ÷ ours: **${r.p99Ratio.toFixed(1)}×** (goal ≥ 4×).`, '');
  if (r.processes) {
    lines.push(`Ours with CONCURRENCY=processes ÷ original: **${r.processes.rpsRatio.toFixed(1)}× the req/s**, original p99 ÷ ours: **${r.processes.p99Ratio.toFixed(1)}×**.`, '');
  }
  if (typeof r.ceiling === 'number') {
    lines.push(
      `The ceiling here, before any parsing (bench/floor-server.mjs: bare node:http, a process per core, the body read and a fixed answer, wrk on the same cores): ` +
        `**${r.ceiling.toFixed(1)}×** the original's req/s.`,
      '',
    );
  }
  return lines;
}
