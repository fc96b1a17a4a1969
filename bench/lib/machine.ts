/** What the numbers were measured on. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchDir, repoRoot } from './files.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  catdoc: string | null;
  soffice: string | null;
  wordExtractor: string;
  commit: string | null;
  /** 1/5/15-minute load averages when the run started (other work on the machine skews figures). */
  loadAverage: number[];
  /**
   * Microseconds to fault in one fresh 4 KiB page (pageFaultMicros; absent in older results). Large
   * documents touch tens of megabytes of fresh memory: where faults are dear (a VM that traps
   * them), the large-document and CLI figures fall with no change to the code.
   */
  pageFaultUs?: number;
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim();
    if (model) return model;
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

function run(command: string, args: string[]): string | null {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000, cwd: repoRoot });
  if (r.error) return null;
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
}

export function catdocVersion(): string | null {
  const out = run('catdoc', ['-V']);
  return out === null ? null : (/Version\s+([\d.]+)/i.exec(out)?.[0] ?? out.split('\n')[0] ?? null);
}

/**
 * The cost of a page fault: 64 MiB of fresh memory (malloc'd, so mapped anew each time), one byte
 * written per 4 KiB page; the median of 5.
 */
export function pageFaultMicros(): number {
  const PAGE = 4096;
  const bytes = 64 * 2 ** 20;
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const fresh = Buffer.allocUnsafeSlow(bytes);
    const t = process.hrtime.bigint();
    for (let i = 0; i < bytes; i += PAGE) fresh[i] = 1;
    times.push(Number(process.hrtime.bigint() - t) / 1000 / (bytes / PAGE));
  }
  times.sort((a, b) => a - b);
  return Math.round(times[2]! * 100) / 100;
}

export function describeMachine(options: { soffice?: boolean } = {}): Machine {
  const requireFromBench = createRequire(join(benchDir, 'package.json'));
  const we = JSON.parse(readFileSync(requireFromBench.resolve('word-extractor/package.json'), 'utf8')) as { version: string };
  const head = run('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['status', '--porcelain', '--', 'packages']);
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${process.platform} ${release()}`,
    catdoc: catdocVersion(),
    soffice: options.soffice === false ? null : (run('soffice', ['--version'])?.split('\n').find((l) => /LibreOffice/.test(l)) ?? null),
    wordExtractor: we.version,
    commit: head && /^[0-9a-f]+$/.test(head) ? `${head}${dirty ? ' (packages/ modified)' : ''}` : null,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    pageFaultUs: pageFaultMicros(),
  };
}
