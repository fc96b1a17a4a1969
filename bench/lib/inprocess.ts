/**
 * In-process comparisons with tinybench, in rounds: each round is a fresh Bench holding every
 * task (the task order alternates between rounds), so a change in machine load during the run
 * hits all contenders alike. Figures: the median over rounds of each task's mean pass time.
 */
import { Bench, type Fn, type Task } from 'tinybench';
import { MB } from './files.js';
import type { Throughput } from './results.js';
import { median } from './stats.js';

export interface InProcessTask {
  name: string;
  fn: Fn;
  /** Files and bytes one call of fn processes. */
  files: number;
  bytes: number;
}

export interface RoundOptions {
  rounds: number;
  /** tinybench time budget per task and round, ms. */
  timeMs: number;
  /** Minimum iterations per task and round. */
  iterations: number;
  warmupIterations: number;
}

function meanMsOf(task: Task): { mean: number; p50: number; samples: number } {
  const result = task.result;
  if (result.state !== 'completed') {
    throw new Error(`tinybench task ${task.name} did not complete: ${result.state}${'error' in result ? ` (${result.error.message})` : ''}`);
  }
  return { mean: result.latency.mean, p50: result.latency.p50, samples: result.latency.samplesCount };
}

export async function compareInProcess(tasks: readonly InProcessTask[], o: RoundOptions): Promise<Throughput[]> {
  const means = tasks.map(() => [] as number[]);
  const p50s = tasks.map(() => [] as number[]);
  const samples = tasks.map(() => 0);
  for (let round = 0; round < o.rounds; round++) {
    const bench = new Bench({ time: o.timeMs, iterations: o.iterations, warmupTime: 0, warmupIterations: o.warmupIterations, throws: true });
    const order = round % 2 === 0 ? tasks.map((_, i) => i) : tasks.map((_, i) => tasks.length - 1 - i);
    for (const i of order) bench.add(tasks[i]!.name, tasks[i]!.fn);
    await bench.run();
    for (const i of order) {
      const m = meanMsOf(bench.getTask(tasks[i]!.name)!);
      means[i]!.push(m.mean);
      p50s[i]!.push(m.p50);
      samples[i] = samples[i]! + m.samples;
    }
  }
  return tasks.map((t, i) => {
    const meanMs = median(means[i]!);
    return {
      meanMs,
      p50Ms: median(p50s[i]!),
      samples: samples[i]!,
      filesPerSec: t.files / (meanMs / 1000),
      mbPerSec: t.bytes / MB / (meanMs / 1000),
    };
  });
}
