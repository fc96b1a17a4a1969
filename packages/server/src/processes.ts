/**
 * CONCURRENCY=processes: a process per core (node:cluster), each a whole server (start.ts) that
 * parses on its own event loop (PARSE_THREADS 0). The children share the listening socket and
 * accept connections themselves (SCHED_NONE: the kernel spreads them, nothing goes through this
 * process, which only watches them). Measured against the threads model on many small documents
 * (bench section 5): more requests a second and a lower p99, with no worker hop per document;
 * the price is that a large document holds up the event loop of the process that took it.
 *
 * - A child that ends while the service runs is replaced. One that ends before it listened stops
 *   the service (exit 1): a start-up failure (a port taken, …) would only repeat.
 * - SIGTERM / SIGINT go to every child, which finishes its requests in flight (start.ts); then this
 *   process exits, 0 when every child exited 0, else 1. Past SHUTDOWN_TIMEOUT_MS (+1 s) the children
 *   left are killed and it exits 1.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { LogLevel, ServerConfig } from './config.js';

/** pino's level numbers: this process's few lines have the shape of the children's (pino). */
const LEVELS: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

function logger(level: LogLevel) {
  const threshold = LEVELS[level];
  return (at: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void => {
    if (LEVELS[at] < threshold) return;
    process.stdout.write(`${JSON.stringify({ level: LEVELS[at], time: Date.now(), pid: process.pid, role: 'supervisor', ...fields, msg })}\n`);
  };
}

/** Forks `count` servers and keeps them running until SIGTERM / SIGINT. */
export function superviseProcesses(config: Readonly<ServerConfig>, count = availableParallelism()): void {
  const log = logger(config.logLevel);
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const listened = new WeakSet<Worker>();
  let stopping = false;
  let failed = false;

  const start = (): void => {
    cluster.fork().once('listening', function (this: Worker) {
      listened.add(this);
    });
  };
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping the server processes', { reason });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      log('error', 'server processes still running after the shutdown timeout; killing them', { timeoutMs: config.shutdownTimeoutMs });
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, config.shutdownTimeoutMs + 1000);
    timer.unref();
  };

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (code !== 0) failed = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    if (!listened.has(worker)) {
      log('error', 'a server process ended before it listened; stopping', { code, signal });
      failed = true;
      stop('start-up failure');
      return;
    }
    log('error', 'a server process ended; starting another', { code, signal });
    start();
  });
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  log('info', `starting ${count} server processes`, { processes: count });
  for (let i = 0; i < count; i++) start();
}
