/**
 * 4. Service: our server (createApp) vs the baseline (temp file + `catdoc -a` per request), each in
 * a child process on 127.0.0.1, loaded by autocannon from this process with 1, 8 and 32
 * connections uploading one prebuilt multipart body; then small-doc latency while a second
 * autocannon, in a process of its own (startLoadProcess), posts the large document, with the
 * server's event-loop delay over that window; ours
 * also beside the crafted files, and small documents at a fixed rate (open loop, FIXED_RATE) alone
 * and beside both loads, since the closed loops saturate the cores and mostly measure queueing.
 *
 * Every load run is bounded: autocannon `duration` plus a hard stop, per-request `timeout`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { NODE_FLAGS, type RequestTimeline } from '@doc2text/server';
import type { BenchContext } from '../lib/context.js';
import { benchDir, repoRoot, type DocFile } from '../lib/files.js';
import { docUpload, type Multipart } from '../lib/multipart.js';
import { openLoop } from '../lib/open-loop.js';
import type { EventLoopDelay, FixedRateFigures, LoadFigures, ServiceResult } from '../lib/results.js';
import { percentile } from '../lib/stats.js';

export type ServerKind = 'ours' | 'baseline';

export interface ServerHandle {
  kind: ServerKind;
  url: string;
  child: ChildProcess;
  eventLoopReset(): void;
  eventLoop(): Promise<EventLoopDelay>;
  /** Request timelines and event-loop GCs since the last call (the child must run with BENCH_TRACE=1: bench/serve.ts). */
  trace(): Promise<ServerTrace>;
  close(): Promise<void>;
}

export interface ServerTrace {
  requests: RequestTimeline[];
  gcs: Array<{ at: number; ms: number; kind: number }>;
}

type ChildMessage = { type: 'listening'; url: string } | ({ type: 'eld' } & EventLoopDelay) | ({ type: 'trace' } & ServerTrace);

/** Starts bench/serve.ts in a child process and waits (≤ 30 s) until it listens. */
export function startServerChild(kind: ServerKind): Promise<ServerHandle> {
  // Ours runs with the options it ships with (node-flags.ts). BENCH_NODE_ARGS replaces them (experiments;
  // an empty value runs without them).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? (kind === 'ours' ? NODE_FLAGS.join(' ') : '')).split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', `${benchDir}/serve.ts`, kind], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: ((m: ChildMessage) => boolean)[] = [];
  child.on('message', (m: ChildMessage) => {
    const i = waiters.findIndex((w) => w(m));
    if (i >= 0) waiters.splice(i, 1);
  });
  const next = <T extends ChildMessage['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${kind} server: no '${type}' message within ${timeoutMs} ms`)), timeoutMs);
      const onExit = (code: number | null) => reject(new Error(`${kind} server exited (${code}) before '${type}'`));
      child.once('exit', onExit);
      waiters.push((m) => {
        if (m.type !== type) return false;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(m as Extract<ChildMessage, { type: T }>);
        return true;
      });
    });
  return next('listening', 30_000).then(({ url }) => ({
    kind,
    url,
    child,
    eventLoopReset: () => child.send({ type: 'eld-reset' }),
    eventLoop: async () => {
      const reply = next('eld', 10_000);
      child.send({ type: 'eld' });
      const { p50, p99, max } = await reply;
      return { p50, p99, max };
    },
    trace: async () => {
      const reply = next('trace', 30_000);
      child.send({ type: 'trace' });
      const { requests, gcs } = await reply;
      return { requests, gcs };
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.connected) child.send({ type: 'close' });
        else child.kill('SIGTERM');
      }),
  }));
}

/** One request, checked: 200 and a JSON body with `text` and `file`. */
export async function postOnce(url: string, upload: Multipart, timeoutMs = 60_000, query = ''): Promise<{ status: number; text: string; file: string }> {
  const response = await fetch(`${url}/doc-parser${query ? `?${query}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': upload.contentType },
    body: new Uint8Array(upload.body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = (await response.json()) as { text?: unknown; file?: unknown };
  return { status: response.status, text: typeof json.text === 'string' ? json.text : '', file: typeof json.file === 'string' ? json.file : '' };
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  timeoutS: number;
  /** Query string for /doc-parser, e.g. `format=plain` (default: none, the server's default format). */
  query?: string;
}

/** An autocannon run that cannot outlive durationS + timeoutS + 10 s. Latencies of 2xx answers, sub-ms. */
export async function load(url: string, upload: Multipart, options: LoadOptions): Promise<LoadFigures> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${url}/doc-parser${options.query ? `?${options.query}` : ''}`,
    method: 'POST',
    headers: { 'content-type': upload.contentType },
    body: upload.body,
    connections: options.connections,
    duration: options.durationS,
    timeout: options.timeoutS,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const guard = setTimeout(() => instance.stop(), (options.durationS + options.timeoutS + 10) * 1000);
  try {
    const r = await instance;
    return {
      connections: options.connections,
      durationS: r.duration,
      requests: r['2xx'],
      reqPerSec: r['2xx'] / r.duration,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.length ? Math.max(...latencies) : Number.NaN,
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
    };
  } finally {
    clearTimeout(guard);
  }
}

/** A second load generator in a process of its own (bench/load-child.ts), for the loads posted beside the small documents. */
export interface LoadProcess {
  /** An autocannon run of `uploads[index]` (as given to startLoadProcess), like load(). */
  load(url: string, index: number, options: LoadOptions): Promise<LoadFigures>;
  close(): void;
}

/**
 * Starts bench/load-child.ts and hands it `uploads` (≤ 30 s). The large documents' answers (~8 MB
 * each) are then received by that process: in this one, their reading held up the event loop that
 * times the small documents (each answer in bursts of up to 32 reads), which no real client of the
 * service shares with another.
 */
export function startLoadProcess(uploads: Multipart[]): Promise<LoadProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `${benchDir}/load-child.ts`], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  const pending = new Map<number, (figures: LoadFigures) => void>();
  let nextId = 1;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('load child: not ready within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`load child exited (${code})`)));
    child.on('message', (m: { type: 'ready' } | { type: 'done'; id: number; figures: LoadFigures }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve({
          load: (url, index, options) =>
            new Promise((done) => {
              const id = nextId++;
              pending.set(id, done);
              child.send({ type: 'load', id, url, index, options });
            }),
          close: () => child.kill(),
        });
      } else {
        pending.get(m.id)?.(m.figures);
        pending.delete(m.id);
      }
    });
    child.send({ type: 'uploads', uploads });
  });
}

const show = (f: LoadFigures) =>
  `${f.reqPerSec.toFixed(0)} req/s, p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, errors ${f.errors + f.non2xx}`;

/** The crafted documents dense in control characters (issue 12), read gzipped from ../shared/crashers, never written. */
const CRASHERS = resolve(repoRoot, '../shared/crashers');
const CRAFTED = ['crafted-rowend-250k.doc', 'crafted-cells-240k.doc'];
function craftedUploads(): Multipart[] | null {
  const paths = CRAFTED.map((name) => join(CRASHERS, `${name}.gz`));
  if (!paths.every((p) => existsSync(p))) return null;
  return paths.map((p, i) => docUpload(CRAFTED[i]!, gunzipSync(readFileSync(p))));
}

/** CPU time (ms) of a whole process, every thread it has had (Linux /proc; NaN elsewhere). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime at USER_HZ = 100
  } catch {
    return Number.NaN;
  }
}

/** CPU time (ms) of a process's main thread (Linux /proc; NaN elsewhere). */
export function mainThreadCpuMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Small documents per second in the fixed-rate (open-loop) runs: below saturation on 2 cores. */
export const FIXED_RATE = 200;

/** `query` goes to our server only (e.g. `format=plain`); the baseline has no options. */
export async function runService(ctx: BenchContext, small: DocFile, large: DocFile, query = ''): Promise<ServiceResult> {
  const smallUpload = docUpload(basename(small.path), small.bytes);
  const largeUpload = docUpload(basename(large.path), large.bytes);
  const durationS = ctx.quick ? 1 : 10;
  const mixedS = ctx.quick ? 1 : 15;
  const timeoutS = ctx.quick ? 20 : 60;
  const levels = [1, 8, 32];
  const smallConnections = 8;
  const largeConnections = 2;
  ctx.log(`service: ${small.label} (${(small.bytes.byteLength / 1024).toFixed(0)} KB) at ${levels.join('/')} connections × ${durationS} s; mixed with ${large.label}`);

  const q = (kind: ServerKind) => (kind === 'ours' ? query : '');
  let crafted: ServiceResult['crafted'] = null;
  let cpu: ServiceResult['cpu'];
  let fixedRate: ServiceResult['fixedRate'];
  const per: Record<ServerKind, { chars: number; levels: LoadFigures[]; small: LoadFigures; large: LoadFigures; eventLoop: EventLoopDelay }> = {} as never;
  // Beside loads (index 0: the large document, then the crafted files) from a process of their own.
  const beside = await startLoadProcess([largeUpload, ...(craftedUploads() ?? [])]);
  try {
    for (const kind of ['ours', 'baseline'] as const) {
      const server = await startServerChild(kind);
      try {
        const check = await postOnce(server.url, smallUpload, 60_000, q(kind));
        if (check.status !== 200 || check.text.length === 0 || check.file !== basename(small.path)) {
          throw new Error(`${kind} server answered ${check.status} with ${check.text.length} characters for ${small.label}`);
        }
        const checkLarge = await postOnce(server.url, largeUpload, 120_000, q(kind));
        if (checkLarge.status !== 200) throw new Error(`${kind} server answered ${checkLarge.status} for ${large.label}`);
        // Warm-up (JIT, connection pools), not recorded.
        if (!ctx.quick) await load(server.url, smallUpload, { connections: 8, durationS: 3, timeoutS, query: q(kind) });

        const figures: LoadFigures[] = [];
        for (const connections of levels) {
          const pid = server.child.pid!;
          const cpu0 = { server: processCpuMs(pid), eventLoop: mainThreadCpuMs(pid), generator: ownCpuMs() };
          const f = await load(server.url, smallUpload, { connections, durationS, timeoutS, query: q(kind) });
          if (kind === 'ours' && connections === 8) {
            const n = Math.max(1, f.requests);
            cpu = {
              serverMs: (processCpuMs(pid) - cpu0.server) / n,
              eventLoopMs: (mainThreadCpuMs(pid) - cpu0.eventLoop) / n,
              generatorMs: (ownCpuMs() - cpu0.generator) / n,
            };
            ctx.log(`  ours      8 conn: CPU per request: server ${cpu.serverMs.toFixed(2)} ms (event loop ${cpu.eventLoopMs.toFixed(2)}), load generator ${cpu.generatorMs.toFixed(2)} ms`);
          }
          ctx.log(`  ${kind.padEnd(8)} ${String(connections).padStart(2)} conn: ${show(f)}`);
          figures.push(f);
        }

        server.eventLoopReset();
        const [smallMixed, largeMixed] = await Promise.all([
          load(server.url, smallUpload, { connections: smallConnections, durationS: mixedS, timeoutS, query: q(kind) }),
          beside.load(server.url, 0, { connections: largeConnections, durationS: mixedS, timeoutS, query: q(kind) }),
        ]);
        const eventLoop = await server.eventLoop();
        ctx.log(`  ${kind.padEnd(8)} mixed: small ${show(smallMixed)}; large ${show(largeMixed)}; event-loop delay max ${eventLoop.max.toFixed(0)} ms`);
        per[kind] = { chars: check.text.length, levels: figures, small: smallMixed, large: largeMixed, eventLoop };
        if (kind === 'ours') {
          const uploads = craftedUploads();
          if (uploads === null) ctx.note(`${relative(repoRoot, CRASHERS)} is absent: no small-document latency beside the crafted files.`);
          else {
            server.eventLoopReset();
            const query = 'format=plain&story=all'; // their costly path (catdoc mode is cheap for them)
            const perFile = 2;
            const [smallC, ...craftedRuns] = await Promise.all([
              load(server.url, smallUpload, { connections: smallConnections, durationS: mixedS, timeoutS, query: q(kind) }),
              ...uploads.map((_u, i) => beside.load(server.url, 1 + i, { connections: perFile, durationS: mixedS, timeoutS, query })),
            ]);
            const eld = await server.eventLoop();
            ctx.log(`  ours     beside crafted: small ${show(smallC!)}; event-loop delay max ${eld.max.toFixed(0)} ms`);
            crafted = { files: CRAFTED, query, connections: perFile * uploads.length, small: smallC!, crafted: craftedRuns, eventLoop: eld };
          }

          // The same three situations with small documents sent at a fixed rate (open loop), below saturation.
          const fixed = async (beside: () => Promise<LoadFigures>[]): Promise<FixedRateFigures> => {
            server.eventLoopReset();
            const [f, ...others] = await Promise.all([openLoop(server.url, smallUpload, { rate: FIXED_RATE, durationS: mixedS, timeoutS, query: q(kind) }), ...beside()]);
            const eventLoop = await server.eventLoop();
            const { perRequest: _perRequest, rate: _rate, ...figures } = f!;
            return { ...figures, besideReqPerSec: others.reduce((n, o) => n + o.reqPerSec, 0), eventLoop };
          };
          const besideS = mixedS + 1;
          const alone = await fixed(() => []);
          const besideLarge = await fixed(() => [beside.load(server.url, 0, { connections: largeConnections, durationS: besideS, timeoutS, query: q(kind) })]);
          const besideCrafted =
            uploads === null ? null : await fixed(() => uploads.map((_u, i) => beside.load(server.url, 1 + i, { connections: 2, durationS: besideS, timeoutS, query: 'format=plain&story=all' })));
          fixedRate = { rate: FIXED_RATE, alone, large: besideLarge, crafted: besideCrafted };
          const showFixed = (f: FixedRateFigures) => `p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, errors ${f.errors}`;
          ctx.log(`  ours     at ${FIXED_RATE} req/s: alone ${showFixed(alone)}; beside large ${showFixed(besideLarge)}${besideCrafted ? `; beside crafted ${showFixed(besideCrafted)}` : ''}`);
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    beside.close();
  }

  return {
    query,
    doc: { file: relative(repoRoot, small.path), bytes: small.bytes.byteLength, oursChars: per.ours.chars, baselineChars: per.baseline.chars },
    largeDoc: { file: relative(repoRoot, large.path), bytes: large.bytes.byteLength },
    levels: levels.map((connections, i) => {
      const ours = per.ours.levels[i]!;
      const baseline = per.baseline.levels[i]!;
      return { connections, ours, baseline, rpsRatio: ours.reqPerSec / baseline.reqPerSec, p99Ratio: baseline.p99Ms / ours.p99Ms };
    }),
    mixed: {
      smallConnections,
      largeConnections,
      ours: { small: per.ours.small, large: per.ours.large, eventLoop: per.ours.eventLoop },
      baseline: { small: per.baseline.small, large: per.baseline.large, eventLoop: per.baseline.eventLoop },
    },
    crafted,
    cpu,
    fixedRate,
  };
}
