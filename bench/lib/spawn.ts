/** Whole-process timing, hyperfine-style: spawn, wait, take wall time; output goes to /dev/null. */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { median, percentile } from './stats.js';

export interface Command {
  name: string;
  file: string;
  args: string[];
  /** The environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export interface SpawnResult {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

let devNull: number | undefined;
function nullFd(): number {
  devNull ??= openSync('/dev/null', 'w');
  return devNull;
}

export function closeDevNull(): void {
  if (devNull !== undefined) closeSync(devNull);
  devNull = undefined;
}

/** Runs one process to completion (bounded by timeoutMs) and returns its wall time. */
/**
 * This process's environment without NODE_EXTRA_CA_CERTS, for timing process start-up (the house
 * rule: where it is set, node reads the whole CA bundle before a script starts, ~35 ms here).
 */
export function startupEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

export function timeSpawn(file: string, args: readonly string[], timeoutMs = 60_000, cwd?: string, env?: NodeJS.ProcessEnv): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', nullFd(), 'ignore'], timeout: timeoutMs, cwd, env });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ ms: performance.now() - started, code, signal }));
  });
}

export interface RepeatedTiming {
  runs: number;
  warmup: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  p90Ms: number;
  exitCodes: number[];
}

function summary(runs: number, warmup: number, times: number[], codes: Set<number>): RepeatedTiming {
  return {
    runs,
    warmup,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    p90Ms: percentile(times, 90),
    exitCodes: [...codes],
  };
}

/**
 * hyperfine-like, for several commands at once: `warmup` discarded runs of each, then `runs`
 * rounds that run each command once, in turn — so a change in machine load hits every command
 * alike. The median is the figure.
 */
export async function repeatSpawnAlternating(commands: readonly Command[], runs: number, warmup = 1, timeoutMs = 60_000): Promise<RepeatedTiming[]> {
  for (let i = 0; i < warmup; i++) for (const c of commands) await timeSpawn(c.file, c.args, timeoutMs, undefined, c.env);
  const times = commands.map(() => [] as number[]);
  const codes = commands.map(() => new Set<number>());
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of commands.entries()) {
      const r = await timeSpawn(c.file, c.args, timeoutMs, undefined, c.env);
      if (r.signal) throw new Error(`${c.name} was killed by ${r.signal} (timeout ${timeoutMs} ms?)`);
      times[k]!.push(r.ms);
      codes[k]!.add(r.code ?? -1);
    }
  }
  return commands.map((_, k) => summary(runs, warmup, times[k]!, codes[k]!));
}

export async function repeatSpawn(command: Command, runs: number, warmup = 1, timeoutMs = 60_000): Promise<RepeatedTiming> {
  return (await repeatSpawnAlternating([command], runs, warmup, timeoutMs))[0]!;
}
