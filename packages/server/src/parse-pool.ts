/**
 * Where documents are parsed: a warm pool of worker threads, so no document — large, or small but
 * costly (dense in control characters) — runs on the event loop. With `threads: 0` everything is
 * parsed inline (Lambda: one request per instance).
 *
 * Three lanes, by size, share the workers: documents over `largeBytes` may hold at most a third of
 * them, and documents over `smallBytes` (medium and large together) at most the other half; the
 * first half parses small documents only, so a small document never waits behind costly ones (large,
 * or medium-sized but dense in control characters). Half, not a third: with two small-document
 * workers on 2 cores, small documents queued whenever one of them was held (a garbage collection, a
 * slower document) or descheduled, and three runnable threads also get a larger share of a busy CPU
 * than two (small documents at 200/s beside 16 MB ones, 3 alternating rounds on a busy machine:
 * p99 520-696 → 191-493 ms, the wait for a worker p99 305-660 → 95-297 ms). There are more workers than cores on purpose: the
 * OS then time-slices a cheap document beside costly ones instead of queueing it behind them.
 * Priorities (Linux; elsewhere ignored): every worker runs below the event loop, so that receiving
 * uploads and sending answers is never held up by parsing, the small documents' workers at
 * +`SMALL_DOCUMENT_NICE`, those of medium and large documents at +`BIG_DOCUMENT_NICE`, so that under a
 * full CPU small documents are served first; V8's background threads, where it compiles hot functions
 * for every isolate, at +`BIG_DOCUMENT_NICE` (thread-priority.ts): most of that work is for a worker
 * warming up on large documents, and at the small documents' level it held them up (small documents
 * at 200/s beside 16 MB ones, two alternating 10 s runs of bench/service-trace.ts: p99 25.0 / 23.3 →
 * 24.6 / 19.6 ms; the event loop's own compilation, done warming up, is rare). A worker that parsed a large document is replaced by a
 * fresh one, which gives its heap back, once it has had nothing to do for `RECYCLE_IDLE_MS`: while
 * large documents keep coming it parses them warm, instead of a fresh worker per document loading the
 * parser and compiling it again (a new thread starts at the event loop's priority until it lowers
 * its own). A worker whose heap has grown past the limit is replaced at once.
 * A queued document waits in this process, not in a worker: the
 * timeout starts when a worker starts parsing it, and counts the worker thread's CPU time where the
 * OS tells it (Linux), so that a low-priority parse on a busy machine is not abandoned for the time
 * it waited for a CPU; elsewhere, wall-clock time.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  PARSE_WORKER_MARK,
  parseTask,
  type ParseTask,
  type TaskOutcome,
  type WorkerReady,
  type WorkerReply,
  type WorkerRequest,
} from './parse-worker.js';
import type { BufferShelf } from './buffers.js';
import { ThreadClock } from './thread-cpu.js';
import { lowerBackgroundThreads } from './thread-priority.js';
import { epochMs, requestTimeline, type ParseTiming } from './timeline.js';

/** How many niceness steps below the event loop the workers run (Linux; elsewhere ignored). */
const SMALL_DOCUMENT_NICE = 5;
const BIG_DOCUMENT_NICE = 15;
/**
 * Each worker's young generation (MiB). With `--single-threaded-gc` (node-flags.ts) V8 let the
 * workers' young generations grow further, and 50 concurrent 20 MB uploads peaked at 587-631 MiB
 * of RSS (455-477 without the option; bench/load/uploads.ts); capped: 559-561.
 */
const WORKER_YOUNG_GENERATION_MB = 16;
/** A worker that parsed a large document is replaced once it has been idle this long. */
export const RECYCLE_IDLE_MS = 2_000;

export interface ParsePoolOptions {
  /** Worker threads; 0 parses everything inline. */
  threads: number;
  /** Heap limit of each worker (MiB); a document that needs more is refused, the process lives on. */
  heapMb: number;
  /** A parse running longer is abandoned and its worker replaced. */
  timeoutMs: number;
  /**
   * What `timeoutMs` counts: 'thread-cpu' (default), the worker thread's CPU time where the OS
   * gives it (wall-clock time where it does not); 'wall', wall-clock time.
   */
  timeoutClock?: 'thread-cpu' | 'wall';
  /** Documents up to this size use the small lane. */
  smallBytes: number;
  /** Documents larger than this use the large lane (between the two: medium). */
  largeBytes: number;
  /** Documents waiting for a worker before new ones are refused. */
  maxQueue: number;
  /** A worker whose V8 heap has grown past this after a task is replaced (0: never). */
  recycleHeapBytes: number;
  /** Where upload buffers go once parsed, for the next uploads (absent: they are let go). */
  shelf?: BufferShelf;
}

/** Why the pool, not the parser, could not give an answer. */
export interface PoolFailure {
  kind: 'pool';
  reason: 'PARSE_TIMEOUT' | 'DOCUMENT_TOO_COMPLEX' | 'SERVER_BUSY' | 'WORKER_CRASHED';
}

/** With `timing` when the parse ran in a worker and a request timeline is being recorded (timeline.ts). */
export type ParseOutcome = (TaskOutcome | PoolFailure) & {
  timing?: ParseTiming;
  /** Call once the answer's bytes have been written: their buffer goes back to the worker for its next answers. */
  release?: () => void;
};

type Lane = 'small' | 'medium' | 'large';

interface Job {
  id: number;
  task: ParseTask;
  lane: Lane;
  resolve: (outcome: ParseOutcome) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** Whether the worker thread has sent its first message (its thread id): it is running. */
  running: boolean;
  /** The worker thread's CPU clock (from its first message); null until then, or off Linux. */
  clock: ThreadClock | null;
  /**
   * The thread's CPU time (ms) when the job started; 0 for a job handed over before the thread ran
   * (counted from the thread's birth, its start-up included); null: timed by the wall clock, as is
   * a job on a running thread without a clock (off Linux: see arm).
   */
  cpuAtStart: number | null;
  /** When the job was handed to the worker (ms since the epoch), for its timeline. */
  dispatchedAt: number;
  /** Set once the worker has parsed a large document: it is replaced when idle (see RECYCLE_IDLE_MS). */
  idleRecycle: NodeJS.Timeout | null;
  retiring: boolean;
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queues: Record<Lane, Job[]> = { small: [], medium: [], large: [] };
  /** Workers that medium and large documents may hold together, and large ones alone. */
  private readonly bigCap: number;
  private readonly largeCap: number;
  /** Slots below this index take small documents only (the others take small ones only when there are none). */
  private readonly smallSlots: number;
  private nextId = 1;
  private closed = false;
  private started = 0;

  constructor(private readonly options: ParsePoolOptions) {
    const smallReserve = options.threads >= 3 ? Math.floor(options.threads / 2) : 0;
    this.bigCap = Math.max(1, options.threads - smallReserve);
    this.largeCap = Math.min(this.bigCap, Math.max(1, Math.ceil(options.threads / 3)));
    this.smallSlots = smallReserve;
    if (options.threads > 0) lowerBackgroundThreads(BIG_DOCUMENT_NICE);
    for (let i = 0; i < options.threads; i++) this.slots.push(this.spawn(i));
  }

  /**
   * Parses `task`. Takes ownership of `task.bytes`' buffer: when the bytes start at its beginning, the
   * whole buffer is transferred to the worker (not copied) and is unusable here afterwards. Never rejects.
   */
  run(task: ParseTask): Promise<ParseOutcome> {
    if (this.options.threads === 0) return Promise.resolve(parseTask(task));
    const queued = this.queues.small.length + this.queues.medium.length + this.queues.large.length;
    if (this.closed || queued >= this.options.maxQueue) return Promise.resolve({ kind: 'pool', reason: 'SERVER_BUSY' });
    const size = task.bytes.byteLength;
    const lane: Lane = size > this.options.largeBytes ? 'large' : size > this.options.smallBytes ? 'medium' : 'small';
    return new Promise((resolve) => {
      this.queues[lane].push({ id: this.nextId++, task, lane, resolve });
      this.dispatch();
    });
  }

  /** Workers started so far, the first ones and their replacements. */
  get workersStarted(): number {
    return this.started;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queues.small.splice(0), ...this.queues.medium.splice(0), ...this.queues.large.splice(0)]) {
      job.resolve({ kind: 'pool', reason: 'SERVER_BUSY' });
    }
    await Promise.all(
      this.slots.map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        if (slot.idleRecycle) clearTimeout(slot.idleRecycle);
        slot.job?.resolve({ kind: 'pool', reason: 'SERVER_BUSY' });
        slot.job = null;
        slot.clock?.close();
        return slot.worker.terminate();
      }),
    );
  }

  private running(...lanes: Lane[]): number {
    return this.slots.filter((slot) => slot.job !== null && lanes.includes(slot.job.lane)).length;
  }

  /**
   * The next job a worker of medium and large documents may take: large first while its lane has room,
   * then medium. Small documents wait for their own workers (at a higher priority), if there are any.
   */
  private next(): Job | undefined {
    const big = this.running('medium', 'large');
    if (this.queues.large.length > 0 && big < this.bigCap && this.running('large') < this.largeCap) return this.queues.large.shift();
    if (this.smallSlots === 0 && this.queues.small.length > 0) return this.queues.small.shift();
    if (this.queues.medium.length > 0 && big < this.bigCap) return this.queues.medium.shift();
    return undefined;
  }

  private dispatch(): void {
    for (const [index, slot] of this.slots.entries()) {
      if (slot.job !== null) continue;
      const job = index < this.smallSlots ? this.queues.small.shift() : this.next();
      if (job !== undefined) this.start(slot, job);
      else if (slot.retiring && slot.idleRecycle === null) {
        slot.idleRecycle = setTimeout(() => this.replace(slot), RECYCLE_IDLE_MS);
        slot.idleRecycle.unref();
      }
    }
  }

  private start(slot: Slot, job: Job): void {
    if (slot.idleRecycle) clearTimeout(slot.idleRecycle);
    slot.idleRecycle = null;
    slot.job = job;
    const { bytes } = job.task;
    // Hand the bytes over without copying when they start their buffer (see run()).
    const own = bytes.byteOffset === 0 && !(bytes.buffer instanceof SharedArrayBuffer) ? bytes : bytes.slice();
    const request: WorkerRequest = { id: job.id, task: { ...job.task, bytes: own } };
    // The clock starts now, not when the request was queued (read before the worker can start).
    // Before the thread has run (no clock yet): 0, the thread timed from its birth.
    slot.cpuAtStart = this.options.timeoutClock === 'wall' ? null : (slot.clock?.ms() ?? 0);
    slot.dispatchedAt = epochMs();
    slot.worker.postMessage(request, [own.buffer as ArrayBuffer]);
    this.arm(slot, this.options.timeoutMs);
  }

  /**
   * Checks the slot's job in `ms`: past its timeout, it fails; timed by CPU and not there yet (the
   * thread waited for a CPU, or has not started: a new thread on a busy machine), the check is put
   * off by the CPU time still allowed.
   */
  private arm(slot: Slot, ms: number): void {
    slot.timer = setTimeout(() => this.check(slot), ms);
  }

  /** The slot's job past its timeout fails; else it is checked again when the time still allowed could be used up. */
  private check(slot: Slot): void {
    const { cpuAtStart, clock } = slot;
    const now = cpuAtStart !== null && clock !== null ? clock.ms() : null;
    const used = cpuAtStart !== null && !slot.running ? 0 : now === null || cpuAtStart === null ? Infinity : now - cpuAtStart;
    if (used < this.options.timeoutMs) this.arm(slot, Math.max(this.options.timeoutMs - used, 10));
    else this.fail(slot, 'PARSE_TIMEOUT');
  }

  private timing(slot: Slot, reply: WorkerReply): ParseTiming {
    const cpuNow = slot.cpuAtStart !== null && slot.clock !== null ? slot.clock.ms() : null;
    return {
      worker: this.slots.indexOf(slot),
      dispatchedAt: slot.dispatchedAt,
      startedAt: reply.startedAt,
      endedAt: reply.endedAt,
      cpuMs: cpuNow !== null && slot.cpuAtStart !== null ? cpuNow - slot.cpuAtStart : null,
      repliedAt: epochMs(),
    };
  }

  private finish(slot: Slot, outcome: ParseOutcome): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.job;
    slot.job = null;
    job?.resolve(outcome);
  }

  /** Hands a written answer's buffer back to the worker that made it (unless that worker is gone). */
  private shelve(slot: Slot, buffer: ArrayBuffer): void {
    if (this.closed || !this.slots.includes(slot) || buffer.byteLength === 0) return;
    slot.worker.postMessage({ shelve: buffer } satisfies WorkerRequest, [buffer]);
  }

  /** Ends the slot's job with `reason` and replaces its worker (terminated, or already dead). */
  private fail(slot: Slot, reason: PoolFailure['reason']): void {
    if (!this.slots.includes(slot)) return;
    this.finish(slot, { kind: 'pool', reason });
    this.replace(slot);
  }

  /** A fresh worker in the slot's place (the old one is terminated: its heap goes back to the OS). */
  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    if (slot.idleRecycle) clearTimeout(slot.idleRecycle);
    slot.idleRecycle = null;
    slot.clock?.close();
    void slot.worker.terminate();
    if (this.closed) return;
    this.slots[index] = this.spawn(index);
    this.dispatch();
  }

  private spawn(index: number): Slot {
    this.started += 1;
    const worker = new Worker(workerFile(), {
      workerData: { mark: PARSE_WORKER_MARK, nice: index < this.smallSlots || this.smallSlots === 0 ? SMALL_DOCUMENT_NICE : BIG_DOCUMENT_NICE },
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    const slot: Slot = { worker, job: null, timer: null, running: false, clock: null, cpuAtStart: null, dispatchedAt: 0, idleRecycle: null, retiring: false };
    worker.on('message', (reply: WorkerReply | WorkerReady) => {
      if ('ready' in reply) {
        slot.running = true;
        slot.clock = reply.tid === null ? null : ThreadClock.open(reply.tid);
        // A job handed over before the thread ran, timed by its CPU, is checked now that its clock is
        // known: its reply, which follows this message, may come in the same turn, before any timer.
        if (slot.job !== null && slot.timer !== null && slot.cpuAtStart !== null && slot.clock !== null) {
          clearTimeout(slot.timer);
          this.check(slot);
        }
        return;
      }
      if (reply.upload !== null) this.options.shelf?.give(reply.upload);
      if (slot.job?.id !== reply.id) return;
      slot.retiring ||= slot.job.lane === 'large';
      const outcome: ParseOutcome = requestTimeline.hasSubscribers ? { ...reply.outcome, timing: this.timing(slot, reply) } : { ...reply.outcome };
      if (outcome.kind === 'text' && typeof outcome.body !== 'string') {
        const { buffer } = outcome.body;
        outcome.release = () => this.shelve(slot, buffer as ArrayBuffer);
      }
      this.finish(slot, outcome);
      // V8 lets a worker's heap grow and keeps it near its high-water mark: a worker whose heap has
      // grown is replaced now, one that parsed a large document once idle (dispatch), so memory
      // returns to its idle level.
      if (this.options.recycleHeapBytes > 0 && reply.heapBytes > this.options.recycleHeapBytes) this.replace(slot);
      else this.dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      this.fail(slot, error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'DOCUMENT_TOO_COMPLEX' : 'WORKER_CRASHED');
    });
    worker.on('exit', () => {
      // A worker that ends on its own (not terminated by fail/close) is replaced too.
      if (!this.closed && this.slots.includes(slot)) this.fail(slot, 'WORKER_CRASHED');
    });
    worker.unref();
    return slot;
  }
}

/** dist/parse-worker.js next to this module; from the TypeScript sources (tests), the built one. */
function workerFile(): URL {
  const here = new URL('./parse-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../dist/parse-worker.js', import.meta.url);
}
