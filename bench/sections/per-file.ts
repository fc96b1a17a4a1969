/**
 * 3. Process per file, what scripts do today: `doc2text file` vs `catdoc -w file`, one spawn per
 * corpus file, sequentially; total wall time per tool (the two alternate file by file, so load
 * changes on the machine hit both alike), without NODE_EXTRA_CA_CERTS (start-up timing). Also each
 * tool once over all the files.
 */
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext, CorpusSet } from '../lib/context.js';
import { cliPath, repoRoot } from '../lib/files.js';
import type { PerFileResult } from '../lib/results.js';
import { startupEnv, timeSpawn } from '../lib/spawn.js';
import { median } from '../lib/stats.js';

interface Tool {
  file: string;
  args: (path: string) => string[];
}

/** One round: every file through every tool, alternating; total wall time and failures per tool. */
async function perFileTotals(tools: Tool[], paths: string[]): Promise<{ ms: number; failures: number }[]> {
  const totals = tools.map(() => ({ ms: 0, failures: 0 }));
  for (const path of paths) {
    for (const [k, tool] of tools.entries()) {
      const r = await timeSpawn(tool.file, tool.args(path), 60_000, undefined, startupEnv());
      if (r.signal) throw new Error(`${tool.file} ${path} was killed by ${r.signal}`);
      totals[k]!.ms += r.ms;
      if (r.code !== 0) totals[k]!.failures++;
    }
  }
  return totals;
}

/** One invocation with many files, chunked to stay well under the argument-length limit. */
async function batchTotal(file: string, fixed: string[], paths: string[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < paths.length; i += 500) {
    const r = await timeSpawn(file, [...fixed, ...paths.slice(i, i + 500)], 300_000, undefined, startupEnv());
    if (r.signal) throw new Error(`${file} (batch) was killed by ${r.signal}`);
  }
  return performance.now() - started;
}

export async function runPerFile(ctx: BenchContext, set: CorpusSet): Promise<PerFileResult> {
  const paths = set.docs.map((d) => d.path);
  const rounds = ctx.quick ? 1 : 3;
  ctx.log(`process per file: ${paths.length} files × ${rounds} round(s), doc2text CLI vs catdoc -w…`);
  const node = process.execPath;
  const oursArgs = (p: string) => [cliPath, p];
  const catdocArgs = (p: string) => ['-w', '-d', 'utf-8', p];
  const tools: Tool[] = [
    { file: node, args: oursArgs },
    { file: 'catdoc', args: catdocArgs },
  ];
  // Warm the page cache and the node binary.
  await perFileTotals(tools, paths.slice(0, 3));

  const ours: number[] = [];
  const catdoc: number[] = [];
  let oursFailures = 0;
  let catdocFailures = 0;
  for (let r = 0; r < rounds; r++) {
    const [a, b] = (await perFileTotals(tools, paths)) as [{ ms: number; failures: number }, { ms: number; failures: number }];
    ours.push(a.ms);
    catdoc.push(b.ms);
    oursFailures = a.failures;
    catdocFailures = b.failures;
  }
  const oursBatchMs = await batchTotal(node, [cliPath], paths);
  const catdocBatchMs = await batchTotal('catdoc', ['-w', '-d', 'utf-8'], paths);
  const oursMs = median(ours);
  const catdocMs = median(catdoc);
  ctx.log(`  doc2text ${oursMs.toFixed(0)} ms (${oursFailures} non-zero exits), catdoc ${catdocMs.toFixed(0)} ms (${catdocFailures}); one invocation: ${oursBatchMs.toFixed(0)} vs ${catdocBatchMs.toFixed(0)} ms`);
  return {
    files: paths.length,
    rounds,
    oursMs,
    catdocMs,
    ratio: catdocMs / oursMs,
    oursFailures,
    catdocFailures,
    oursBatchMs,
    catdocBatchMs,
    oursCommand: `node ${relative(repoRoot, cliPath)} FILE`,
    catdocCommand: 'catdoc -w -d utf-8 FILE',
  };
}
