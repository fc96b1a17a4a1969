/**
 * CPU profile of extractText on one document, hottest functions first, mapped back to the
 * TypeScript sources through packages/parser/dist/*.js.map:
 *
 *   tsx bench/profile.ts [--runs 5] [--buffer] [--format catdoc] file.doc|dir…
 *
 * A directory stands for every .doc under it (e.g. ../shared/corpus/docs); files the parser
 * refuses are left out.
 * --buffer hands the parser a Node Buffer instead of a plain Uint8Array view (see what the
 * container does with each). The raw profile goes to bench/generated/profiles/ (open it in
 * Chrome DevTools or speedscope).
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractText } from '@doc2text/parser';
import { generatedDir, listCorpus, repoRoot } from './lib/files.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  /** Samples per source line (1-based) of this function. */
  positionTicks?: { line: number; ticks: number }[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
let runs = 5;
let asBuffer = false;
let format: 'plain' | 'catdoc' = 'plain';
const inputs: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--runs') runs = Number(args[++i]);
  else if (a === '--buffer') asBuffer = true;
  else if (a === '--format') format = args[++i] === 'catdoc' ? 'catdoc' : 'plain';
  else if (!a.startsWith('-')) inputs.push(resolve(a));
}
if (inputs.length === 0 || !(runs > 0)) {
  console.error('usage: tsx bench/profile.ts [--runs N] [--buffer] [--format plain|catdoc] file.doc|dir…');
  process.exit(2);
}

const files = inputs.flatMap((p) => (statSync(p).isDirectory() ? listCorpus(p).paths.concat(readdirSync(p).filter((n) => /\.doc$/i.test(n)).map((n) => join(p, n))) : [p]));
const docs: Uint8Array[] = [];
let totalBytes = 0;
for (const path of files) {
  const buffer = readFileSync(path);
  const input = asBuffer ? buffer : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  try {
    extractText(input, { format }); // also compiles once outside the profile
  } catch {
    continue;
  }
  docs.push(input);
  totalBytes += buffer.byteLength;
}
if (docs.length === 0) {
  console.error('profile: no readable documents');
  process.exit(1);
}
const file = files.length === 1 ? files[0]! : `${files.length} files`;

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const started = performance.now();
for (let i = 0; i < runs; i++) for (const input of docs) extractText(input, { format });
const elapsed = performance.now() - started;
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
session.disconnect();

const maps = new Map<string, SourceMap | null>();
const sources = new Map<string, string[]>();
/** Column of the first non-blank character of a generated line (0-based line), for line-level mapping. */
function firstColumn(path: string, line: number): number {
  if (!sources.has(path)) {
    try {
      sources.set(path, readFileSync(path, 'utf8').split('\n'));
    } catch {
      sources.set(path, []);
    }
  }
  const text = sources.get(path)![line] ?? '';
  return Math.max(0, text.length - text.trimStart().length);
}
function original(url: string, line: number, column: number): string {
  if (!url.startsWith('file://')) return url ? `${url}:${line + 1}` : '(native)';
  const path = fileURLToPath(url);
  if (!maps.has(path)) {
    try {
      maps.set(path, new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))));
    } catch {
      maps.set(path, null);
    }
  }
  const map = maps.get(path);
  const entry = map?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource) {
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(path), entry.originalSource);
    return `${relative(repoRoot, source)}:${(entry.originalLine ?? 0) + 1}`;
  }
  const rel = relative(repoRoot, path);
  return `${rel.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')}:${line + 1}`;
}

const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byFunction = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const us = selfTime.get(node.id) ?? 0;
  if (!us) continue;
  total += us;
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${original(url, lineNumber, columnNumber)}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}

// Hot lines: the profile's per-line sample counts, mapped to the sources.
const byLine = new Map<string, number>();
let ticksTotal = 0;
for (const node of profile.nodes) {
  const { url, functionName } = node.callFrame;
  for (const { line, ticks } of node.positionTicks ?? []) {
    ticksTotal += ticks;
    if (!url.startsWith('file://')) continue;
    const path = fileURLToPath(url);
    const key = `${original(url, line - 1, firstColumn(path, line - 1))}  (${functionName || 'anonymous'})`;
    byLine.set(key, (byLine.get(key) ?? 0) + ticks);
  }
}

const outDir = join(generatedDir, 'profiles');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, `${files.length === 1 ? basename(file) : 'many'}${asBuffer ? '.buffer' : ''}${format === 'catdoc' ? '.catdoc' : ''}.cpuprofile`);
writeFileSync(out, JSON.stringify(profile));

const mb = totalBytes / 1e6;
console.log(`${files.length === 1 ? relative(process.cwd(), file) : `${docs.length} readable of ${files.length} files`}: ${mb.toFixed(2)} MB × ${runs} runs (${asBuffer ? 'Buffer' : 'Uint8Array'} input, ${format}): ${(elapsed / runs).toFixed(1)} ms per run, ${((mb * runs) / (elapsed / 1000)).toFixed(1)} MB/s`);
console.log('self time   share  function  source');
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}
console.log('\nhot lines (share of all samples)');
for (const [key, ticks] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`${((100 * ticks) / ticksTotal).toFixed(1).padStart(6)}%  ${key}`);
}
console.log(`profile: ${relative(process.cwd(), out)}`);
