/**
 * pnpm bench [--quick] [--only corpus,large,per-file,service,original] [--label NAME] [--out DIR]
 *            [--corpus DIR] [--service-doc FILE] [--service-query 'format=plain'] [--large-size MB]
 *
 * doc2text against the tools people use today, each comparison in the same run:
 *   1. corpus      in process, us vs word-extractor (tinybench), files/s and MB/s
 *   2. large       16 MB-class generated documents: MB/s, peak memory, CLI vs `catdoc -w`
 *   3. per-file    one process per corpus file: CLI vs catdoc
 *   4. service     our server vs bench/baseline-server.ts under autocannon, plus small-doc
 *                  latency while large documents (and the crafted files of ../shared/crashers)
 *                  are being parsed
 *   5. original    the real original stack (../shared/baseline-service: Falcon + gunicorn +
 *                  catdoc -a) vs our server, wrk with Connection: close, 32 connections
 *
 * A full run writes bench/results/<date>.json, README.md and ratios.svg. --only writes just
 * <date>-<label|sections>.json and .md beside them (for before/after comparisons).
 * --quick checks that the harness works (tiny durations, a few files, a 0.25 MB generated
 * document) and writes to bench/results/quick/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureLargeDocs, type GeneratedDoc } from './generate-large.js';
import type { BenchContext, CorpusSet } from './lib/context.js';
import { cliPath, defaultCorpusDir, fixturesDir, listCorpus, listFixtures, loadDoc, repoRoot, resultsDir } from './lib/files.js';
import { describeMachine } from './lib/machine.js';
import { evaluateGoals, markdown, ratiosSvg } from './lib/report.js';
import type { BenchResults } from './lib/results.js';
import { closeDevNull } from './lib/spawn.js';
import { runCorpusInProcess } from './sections/corpus-inprocess.js';
import { runLarge } from './sections/large.js';
import { runPerFile } from './sections/per-file.js';
import { originalServiceMissing, runOriginalService } from './sections/original-service.js';
import { runService } from './sections/service.js';

const SECTIONS = ['corpus', 'large', 'per-file', 'service', 'original'] as const;
type Section = (typeof SECTIONS)[number];

function usage(message?: string): never {
  if (message) console.error(`bench: ${message}`);
  console.error('usage: pnpm bench [--quick] [--only corpus,large,per-file,service,original] [--label NAME] [--out DIR] [--corpus DIR] [--service-doc FILE] [--service-query QUERY] [--large-size MB]');
  process.exit(2);
}

const args = process.argv.slice(2);
let quick = false;
let only: Section[] | null = null;
let label: string | null = null;
let outDir: string | null = null;
let corpusDir = defaultCorpusDir;
let serviceDoc = join(fixturesDir, 'long.doc');
let largeSize: number | null = null;
let serviceQuery = '';
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  const value = () => args[++i] ?? usage(`${a} needs a value`);
  if (a === '--quick') quick = true;
  else if (a === '--only') {
    only = value().split(',').map((s) => s.trim()) as Section[];
    const bad = only.filter((s) => !SECTIONS.includes(s));
    if (bad.length) usage(`unknown section(s) ${bad.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  } else if (a === '--label') {
    label = value();
    if (!/^[\w.-]+$/.test(label)) usage('--label takes letters, digits, ".", "_" and "-"');
  } else if (a === '--out') outDir = resolve(value());
  else if (a === '--corpus') corpusDir = resolve(value());
  else if (a === '--service-doc') serviceDoc = resolve(value());
  else if (a === '--service-query') serviceQuery = value().replace(/^\?/, '');
  else if (a === '--large-size') {
    largeSize = Number(value());
    if (!(largeSize > 0 && largeSize <= 200)) usage('--large-size takes a size in MB, 0 < MB ≤ 200');
  } else if (a === '-h' || a === '--help') usage();
  else usage(`unknown argument ${a}`);
}
const wanted = (s: Section) => only === null || only.includes(s);

const started = performance.now();
const notes: string[] = [];
const ctx: BenchContext = {
  quick,
  corpusDir,
  log: (line) => console.log(line),
  note: (line) => {
    notes.push(line);
    console.log(`note: ${line}`);
  },
};

if (!existsSync(cliPath)) usage(`${relative(repoRoot, cliPath)} is missing: build first (pnpm -r --filter './packages/**' build)`);

const machine = describeMachine();
console.log(`doc2text bench (${quick ? 'quick' : 'full'}) — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`);
if ((machine.loadAverage[0] ?? 0) > machine.cores * 0.5) {
  ctx.note(`The machine was busy when the run started (load average ${machine.loadAverage.join(' / ')} on ${machine.cores} cores): figures are pessimistic and noisy.`);
}
if (!machine.catdoc) ctx.note('catdoc is not installed: the whole-process, per-file and baseline-server comparisons cannot run.');

// Inputs.
const corpus = listCorpus(corpusDir);
if (!corpus.present) ctx.note(`The shared corpus is absent (${relative(repoRoot, corpusDir) || corpusDir}): the corpus sections use fixtures/*.doc only.`);
let corpusPaths = corpus.paths;
if (quick && corpusPaths.length > 10) {
  const step = corpusPaths.length / 10;
  corpusPaths = Array.from({ length: 10 }, (_, i) => corpusPaths[Math.floor(i * step)]!);
}
const fixturePaths = quick ? listFixtures().slice(0, 4) : listFixtures();
const set: CorpusSet = {
  corpusPresent: corpus.present,
  corpusFiles: corpusPaths.length,
  fixtureFiles: fixturePaths.length,
  docs: [...corpusPaths, ...fixturePaths].map((p) => loadDoc(p, corpusDir)),
};

let large: GeneratedDoc[] = [];
if (wanted('large') || wanted('service')) {
  const sizeMB = largeSize ?? (quick ? 0.25 : 16);
  try {
    large = ensureLargeDocs({ sizeMB, kinds: quick ? ['latin'] : ['latin', 'cyrillic-cjk'], log: ctx.log });
  } catch (error) {
    ctx.note(`Large documents unavailable (${(error as Error).message}); the large-document section is skipped and the mixed-load test uses fixtures/long.doc.`);
  }
}

const results: Omit<BenchResults, 'goals'> = {
  date: new Date().toISOString(),
  label,
  mode: quick ? 'quick' : 'full',
  durationS: 0,
  machine,
  corpus: null,
  large: [],
  perFile: null,
  service: null,
  originalService: null,
  notes,
};

if (wanted('corpus')) {
  if (set.docs.length === 0) ctx.note('No documents for the corpus section.');
  else results.corpus = await runCorpusInProcess(ctx, set);
}
if (wanted('large') && large.length) results.large = await runLarge(ctx, large);
if (wanted('per-file') && machine.catdoc && set.docs.length) results.perFile = await runPerFile(ctx, set);
if (wanted('service') && machine.catdoc) {
  const small = loadDoc(serviceDoc, corpusDir);
  const big = large[0] ? loadDoc(large[0].path) : small;
  results.service = await runService(ctx, small, big, serviceQuery);
}
if (wanted('original')) {
  const missing = originalServiceMissing();
  if (missing) ctx.note(`The original service cannot run here: ${missing}.`);
  else results.originalService = await runOriginalService(ctx, serviceDoc);
}
closeDevNull();
results.durationS = (performance.now() - started) / 1000;

const full: BenchResults = { ...results, goals: evaluateGoals(results) };
const day = full.date.slice(0, 10);
const dir = outDir ?? (quick ? join(resultsDir, 'quick') : resultsDir);
mkdirSync(dir, { recursive: true });
const stem = only === null ? (label ? `${day}-${label}` : day) : `${day}-${label ?? only.join('+')}`;
const jsonName = `${stem}.json`;
writeFileSync(join(dir, jsonName), `${JSON.stringify(full, null, 2)}\n`);
const md = markdown(full, jsonName);
if (only === null) {
  writeFileSync(join(dir, 'README.md'), md);
  writeFileSync(join(dir, 'ratios.svg'), ratiosSvg(full));
} else {
  writeFileSync(join(dir, `${stem}.md`), md);
}

console.log('\ngoals:');
for (const g of full.goals) console.log(`  ${g.met === null ? '·' : g.met ? '✔' : '✘'} ${g.goal} (${g.target}): ${g.actual}`);
console.log(`\nwrote ${relative(process.cwd(), join(dir, jsonName))}${only === null ? ', README.md, ratios.svg' : `, ${stem}.md`} in ${relative(process.cwd(), dir) || '.'} (${full.durationS.toFixed(1)} s)`);
