/**
 * Where a request's time goes, for finding latency's causes (bench/service-trace.ts): each answered
 * POST /doc-parser is published on the diagnostics channel `doc2text:request` with the moments it
 * passed, once its answer has been written — only while something subscribes (otherwise nothing is
 * recorded). Moments are milliseconds since the Unix epoch with sub-millisecond precision
 * (performance.timeOrigin + performance.now()), comparable across threads and processes.
 */
import { channel } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

export const requestTimeline = channel('doc2text:request');

/** Now, ms since the Unix epoch, sub-millisecond. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** What the parse pool saw of one document (absent: parsed inline, or refused before a worker took it). */
export interface ParseTiming {
  /** The worker it went to (its slot in the pool). */
  worker: number;
  /** Handed to the worker. */
  dispatchedAt: number;
  /** The worker began and finished the parse (the worker's clock). */
  startedAt: number;
  endedAt: number;
  /**
   * The worker thread's CPU time from dispatch to reply, ms (null off Linux, or before the worker has told its
   * thread id): against repliedAt − dispatchedAt, the time it could not run. The kernel adds a running
   * thread's time at context switches and scheduler ticks, so this is exact to a tick (1-4 ms).
   */
  cpuMs: number | null;
  /** The answer was back on the event loop. */
  repliedAt: number;
}

export interface RequestTimeline {
  id: string;
  /** Headers parsed (the request reached the route's first hook). */
  headAt: number;
  /** The last byte of the body was read. */
  bodyAt?: number;
  /** The multipart upload was read (the file is in memory). */
  uploadAt?: number;
  bytes?: number;
  parse?: ParseTiming;
  /** The answer was handed to the socket (all of it written or buffered). */
  writtenAt: number;
  status: number;
}
