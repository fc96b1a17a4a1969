/**
 * Thread priorities (Linux, where every thread is a task with a niceness of its own; elsewhere
 * these do nothing). The event loop keeps the process's niceness; everything that computes for
 * it runs below: parse workers (parse-pool.ts) and V8's background threads.
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** Lowers thread `tid`'s priority by `steps` of niceness (a new thread starts at the niceness of the thread that made it). */
export function lowerPriority(tid: number | null, steps: number): void {
  if (steps <= 0 || tid === null) return;
  try {
    setPriority(tid, Math.min(19, getPriority(tid) + steps));
  } catch {
    // not allowed: the thread runs at normal priority
  }
}

/**
 * Puts every thread of the process but the event loop at least `steps` of niceness below it; run
 * on the main thread before any worker starts, these are V8's platform threads (and libuv's, if any
 * have started). V8 compiles hot functions on them for every isolate of the process: a parse
 * worker warming up on a large document optimised its functions there, at the event loop's
 * priority, and took the CPU from it (~1.4 s of compilation in the first seconds of large uploads,
 * `--trace-opt`). Below it, the event loop is served first. Never raises a thread's priority.
 */
export function lowerBackgroundThreads(steps: number): void {
  if (!isMainThread) return; // inside a worker (a test runner's), the process's threads are not ours
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  let target: number;
  try {
    target = Math.min(19, getPriority(process.pid) + steps);
  } catch {
    return;
  }
  for (const entry of tids) {
    const tid = Number(entry);
    if (tid === process.pid) continue;
    try {
      if (getPriority(tid) < target) setPriority(tid, target);
    } catch {
      // gone, or not allowed
    }
  }
}
