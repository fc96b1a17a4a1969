/**
 * In-process side by side: this checkout's parser build, another build of it (e.g. main's, for
 * before/after) and word-extractor, on one document, in alternating rounds (every order of
 * the three in turn; two warm-up rounds). Prints wall and CPU-time (process.cpuUsage) medians (and means) and the
 * ratios word-extractor ÷ each build, with the load average. Checks both builds give the same text.
 * A directory stands for every .doc under it that both builds and word-extractor read (e.g.
 * ../shared/corpus/docs: the corpus section's files/s ratio, one round = one pass over them).
 *
 *   git worktree add /tmp/base main && (cd /tmp/base && npx -y pnpm@10 install && npx -y pnpm@10 -s --filter @doc2text/parser build)
 *   cp -r /tmp/base/packages/parser/dist packages/parser/dist-base     (inside the repository: its imports resolve)
 *   node --import tsx bench/compare-builds.ts bench/generated/latin-16mb.doc|../shared/corpus/docs [--rounds 31] [--base packages/parser/dist-base] [--format catdoc] [--repeat N]
 *
 * --repeat N: each round makes N passes of each tool (times shown per pass): a small document's
 * per-call cost, e.g. fixtures/long.doc --format catdoc --repeat 400 (one call is too short to time).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { wordExtractorText } from './lib/tools.js';
import { listCorpus, MB, repoRoot } from './lib/files.js';
import { median } from './lib/stats.js';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const file = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--')));
if (!file) {
  console.error('usage: node --import tsx bench/compare-builds.ts FILE|DIR [--rounds 31] [--base packages/parser/dist-base] [--format plain|catdoc] [--repeat N]');
  process.exit(2);
}
const rounds = Number(option('rounds') ?? 31);
const format = option('format') === 'catdoc' ? 'catdoc' : 'plain';
const repeat = Math.max(1, Number(option('repeat') ?? 1));
type Lib = { extractText(bytes: Uint8Array, o?: { format?: 'plain' | 'catdoc' }): string };
const load = async (dir: string) => (await import(pathToFileURL(resolve(repoRoot, dir, 'index.js')).href)) as Lib;
const base = await load(option('base') ?? 'packages/parser/dist-base');
const current = await load('packages/parser/dist');
const paths = statSync(file).isDirectory() ? listCorpus(file).paths.concat(readdirSync(file).filter((n) => /\.doc$/i.test(n)).map((n) => join(file, n))) : [file];
const docs: Array<{ bytes: Buffer; input: Uint8Array }> = [];
let differ = 0;
for (const path of paths) {
  const bytes = readFileSync(path);
  const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const a = base.extractText(input, { format });
    const b = current.extractText(input, { format });
    if (paths.length > 1) await wordExtractorText(bytes);
    if (a !== b) differ++;
    docs.push({ bytes, input });
  } catch {
    if (paths.length === 1) throw new Error(`${path}: not read by every tool`);
  }
}
if (differ) console.log(`note: the two builds give different text on ${differ} file(s)`);

const tools: Array<[string, () => unknown]> = [
  ['base build', () => docs.map((d) => base.extractText(d.input, { format }))],
  ['this build', () => docs.map((d) => current.extractText(d.input, { format }))],
  [
    'word-extractor',
    async () => {
      for (const d of docs) await wordExtractorText(d.bytes);
    },
  ],
];
const wall = tools.map(() => [] as number[]);
const cpu = tools.map(() => [] as number[]);
// Every order of the three in turn: a tool that always ran right after the same one (a rotation
// keeps the cycle) paid for that one's garbage every round (the base build, after word-extractor's).
const ORDERS = [
  [0, 1, 2],
  [1, 0, 2],
  [2, 0, 1],
  [0, 2, 1],
  [1, 2, 0],
  [2, 1, 0],
];
for (let round = -2; round < rounds; round++) {
  for (let k = 0; k < tools.length; k++) {
    const i = ORDERS[(round + ORDERS.length) % ORDERS.length]![k]!;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let r = 0; r < repeat; r++) await tools[i]![1]();
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    if (round >= 0) {
      wall[i]!.push((t1 - t0) / repeat);
      cpu[i]!.push((c1.user + c1.system) / 1000 / repeat);
    }
  }
}
const mb = docs.reduce((n, d) => n + d.bytes.byteLength, 0) / MB;
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const ms = (v: number) => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(1)} ms`);
console.log(`${file}${docs.length > 1 ? ` (${docs.length} files)` : ''} (${format}), ${rounds} rounds${repeat > 1 ? ` of ${repeat} passes` : ''}, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
for (let i = 0; i < tools.length; i++) {
  const w = median(wall[i]!);
  // The mean too: a parse's time is two-moded (with or without a full GC), and a median can land on
  // either mode depending on where the collections fall in the rounds.
  console.log(`  ${tools[i]![0].padEnd(15)} wall ${ms(w)} (${((mb / w) * 1000).toFixed(0)} MB/s${docs.length > 1 ? `, ${((docs.length / w) * 1000).toFixed(0)} files/s` : ''}), cpu ${ms(median(cpu[i]!))}; means: wall ${ms(mean(wall[i]!))}, cpu ${ms(mean(cpu[i]!))}`);
}
for (const i of [0, 1]) {
  console.log(`  word-extractor ÷ ${tools[i]![0]}: wall ${(median(wall[2]!) / median(wall[i]!)).toFixed(2)}×, cpu ${(median(cpu[2]!) / median(cpu[i]!)).toFixed(2)}×`);
}
