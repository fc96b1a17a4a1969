/**
 * Fault and load runner for the /doc-parser service (issue 6, server half).
 *
 *   npx tsx packages/server/scripts/load.ts                 # 60 s, 64 connections, writes bench/results/server-fault.md
 *   npx tsx packages/server/scripts/load.ts --quick         # 5 s, 8 connections (CI), prints the report only
 *   options: --duration S  --connections N  --report PATH  --no-report  --entry dist|src  --seed N
 *            --probe-timeout MS (request timeout of the probe server)  --no-fuzz-fixtures
 *            --log-pipe (server stdout through a pipe to this process instead of a file)
 *            --server-node-arg ARG (repeatable; e.g. --heapsnapshot-signal=SIGUSR2 to look into the heap)
 *
 * Everything happens on 127.0.0.1. The service runs as a child process (`node packages/server/dist/start.js`,
 * or `src/start.ts` through tsx with `--entry src`) in a fresh temporary working directory with a fresh
 * TMPDIR, so its RSS can be read from /proc, a crash is seen as an exit, and any file it writes shows up.
 *
 * 1. Load (child A: MAX_FILE_BYTES=5 MiB): for the duration, `connections` connections at once:
 *    - 3/4 of them through autocannon, keep-alive: real documents (fixtures/*.doc and a sample of the shared
 *      corpus), invalid types (.txt names, wrong or missing part types, a .docx, a PDF, empty files),
 *      corrupt documents (truncated, bit-flipped, zeroed sectors; fixtures/fuzz/*.doc when present).
 *      Every distinct request is sent once before the load; under load each answer must have the same
 *      status as that baseline.
 *    - 1/4 of them through raw sockets, one request per connection: wrong request Content-Type, 6 MiB
 *      bodies (declared and chunked), malformed multipart (bad/missing/overlong boundary, no final
 *      boundary, garbage part headers, too many parts/files/fields), malformed HTTP (garbage request
 *      line, 20 KiB header, bad chunk framing), and aborted uploads (headers and part of the body, then
 *      the socket is destroyed).
 *    Before the load, fixtures/fuzz/*.doc one at a time (a file that kills the server is recorded, left out
 *    of the mix, and the server restarted). Meanwhile: GET /health every second on a fresh connection
 *    (from a worker thread), VmRSS of the child every second, its full GCs (`node --trace-gc`; the
 *    server's stdout goes to a file of this process's, outside the child's cwd and TMPDIR).
 * 2. Probes (child B: MAX_FILE_BYTES=5 MiB, REQUEST_TIMEOUT_MS=--probe-timeout): a client sending one
 *    byte a second (body, then headers) and an idle connection must be cut after the request timeout;
 *    a 60 MB upload must get 413 before it is all sent, without RSS growing by anything like 60 MB
 *    (declared length and chunked); part/field/file/header limits answer 4xx in the service's shape.
 *
 * Goals (the exit code is 1 when one is missed): no 5xx, no crash, /health always answering, no file
 * created in the child's cwd or TMPDIR, every answer in the service's shape and equal to its baseline,
 * every probe as expected. RSS is reported (start, after warm-up, middle, end) and loosely checked in runs
 * of 30 s or more; the heap left after each full GC, by thirds of the load, is the leak signal.
 */
import { prng } from '../../../bench/lib/prng.js';
import { tinyZip } from '../test/helpers.js';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const MiB = 1024 * 1024;
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER_DIR = join(REPO_ROOT, 'packages/server');
const FIXTURES = join(REPO_ROOT, 'fixtures');
const CORPUS_DOCS = resolve(REPO_ROOT, '../shared/corpus/docs');
export const DEFAULT_REPORT = join(REPO_ROOT, 'bench/results/server-fault.md');

// ---------------------------------------------------------------------------------------------------
// options

export interface LoadOptions {
  /** Seconds of load. */
  durationSec: number;
  /** Concurrent connections (autocannon + raw sockets). */
  connections: number;
  /** `dist`: node packages/server/dist/start.js (build first). `src`: src/start.ts through tsx. */
  entry: 'dist' | 'src';
  /** MAX_FILE_BYTES of both children. */
  maxFileBytes: number;
  /** Body size of the oversize requests (over maxFileBytes + 1 MiB of multipart allowance). */
  oversizeBytes: number;
  /** REQUEST_TIMEOUT_MS of the load child. */
  loadRequestTimeoutMs: number;
  /** REQUEST_TIMEOUT_MS of the probe child (slow clients must be cut after this). */
  probeRequestTimeoutMs: number;
  /** Size of the upload of the early-413 probes. */
  hugeUploadBytes: number;
  /** Seed of the pseudo-random choices (corrupt variants, scenario mix). */
  seed: number;
  /** Corpus documents mixed in with the fixtures. */
  corpusSample: number;
  /** Add fixtures/fuzz/*.doc (hostile-input regression files) to the corrupt documents. */
  fuzzFixtures: boolean;
  /** Where the load server's stdout (pino log, --trace-gc) goes: a file (default) or a pipe to this process. */
  logSink?: 'file' | 'pipe';
  /** Extra node arguments for the load server (diagnostics, e.g. --heapsnapshot-signal=SIGUSR2). */
  serverNodeArgs?: string[];
  /** Progress lines on stderr. */
  log: (line: string) => void;
}

export const FULL: Omit<LoadOptions, 'log'> = {
  durationSec: 60,
  connections: 64,
  entry: 'dist',
  maxFileBytes: 5 * MiB,
  oversizeBytes: 6 * MiB,
  loadRequestTimeoutMs: 30_000,
  probeRequestTimeoutMs: 2_000,
  hugeUploadBytes: 60 * MiB,
  seed: 6,
  corpusSample: 12,
  fuzzFixtures: true,
};

export const QUICK: Omit<LoadOptions, 'log'> = { ...FULL, durationSec: 5, connections: 8 };

// ---------------------------------------------------------------------------------------------------
// small utilities


const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function latencySummary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

function bump(map: Record<string, number>, key: string | number, by = 1) {
  map[key] = (map[key] ?? 0) + by;
}

/** Every file and folder under `root`, relative, sorted. */
export function listTree(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      out.push(relative(root, path));
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

function docsIn(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive, encoding: 'utf8' })
    .filter((name) => /\.doc$/i.test(name))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// the server child process

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
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...args], {
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

function getHealth(
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

interface HealthSample {
  at: number;
  ok: boolean;
  ms: number;
  status?: number;
  error?: string;
}

/** Worker thread (CommonJS, eval): GET /health every intervalMs on a new connection until told to stop. */
const HEALTH_WORKER = `
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
// request bodies

const BOUNDARY = '----doc2textLoadBoundary4f9a';

interface PartSpec {
  name: string;
  filename?: string;
  type?: string;
  data: Buffer | string;
  extraHeaders?: string;
}

function multipart(parts: PartSpec[], boundary = BOUNDARY, close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`;
    if (part.extraHeaders) head += part.extraHeaders;
    head += '\r\n';
    chunks.push(Buffer.from(head), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** One `file` part; `type: null` leaves out the part's Content-Type. */
function fileBody(data: Buffer, filename = 'document.doc', type: string | null = 'application/msword'): Buffer {
  return multipart([{ name: 'file', filename, type: type ?? undefined, data }]);
}


interface Corpus {
  docs: Array<{ label: string; bytes: Buffer }>;
  fuzz: Array<{ label: string; bytes: Buffer }>;
  corpusFiles: number;
}

export function loadCorpus(options: LoadOptions): Corpus {
  const docs = docsIn(FIXTURES, false).map((path) => ({
    label: `fixtures/${relative(FIXTURES, path)}`,
    bytes: readFileSync(path),
  }));
  const corpus = docsIn(CORPUS_DOCS, true).filter((path) => statSync(path).size <= 256 * 1024);
  const step = corpus.length / Math.max(1, options.corpusSample);
  const sampled: string[] = [];
  for (let i = 0; i < options.corpusSample && i * step < corpus.length; i++)
    sampled.push(corpus[Math.floor(i * step)]!);
  for (const path of sampled) docs.push({ label: `corpus/${relative(CORPUS_DOCS, path)}`, bytes: readFileSync(path) });
  const fuzz = options.fuzzFixtures
    ? docsIn(join(FIXTURES, 'fuzz'), false).map((path) => ({
        label: `fixtures/fuzz/${relative(join(FIXTURES, 'fuzz'), path)}`,
        bytes: readFileSync(path),
      }))
    : [];
  if (docs.length === 0) throw new Error(`no .doc found in ${FIXTURES} or ${CORPUS_DOCS}`);
  return { docs, fuzz, corpusFiles: sampled.length };
}

/** Damaged copies of real documents: truncated, bit-flipped, a sector zeroed, a header field broken. */
export function corruptVariants(docs: Corpus['docs'], random: () => number): Array<{ label: string; bytes: Buffer }> {
  const out: Array<{ label: string; bytes: Buffer }> = [];
  const pick = () => docs[Math.floor(random() * docs.length)]!;
  for (let i = 0; i < 12; i++) {
    const doc = pick();
    const cut = [512, 1536, Math.floor(doc.bytes.length * random())][i % 3]!;
    out.push({ label: `truncated ${doc.label} @${cut}`, bytes: doc.bytes.subarray(0, Math.max(1, cut)) });
  }
  for (let i = 0; i < 18; i++) {
    const doc = pick();
    const bytes = Buffer.from(doc.bytes);
    const flips = [1, 8, 64][i % 3]!;
    for (let f = 0; f < flips; f++) {
      const at = Math.floor(random() * bytes.length);
      bytes[at]! ^= 1 << Math.floor(random() * 8);
    }
    out.push({ label: `${flips} bit(s) flipped in ${doc.label}`, bytes });
  }
  for (let i = 0; i < 6; i++) {
    const doc = pick();
    const bytes = Buffer.from(doc.bytes);
    const sectors = Math.max(1, Math.floor(bytes.length / 512));
    const sector = 1 + Math.floor(random() * (sectors - 1));
    // A document shorter than two sectors (text-as-doc.doc) has its tail overwritten instead.
    bytes.fill(i % 2 ? 0xff : 0x00, Math.min(sector * 512, bytes.length), Math.min(sector * 512 + 512, bytes.length));
    out.push({ label: `sector ${sector} ${i % 2 ? 'set to FF' : 'zeroed'} in ${doc.label}`, bytes });
  }
  for (let i = 0; i < 6; i++) {
    const doc = pick();
    const bytes = Buffer.from(doc.bytes);
    // CFB header fields: sector shift (0x1E), directory start (0x30), FAT sector count (0x2C), first DIFAT (0x44)
    const at = [0x1e, 0x30, 0x2c, 0x44, 0x3c, 0x40][i]!;
    bytes.writeUInt32LE(Math.floor(random() * 0xffffffff), at);
    out.push({ label: `CFB header @0x${at.toString(16)} randomised in ${doc.label}`, bytes });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// keep-alive mix through autocannon

type Kind = 'doc' | 'invalid-type' | 'corrupt';

interface MixRequest {
  /** Distinct request (copies of a document request share it). */
  id: number;
  kind: Kind;
  label: string;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Status of the baseline request, sent once before the load. */
  expected?: number;
  onResponse?: (status: number, body: string) => void;
}

export function buildMix(corpus: Corpus, random: () => number): MixRequest[] {
  let ids = 0;
  const req = (kind: Kind, label: string, body: Buffer, query = ''): MixRequest => ({
    id: ids++,
    kind,
    label,
    method: 'POST',
    path: `/doc-parser${query}`,
    headers: { 'content-type': MULTIPART_TYPE },
    body,
  });
  const mix: MixRequest[] = [];
  const queries = ['', '?format=plain', '?format=plain&story=all', '?width=0'];
  corpus.docs.forEach((doc, i) =>
    mix.push(req('doc', doc.label, fileBody(doc.bytes, 'document.doc'), queries[i % queries.length])),
  );
  const simple = corpus.docs.find((d) => d.label.endsWith('simple.doc'))?.bytes ?? corpus.docs[0]!.bytes;
  const invalid: Array<[string, Buffer]> = [
    ['a .txt name', fileBody(simple, 'notes.txt')],
    ['no extension', fileBody(simple, 'document')],
    ['part type image/png', fileBody(simple, 'a.doc', 'image/png')],
    [
      'part type of a .docx',
      fileBody(simple, 'a.doc', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ],
    ['no part Content-Type (text/plain)', fileBody(simple, 'a.doc', null)],
    ['a .docx named .doc', fileBody(tinyZip(), 'renamed.doc')],
    ['a PDF named .doc', fileBody(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), 'paper.doc')],
    ['an ELF binary named .doc', fileBody(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), 'a.doc')],
    ['plain text named .doc', fileBody(Buffer.from('just some text\r\n'.repeat(50)), 'text.doc')],
    ['an empty file', fileBody(Buffer.alloc(0), 'empty.doc')],
    ['file sent as a text field', multipart([{ name: 'file', data: 'not a file' }])],
    [
      'file in the field "upload"',
      multipart([{ name: 'upload', filename: 'a.doc', type: 'application/msword', data: simple }]),
    ],
  ];
  // (Answers given before the body is read close the connection: those are in the raw-socket scenarios.)
  for (const [label, body] of invalid) mix.push(req('invalid-type', label, body));
  for (const variant of corruptVariants(corpus.docs, random))
    mix.push(req('corrupt', variant.label, fileBody(variant.bytes, 'damaged.doc')));
  for (const doc of corpus.fuzz) mix.push(req('corrupt', doc.label, fileBody(doc.bytes, 'hostile.doc')));
  // About half documents, half everything else: repeat the documents.
  const others = mix.filter((m) => m.kind !== 'doc').length;
  const docs = mix.filter((m) => m.kind === 'doc');
  for (let copies = 1; copies * docs.length < others; copies++) mix.push(...docs.map((d) => ({ ...d })));
  // Shuffle (Fisher-Yates, seeded).
  for (let i = mix.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [mix[i], mix[j]] = [mix[j]!, mix[i]!];
  }
  return mix;
}

/** True when `body` is exactly {title, description, code} with strings (or {text, file} for a 200). */
function rightShape(status: number, body: string): boolean {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const keys = Object.keys(json).sort().join(',');
    if (status === 200) return keys === 'file,text' && typeof json.text === 'string' && typeof json.file === 'string';
    return (
      keys === 'code,description,title' &&
      typeof json.title === 'string' &&
      typeof json.description === 'string' &&
      typeof json.code === 'string'
    );
  } catch {
    return false;
  }
}

/** One request through node:http (for the baseline pass). */
function send(
  port: number,
  request: Pick<MixRequest, 'path' | 'headers' | 'body'>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolveSend, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: request.path,
        agent: false,
        headers: { ...request.headers, 'content-length': request.body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveSend({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('baseline request timed out')));
    req.on('error', reject);
    req.end(request.body);
  });
}

interface Autocannon {
  (options: Record<string, unknown>): AutocannonInstance;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(
    event: 'response',
    listener: (
      client: { requestIterator: { currentRequest: MixRequest } },
      status: number,
      bytes: number,
      ms: number,
    ) => void,
  ): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  stop(): void;
}
interface AutocannonResult {
  errors: number;
  timeouts: number;
  resets: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number; max: number };
  requests: { average: number; total: number; sent: number };
}

/** autocannon is a devDependency of bench/: load it from there. */
function loadAutocannon(): Autocannon {
  return createRequire(join(REPO_ROOT, 'bench/package.json'))('autocannon') as Autocannon;
}

// ---------------------------------------------------------------------------------------------------
// raw-socket scenarios

interface RawResult {
  status?: number;
  headers: Record<string, string>;
  body: string;
  /** response, aborted (by us, as planned), closed (by the server, no answer), timeout, error */
  outcome: 'response' | 'aborted' | 'closed' | 'timeout' | 'error';
  /** Bytes of the request (head + body) written when the first byte of the answer came. */
  sentAtAnswer?: number;
  sent: number;
  ms: number;
  error?: string;
}

interface RawPlan {
  head: string;
  /** Body pieces, written with back-pressure; writing stops as soon as an answer starts. */
  pieces?: () => Buffer | undefined;
  /** Destroy the socket once this many bytes (head included) are written. */
  abortAfter?: number;
  abortDelayMs?: number;
  timeoutMs?: number;
  /** Called every time an answer chunk arrives or a piece is written (for the RSS probes). */
  onProgress?: () => void;
}

function parseHead(raw: Buffer): { status: number; headers: Record<string, string>; bodyStart: number } | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, bodyStart: end + 4 };
}

export function rawExchange(port: number, plan: RawPlan): Promise<RawResult> {
  const started = performance.now();
  return new Promise((resolveRaw) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let sent = 0;
    let sentAtAnswer: number | undefined;
    let done = false;
    let aborted = false;
    let timedOut = false;
    let error: string | undefined;
    let complete = false;
    const limit = plan.abortAfter ?? Infinity;

    const write = (data: Buffer): boolean => {
      if (sent + data.length >= limit) {
        const part = data.subarray(0, Math.max(0, limit - sent));
        sent += part.length;
        socket.write(part);
        aborted = true;
        setTimeout(() => socket.destroy(), plan.abortDelayMs ?? 0);
        return false;
      }
      sent += data.length;
      return socket.write(data);
    };
    const pump = () => {
      while (!done && !aborted && sentAtAnswer === undefined && !socket.destroyed && plan.pieces) {
        const piece = plan.pieces();
        if (piece === undefined) return;
        plan.onProgress?.();
        if (!write(piece)) {
          if (!aborted) socket.once('drain', pump);
          return;
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, plan.timeoutMs ?? 30_000);

    socket.on('connect', () => {
      if (write(Buffer.from(plan.head, 'latin1')) || !aborted) pump();
    });
    socket.on('data', (data: Buffer) => {
      sentAtAnswer ??= sent;
      plan.onProgress?.();
      received = Buffer.concat([received, data]);
      const head = parseHead(received);
      if (head) {
        const length = Number(head.headers['content-length'] ?? NaN);
        if (Number.isFinite(length) && received.length - head.bodyStart >= length) {
          complete = true;
          socket.end();
        }
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const head = parseHead(received);
      const body = head ? received.subarray(head.bodyStart).toString('utf8') : '';
      resolveRaw({
        status: head?.status,
        headers: head?.headers ?? {},
        body,
        outcome: complete
          ? 'response'
          : aborted
            ? 'aborted'
            : timedOut
              ? 'timeout'
              : head
                ? 'response'
                : error && error !== 'ECONNRESET'
                  ? 'error'
                  : 'closed',
        sentAtAnswer,
        sent,
        ms: performance.now() - started,
        error,
      });
    });
  });
}

function postHead(contentType: string | undefined, length: number | 'chunked', extra = ''): string {
  let head = `POST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
  if (contentType !== undefined) head += `Content-Type: ${contentType}\r\n`;
  head += length === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`;
  return `${head}${extra}\r\n`;
}

/** Pieces of a body (optionally with chunked framing). */
function piecesOf(body: Buffer, chunked: boolean, size = 64 * 1024): () => Buffer | undefined {
  let offset = 0;
  let finished = false;
  return () => {
    if (offset < body.length) {
      const piece = body.subarray(offset, offset + size);
      offset += piece.length;
      return chunked
        ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
        : piece;
    }
    if (chunked && !finished) {
      finished = true;
      return Buffer.from('0\r\n\r\n');
    }
    return undefined;
  };
}

/** A multipart upload of `total` bytes of file data, produced lazily (no 60 MB buffer in the runner). */
function hugeUpload(total: number, chunked: boolean): { length: number; pieces: () => Buffer | undefined } {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.doc"\r\nContent-Type: application/msword\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const fill = Buffer.alloc(256 * 1024, 0x41);
  let stage = 0;
  let written = 0;
  const frame = (data: Buffer) =>
    chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]) : data;
  return {
    length: head.length + total + tail.length,
    pieces: () => {
      if (stage === 0) {
        stage = 1;
        return frame(head);
      }
      if (stage === 1) {
        if (written < total) {
          const piece = fill.subarray(0, Math.min(fill.length, total - written));
          written += piece.length;
          return frame(piece);
        }
        stage = 2;
        return frame(tail);
      }
      if (stage === 2 && chunked) {
        stage = 3;
        return Buffer.from('0\r\n\r\n');
      }
      return undefined;
    },
  };
}

interface Scenario {
  group: 'wrong-content-type' | 'oversize' | 'malformed-multipart' | 'malformed-http' | 'limits' | 'aborted';
  label: string;
  weight: number;
  /** Acceptable statuses; undefined for aborted uploads (no answer expected). */
  expect?: number[];
  plan: (random: () => number) => RawPlan;
}

export function rawScenarios(doc: Buffer, options: LoadOptions): Scenario[] {
  const good = fileBody(doc, 'a.doc');
  const big = Buffer.alloc(options.oversizeBytes, 0x41);
  const bigBody = fileBody(big, 'big.doc');
  const fixed = (head: string, body: Buffer, chunked = false): RawPlan => ({ head, pieces: piecesOf(body, chunked) });
  const mp = (body: Buffer, contentType = MULTIPART_TYPE) => fixed(postHead(contentType, body.length), body);
  const fields = (n: number) => multipart(Array.from({ length: n }, (_, i) => ({ name: `f${i}`, data: 'x' })));
  return [
    // wrong request Content-Type: answered 415 before the body is read
    { group: 'wrong-content-type', label: 'text/plain', weight: 2, expect: [415], plan: () => mp(good, 'text/plain') },
    {
      group: 'wrong-content-type',
      label: 'application/json',
      weight: 1,
      expect: [415],
      plan: () => mp(Buffer.from('{"file":"x"}'), 'application/json'),
    },
    {
      group: 'wrong-content-type',
      label: 'urlencoded',
      weight: 1,
      expect: [415],
      plan: () => mp(Buffer.from('file=abc'), 'application/x-www-form-urlencoded'),
    },
    {
      group: 'wrong-content-type',
      label: 'application/msword (raw document)',
      weight: 1,
      expect: [415],
      plan: () => mp(doc, 'application/msword'),
    },
    {
      group: 'wrong-content-type',
      label: 'no Content-Type',
      weight: 1,
      expect: [415],
      plan: () => fixed(postHead(undefined, good.length), good),
    },
    // a bad query option: refused before the body is read
    {
      group: 'malformed-http',
      label: 'bad query option (format=docx)',
      weight: 1,
      expect: [400],
      plan: () => ({
        ...fixed(postHead(MULTIPART_TYPE, good.length), good),
        head: postHead(MULTIPART_TYPE, good.length).replace('/doc-parser', '/doc-parser?format=docx'),
      }),
    },
    // oversize bodies
    {
      group: 'oversize',
      label: `${options.oversizeBytes / MiB} MiB, Content-Length`,
      weight: 3,
      expect: [413],
      plan: () => fixed(postHead(MULTIPART_TYPE, bigBody.length), bigBody),
    },
    {
      group: 'oversize',
      label: `${options.oversizeBytes / MiB} MiB, chunked`,
      weight: 2,
      expect: [413],
      plan: () => fixed(postHead(MULTIPART_TYPE, 'chunked'), bigBody, true),
    },
    // malformed multipart
    {
      group: 'malformed-multipart',
      label: 'boundary differs from the header',
      weight: 2,
      expect: [400],
      plan: () =>
        mp(
          multipart([{ name: 'file', filename: 'a.doc', type: 'application/msword', data: doc }], 'xxOtherBoundaryxx'),
        ),
    },
    {
      group: 'malformed-multipart',
      label: 'no final boundary',
      weight: 2,
      expect: [400],
      plan: () =>
        mp(multipart([{ name: 'file', filename: 'a.doc', type: 'application/msword', data: doc }], BOUNDARY, false)),
    },
    {
      group: 'malformed-multipart',
      label: 'cut in the middle of the file',
      weight: 2,
      expect: [400],
      plan: () => mp(good.subarray(0, Math.floor(good.length / 2))),
    },
    {
      group: 'malformed-multipart',
      label: 'no boundary parameter',
      weight: 1,
      expect: [400],
      plan: () => mp(good, 'multipart/form-data'),
    },
    {
      group: 'malformed-multipart',
      label: 'boundary of 200 characters (RFC 2046: at most 70)',
      weight: 1,
      expect: [200, 400],
      plan: () =>
        mp(
          multipart([{ name: 'file', filename: 'a.doc', type: 'application/msword', data: doc }], 'b'.repeat(200)),
          `multipart/form-data; boundary=${'b'.repeat(200)}`,
        ),
    },
    {
      group: 'malformed-multipart',
      label: 'garbage part headers',
      weight: 2,
      expect: [400],
      plan: (random) => {
        const junk = Buffer.from(Array.from({ length: 300 }, () => Math.floor(random() * 256)));
        return mp(
          Buffer.concat([
            Buffer.from(`--${BOUNDARY}\r\n`),
            junk,
            Buffer.from('\r\n\r\n'),
            doc,
            Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
          ]),
        );
      },
    },
    {
      group: 'malformed-multipart',
      label: 'part without Content-Disposition',
      weight: 1,
      expect: [400],
      plan: () =>
        mp(
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Type: application/msword\r\n\r\n${'x'.repeat(100)}\r\n--${BOUNDARY}--\r\n`,
          ),
        ),
    },
    {
      group: 'malformed-multipart',
      label: 'unterminated quote in the file name',
      weight: 1,
      expect: [200, 400, 415],
      plan: () =>
        mp(
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.doc\r\nContent-Type: application/msword\r\n\r\n${'x'.repeat(100)}\r\n--${BOUNDARY}--\r\n`,
          ),
        ),
    },
    {
      group: 'malformed-multipart',
      label: 'only garbage, no parts',
      weight: 1,
      expect: [400],
      plan: (random) => mp(Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)))),
    },
    // malformed HTTP (answered by the connection's error handler)
    {
      group: 'malformed-http',
      label: 'garbage request line',
      weight: 1,
      expect: [400],
      plan: () => ({ head: 'GARBAGE /\x01\x02 NOT-HTTP\r\n\r\n' }),
    },
    {
      group: 'malformed-http',
      label: 'header without a colon',
      weight: 1,
      expect: [400],
      plan: () => ({ head: 'POST /doc-parser HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n' }),
    },
    {
      group: 'malformed-http',
      label: '20 KiB header',
      weight: 1,
      expect: [431],
      plan: () => ({ head: `POST /doc-parser HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n` }),
    },
    {
      group: 'malformed-http',
      label: 'Content-Length and chunked together',
      weight: 1,
      expect: [400],
      plan: () => fixed(postHead(MULTIPART_TYPE, good.length, 'Transfer-Encoding: chunked\r\n'), good),
    },
    {
      group: 'malformed-http',
      label: 'bad chunk size',
      weight: 1,
      expect: [400],
      plan: () => ({
        head: postHead(MULTIPART_TYPE, 'chunked'),
        pieces: piecesOf(
          Buffer.from(`zz\r\n${good.subarray(0, 100).toString('latin1')}\r\n0\r\n\r\n`, 'latin1'),
          false,
        ),
      }),
    },
    // limits: files, fields, parts, part header pairs, field size
    {
      group: 'limits',
      label: 'two files',
      weight: 1,
      expect: [400],
      plan: () =>
        mp(
          multipart([
            { name: 'file', filename: 'a.doc', type: 'application/msword', data: doc },
            { name: 'file', filename: 'b.doc', type: 'application/msword', data: doc },
          ]),
        ),
    },
    {
      group: 'limits',
      label: '5 files',
      weight: 1,
      expect: [400],
      plan: () =>
        mp(
          multipart(
            Array.from({ length: 5 }, (_, i) => ({
              name: 'file',
              filename: `${i}.doc`,
              type: 'application/msword',
              data: doc,
            })),
          ),
        ),
    },
    { group: 'limits', label: '50 fields', weight: 1, expect: [400], plan: () => mp(fields(50)) },
    { group: 'limits', label: '1000 parts', weight: 1, expect: [400], plan: () => mp(fields(1000)) },
    {
      group: 'limits',
      label: '500 header lines in a part',
      weight: 1,
      expect: [200, 400, 415],
      plan: () =>
        mp(
          multipart([
            {
              name: 'file',
              filename: 'a.doc',
              type: 'application/msword',
              data: doc,
              extraHeaders: Array.from({ length: 500 }, (_, i) => `X-H${i}: v\r\n`).join(''),
            },
          ]),
        ),
    },
    {
      group: 'limits',
      label: '1 MiB text field',
      weight: 1,
      expect: [400],
      plan: () =>
        mp(
          multipart([
            { name: 'note', data: 'n'.repeat(MiB) },
            { name: 'file', filename: 'a.doc', type: 'application/msword', data: doc },
          ]),
        ),
    },
    // aborted uploads: the client goes away
    {
      group: 'aborted',
      label: 'in the request headers',
      weight: 2,
      plan: (random) => ({ head: postHead(MULTIPART_TYPE, good.length), abortAfter: 10 + Math.floor(random() * 60) }),
    },
    {
      group: 'aborted',
      label: 'after the headers',
      weight: 2,
      plan: () => ({
        head: postHead(MULTIPART_TYPE, good.length),
        abortAfter: postHead(MULTIPART_TYPE, good.length).length,
        abortDelayMs: 20,
      }),
    },
    {
      group: 'aborted',
      label: 'in the middle of the file',
      weight: 4,
      plan: (random) => {
        const head = postHead(MULTIPART_TYPE, good.length);
        return {
          head,
          pieces: piecesOf(good, false, 4096),
          abortAfter: head.length + Math.floor(random() * good.length),
          abortDelayMs: Math.floor(random() * 50),
        };
      },
    },
    {
      group: 'aborted',
      label: 'in the middle of a chunked 6 MiB upload',
      weight: 2,
      plan: (random) => {
        const head = postHead(MULTIPART_TYPE, 'chunked');
        return {
          head,
          pieces: piecesOf(bigBody, true),
          abortAfter: head.length + Math.floor(random() * bigBody.length * 0.8),
        };
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// the load phase

interface GroupStats {
  sent: number;
  statuses: Record<string, number>;
  unexpected: number;
  /** Answers whose body was checked for the service's shape, and how many were not in it. */
  checked: number;
  badShape: number;
  examples: string[];
}

export interface LoadResult {
  options: Omit<LoadOptions, 'log'>;
  startedAt: string;
  durationSec: number;
  connectionsAutocannon: number;
  connectionsRaw: number;
  mixSize: Record<Kind, number>;
  corpusFiles: number;
  fuzzFiles: number;
  baseline: Record<Kind, Record<string, number>>;
  /** What each invalid-type request got in the baseline pass. */
  invalidBaseline: Array<{ label: string; status: number; code: string }>;
  statuses: Record<string, number>;
  byKind: Record<string, GroupStats>;
  byRawGroup: Record<string, GroupStats>;
  total: number;
  fiveXX: number;
  unexpected: number;
  badShape: number;
  autocannon: {
    errors: number;
    errorKinds: Record<string, number>;
    timeouts: number;
    reqPerSec: number;
    total: number;
  };
  rawOutcomes: Record<string, number>;
  validLatency: ReturnType<typeof latencySummary>;
  allLatency: ReturnType<typeof latencySummary>;
  oversizeSentAtAnswerMiB: { p50: number; max: number; count: number };
  /** Event-loop delay of the load generator (this process) during the load. */
  generatorLagMs: { p50: number; p99: number; max: number };
  health: { checks: number; failures: number; latency: ReturnType<typeof latencySummary>; failureExamples: string[] };
  rss: {
    startMiB: number;
    warmMiB: number;
    middleMiB: number;
    endMiB: number;
    afterMiB: number;
    maxMiB: number;
    samples: Array<[number, number]>;
  };
  cpuSeconds: number;
  /** V8 heap after full (mark-compact) GCs of the server (--trace-gc), by thirds of the load. */
  heapAfterFullGc: Array<{ count: number; minMB: number; medianMB: number; maxMB: number; committedMaxMB: number }>;
  crash: ServerChild['crash'];
  exit: { code: number | null; signal: string | null } | undefined;
  files: { cwd: string[]; tmp: string[] };
  /** fixtures/fuzz files sent one at a time before the load. */
  hostile: HostileOutcome[];
  logLevels: Record<string, number>;
  errorLines: string[];
}

export interface HostileOutcome {
  label: string;
  ms: number;
  status?: number;
  code?: string;
  /** Set when the server process died on this file. */
  crash?: string;
  error?: string;
}

function newGroup(): GroupStats {
  return { sent: 0, statuses: {}, unexpected: 0, checked: 0, badShape: 0, examples: [] };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const random = prng(options.seed);
  const corpus = loadCorpus(options);
  const simple = corpus.docs.find((d) => d.label.endsWith('simple.doc'))?.bytes ?? corpus.docs[0]!.bytes;
  const scenarios = rawScenarios(simple, options);
  const totalWeight = scenarios.reduce((sum, s) => sum + s.weight, 0);

  const connectionsRaw = Math.max(1, Math.round(options.connections / 4));
  const connectionsAutocannon = Math.max(1, options.connections - connectionsRaw);

  options.log(`[load] starting the server (${options.entry}, MAX_FILE_BYTES=${options.maxFileBytes})`);
  const start = () =>
    startServer(
      options.entry,
      { MAX_FILE_BYTES: String(options.maxFileBytes), REQUEST_TIMEOUT_MS: String(options.loadRequestTimeoutMs) },
      'load',
      ['--trace-gc', ...(options.serverNodeArgs ?? [])],
      options.logSink ?? 'file',
    );
  let server = await start();

  // Hostile files one at a time first: one that kills the process is recorded, left out of the load
  // (which could not go on otherwise) and the server restarted.
  const hostile: HostileOutcome[] = [];
  const files = { cwd: [] as string[], tmp: [] as string[] };
  const crashedOn = new Set<string>();
  if (corpus.fuzz.length) options.log(`[load] ${corpus.fuzz.length} hostile files, one at a time`);
  for (const doc of corpus.fuzz) {
    const started = performance.now();
    try {
      const res = await send(server.port, {
        path: '/doc-parser',
        headers: { 'content-type': MULTIPART_TYPE },
        body: fileBody(doc.bytes, 'hostile.doc'),
      });
      let code = '';
      try {
        code = (JSON.parse(res.body) as { code?: string }).code ?? '';
      } catch {
        // not JSON: reported as is
      }
      hostile.push({ label: doc.label, status: res.status, code, ms: performance.now() - started });
    } catch (error) {
      const ms = performance.now() - started;
      await sleep(300);
      const crash = server.crash as ServerChild['crash'];
      if (!crash) {
        hostile.push({ label: doc.label, ms, error: (error as Error).message });
        continue;
      }
      const lines = crash.output.split('\n').filter((l) => !l.startsWith('{'));
      const fatal =
        lines.find((l) => /Fatal JavaScript|out of memory|RangeError|Maximum call stack/.test(l)) ??
        lines.find((l) => /Fatal|FATAL|Error/.test(l)) ??
        '';
      hostile.push({
        label: doc.label,
        ms,
        crash: `exit ${crash.code ?? ''}${crash.signal ?? ''}: ${fatal.replace('[stderr] ', '').trim()}`,
      });
      crashedOn.add(doc.label);
      const created = server.filesCreated();
      files.cwd.push(...created.cwd);
      files.tmp.push(...created.tmp);
      server.cleanup();
      server = await start();
    }
  }
  corpus.fuzz = corpus.fuzz.filter((doc) => !crashedOn.has(doc.label));
  const mix = buildMix(corpus, random);
  const byKind: Record<string, GroupStats> = {};
  const byRawGroup: Record<string, GroupStats> = {};
  const statuses: Record<string, number> = {};
  const rawOutcomes: Record<string, number> = {};
  const validMs: number[] = [];
  const allMs: number[] = [];
  const oversizeSent: number[] = [];
  const healthMs: number[] = [];
  const healthFailures: string[] = [];
  let healthChecks = 0;
  const rssSamples: Array<[number, number]> = [];
  const autocannonErrors: Record<string, number> = {};
  let result: LoadResult | undefined;
  try {
    // Baseline: every distinct request once, one at a time. Also warms the server up.
    options.log(`[load] baseline: ${mix.length} requests`);
    const baseline: Record<Kind, Record<string, number>> = { doc: {}, 'invalid-type': {}, corrupt: {} };
    const invalidBaseline: LoadResult['invalidBaseline'] = [];
    const seen = new Map<number, number>();
    for (const request of mix) {
      const key = request.id;
      if (!seen.has(key)) {
        let status: number;
        try {
          const res = await send(server.port, request);
          status = res.status;
          if (request.kind === 'invalid-type') {
            let code = '';
            try {
              code = (JSON.parse(res.body) as { code?: string }).code ?? '';
            } catch {
              // reported without a code
            }
            invalidBaseline.push({ label: request.label, status, code });
          }
        } catch (error) {
          await sleep(200);
          const crash = server.crash as ServerChild['crash'];
          throw new Error(
            crash
              ? `the server crashed (code ${crash.code}, signal ${crash.signal}) on ${request.kind} "${request.label}" during the baseline pass:\n${crash.output}`
              : `baseline request ${request.kind} "${request.label}" failed: ${(error as Error).message}`,
          );
        }
        seen.set(key, status);
        bump(baseline[request.kind], status);
      }
      request.expected = seen.get(key);
    }
    const rssStart = server.rssMiB();
    const cpuStart = server.cpuSeconds();

    // Response accounting for the keep-alive mix.
    for (const request of mix) {
      request.onResponse = (status: number, body: string) => {
        const group = (byKind[request.kind] ??= newGroup());
        group.checked += 1;
        if (!rightShape(status, body)) {
          group.badShape += 1;
          if (group.examples.length < 5)
            group.examples.push(`bad shape: ${request.label} → ${status} ${body.slice(0, 200)}`);
        }
      };
    }

    const t0 = performance.now();
    const deadline = t0 + options.durationSec * 1000;
    let loadDone = false;

    // RSS every second; /health every second from a worker thread, so that its timing does not
    // include the load generator's own event-loop lag (measured below).
    const samplers = (async () => {
      let next = t0;
      while (!loadDone) {
        next += 1000;
        await sleep(Math.max(0, next - performance.now()));
        rssSamples.push([Math.round((performance.now() - t0) / 1000), server.rssMiB()]);
      }
    })();
    const healthWorker = new Worker(HEALTH_WORKER, {
      eval: true,
      workerData: { port: server.port, intervalMs: 1000, timeoutMs: 5000 },
    });
    const healthDone = new Promise<void>((resolveDone) => {
      healthWorker.on('message', (message: HealthSample | 'done') => {
        if (message === 'done') return resolveDone();
        healthChecks += 1;
        if (message.ok) healthMs.push(message.ms);
        else
          healthFailures.push(
            `t=${((message.at - performance.timeOrigin - t0) / 1000).toFixed(1)} s: ${message.status ?? message.error}`,
          );
      });
      healthWorker.on('error', (error) => {
        healthFailures.push(`health worker: ${error.message}`);
        resolveDone();
      });
    });
    const generatorLag = monitorEventLoopDelay({ resolution: 10 });
    generatorLag.enable();

    // Keep-alive mix through autocannon.
    const autocannon = loadAutocannon();
    let rotation = 0;
    const instance = autocannon({
      url: `http://127.0.0.1:${server.port}`,
      connections: connectionsAutocannon,
      duration: options.durationSec,
      timeout: 30,
      requests: mix,
      // Start each connection at a different place in the mix.
      setupClient: (client: { setRequests(r: MixRequest[]): void }) => {
        const offset = Math.floor((rotation++ * mix.length) / connectionsAutocannon);
        client.setRequests([...mix.slice(offset), ...mix.slice(0, offset)]);
      },
    });
    instance.on('reqError', (error) => {
      const message = (error as NodeJS.ErrnoException).code ?? error.message;
      bump(autocannonErrors, message);
    });
    instance.on('response', (client, status, _bytes, ms) => {
      const request = client.requestIterator.currentRequest;
      const group = (byKind[request.kind] ??= newGroup());
      group.sent += 1;
      bump(group.statuses, status);
      bump(statuses, status);
      allMs.push(ms);
      if (request.kind === 'doc' && status === 200) validMs.push(ms);
      if (request.expected !== undefined && status !== request.expected) {
        group.unexpected += 1;
        if (group.examples.length < 5) group.examples.push(`${request.label}: ${status}, baseline ${request.expected}`);
      }
    });

    // Raw-socket loops.
    const rawLoop = async (worker: number) => {
      const rnd = prng(options.seed * 1000 + worker);
      while (performance.now() < deadline && !server.crash) {
        let pick = rnd() * totalWeight;
        const scenario = scenarios.find((s) => (pick -= s.weight) < 0) ?? scenarios[0]!;
        const res = await rawExchange(server.port, { ...scenario.plan(rnd), timeoutMs: 30_000 });
        const group = (byRawGroup[scenario.group] ??= newGroup());
        group.sent += 1;
        bump(rawOutcomes, res.outcome);
        if (scenario.expect === undefined) {
          bump(group.statuses, res.status ?? 'no answer (aborted)');
          if (res.status !== undefined) bump(statuses, res.status);
          if (res.status !== undefined && res.status >= 500) group.unexpected += 1;
          continue;
        }
        bump(group.statuses, res.status ?? res.outcome);
        if (res.status !== undefined) {
          bump(statuses, res.status);
          allMs.push(res.ms);
        }
        if (scenario.group === 'oversize' && res.sentAtAnswer !== undefined) oversizeSent.push(res.sentAtAnswer / MiB);
        if (res.status === undefined || !scenario.expect.includes(res.status)) {
          group.unexpected += 1;
          if (group.examples.length < 5)
            group.examples.push(`${scenario.label}: ${res.status ?? `${res.outcome} ${res.error ?? ''}`}`);
        } else if ((group.checked += 1) && !rightShape(res.status, res.body)) {
          group.badShape += 1;
          if (group.examples.length < 5)
            group.examples.push(`bad shape: ${scenario.label} → ${res.status} ${res.body.slice(0, 200)}`);
        }
      }
    };

    options.log(
      `[load] ${options.durationSec} s: ${connectionsAutocannon} autocannon + ${connectionsRaw} raw connections (server pid ${server.pid})`,
    );
    const crashWatch = setInterval(() => {
      if (server.crash) instance.stop();
    }, 200);
    const [acResult] = await Promise.all([
      instance as PromiseLike<AutocannonResult>,
      ...Array.from({ length: connectionsRaw }, (_, i) => rawLoop(i)),
    ]);
    clearInterval(crashWatch);
    const elapsed = (performance.now() - t0) / 1000;
    loadDone = true;
    generatorLag.disable();
    healthWorker.postMessage('stop');
    await Promise.all([samplers, healthDone]);
    await healthWorker.terminate();
    const rssEnd = rssSamples.length ? rssSamples[rssSamples.length - 1]![1] : NaN;
    await sleep(2_000);
    const rssAfter = server.rssMiB();
    const cpuSeconds = server.cpuSeconds() - cpuStart;
    const finalHealth = await getHealth(server.port, 5_000);
    if (!finalHealth.ok && !server.crash)
      healthFailures.push(`after the load: ${finalHealth.status ?? finalHealth.error}`);

    const filesAfter = server.filesCreated();
    const crash = server.crash;
    const exit = crash ? undefined : await server.stop();
    const filesFinal = server.filesCreated();
    files.cwd.push(...filesAfter.cwd, ...filesFinal.cwd);
    files.tmp.push(...filesAfter.tmp, ...filesFinal.tmp);

    const at = (fraction: number) => {
      const t = Math.round(options.durationSec * fraction);
      return rssSamples.find(([s]) => s >= t)?.[1] ?? NaN;
    };
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    // V8 heap after each full GC, by thirds of the load: the leak signal (RSS also moves with heap sizing).
    const thirds = [0, 1, 2].map((i) => {
      const from = t0 + (i * elapsed * 1000) / 3;
      const to = t0 + ((i + 1) * elapsed * 1000) / 3;
      const after = server.gcFull.filter(([t]) => t >= from && t < to).map(([, mb]) => mb);
      const committed = server.gcFull.filter(([t]) => t >= from && t < to).map(([, , c]) => c);
      const sorted = [...after].sort((a, b) => a - b);
      return {
        count: after.length,
        minMB: sorted.length ? sorted[0]! : NaN,
        medianMB: percentile(sorted, 50),
        maxMB: sorted.length ? sorted[sorted.length - 1]! : NaN,
        committedMaxMB: committed.length ? Math.max(...committed) : NaN,
      };
    });
    const groups = [...Object.values(byKind), ...Object.values(byRawGroup)];
    result = {
      options: stripLog(options),
      startedAt: new Date().toISOString(),
      durationSec: elapsed,
      connectionsAutocannon,
      connectionsRaw,
      mixSize: {
        doc: mix.filter((m) => m.kind === 'doc').length,
        'invalid-type': mix.filter((m) => m.kind === 'invalid-type').length,
        corrupt: mix.filter((m) => m.kind === 'corrupt').length,
      },
      corpusFiles: corpus.corpusFiles,
      fuzzFiles: corpus.fuzz.length,
      baseline,
      invalidBaseline,
      statuses,
      byKind,
      byRawGroup,
      total,
      fiveXX: Object.entries(statuses)
        .filter(([s]) => Number(s) >= 500)
        .reduce((a, [, n]) => a + n, 0),
      unexpected: groups.reduce((a, g) => a + g.unexpected, 0),
      badShape: groups.reduce((a, g) => a + g.badShape, 0),
      autocannon: {
        errorKinds: autocannonErrors,
        errors: acResult.errors,
        timeouts: acResult.timeouts,
        reqPerSec: acResult.requests.average,
        total: acResult.requests.total,
      },
      rawOutcomes,
      validLatency: latencySummary(validMs),
      allLatency: latencySummary(allMs),
      oversizeSentAtAnswerMiB: {
        count: oversizeSent.length,
        p50: latencySummary(oversizeSent).p50,
        max: latencySummary(oversizeSent).max,
      },
      generatorLagMs: {
        p50: generatorLag.percentile(50) / 1e6,
        p99: generatorLag.percentile(99) / 1e6,
        max: generatorLag.max / 1e6,
      },
      health: {
        checks: healthChecks + 1,
        failures: healthFailures.length,
        latency: latencySummary(healthMs),
        failureExamples: healthFailures.slice(0, 10),
      },
      rss: {
        startMiB: rssStart,
        warmMiB: at(options.durationSec >= 20 ? 0.1 : 0.2),
        middleMiB: at(0.5),
        endMiB: rssEnd,
        afterMiB: rssAfter,
        maxMiB: Math.max(...rssSamples.map(([, v]) => v)),
        samples: rssSamples,
      },
      cpuSeconds,
      heapAfterFullGc: thirds,
      crash,
      exit,
      files: { cwd: [...new Set(files.cwd)].sort(), tmp: [...new Set(files.tmp)].sort() },
      hostile,
      logLevels: { ...server.logLevels },
      errorLines: [...server.errorLines],
    };
  } finally {
    if (!result) await server.stop();
    server.cleanup();
  }
  return result;
}

function stripLog(options: LoadOptions): Omit<LoadOptions, 'log'> {
  const { log: _log, ...rest } = options;
  return rest;
}

// ---------------------------------------------------------------------------------------------------
// probes: timeouts, early 413, limits

export interface ProbeResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ProbesResult {
  probes: ProbeResult[];
  crash: ServerChild['crash'];
  files: { cwd: string[]; tmp: string[] };
  healthyAfter: boolean;
  errorLines: string[];
  requestTimeoutMs: number;
}

/** A client that sends `head`, then one byte of `bytes` every `intervalMs`, until the server closes. */
function trickle(
  port: number,
  head: string,
  bytes: string,
  intervalMs = 1000,
): Promise<RawResult & { closedAfterMs: number }> {
  const started = performance.now();
  return new Promise((resolveTrickle) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let i = 0;
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => socket.destroy(), 60_000);
    socket.on('connect', () => {
      if (head) {
        socket.write(head);
        sent += head.length;
      }
      if (bytes) {
        timer = setInterval(() => {
          if (!socket.destroyed && socket.writable) {
            socket.write(bytes[i++ % bytes.length]!);
            sent += 1;
          }
        }, intervalMs);
      }
    });
    socket.on('data', (d: Buffer) => (received = Buffer.concat([received, d])));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(guard);
      const head = parseHead(received);
      resolveTrickle({
        status: head?.status,
        headers: head?.headers ?? {},
        body: head ? received.subarray(head.bodyStart).toString('utf8') : '',
        outcome: head ? 'response' : 'closed',
        sent,
        ms: performance.now() - started,
        closedAfterMs: performance.now() - started,
      });
    });
  });
}

export async function runProbes(options: LoadOptions): Promise<ProbesResult> {
  const timeoutMs = options.probeRequestTimeoutMs;
  options.log(`[probes] starting the server (REQUEST_TIMEOUT_MS=${timeoutMs}, MAX_FILE_BYTES=${options.maxFileBytes})`);
  const server = await startServer(
    options.entry,
    { MAX_FILE_BYTES: String(options.maxFileBytes), REQUEST_TIMEOUT_MS: String(timeoutMs) },
    'probe',
  );
  const probes: ProbeResult[] = [];
  const add = (name: string, ok: boolean, detail: string) => probes.push({ name, ok, detail });
  const shapeOf = (res: { status?: number; body: string }) => {
    try {
      return (JSON.parse(res.body) as { code?: string }).code ?? '?';
    } catch {
      return `non-JSON ${JSON.stringify(res.body.slice(0, 60))}`;
    }
  };
  try {
    const slack = 1_500;
    const head = postHead(MULTIPART_TYPE, 1000);

    // Slow clients, all at once (they take about the request timeout).
    const [slowBody, slowHeaders, idle] = await Promise.all([
      trickle(server.port, head, `--${BOUNDARY}\r\n`),
      trickle(server.port, 'P', `OST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'s'.repeat(100)}\r\n`),
      trickle(server.port, '', ''),
    ]);
    const within = (ms: number) => ms >= timeoutMs - 50 && ms <= timeoutMs + slack;
    add(
      'slow body (1 byte/s after the headers)',
      within(slowBody.closedAfterMs) &&
        slowBody.status === 408 &&
        shapeOf(slowBody) === 'REQUEST_TIMEOUT' &&
        rightShape(408, slowBody.body),
      `cut after ${(slowBody.closedAfterMs / 1000).toFixed(2)} s with ${slowBody.status ?? 'no answer'} ${shapeOf(slowBody)} (timeout ${timeoutMs / 1000} s; ${slowBody.sent - head.length} body bytes sent)`,
    );
    add(
      'slow headers (1 byte/s)',
      within(slowHeaders.closedAfterMs) && slowHeaders.status === 408 && rightShape(408, slowHeaders.body),
      `cut after ${(slowHeaders.closedAfterMs / 1000).toFixed(2)} s with ${slowHeaders.status ?? 'no answer'} ${shapeOf(slowHeaders)}`,
    );
    add(
      'idle connection (nothing sent)',
      within(idle.closedAfterMs),
      `closed after ${(idle.closedAfterMs / 1000).toFixed(2)} s${idle.status ? ` with ${idle.status}` : ' without an answer'}`,
    );

    // Early 413: a huge upload, declared and chunked. RSS sampled while it runs.
    for (const chunked of [false, true]) {
      await sleep(300);
      const rssBefore = server.rssMiB();
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, server.rssMiB())), 20);
      const upload = hugeUpload(options.hugeUploadBytes, chunked);
      const res = await rawExchange(server.port, {
        head: postHead(MULTIPART_TYPE, chunked ? 'chunked' : upload.length),
        pieces: upload.pieces,
        timeoutMs: 60_000,
      });
      await sleep(200);
      clearInterval(sampler);
      rssPeak = Math.max(rssPeak, server.rssMiB());
      const sentMiB = (res.sentAtAnswer ?? res.sent) / MiB;
      const growth = rssPeak - rssBefore;
      const hugeMiB = options.hugeUploadBytes / MiB;
      // Declared: refused on Content-Length, nothing buffered. Chunked: the file is read up to the limit.
      const growthLimit = chunked ? (options.maxFileBytes / MiB) * 4 + 16 : 16;
      add(
        `${hugeMiB} MB upload, ${chunked ? 'chunked' : 'Content-Length'}: 413 before it is all sent`,
        res.status === 413 && shapeOf(res) === 'FILE_TOO_LARGE' && sentMiB < hugeMiB * 0.9 && growth < growthLimit,
        `${res.status ?? res.outcome} ${shapeOf(res)} after ${sentMiB.toFixed(1)} of ${hugeMiB} MiB sent; ` +
          `RSS ${rssBefore.toFixed(0)} → peak ${rssPeak.toFixed(0)} MiB (+${growth.toFixed(1)}, allowed +${growthLimit}); connection: ${res.headers.connection ?? '-'}`,
      );
    }

    // Limits and malformed requests: one each, with the expected answer.
    const simple = readFileSync(
      docsIn(FIXTURES, false).find((p) => p.endsWith('simple.doc')) ?? docsIn(FIXTURES, false)[0]!,
    );
    const once = async (name: string, expect: number, code: string | undefined, plan: RawPlan) => {
      const res = await rawExchange(server.port, { ...plan, timeoutMs: 30_000 });
      const got = shapeOf(res);
      add(
        name,
        res.status === expect && (code === undefined || got === code) && rightShape(expect, res.body),
        `${res.status ?? res.outcome} ${got}`,
      );
      return res;
    };
    const body = (b: Buffer) => ({ head: postHead(MULTIPART_TYPE, b.length), pieces: piecesOf(b, false) });
    const doc = (name: string, filename = 'a.doc'): PartSpec => ({
      name,
      filename,
      type: 'application/msword',
      data: simple,
    });
    await once('two files in "file"', 400, 'TOO_MANY_FILES', body(multipart([doc('file'), doc('file', 'b.doc')])));
    await once(
      'three files (busboy files limit)',
      400,
      'TOO_MANY_FILES',
      body(multipart([doc('file'), doc('file', 'b.doc'), doc('file', 'c.doc')])),
    );
    await once(
      '11 text fields (fields limit 10)',
      400,
      'UNEXPECTED_FIELD',
      body(multipart(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: 'x' })))),
    );
    await once(
      '25 parts (parts limit 20)',
      400,
      'UNEXPECTED_FIELD',
      body(multipart(Array.from({ length: 25 }, (_, i) => ({ name: `f${i}`, data: 'x' })))),
    );
    await once(
      'a 100 KiB text field (fieldSize 64 KiB) and the file',
      400,
      'UNEXPECTED_FIELD',
      body(multipart([{ name: 'note', data: 'n'.repeat(100 * 1024) }, doc('file')])),
    );
    const pairs = await rawExchange(server.port, {
      ...body(
        multipart([{ ...doc('file'), extraHeaders: Array.from({ length: 150 }, (_, i) => `X-H${i}: v\r\n`).join('') }]),
      ),
      timeoutMs: 30_000,
    });
    add(
      '150 header lines in the file part (headerPairs 100)',
      pairs.status !== undefined && pairs.status < 500 && rightShape(pairs.status, pairs.body),
      `${pairs.status} ${pairs.status === 200 ? 'parsed (the extra part headers are dropped by busboy)' : shapeOf(pairs)}`,
    );
    await once('20 KiB request header (Node maxHeaderSize 16 KiB)', 431, 'HEADERS_TOO_LARGE', {
      head: `POST /doc-parser HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`,
    });
    await once('garbage request line', 400, 'MALFORMED_REQUEST', { head: 'GARBAGE\r\n\r\n' });
    // Chunked bodies the service does not keep must still stop at the body limit.
    const endless = (first: string): RawPlan => {
      const fill = Buffer.alloc(256 * 1024, 0x42);
      let sent = 0;
      let started = false;
      const frame = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
      return {
        head: postHead(MULTIPART_TYPE, 'chunked'),
        pieces: () => {
          if (!started) {
            started = true;
            return frame(Buffer.from(first));
          }
          sent += fill.length;
          return sent <= 4 * options.hugeUploadBytes ? frame(fill) : undefined;
        },
      };
    };
    const limitMiB = options.maxFileBytes / MiB + 1;
    for (const [name, first] of [
      [
        'chunked: a second file part that never ends',
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.doc"\r\nContent-Type: application/msword\r\n\r\nabc\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="b.doc"\r\nContent-Type: application/msword\r\n\r\n`,
      ],
      ['chunked: a text field that never ends', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\n`],
      ['chunked: a preamble that never ends', 'preamble '],
    ] as const) {
      const res = await rawExchange(server.port, { ...endless(first), timeoutMs: 30_000 });
      const sentMiB = (res.sentAtAnswer ?? res.sent) / MiB;
      add(
        name,
        res.status === 413 && shapeOf(res) === 'FILE_TOO_LARGE' && sentMiB < limitMiB + 32,
        `${res.status ?? res.outcome} ${shapeOf(res)} after ${sentMiB.toFixed(1)} MiB sent (body limit ${limitMiB} MiB)`,
      );
    }

    const healthyAfter = (await getHealth(server.port, 5_000)).ok;
    const crash = server.crash;
    if (!crash) await server.stop();
    return {
      probes,
      crash,
      files: server.filesCreated(),
      healthyAfter,
      errorLines: [...server.errorLines],
      requestTimeoutMs: timeoutMs,
    };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------
// goals and report

export interface Verdict {
  goal: string;
  ok: boolean;
  value: string;
}

export function verdicts(load: LoadResult, probes: ProbesResult): Verdict[] {
  const rssGrowth = load.rss.endMiB - load.rss.warmMiB;
  const hostileCrashes = load.hostile.filter((h) => h.crash);
  return [
    { goal: '5xx answers: 0', ok: load.fiveXX === 0, value: String(load.fiveXX) },
    {
      goal: 'crashes: 0 (the server process stays up)',
      ok: !load.crash && !probes.crash && hostileCrashes.length === 0,
      value:
        String(hostileCrashes.length + (load.crash ? 1 : 0) + (probes.crash ? 1 : 0)) +
        (hostileCrashes.length ? ` (${hostileCrashes.map((h) => h.label).join(', ')})` : '') +
        (load.crash ? ` (during the load: exit ${load.crash.code ?? load.crash.signal})` : ''),
    },
    {
      goal: 'failed /health checks (every second, 5 s timeout): 0',
      ok: load.health.failures === 0,
      value: `${load.health.failures} of ${load.health.checks}`,
    },
    {
      goal: 'answers that differ from their baseline or expected status: 0',
      ok: load.unexpected === 0,
      value: String(load.unexpected),
    },
    { goal: 'answers not in the service shape: 0', ok: load.badShape === 0, value: String(load.badShape) },
    {
      goal: 'files created in the cwd or TMPDIR: 0',
      ok: [...load.files.cwd, ...load.files.tmp, ...probes.files.cwd, ...probes.files.tmp].length === 0,
      value: String([...load.files.cwd, ...load.files.tmp, ...probes.files.cwd, ...probes.files.tmp].length),
    },
    {
      goal: 'server errors logged (level ≥ 50): 0',
      ok: (load.logLevels.error ?? 0) + (load.logLevels.fatal ?? 0) === 0 && probes.errorLines.length === 0,
      value: String((load.logLevels.error ?? 0) + (load.logLevels.fatal ?? 0) + probes.errorLines.length),
    },
    load.durationSec >= 30
      ? {
          goal: 'RSS flat after warm-up (end − warm-up < 64 MiB)',
          ok: Number.isFinite(rssGrowth) && rssGrowth < 64,
          value: `${rssGrowth >= 0 ? '+' : ''}${fmt(rssGrowth)} MiB`,
        }
      : {
          goal: 'RSS flat after warm-up (not judged in runs under 30 s)',
          ok: true,
          value: `${rssGrowth >= 0 ? '+' : ''}${fmt(rssGrowth)} MiB`,
        },
    {
      goal: 'probes (timeouts, early 413, limits) as expected',
      ok: probes.probes.every((p) => p.ok) && probes.healthyAfter,
      value: `${probes.probes.filter((p) => p.ok).length} of ${probes.probes.length}`,
    },
  ];
}

function machine(): string[] {
  const cpus = os.cpus();
  let memAvailable = '';
  try {
    const kib = /MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (kib) memAvailable = `, ${(Number(kib[1]) / MiB).toFixed(1)} GiB available`;
  } catch {
    // not Linux
  }
  return [
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} logical cores (os.availableParallelism ${os.availableParallelism()})`,
    `- memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB${memAvailable}`,
    `- OS: ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node ${process.version} (server and load generator on the same machine, 127.0.0.1)`,
  ];
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function statusTable(groups: Record<string, GroupStats>, title: string): string[] {
  const lines = [
    `| ${title} | requests | statuses | unexpected | bad shape / bodies checked |`,
    '|---|---:|---|---:|---:|',
  ];
  for (const [name, g] of Object.entries(groups).sort()) {
    const st = Object.entries(g.statuses)
      .sort()
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    lines.push(`| ${name} | ${g.sent} | ${st} | ${g.unexpected} | ${g.badShape} / ${g.checked} |`);
  }
  return lines;
}

export function renderReport(load: LoadResult, probes: ProbesResult, command: string): string {
  const v = verdicts(load, probes);
  const o = load.options;
  const lines: string[] = [];
  lines.push('# Server under hostile input and load (issue 6)', '');
  lines.push(`Run ${load.startedAt} with:`, '', '```sh', command, '```', '');
  lines.push(...machine(), '');
  lines.push(
    `The service ran as a child process (\`${o.entry === 'dist' ? 'node packages/server/dist/start.js' : 'node --import tsx packages/server/src/start.ts'}\`) ` +
      `on 127.0.0.1 with MAX_FILE_BYTES=${o.maxFileBytes} (${o.maxFileBytes / MiB} MiB), REQUEST_TIMEOUT_MS=${o.loadRequestTimeoutMs}, ` +
      `LOG_LEVEL=info, \`node --trace-gc\`, stdout (the pino log and the GC trace) to a file of the load generator's, ` +
      `in a fresh temporary working directory with a fresh TMPDIR. ` +
      `For ${fmt(load.durationSec)} s, ${load.connectionsAutocannon + load.connectionsRaw} connections at once: ` +
      `${load.connectionsAutocannon} through autocannon (keep-alive) cycling through ${load.mixSize.doc} document requests ` +
      `(fixtures/*.doc and ${load.corpusFiles} corpus files, some repeated), ${load.mixSize['invalid-type']} invalid-type requests and ` +
      `${load.mixSize.corrupt} corrupt documents (truncated, bit-flipped, sectors overwritten, CFB header fields randomised` +
      `${load.fuzzFiles ? `, and the ${load.fuzzFiles} hostile files of fixtures/fuzz/` : ''}); ` +
      `${load.connectionsRaw} raw-socket loops with one request per connection: wrong request Content-Type, ` +
      `${o.oversizeBytes / MiB} MiB bodies (declared and chunked), malformed multipart, malformed HTTP, part/field/file limits, ` +
      `and uploads aborted part-way. Every distinct keep-alive request was sent once before the load; under load each answer ` +
      `must have that same status. /health was requested every second on a new connection and VmRSS read from /proc. ` +
      `Seed ${o.seed}.`,
    '',
  );
  lines.push('## Goals', '', '| goal | result | |', '|---|---|---|');
  for (const x of v) lines.push(`| ${x.goal} | ${x.value} | ${x.ok ? 'ok' : '**missed**'} |`);
  lines.push('');

  lines.push('## Answers', '');
  const total = load.total;
  lines.push(
    `${total} answers in ${fmt(load.durationSec)} s (${fmt(total / load.durationSec, 0)}/s; autocannon ${load.autocannon.total} of them, ` +
      `${load.autocannon.errors} errors${
        load.autocannon.errors
          ? ` (${Object.entries(load.autocannon.errorKinds)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')})`
          : ''
      }, ${load.autocannon.timeouts} timeouts). Server CPU: ${fmt(load.cpuSeconds)} s ` +
      `(${fmt((100 * load.cpuSeconds) / load.durationSec, 0)} % of one core).`,
    '',
  );
  lines.push('| status | count |', '|---|---:|');
  for (const [s, n] of Object.entries(load.statuses).sort()) lines.push(`| ${s} | ${n} |`);
  lines.push('');
  lines.push(...statusTable(load.byKind, 'keep-alive mix (autocannon)'), '');
  lines.push(...statusTable(load.byRawGroup, 'raw sockets'), '');
  lines.push(
    `Raw-socket outcomes: ${Object.entries(load.rawOutcomes)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')} ` +
      `(\`aborted\` = the client destroyed the socket as planned). Oversize requests: the client had written ` +
      `${fmt(load.oversizeSentAtAnswerMiB.p50)} MiB (median; max ${fmt(load.oversizeSentAtAnswerMiB.max)} MiB) of ${o.oversizeBytes / MiB} MiB ` +
      `when the 413 arrived; on loopback most of a 6 MiB body fits in socket buffers, so the 60 MB probes below are the ` +
      `measure of an early answer.`,
    '',
  );
  const examples = [...Object.entries(load.byKind), ...Object.entries(load.byRawGroup)].flatMap(([k, g]) =>
    g.examples.map((e) => `- ${k}: ${e}`),
  );
  if (examples.length) lines.push('Unexpected answers (first few):', '', ...examples, '');
  lines.push('Baseline statuses of the distinct keep-alive requests (sent once each before the load):', '');
  for (const [kind, st] of Object.entries(load.baseline)) {
    lines.push(
      `- ${kind}: ${Object.entries(st)
        .sort()
        .map(([s, n]) => `${s} × ${n}`)
        .join(', ')}`,
    );
  }
  lines.push(
    '',
    'The invalid-type requests one by one (a plain-text or PDF body named .doc is passed through as text, as ' +
      '`catdoc` does; the two 400s are form-shape errors):',
    '',
    '| request | baseline answer |',
    '|---|---|',
    ...load.invalidBaseline.map((b) => `| ${b.label} | ${`${b.status} ${b.code}`.trim()} |`),
  );
  lines.push('');

  if (load.hostile.length) {
    lines.push(
      '## Hostile files, one at a time',
      '',
      'The regression files of fixtures/fuzz/ (see its README), each sent alone before the load. A file that kills the ' +
        'process is left out of the load mix (the server is restarted); the others are part of the corrupt documents.',
      '',
      '| file | answer | time |',
      '|---|---|---:|',
    );
    for (const h of load.hostile) {
      const answer = h.crash
        ? `**server process died** (${h.crash})`
        : h.error
          ? `error: ${h.error}`
          : `${h.status} ${h.code ?? ''}`.trim();
      lines.push(`| ${h.label} | ${answer} | ${fmt(h.ms, 0)} ms |`);
    }
    lines.push('');
  }

  lines.push('## Latency', '', '| | answers | p50 ms | p90 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|---:|');
  const row = (name: string, l: LoadResult['validLatency']) =>
    `| ${name} | ${l.count} | ${fmt(l.p50)} | ${fmt(l.p90)} | ${fmt(l.p99)} | ${fmt(l.max)} |`;
  lines.push(row('documents answered 200 (keep-alive)', load.validLatency));
  lines.push(row('every answer', load.allLatency));
  lines.push(row('GET /health during the load (new connection, from a worker thread)', load.health.latency));
  lines.push('');
  lines.push(
    `Parsing is synchronous: one process parses one document at a time, so with ${load.connectionsAutocannon + load.connectionsRaw} ` +
      'connections a request waits for the ones ahead of it; the latencies are queueing plus parsing, not parsing alone. ' +
      `The load generator runs on the same machine; its own event-loop delay during the load was p50 ${fmt(load.generatorLagMs.p50)} ms, ` +
      `p99 ${fmt(load.generatorLagMs.p99)} ms, max ${fmt(load.generatorLagMs.max)} ms (it adds to the latencies measured on the main thread, ` +
      'not to /health, which is timed from a worker thread). A /health check opens a new connection to a saturated server ' +
      '(the keep-alive connections always have a request ready), and the server, the generator and its health worker share ' +
      `${os.cpus().length} cores: read its latency as that of a new client of a busy server, not of the route.`,
    '',
  );

  lines.push('## Memory (VmRSS of the server process)', '');
  lines.push(
    '| start (after the baseline pass) | after warm-up | middle | end | 2 s after the load | max |',
    '|---:|---:|---:|---:|---:|---:|',
  );
  lines.push(
    `| ${fmt(load.rss.startMiB)} MiB | ${fmt(load.rss.warmMiB)} MiB | ${fmt(load.rss.middleMiB)} MiB | ${fmt(load.rss.endMiB)} MiB | ${fmt(load.rss.afterMiB)} MiB | ${fmt(load.rss.maxMiB)} MiB |`,
  );
  lines.push('');
  const step = Math.max(1, Math.ceil(load.rss.samples.length / 12));
  lines.push(
    `Samples (t s: MiB): ${load.rss.samples
      .filter((_, i) => i % step === 0 || i === load.rss.samples.length - 1)
      .map(([t, m]) => `${t}: ${fmt(m, 0)}`)
      .join(', ')}.`,
    '',
  );

  lines.push(
    'V8 heap after each full (mark-compact) GC of the server (`node --trace-gc`), by thirds of the load — what is still ' +
      'alive after a collection, so the leak signal; RSS also follows how large V8 lets the heap grow between collections:',
    '',
    '| third of the load | full GCs | heap after GC: min | median | max | heap committed: max |',
    '|---|---:|---:|---:|---:|---:|',
  );
  load.heapAfterFullGc.forEach((h, i) =>
    lines.push(
      `| ${['first', 'second', 'last'][i]} | ${h.count} | ${fmt(h.minMB)} MB | ${fmt(h.medianMB)} MB | ${fmt(h.maxMB)} MB | ${fmt(h.committedMaxMB)} MB |`,
    ),
  );
  lines.push('');

  lines.push('## Files', '');
  lines.push(
    `Created in the server's working directory: ${load.files.cwd.length ? load.files.cwd.join(', ') : 'none'}; in its TMPDIR: ${load.files.tmp.length ? load.files.tmp.join(', ') : 'none'} (compared before and after the load, and after the process exited).`,
    '',
  );

  lines.push('## Probes', '');
  lines.push(
    `A second server process with REQUEST_TIMEOUT_MS=${probes.requestTimeoutMs} and MAX_FILE_BYTES=${o.maxFileBytes} ` +
      `(body limit ${o.maxFileBytes / MiB + 1} MiB with the multipart allowance):`,
    '',
    '| probe | result | |',
    '|---|---|---|',
  );
  for (const p of probes.probes) lines.push(`| ${p.name} | ${p.detail} | ${p.ok ? 'ok' : '**missed**'} |`);
  lines.push('', `/health after the probes: ${probes.healthyAfter ? 'ok' : '**failed**'}.`, '');

  lines.push('## Server log', '');
  lines.push(
    `Lines by level during the load: ${Object.entries(load.logLevels)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}.`,
  );
  if (load.errorLines.length || probes.errorLines.length) {
    lines.push(
      '',
      'Error lines (first few):',
      '',
      '```',
      ...load.errorLines.slice(0, 5).map((l) => l.slice(0, 500)),
      ...probes.errorLines.slice(0, 5).map((l) => l.slice(0, 500)),
      '```',
    );
  }
  if (load.crash)
    lines.push(
      '',
      `**The server exited during the load** (code ${load.crash.code}, signal ${load.crash.signal}):`,
      '',
      '```',
      load.crash.output.slice(-3000),
      '```',
    );
  if (load.health.failureExamples.length)
    lines.push('', 'Failed /health checks:', '', ...load.health.failureExamples.map((f) => `- ${f}`));
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): { options: LoadOptions; report: string | undefined } {
  const quick = argv.includes('--quick');
  const options: LoadOptions = { ...(quick ? QUICK : FULL), log: (line) => process.stderr.write(`${line}\n`) };
  let report: string | undefined = quick ? undefined : DEFAULT_REPORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${arg} must be a positive integer`);
      return v;
    };
    switch (arg) {
      case '--quick':
        break;
      case '--duration':
        options.durationSec = int();
        break;
      case '--connections':
        options.connections = int();
        if (options.connections < 2) throw new Error('--connections must be at least 2');
        break;
      case '--seed':
        options.seed = int();
        break;
      case '--probe-timeout':
        options.probeRequestTimeoutMs = int();
        break;
      case '--entry': {
        const entry = value();
        if (entry !== 'dist' && entry !== 'src') throw new Error('--entry is dist or src');
        options.entry = entry;
        break;
      }
      case '--report':
        report = resolve(value());
        break;
      case '--no-report':
        report = undefined;
        break;
      case '--log-pipe':
        options.logSink = 'pipe';
        break;
      case '--server-node-arg':
        options.serverNodeArgs = [...(options.serverNodeArgs ?? []), value()];
        break;
      case '--no-fuzz-fixtures':
        options.fuzzFixtures = false;
        break;
      case '--help':
      case '-h':
        process.stdout.write(
          readFileSync(fileURLToPath(import.meta.url), 'utf8')
            .split('\n')
            .slice(1, 10)
            .map((l) => l.replace(/^ \*\s?/, ''))
            .join('\n') + '\n',
        );
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return { options, report };
}

async function main() {
  const argv = process.argv.slice(2);
  const { options, report } = parseArgs(argv);
  const load = await runLoad(options);
  const probes = await runProbes(options);
  const command = `npx tsx packages/server/scripts/load.ts${argv.length ? ` ${argv.join(' ')}` : ''}`;
  const markdown = renderReport(load, probes, command);
  if (report) {
    mkdirSync(dirname(report), { recursive: true });
    writeFileSync(report, markdown);
    process.stderr.write(`[load] report written to ${relative(process.cwd(), report) || report}\n`);
  } else {
    process.stdout.write(markdown);
  }
  const missed = verdicts(load, probes).filter((x) => !x.ok);
  for (const x of verdicts(load, probes)) process.stderr.write(`${x.ok ? 'ok    ' : 'MISSED'} ${x.goal}: ${x.value}\n`);
  process.exitCode = missed.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  });
}
