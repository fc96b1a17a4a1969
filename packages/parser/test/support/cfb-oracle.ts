/**
 * The `cfb` package as an oracle for the compound-file reader, run in a child process
 * (cfb-oracle-child.mjs): on damaged input cfb 1.2.2 can loop for ever or exhaust its heap, which
 * no in-process test survives. Each call answers with cfb's entries, its error, or 'no answer' when
 * the child has not answered after a generous hang detector (many seconds) or died (its heap is
 * capped); the child is then replaced. Our own reader runs in the same child first (from the built
 * dist/), under the same detector.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { repoRoot } from './corpus.js';

export interface OracleEntry {
  type: number;
  path: string;
  content: Uint8Array | null;
}

export interface OursResult {
  /** `ok`: the streams read; `rejected`: a DocParseError; `failure`: any other error. */
  kind: 'ok' | 'rejected' | 'failure';
  error?: string;
  /** Every stream of the tree, with its directory entry id and path from the root. */
  streams?: Array<{ id: number; path: string; data: Uint8Array }>;
}

export type CfbResult = { kind: 'ok'; entries: OracleEntry[] } | { kind: 'throws'; error: string } | { kind: 'no answer'; why: string };

export const oursDist = resolve(repoRoot, 'packages/parser/dist/ole/index.js');
export const hasOursDist = existsSync(oursDist);

export class CfbOracle {
  private worker: ChildProcess | null = null;

  /** `hangMs`: how long a silent worker is given before it counts as hung (a hang detector, not a speed limit). */
  constructor(private readonly hangMs = 20_000) {}

  async run(bytes: Uint8Array): Promise<{ ours: OursResult | 'hung'; cfb: CfbResult }> {
    const worker = (this.worker ??= fork(resolve(repoRoot, 'packages/parser/test/support/cfb-oracle-child.mjs'), [`file://${oursDist}`], {
      serialization: 'advanced',
      execArgv: ['--max-old-space-size=512'],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    }));
    const replies: Array<Record<string, unknown>> = [];
    let wake: (() => void) | null = null;
    const onMessage = (m: Record<string, unknown>) => {
      if (m.ready) return;
      replies.push(m);
      wake?.();
    };
    let died: string | null = null;
    const onExit = (code: number) => {
      died = `the child exited (${code}): out of memory or crashed`;
      wake?.();
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    const next = async (): Promise<Record<string, unknown> | null> => {
      const deadline = Date.now() + this.hangMs;
      while (!replies.length && !died && Date.now() < deadline) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, Math.max(1, deadline - Date.now()));
        });
      }
      return replies.shift() ?? null;
    };
    worker.send({ bytes });
    try {
      const first = await next();
      if (!first) {
        await this.kill();
        return { ours: 'hung', cfb: { kind: 'no answer', why: died ?? 'ours did not finish' } };
      }
      if ((first.ours as OursResult).kind !== 'ok') return { ours: first.ours as OursResult, cfb: { kind: 'no answer', why: 'not asked' } };
      const second = await next();
      if (!second) {
        await this.kill();
        return { ours: first.ours as OursResult, cfb: { kind: 'no answer', why: died ?? `no answer after ${this.hangMs} ms` } };
      }
      return { ours: first.ours as OursResult, cfb: second.cfb as CfbResult };
    } finally {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    }
  }

  async kill(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w && w.exitCode === null) {
      const exited = new Promise((r) => w.once('exit', r));
      w.kill('SIGKILL');
      await exited;
    }
  }
}

/**
 * Compares our streams with cfb's: every stream we read must be cfb's content of the same
 * directory entry, byte for byte, and the streams at the root must be the same entries, but for
 * cfb's artefacts of entries no storage's tree reaches (below).
 * Returns the differences in words (empty when they agree).
 */
export function compareWithCfb(ours: NonNullable<OursResult['streams']>, cfb: OracleEntry[]): string[] {
  const out: string[] = [];
  for (const s of ours) {
    const ref = cfb[s.id];
    if (!ref) {
      out.push(`${s.path}: entry ${s.id} is not in cfb's directory`);
      continue;
    }
    const refData = ref.content ?? new Uint8Array(0);
    if (!equalBytes(s.data, refData)) out.push(`${s.path}: ${s.data.length} bytes, cfb ${refData.length}${firstDifference(s.data, refData)}`);
  }
  const root = cfb[0]?.path ?? '';
  const cfbRoot = cfb
    .map((e, id) => ({ e, id }))
    .filter(({ e }) => e.type === 2 && e.path.startsWith(root) && !e.path.slice(root.length).includes('/'))
    .map(({ id }) => id)
    .sort((a, b) => a - b);
  const oursRoot = ours.filter((s) => !s.path.includes('/')).map((s) => s.id).sort((a, b) => a - b);
  const reached = new Set(ours.map((s) => s.id));
  // cfb's path builder derives each entry's parent from every entry's links, reached by the tree or
  // not: it attaches entries no tree reaches to the root, and moves an entry out of the tree when an
  // unreached entry names it as a child. [MS-CFB] (and Word and LibreOffice, which walk the tree)
  // ignore unreached entries. Those are the only differences allowed.
  const missing = oursRoot.filter((id) => !cfbRoot.includes(id) && cfb[id]?.path.startsWith(root));
  const extra = cfbRoot.filter((id) => !oursRoot.includes(id) && reached.has(id));
  if (missing.length || extra.length) out.push(`root streams: ours entries [${oursRoot}], cfb [${cfbRoot}]`);
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `, first difference at byte ${i}`;
  return '';
}
