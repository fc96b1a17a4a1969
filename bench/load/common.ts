/** Shared pieces of the load runner: options, paths, small utilities. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from '../lib/stats.js';

export const MiB = 1024 * 1024;
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER_DIR = join(REPO_ROOT, 'packages/server');
export const FIXTURES = join(REPO_ROOT, 'fixtures');
export const CORPUS_DOCS = resolve(REPO_ROOT, '../shared/corpus/docs');
export const DEFAULT_REPORT = join(REPO_ROOT, 'bench/results/server-fault.md');

// ---------------------------------------------------------------------------------------------------
// options

export interface LoadOptions {
  /** Seconds of load (unless `requestsPerConnection` fixes the amount of work instead). */
  durationSec: number;
  /**
   * A fixed amount of work instead of a duration: this many requests per connection (keep-alive
   * ones through autocannon's `amount`, raw exchanges per raw connection). Tests use it, so that a
   * slow machine does the same work, only more slowly.
   */
  requestsPerConnection?: number;
  /** A /health check (every second during the load, and after it) fails when not answered within this. */
  healthTimeoutMs: number;
  /** Slow-client probes: cut at most this long after REQUEST_TIMEOUT_MS (a hang detector in tests). */
  probeSlackMs: number;
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
  healthTimeoutMs: 5_000,
  probeSlackMs: 1_500,
};

export const QUICK: Omit<LoadOptions, 'log'> = { ...FULL, durationSec: 5, connections: 8 };

// ---------------------------------------------------------------------------------------------------
// small utilities

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Latency figures with bench/lib/stats.ts's percentile, the one every bench figure uses. */
export function latencySummary(values: number[]) {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.length ? values.reduce((m, v) => (v > m ? v : m), -Infinity) : NaN,
  };
}

export function bump(map: Record<string, number>, key: string | number, by = 1) {
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

export function docsIn(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive, encoding: 'utf8' })
    .filter((name) => /\.doc$/i.test(name))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

export function freePort(): Promise<number> {
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
