/**
 * The service as a child process: its own temporary cwd and TMPDIR (so any file it writes shows up),
 * RSS and CPU from /proc, its log (and --trace-gc lines) read from a file, /health polled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, SERVER_DIR, bump, freePort, listTree, sleep } from './common.js';
import { NODE_FLAGS } from '@doc2text/server';
export interface ServerChild {
  pid: number;
  port: number;
  cwd: string;
  tmp: string;
  /** VmRSS in MiB (NaN once the process is gone). */
  rssMiB(): number;
  /** user + system CPU seconds used so far. */
  cpuSeconds(): number;
  /** Set when the process exited without being asked to. */
  crash: { code: number | null; signal: string | null; output: string } | undefined;
  /** Log lines by pino level name, and the first few error lines. */
  logLevels: Record<string, number>;
  errorLines: string[];
  logTail(): string;
  /** With --trace-gc: [runner time (performance.now()), heap MB after, committed MB] of each full GC. */
  gcFull: Array<[number, number, number]>;
  gcCounts: Record<string, number>;
  /** Files and folders that appeared in the cwd and TMPDIR since the server was ready. */
  filesCreated(): { cwd: string[]; tmp: string[] };
  /** SIGTERM, wait (then SIGKILL); resolves with the exit code. */
  stop(): Promise<{ code: number | null; signal: string | null }>;
  /** Removes the temporary cwd, TMPDIR and log. */
  cleanup(): void;
  /** Reads what the server logged since the last call (file sink; the pipe sink is read as it comes). */
  flushLog(): void;
  logSink: 'file' | 'pipe';
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export async function startServer(
  entry: 'dist' | 'src',
  env: Record<string, string>,
  label: string,
  nodeArgs: string[] = [],
  logSink: 'file' | 'pipe' = 'file',
): Promise<ServerChild> {
  const base = os.tmpdir();
  const cwd = mkdtempSync(join(base, `doc2text-${label}-cwd-`));
  const tmp = mkdtempSync(join(base, `doc2text-${label}-tmp-`));
  // The log goes to a file of the runner's own (outside the server's cwd and TMPDIR) by default: a pipe
  // that the busy load generator does not empty fast enough makes pino buffer log lines in the server.
  const logDir = mkdtempSync(join(base, `doc2text-${label}-log-`));
  const logPath = join(logDir, 'server.log');
  const logFd = openSync(logPath, 'w');
  const port = await freePort();
  let args: string[];
  if (entry === 'dist') {
    const start = join(SERVER_DIR, 'dist/start.js');
    if (!existsSync(start)) throw new Error(`${start} is missing: build first (npx -y pnpm@10 -s build)`);
    warnIfStale();
    args = [start];
  } else {
    const tsx = createRequire(join(REPO_ROOT, 'package.json')).resolve('tsx');
    args = ['--import', pathToFileURL(tsx).href, join(SERVER_DIR, 'src/start.ts')];
  }
  // As the service ships (package.json `start`, the Dockerfile): node-flags.ts.
  const child: ChildProcess = spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      TMPDIR: tmp,
      TMP: tmp,
      TEMP: tmp,
      TSX_DISABLE_CACHE: '1',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', logSink === 'file' ? logFd : 'pipe', 'pipe'],
  });
  closeSync(logFd);
  const spawnedAt = performance.now();
  const pid = child.pid!;
  const logLevels: Record<string, number> = {};
  const errorLines: string[] = [];
  const tail: string[] = [];
  let rest = '';
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  const gcFull: Array<[number, number, number]> = [];
  const gcCounts: Record<string, number> = {};
  const onOutput = (data: Buffer) => {
    rest += data.toString('utf8');
    let newline: number;
    while ((newline = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, newline);
      rest = rest.slice(newline + 1);
      if (line.startsWith('[') && / ms: (Scavenge|Mark-Compact|Mark-sweep|Minor Mark)/.test(line)) {
        // --trace-gc: "[pid:addr]  1234 ms: Mark-Compact 57.8 (88.7) -> 11.4 (44.5) MB, …" (ms since the process started)
        const full = /\s([\d.]+) ms: Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(line);
        if (full) gcFull.push([spawnedAt + Number(full[1]), Number(full[2]), Number(full[3])]);
        bump(gcCounts, full ? 'mark-compact' : 'other');
        continue;
      }
      const level = /"level":(\d+)/.exec(line);
      const name = level ? (LEVELS[Number(level[1])] ?? level[1]!) : 'unparsed';
      bump(logLevels, name);
      if (name === 'error' || name === 'fatal' || name === 'unparsed') {
        if (errorLines.length < 10) errorLines.push(line.slice(0, 2000));
      }
      keep(line);
    }
  };
  let logOffset = 0;
  const readLog = () => {
    if (logSink !== 'file') return;
    let fd: number;
    try {
      fd = openSync(logPath, 'r');
    } catch {
      return;
    }
    try {
      const chunk = Buffer.alloc(1024 * 1024);
      let n: number;
      while ((n = readSync(fd, chunk, 0, chunk.length, logOffset)) > 0) {
        logOffset += n;
        onOutput(chunk.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
  };
  const logTimer = setInterval(readLog, 250);
  logTimer.unref();
  if (logSink === 'pipe') child.stdout!.on('data', onOutput);
  child.stderr!.on('data', (data: Buffer) => {
    for (const line of data.toString('utf8').split('\n')) if (line.trim()) keep(`[stderr] ${line}`);
  });

  let stopping = false;
  let filesAtReady = { cwd: [] as string[], tmp: [] as string[] };
  const handle: ServerChild = {
    pid,
    port,
    cwd,
    tmp,
    crash: undefined,
    gcFull,
    gcCounts,
    logLevels,
    errorLines,
    logTail: () => {
      readLog();
      return tail.join('\n');
    },
    filesCreated: () => ({
      cwd: listTree(cwd).filter((f) => !filesAtReady.cwd.includes(f)),
      tmp: listTree(tmp).filter((f) => !filesAtReady.tmp.includes(f)),
    }),
    rssMiB() {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kib = /VmRSS:\s+(\d+)\s+kB/.exec(status);
        return kib ? Number(kib[1]) / 1024 : NaN;
      } catch {
        return NaN;
      }
    },
    cpuSeconds() {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
      } catch {
        return NaN;
      }
    },
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) {
        return { code: child.exitCode, signal: child.signalCode };
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      return { code: child.exitCode, signal: child.signalCode };
    },
    cleanup() {
      clearInterval(logTimer);
      rmSync(cwd, { recursive: true, force: true });
      rmSync(tmp, { recursive: true, force: true });
      rmSync(logDir, { recursive: true, force: true });
    },
    flushLog: readLog,
    logSink,
  };
  const exited = new Promise<void>((r) =>
    child.on('exit', (code, signal) => {
      readLog();
      if (!stopping) handle.crash = { code, signal, output: tail.slice(-20).join('\n') };
      r();
    }),
  );

  // Ready when /health answers.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (handle.crash)
      throw new Error(`the server exited at start-up (code ${handle.crash.code}):\n${handle.logTail()}`);
    const health = await getHealth(port, 1_000);
    if (health.ok) break;
    if (Date.now() > deadline) {
      await handle.stop();
      handle.cleanup();
      throw new Error(`the server did not answer /health within 30 s:\n${handle.logTail()}`);
    }
    await sleep(50);
  }
  filesAtReady = { cwd: listTree(cwd), tmp: listTree(tmp) };
  return handle;
}

let staleWarned = false;
function warnIfStale() {
  if (staleWarned) return;
  staleWarned = true;
  const newest = (dir: string, ext: string) =>
    Math.max(
      0,
      ...readdirSync(dir)
        .filter((n) => n.endsWith(ext))
        .map((n) => statSync(join(dir, n)).mtimeMs),
    );
  for (const pkg of ['server', 'parser']) {
    const src = join(REPO_ROOT, 'packages', pkg, 'src');
    const dist = join(REPO_ROOT, 'packages', pkg, 'dist');
    if (existsSync(dist) && newest(src, '.ts') > newest(dist, '.js')) {
      process.stderr.write(`[load] warning: packages/${pkg}/src is newer than its dist: run the build first\n`);
    }
  }
}

export function getHealth(
  port: number,
  timeoutMs: number,
): Promise<{ ok: boolean; ms: number; status?: number; error?: string }> {
  const started = performance.now();
  return new Promise((resolveHealth) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - started;
        const ok = res.statusCode === 200 && Buffer.concat(chunks).toString() === '{"status":"ok"}';
        resolveHealth({ ok, ms, status: res.statusCode });
      });
      res.on('error', (e) => resolveHealth({ ok: false, ms: performance.now() - started, error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolveHealth({ ok: false, ms: performance.now() - started, error: e.message }));
  });
}

export interface HealthSample {
  at: number;
  ok: boolean;
  ms: number;
  status?: number;
  error?: string;
}

/** Worker thread (CommonJS, eval): GET /health every intervalMs on a new connection until told to stop. */
export const HEALTH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { port, intervalMs, timeoutMs } = workerData;
let stopped = false;
parentPort.on('message', (m) => { if (m === 'stop') stopped = true; });
const check = () => new Promise((resolve) => {
  const at = performance.timeOrigin + performance.now();
  const started = performance.now();
  const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: timeoutMs }, (res) => {
    let body = '';
    res.on('data', (c) => (body += c));
    res.on('end', () => resolve({ at, ok: res.statusCode === 200 && body === '{"status":"ok"}', ms: performance.now() - started, status: res.statusCode }));
    res.on('error', (e) => resolve({ at, ok: false, ms: performance.now() - started, error: e.message }));
  });
  req.on('timeout', () => req.destroy(new Error('no answer within ' + timeoutMs + ' ms')));
  req.on('error', (e) => resolve({ at, ok: false, ms: performance.now() - started, error: e.message }));
});
(async () => {
  let next = performance.now();
  while (!stopped) {
    next += intervalMs;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    if (stopped) break;
    parentPort.postMessage(await check());
  }
  parentPort.postMessage('done');
})();
`;

// ---------------------------------------------------------------------------------------------------
