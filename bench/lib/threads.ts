/**
 * Per-thread CPU time and run-queue wait of another process (Linux /proc; empty elsewhere), grouped
 * by what the thread is in our server: its event loop (the main thread), parse workers by their
 * niceness (parse-pool.ts lowers them: +5 small documents, +15 medium and large), and the rest at the
 * event loop's niceness (V8's platform threads — garbage collection and compilation for every
 * isolate — and libuv's). Threads that exit between two snapshots are left out of the groups.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadSample {
  /** ms on a CPU, and ms ready to run but waiting for one (schedstat). */
  run: number;
  wait: number;
  nice: number;
}

export function sampleThreads(pid: number): Map<number, ThreadSample> {
  const threads = new Map<number, ThreadSample>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      threads.set(Number(tid), { run: run! / 1e6, wait: wait! / 1e6, nice });
    } catch {
      // the thread exited
    }
  }
  return threads;
}

export type ThreadGroup = 'event loop' | 'nice 0 (V8/libuv)' | `nice ${number}`;

/** CPU and wait (ms) per group between two snapshots; a thread absent from `before` counts from zero. */
export function threadGroups(pid: number, before: Map<number, ThreadSample>, after: Map<number, ThreadSample>): Map<ThreadGroup, { threads: number; run: number; wait: number }> {
  const groups = new Map<ThreadGroup, { threads: number; run: number; wait: number }>();
  for (const [tid, now] of after) {
    const then = before.get(tid) ?? { run: 0, wait: 0, nice: now.nice };
    const group: ThreadGroup = tid === pid ? 'event loop' : now.nice === 0 ? 'nice 0 (V8/libuv)' : `nice ${now.nice}`;
    const g = groups.get(group) ?? { threads: 0, run: 0, wait: 0 };
    g.threads += 1;
    g.run += now.run - then.run;
    g.wait += now.wait - then.wait;
    groups.set(group, g);
  }
  return groups;
}
