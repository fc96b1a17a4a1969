/**
 * The long fuzz runner (issue 6): the mutators of harness/fuzz.ts, without vitest.
 *
 *   pnpm fuzz [--runs 100000] [--seed N] [--report bench/results/fuzz.md] [--save-crashers DIR]
 *             [--workers N] [--hang-ms 10000] [--max-seed-bytes N] [--minutes M] [--only a,b]
 *
 * Cases run in worker processes (one per core by default), each case in-process with its own
 * timer; the parent watches the workers, so a case that never returns (or exhausts the worker's
 * heap) is recorded as a failure and the run goes on. Case i is a pure function of (seed, i): any
 * failure is reproduced with `--seed N --case i` (add --save-crashers DIR to write the input).
 * Workers run with --max-old-space-size, so a case whose heap grows past the 256 MB invariant
 * (plus the worker's own baseline) kills its worker and is reported.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS, loadSeeds, mutate, prepare, runCase, type PreparedSeed } from '../harness/fuzz.js';
import { repoRoot } from '../harness/paths.js';

interface Options {
  runs: number;
  seed: number;
  report: string;
  saveCrashers: string | null;
  workers: number;
  hangMs: number;
  maxSeedBytes: number;
  minutes: number;
  only: string[] | undefined;
  caseIndex: number | null;
  /** What code was fuzzed (a line in the report), e.g. "working tree + patches X". */
  label: string | null;
}

function parseArgs(argv: string[]): Options & { worker: boolean } {
  const o: Options & { worker: boolean } = {
    runs: 100_000,
    seed: 1,
    report: join(repoRoot, 'bench/results/fuzz.md'),
    saveCrashers: null,
    workers: Math.max(1, Math.min(cpus().length, 4)),
    hangMs: 10_000,
    maxSeedBytes: 2 * 1024 * 1024,
    minutes: 50,
    only: undefined,
    caseIndex: null,
    label: null,
    worker: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--runs': o.runs = Number(value()); break;
      case '--seed': o.seed = Number(value()); break;
      case '--report': o.report = resolve(value()); break;
      case '--save-crashers': o.saveCrashers = resolve(value()); break;
      case '--workers': o.workers = Number(value()); break;
      case '--hang-ms': o.hangMs = Number(value()); break;
      case '--max-seed-bytes': o.maxSeedBytes = Number(value()); break;
      case '--minutes': o.minutes = Number(value()); break;
      case '--only': o.only = value().split(','); break;
      case '--case': o.caseIndex = Number(value()); break;
      case '--label': o.label = value(); break;
      case '--worker': o.worker = true; break;
      case '--': break;
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  return o;
}

/** Case i of run `seed`: which seed file and which mutation (a pure function, for reproduction). */
function caseOf(seed: number, i: number, seeds: number): { seedIndex: number; caseSeed: number } {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h = (h ^ (h >>> 16)) >>> 0;
  return { seedIndex: h % seeds, caseSeed: Math.imul(h, 0x27d4eb2d) >>> 0 };
}

function input(seeds: PreparedSeed[], opts: Options, i: number): { seed: PreparedSeed; bytes: Uint8Array; what: string[] } {
  const { seedIndex, caseSeed } = caseOf(opts.seed, i, seeds.length);
  const seed = seeds[seedIndex]!;
  const m = mutate(seed, caseSeed, opts.only);
  return { seed, bytes: m.bytes, what: m.what };
}

// ---------------------------------------------------------------------------------------------
// Worker: runs cases [from, to) and reports each one.
// ---------------------------------------------------------------------------------------------

interface CaseReport {
  i: number;
  kind: 'text' | 'rejected' | 'failure';
  ms: number;
  code?: string;
  reason?: string;
  signature?: string;
  heap: number;
}

function worker(opts: Options): void {
  const seeds = loadSeeds({ maxBytes: opts.maxSeedBytes }).map(prepare);
  process.on('message', (msg: { from: number; to: number } | 'exit') => {
    if (msg === 'exit') process.exit(0);
    for (let i = msg.from; i < msg.to; i++) {
      const { bytes } = input(seeds, opts, i);
      const r = runCase(bytes);
      const heap = process.memoryUsage().heapUsed;
      const rep: CaseReport = { i, kind: r.kind, ms: r.ms, heap };
      if (r.kind === 'rejected') rep.code = r.code;
      if (r.kind === 'failure') {
        rep.reason = r.reason;
        rep.signature = r.signature;
      }
      process.send!(rep);
    }
    process.send!({ done: msg.to, rss: process.resourceUsage().maxRSS * 1024 });
  });
  process.send!({ ready: seeds.length });
}

// ---------------------------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------------------------

interface Failure {
  signature: string;
  reason: string;
  count: number;
  first: number;
  seed: string;
  what: string[];
  saved?: string;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.worker) return worker(opts);

  const seeds = loadSeeds({ maxBytes: opts.maxSeedBytes }).map(prepare);
  if (!seeds.length) throw new Error('no seeds: fixtures/*.doc and ../shared/corpus/docs are both absent');

  if (opts.caseIndex !== null) {
    // Reproduce one case in this process.
    const c = input(seeds, opts, opts.caseIndex);
    console.log(`case ${opts.caseIndex}: ${c.seed.name}\n  ${c.what.join('\n  ')}`);
    if (opts.saveCrashers) save(opts.saveCrashers, `case-${opts.seed}-${opts.caseIndex}`, c.bytes, c.seed.name, c.what, 'reproduced');
    console.log(runCase(c.bytes));
    return;
  }

  const started = Date.now();
  const deadline = started + opts.minutes * 60_000;
  const totals = { cases: 0, text: 0, rejected: 0, failures: 0 };
  const codes = new Map<string, number>();
  const failures = new Map<string, Failure>();
  let slowest = { ms: 0, i: -1 };
  let peakHeap = 0;
  let peakRss = 0;
  let lastProgress = Date.now();
  const CHUNK = 250;
  let nextCase = 0;
  let stoppedEarly = false;

  const record = (rep: CaseReport) => {
    totals.cases++;
    peakHeap = Math.max(peakHeap, rep.heap);
    if (rep.ms > slowest.ms) slowest = { ms: rep.ms, i: rep.i };
    if (rep.kind === 'text') totals.text++;
    else if (rep.kind === 'rejected') {
      totals.rejected++;
      codes.set(rep.code!, (codes.get(rep.code!) ?? 0) + 1);
    } else addFailure(rep.i, rep.signature!, rep.reason!);
  };
  const addFailure = (i: number, signature: string, reason: string, counted = false) => {
    if (!counted) totals.cases++;
    totals.failures++;
    const f = failures.get(signature);
    if (f) {
      f.count++;
      return;
    }
    const c = input(seeds, opts, i);
    const entry: Failure = { signature, reason, count: 1, first: i, seed: c.seed.name, what: c.what };
    if (opts.saveCrashers) entry.saved = save(opts.saveCrashers, `${slug(signature)}-${opts.seed}-${i}`, c.bytes, c.seed.name, c.what, reason);
    failures.set(signature, entry);
    console.log(`\nNEW FAILURE case ${i} (${c.seed.name}): ${reason}\n  ${c.what.join('\n  ')}`);
  };

  const workerScript = fileURLToPath(import.meta.url);
  const workerArgs = ['--worker', '--seed', String(opts.seed), '--max-seed-bytes', String(opts.maxSeedBytes), ...(opts.only ? ['--only', opts.only.join(',')] : [])];
  const heapMb = Math.round(LIMITS.heapBytes / 2 ** 20) + 128; // the invariant, plus the worker's baseline (seeds, code)

  const runWorker = () =>
    new Promise<void>((done) => {
      let child: ChildProcess;
      let current: { from: number; to: number } | null = null;
      let lastDone = -1;
      let timer: NodeJS.Timeout | null = null;
      /** Workers the watchdog killed: results still in flight from them are dropped. */
      const killed = new WeakSet<ChildProcess>();
      const arm = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          const i = lastDone + 1;
          killed.add(child);
          child.kill('SIGKILL');
          addFailure(i, 'hang', `no result after ${opts.hangMs} ms: killed`);
        }, opts.hangMs);
      };
      const feed = () => {
        if (nextCase >= opts.runs || Date.now() > deadline) {
          if (nextCase < opts.runs) stoppedEarly = true;
          if (timer) clearTimeout(timer);
          current = null;
          child.send('exit');
          return;
        }
        current = { from: nextCase, to: Math.min(opts.runs, nextCase + CHUNK) };
        nextCase = current.to;
        lastDone = current.from - 1;
        child.send(current);
        arm();
      };
      const start = (resume: { from: number; to: number } | null) => {
        const self = fork(workerScript, workerArgs, { execArgv: [...process.execArgv, `--max-old-space-size=${heapMb}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
        child = self;
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
        child.on('message', (m: CaseReport | { ready: number } | { done: number; rss: number }) => {
          if (killed.has(self)) return;
          if ('ready' in m) {
            if (resume && resume.from < resume.to) {
              current = resume;
              lastDone = resume.from - 1;
              child.send(resume);
              arm();
            } else feed();
          } else if ('done' in m) {
            peakRss = Math.max(peakRss, m.rss);
            feed();
          } else {
            lastDone = m.i;
            record(m);
            arm();
            if (Date.now() - lastProgress > 10_000) {
              lastProgress = Date.now();
              const rate = totals.cases / ((Date.now() - started) / 1000);
              process.stdout.write(`  ${totals.cases} cases, ${rate.toFixed(0)}/s, ${failures.size} unique failures, slowest ${slowest.ms.toFixed(0)} ms, peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MB\n`);
            }
          }
        });
        child.on('exit', (code, signal) => {
          if (timer) clearTimeout(timer);
          if (current === null) return done();
          // Died mid-chunk: a hang we killed, or a crash (out of memory, stack, …).
          const i = lastDone + 1;
          if (!killed.has(self)) addFailure(i, 'worker-crash', `worker died (${signal ?? `exit ${code}`}): ${stderr.split('\n').filter(Boolean).slice(-3).join(' | ')}`);
          const rest = { from: i + 1, to: current.to };
          start(rest);
        });
      };
      start(null);
    });

  console.log(`fuzz: ${opts.runs} cases, seed ${opts.seed}, ${seeds.length} seed files, ${opts.workers} worker(s)`);
  await Promise.all(Array.from({ length: opts.workers }, runWorker));
  const seconds = (Date.now() - started) / 1000;

  const slow = slowest.i >= 0 ? input(seeds, opts, slowest.i) : null;
  const report = renderReport({ opts, seeds, totals, codes, failures, slowest, slow, peakHeap, peakRss, seconds, stoppedEarly });
  mkdirSync(dirname(opts.report), { recursive: true });
  writeFileSync(opts.report, report);
  console.log(`\n${report}\nwritten to ${opts.report}`);
  if (failures.size) process.exitCode = 1;
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'failure';
}

function save(dir: string, name: string, bytes: Uint8Array, seed: string, what: string[], reason: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.doc`);
  writeFileSync(file, bytes);
  writeFileSync(join(dir, `${name}.txt`), `seed: ${seed}\nfailure: ${reason}\nmutations:\n${what.map((w) => `  ${w}\n`).join('')}`);
  return file;
}

function renderReport(r: {
  opts: Options;
  seeds: PreparedSeed[];
  totals: { cases: number; text: number; rejected: number; failures: number };
  codes: Map<string, number>;
  failures: Map<string, Failure>;
  slowest: { ms: number; i: number };
  slow: { seed: PreparedSeed; what: string[] } | null;
  peakHeap: number;
  peakRss: number;
  seconds: number;
  stoppedEarly: boolean;
}): string {
  const { opts, totals } = r;
  const corpus = r.seeds.filter((s) => s.name.startsWith('corpus/')).length;
  const lines = [
    '# Fuzz run (issue 6: hostile input)',
    '',
    `Generated by \`pnpm fuzz --runs ${opts.runs} --seed ${opts.seed}\` (packages/parser/scripts/fuzz.ts) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${opts.workers} worker process(es).`,
    ...(opts.label ? ['', `Code under test: ${opts.label}`] : []),
    '',
    'Invariant: `parseDoc(bytes)` then `.text(\'all\')`, `.text(\'body\')`, `.characters(\'all\')` returns strings or throws `DocParseError`;',
    `never another exception, never more than ${LIMITS.ms} ms per input, never a heap above ${LIMITS.heapBytes / 2 ** 20} MB; output at most ${LIMITS.charsPerByte} characters per input byte (+${LIMITS.charsExtra}).`,
    '',
    '| | |',
    '|---|---|',
    `| cases run | ${totals.cases}${r.stoppedEarly ? ` of ${opts.runs} (stopped at the ${opts.minutes}-minute limit)` : ''} |`,
    `| wall time | ${r.seconds.toFixed(0)} s (${(totals.cases / r.seconds).toFixed(0)} cases/s) |`,
    `| returned text | ${totals.text} |`,
    `| rejected with DocParseError | ${totals.rejected} (${[...r.codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}) |`,
    `| failures | ${totals.failures} |`,
    `| **unique failures** | **${r.failures.size}** |`,
    `| slowest case | ${r.slowest.ms.toFixed(1)} ms (case ${r.slowest.i}${r.slow ? `, ${r.slow.seed.name}: ${r.slow.what.join('; ')}` : ''}) |`,
    `| peak heap (heapUsed after each case) | ${(r.peakHeap / 2 ** 20).toFixed(1)} MB |`,
    `| peak worker RSS (maxRSS) | ${(r.peakRss / 2 ** 20).toFixed(0)} MB (workers run with --max-old-space-size=${Math.round(LIMITS.heapBytes / 2 ** 20) + 128}) |`,
    `| seeds | run seed ${opts.seed}; ${r.seeds.length} seed files (${r.seeds.length - corpus} fixtures, ${corpus} corpus, each ≤ ${opts.maxSeedBytes} bytes) |`,
    '',
  ];
  if (r.failures.size) {
    lines.push('## Unique failures (error type + top stack frame)', '', '| signature | count | first case | seed | reason | mutations |', '|---|---|---|---|---|---|');
    for (const f of r.failures.values()) {
      lines.push(`| \`${f.signature}\` | ${f.count} | ${f.first} | ${f.seed} | ${f.reason.replace(/\|/g, '\\|').slice(0, 200)} | ${f.what.join('; ').replace(/\|/g, '\\|')} |`);
    }
    lines.push('', `Reproduce one: \`pnpm fuzz --seed ${opts.seed} --case <first case> [--save-crashers DIR]\`.`, '');
  }
  return lines.join('\n') + '\n';
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
