/** What a load run and the probes found (the report and the fault test read these). */
import type { LoadOptions, latencySummary } from './common.js';
import type { Kind } from './requests.js';
import type { ServerChild } from './server-child.js';

export interface GroupStats {
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

export function newGroup(): GroupStats {
  return { sent: 0, statuses: {}, unexpected: 0, checked: 0, badShape: 0, examples: [] };
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

// ---------------------------------------------------------------------------------------------------
// goals and report

export interface Verdict {
  goal: string;
  ok: boolean;
  value: string;
}
