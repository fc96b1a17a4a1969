/**
 * CPU time of single threads (Linux: /proc, where every thread is a task). The parse timeout is
 * counted in the worker thread's CPU time, so that a parse running at low priority on a busy
 * machine is not abandoned for the time it waited for a CPU. Elsewhere these return null and the
 * pool falls back to wall-clock time.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** The calling thread's id (its task id under /proc/self/task), or null where there is none. */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Milliseconds thread `tid` of this process has run on a CPU (schedstat's first field, in ns), or null. */
export function threadCpuMs(tid: number): number | null {
  try {
    const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'latin1').split(' ', 1)[0]);
    return Number.isFinite(ns) ? ns / 1e6 : null;
  } catch {
    return null;
  }
}
