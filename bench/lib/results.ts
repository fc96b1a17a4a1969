import type { OriginalServiceResult } from '../sections/original-service.js';

/** The shape of bench/results/<date>.json. Ratios are always "how many times better we are" (> 1 = we win). */
import type { Machine } from './machine.js';
import type { OpenLoopFigures } from './open-loop.js';
import type { RepeatedTiming } from './spawn.js';

export interface Throughput {
  /** Time of one pass (all files, or one document), ms: median over rounds of tinybench's mean. */
  meanMs: number;
  p50Ms: number;
  samples: number;
  filesPerSec: number;
  mbPerSec: number;
}

export interface CorpusResult {
  corpusPresent: boolean;
  corpusDir: string;
  corpusFiles: number;
  fixtureFiles: number;
  /** Files in the run (corpus + fixtures, or fewer in quick mode). */
  files: number;
  bytes: number;
  readable: { ours: number; wordExtractor: number; both: number; neither: number };
  /** Files one tool reads and the other does not, with the error. */
  onlyOurs: string[];
  onlyWordExtractor: string[];
  /** The ratio set: files both tools read. */
  both: { files: number; bytes: number; ours: Throughput; wordExtractor: Throughput; ratio: number };
  /** Us alone over every file we read. */
  oursAll: Throughput & { files: number; bytes: number };
}

export interface MemoryFigures {
  /** Growth of the resident set over the post-import baseline (VmHWM), bytes. */
  peakRssDelta: number;
  /** Highest V8 heap use seen at a GC during the run, over the baseline, bytes. */
  peakHeapDelta: number;
  maxRss: number;
  ms: number;
  textChars: number;
}

export interface LargeResult {
  name: string;
  kind: string;
  file: string;
  bytes: number;
  textChars: number;
  textUtf8Bytes: number;
  inProcess: {
    ours: Throughput;
    wordExtractor: Throughput;
    ratio: number;
    wordExtractorChars: number;
    /**
     * The file's MB ÷ the memory child's floor time: one string of the file's size made in a
     * fresh process (fresh pages), the least a parse returning a text that long spends there.
     * Absent in results before session 26.
     */
    freshFloorMbPerSec?: number;
  };
  /** floor: read the file and decode it whole as one UTF-16 string (the least any extractor needs). */
  memory: { ours: MemoryFigures; wordExtractor: MemoryFigures; floor: MemoryFigures; limitBytes: number };
  wholeProcess: { ours: RepeatedTiming; catdoc: RepeatedTiming; ratio: number; oursCommand: string; catdocCommand: string };
}

export interface PerFileResult {
  files: number;
  rounds: number;
  /** Median over rounds of the total wall time of one spawn per file, ms. */
  oursMs: number;
  catdocMs: number;
  ratio: number;
  oursFailures: number;
  catdocFailures: number;
  /** The same files as one invocation each (what a script could do instead). */
  oursBatchMs: number;
  catdocBatchMs: number;
  oursCommand: string;
  catdocCommand: string;
}

export interface LoadFigures {
  connections: number;
  durationS: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
}

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface ServiceResult {
  /** Query string sent to our server ('' = its defaults, i.e. format=catdoc). */
  query: string;
  doc: { file: string; bytes: number; oursChars: number; baselineChars: number };
  largeDoc: { file: string; bytes: number };
  levels: { connections: number; ours: LoadFigures; baseline: LoadFigures; rpsRatio: number; p99Ratio: number }[];
  mixed: {
    smallConnections: number;
    largeConnections: number;
    ours: { small: LoadFigures; large: LoadFigures; eventLoop: EventLoopDelay };
    baseline: { small: LoadFigures; large: LoadFigures; eventLoop: EventLoopDelay };
  };
  /** Ours only: small documents while connections post the crafted control-character files (../shared/crashers). */
  crafted: { files: string[]; query: string; connections: number; small: LoadFigures; crafted: LoadFigures[]; eventLoop: EventLoopDelay } | null;
  /**
   * Ours only: CPU time per small-document request at 8 connections alone (closed loop, saturated):
   * the server process (every thread), its event loop, and the load generator (the bench process).
   */
  cpu?: { serverMs: number; eventLoopMs: number; generatorMs: number };
  /**
   * Ours only: small documents sent at a fixed rate (open loop), alone, beside the large documents (same
   * connections as `mixed`), beside the crafted files (same as `crafted`): latency below saturation.
   */
  fixedRate?: { rate: number; alone: FixedRateFigures; large: FixedRateFigures; crafted: FixedRateFigures | null };
}

/** An open-loop run's figures without its per-request records, and what ran beside it. */
export interface FixedRateFigures extends Omit<OpenLoopFigures, 'rate' | 'perRequest'> {
  /** The closed-loop load beside it, req/s (0: none). */
  besideReqPerSec: number;
  eventLoop: EventLoopDelay;
}

export interface Goal {
  id: string;
  goal: string;
  target: string;
  actual: string;
  met: boolean | null;
}

export interface BenchResults {
  date: string;
  label: string | null;
  mode: 'full' | 'quick';
  durationS: number;
  machine: Machine;
  corpus: CorpusResult | null;
  large: LargeResult[];
  perFile: PerFileResult | null;
  service: ServiceResult | null;
  originalService: OriginalServiceResult | null;
  goals: Goal[];
  notes: string[];
}
