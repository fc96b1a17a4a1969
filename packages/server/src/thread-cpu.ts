/**
 * CPU time of single threads (Linux: /proc, where every thread is a task). The parse timeout is
 * counted in the worker thread's CPU time, so that a parse running at low priority on a busy
 * machine is not abandoned for the time it waited for a CPU. Elsewhere there is no clock and the
 * pool falls back to wall-clock time.
 */
import { closeSync, openSync, readlinkSync, readSync } from 'node:fs';

/** The calling thread's id (its task id under /proc/self/task), or null where there is none. */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

const ZERO = 0x30;
const NINE = 0x39;

/**
 * One thread's CPU clock: its schedstat file (first field: ns on a CPU) opened once and read again
 * from offset 0 at each reading — one pread, where opening, reading and closing the file each time
 * cost the event loop five system calls and a string per parse.
 */
export class ThreadClock {
  private readonly scratch = Buffer.allocUnsafe(32);
  private fd: number | null;

  private constructor(fd: number) {
    this.fd = fd;
  }

  /** The clock of thread `tid` of this process, or null (no such thread, not Linux). */
  static open(tid: number): ThreadClock | null {
    try {
      const clock = new ThreadClock(openSync(`/proc/self/task/${tid}/schedstat`, 'r'));
      if (clock.ms() !== null) return clock;
      clock.close();
    } catch {
      // no clock
    }
    return null;
  }

  /** Milliseconds the thread has run on a CPU, or null once it is gone. */
  ms(): number | null {
    if (this.fd === null) return null;
    let length: number;
    try {
      length = readSync(this.fd, this.scratch, 0, this.scratch.length, 0);
    } catch {
      return null;
    }
    let ns = 0;
    let i = 0;
    for (; i < length; i++) {
      const c = this.scratch[i]!;
      if (c < ZERO || c > NINE) break;
      ns = ns * 10 + (c - ZERO);
    }
    return i > 0 ? ns / 1e6 : null;
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // already gone
    }
    this.fd = null;
  }
}
