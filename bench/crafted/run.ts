/**
 * The crafted-file harness (issue 12): every hostile document in ../shared/crashers, each mode in
 * a fresh child process (bench/crafted/child.ts), so heap and resident figures belong to that one
 * run alone.
 *
 *   npx tsx bench/crafted/run.ts [--only a,b] [--modes plain-all,catdoc] [--timeout 120]
 *                                [--heap 4096] [--label before] [--baseline bench/results/crafted-before.json]
 *                                [--out bench/results/crafted]   (writes OUT.md and OUT.json)
 *
 * Figures per (case, mode):
 *  - outcome: ok + characters of text, DocParseError code + message, or the plain error's class
 *    and message; a child killed after --timeout seconds is a HANG, one that dies of heap
 *    exhaustion is OOM;
 *  - ms: wall time of the work inside the child (parse + format; input loading excluded);
 *  - peak heap: V8's used heap at its high-water mark, read from the child's --trace-gc lines
 *    (the "before" figure of every GC after the work starts, and the used heap at the end). A
 *    GC runs whenever the heap grows, so this catches peaks inside one synchronous call, which
 *    sampling process.memoryUsage() from a timer cannot. It is the absolute heap (the ~5-10 MiB
 *    baseline of node + tsx + the parser is included: the cap in `--max-old-space-size` is too);
 *  - peak RSS: the kernel's VmHWM of the child process image (/proc/PID/status), which also counts
 *    external strings and buffers the V8 heap does not; for a killed child, the last value polled.
 * Only the public API of @doc2text/parser (packages/parser/dist) is used: build it first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from '../lib/machine.js';
import { benchDir, resultsDir } from '../lib/files.js';
import { craftedCases } from './cases.js';
import { MODES, peakRss, type ChildResult, type Mode } from './protocol.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'child.ts');
const GC_LINE = /ms: [A-Za-z() -]+? ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;
const MiB = 2 ** 20;

export interface Row {
  case: string;
  source: string;
  bytes: number;
  mode: Mode;
  /** ok | DocParseError | error | HANG | OOM | CRASH */
  status: string;
  detail: string;
  ms: number;
  parseMs?: number;
  warnings?: number;
  peakHeapMiB: number;
  peakRssMiB: number;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function runChild(name: string, mode: Mode, timeoutS: number, heapMiB: number): Promise<Omit<Row, 'case' | 'source'>> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--trace-gc', `--max-old-space-size=${heapMiB}`, '--import', 'tsx', CHILD, name, mode],
      { cwd: benchDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let polledRss = 0;
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-4000)));
    const poll = setInterval(() => (polledRss = Math.max(polledRss, peakRss(child.pid!))), 100);
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const wall = performance.now() - started;
      const lines = out.split('\n');
      const mark = lines.indexOf('MARK');
      let heapPeak = 0;
      for (const line of lines.slice(mark + 1)) {
        const m = GC_LINE.exec(line);
        if (m) heapPeak = Math.max(heapPeak, Number(m[1]) * MiB, Number(m[3]) * MiB);
      }
      const resultLine = lines.find((l) => l.startsWith('RESULT '));
      if (!resultLine) {
        const oom = /heap out of memory|Reached heap limit/i.test(err);
        const status = killed ? 'HANG' : oom ? 'OOM' : 'CRASH';
        const detail = killed
          ? `killed after ${timeoutS} s`
          : oom
            ? `heap limit ${heapMiB} MiB reached after ${(wall / 1000).toFixed(1)} s`
            : `${signal ?? `exit ${code}`}: ${err.trim().split('\n').slice(-1)[0] ?? ''}`;
        resolvePromise({ bytes: 0, mode, status, detail, ms: wall, peakHeapMiB: heapPeak / MiB, peakRssMiB: polledRss / MiB });
        return;
      }
      const r = JSON.parse(resultLine.slice('RESULT '.length)) as ChildResult;
      heapPeak = Math.max(heapPeak, r.heapUsedAfter);
      const o = r.outcome;
      const status = o.kind;
      const at = r.failedAt ? ` (in text('${r.failedAt}'))` : '';
      const detail =
        o.kind === 'ok' ? `${o.chars.toLocaleString('en-US')} chars` : o.kind === 'DocParseError' ? `${o.code}: ${o.message}${at}` : `${o.name}: ${o.message}${at}`;
      resolvePromise({
        bytes: r.bytes,
        mode,
        status,
        detail,
        ms: r.ms,
        parseMs: r.parseMs,
        warnings: r.warnings,
        peakHeapMiB: heapPeak / MiB,
        peakRssMiB: Math.max(r.peakRss, polledRss) / MiB,
      });
    });
  });
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const fmtMiB = (m: number) => (m >= 100 ? m.toFixed(0) : m.toFixed(1));
const clip = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\|/g, '\\|');

function markdown(rows: Row[], meta: Record<string, string>, baseline: Row[] | null): string {
  const lines: string[] = [];
  lines.push(`# Crafted hostile documents (${meta.label})`, '');
  lines.push(`Generated by \`npx tsx bench/crafted/run.ts\` on ${meta.date}; commit ${meta.commit}; node ${meta.node}; ${meta.cpu}, ${meta.cores} cores; load average at start ${meta.load}.`);
  lines.push(
    '',
    'One fresh child process per row (`--max-old-space-size=' + meta.heap + '`, killed after ' + meta.timeout + ' s = HANG).',
    '**ms**: parse + format inside the child (input loading excluded); **parse ms**: `parseDoc` alone.',
    '**peak heap**: V8 used heap at its high-water mark, from `--trace-gc` (absolute, ~5-10 MiB of node + tsx + parser included).',
    '**peak RSS**: the child\'s VmHWM (includes external strings and buffers; node + tsx alone ≈ 85 MiB). Modes: `plain-all` = `doc.text(s)` for every story then `\'all\'`;',
    "`plain-footnotes` = `extractText(bytes, { story: 'footnotes' })`; `catdoc` = `extractText(bytes, { format: 'catdoc' })`.",
    '',
  );
  const before = (r: Row) => baseline?.find((b) => b.case === r.case && b.mode === r.mode);
  lines.push(
    baseline
      ? '| case | input | mode | outcome | detail | ms (before → now) | peak heap MiB (before → now) | peak RSS MiB | parse ms | warnings |'
      : '| case | input | mode | outcome | detail | ms | peak heap MiB | peak RSS MiB | parse ms | warnings |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    const b = before(r);
    const ms = b ? `${fmtMs(b.ms)} → ${fmtMs(r.ms)}` : fmtMs(r.ms);
    const heap = b ? `${fmtMiB(b.peakHeapMiB)} → ${fmtMiB(r.peakHeapMiB)}` : fmtMiB(r.peakHeapMiB);
    lines.push(
      `| ${r.case} | ${r.bytes ? `${(r.bytes / 1024).toFixed(0)} KiB` : '—'} | ${r.mode} | ${b && b.status !== r.status ? `${b.status} → ` : ''}${r.status} | ${clip(r.detail)} | ${ms} | ${heap} | ${fmtMiB(r.peakRssMiB)} | ${r.parseMs === undefined ? '' : fmtMs(r.parseMs)} | ${r.warnings ?? ''} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const only = option('only')?.split(',');
  const modes = (option('modes')?.split(',') ?? [...MODES]) as Mode[];
  for (const m of modes) if (!MODES.includes(m)) throw new Error(`unknown mode ${m}; known: ${MODES.join(', ')}`);
  const timeoutS = Number(option('timeout') ?? 120);
  const heapMiB = Number(option('heap') ?? 4096);
  const label = option('label') ?? 'current code';
  const out = resolve(option('out') ?? join(resultsDir, 'crafted'));
  const baselinePath = option('baseline');
  const baseline = baselinePath ? ((JSON.parse(readFileSync(baselinePath, 'utf8')) as { rows: Row[] }).rows) : null;

  const cases = craftedCases().filter((c) => !only || only.includes(c.name));
  if (cases.length === 0) throw new Error('no crafted cases found (../shared/crashers missing?)');
  const machine = describeMachine({ soffice: false });
  const meta = {
    label,
    date: new Date().toISOString(),
    commit: machine.commit ?? 'unknown',
    node: process.version,
    cpu: machine.cpu,
    cores: String(machine.cores),
    load: loadavg().map((l) => l.toFixed(2)).join(' / '),
    heap: String(heapMiB),
    timeout: String(timeoutS),
  };
  const rows: Row[] = [];
  for (const c of cases) {
    for (const mode of modes) {
      const r = await runChild(c.name, mode, timeoutS, heapMiB);
      const row: Row = { case: c.name, source: c.source, ...r };
      rows.push(row);
      console.error(`${c.name} ${mode}: ${row.status} ${clip(row.detail, 100)} ${fmtMs(row.ms)} ms, heap ${fmtMiB(row.peakHeapMiB)} MiB, rss ${fmtMiB(row.peakRssMiB)} MiB`);
    }
  }
  const md = markdown(rows, meta, baseline);
  process.stdout.write(md);
  if (!existsSync(dirname(out))) mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.md`, md);
  writeFileSync(`${out}.json`, `${JSON.stringify({ meta, rows }, null, 2)}\n`);
}

await main();
