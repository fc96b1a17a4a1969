/**
 * The compound-file reader (packages/parser/src/ole) against the `cfb` package it replaced, on a
 * large document (issue 13), side by side in one run, alternating rounds, medians:
 *
 *  1. open the container and get the WordDocument and 1Table streams: `cfb` alone (CFB.read from a
 *     Buffer), the parser's old path (cfb-guard replay + cfb + its stream map), and ours;
 *  2. the whole parse (extractText) with the build before the switch and with the current one;
 *  3. peak resident-set growth of one extractText, each build in fresh processes, alternating.
 *
 *   npx tsx bench/ole-container.ts --before packages/parser/dist-before [--file F] [--rounds N]
 *
 * `--before` is a build of the parser from before the switch (`git worktree` or a copy of dist/
 * made then, inside packages/parser/ so it finds `cfb`); without it only (1) with `cfb` alone runs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatedDir, repoRoot } from './lib/files.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = resolve(arg('--file') ?? `${generatedDir}/latin-16mb.doc`);
const rounds = Number(arg('--rounds') ?? 15);
const beforeDir = arg('--before') ? resolve(arg('--before')!) : null;
const afterDir = resolve(repoRoot, 'packages/parser/dist');

type Container = { stream(name: string): Uint8Array | null };
type Parser = { extractText(bytes: Uint8Array): string };
const CFB = createRequire(resolve(repoRoot, 'packages/parser/package.json'))('cfb') as {
  read(b: Uint8Array, o: { type: 'buffer' }): unknown;
  find(c: unknown, name: string): { content: Uint8Array } | null;
  write(c: unknown, o: { type: 'buffer' }): Uint8Array;
};
const load = async <T>(dir: string, name: string) => (await import(pathToFileURL(`${dir}/${name}`).href)) as T;
const ours = await load<{ openContainer(b: Uint8Array): Container }>(afterDir, 'container.js');
const before = beforeDir ? await load<{ openContainer(b: Uint8Array): Container }>(beforeDir, 'container.js') : null;
const parsers = beforeDir ? { before: await load<Parser>(beforeDir, 'index.js'), after: await load<Parser>(afterDir, 'index.js') } : null;

const buf = readFileSync(file);
const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
const mb = bytes.length / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Wall-clock and CPU time (user + system, this process) of one call, ms. */
const time = (f: () => unknown) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
};
const sink: unknown[] = [];

/** Medians of alternating rounds; returns the wall-clock medians (CPU time printed beside them). */
function race(label: string, contenders: Record<string, () => unknown>, n: number): Record<string, number> {
  const wall: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const f of Object.values(contenders)) sink.push(f()); // warm-up
  for (let r = 0; r < n; r++) {
    const order = r % 2 ? Object.keys(contenders).reverse() : Object.keys(contenders);
    for (const k of order) {
      const t = time(() => sink.push(contenders[k]!()));
      wall[k]!.push(t.wall);
      cpu[k]!.push(t.cpu);
    }
    sink.length = 0;
  }
  const out = Object.fromEntries(Object.entries(wall).map(([k, xs]) => [k, median(xs)]));
  console.log(`\n${label} (${n} alternating rounds, medians; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  for (const [k, ms] of Object.entries(out)) {
    console.log(`  ${k.padEnd(34)} ${ms.toFixed(2).padStart(9)} ms  ${(mb / (ms / 1000)).toFixed(0).padStart(7)} MB/s   (CPU ${median(cpu[k]!).toFixed(2)} ms)`);
  }
  return out;
}

console.log(`${file}: ${mb.toFixed(2)} MB; node ${process.version}`);
const streams = (c: Container) => [c.stream('WordDocument')!.length, c.stream('1Table')!.length];
const containers: Record<string, () => unknown> = {
  'cfb.read (Buffer) + find': () => {
    const c = CFB.read(buf, { type: 'buffer' });
    return [CFB.find(c, 'WordDocument')!.content.length, CFB.find(c, '1Table')!.content.length];
  },
  'ours (src/ole)': () => streams(ours.openContainer(bytes)),
};
if (before) containers['before: cfb-guard + cfb + map'] = () => streams(before.openContainer(bytes));
const c = race('open the container, get WordDocument and 1Table', containers, rounds * 2);
console.log(`  → ours is ${(c['cfb.read (Buffer) + find']! / c['ours (src/ole)']!).toFixed(1)}× cfb alone${before ? `, ${(c['before: cfb-guard + cfb + map']! / c['ours (src/ole)']!).toFixed(1)}× the old path` : ''}`);

// The same streams laid out end to end (cfb's writer does): ours returns views, no copy.
const rewritten = CFB.write(CFB.read(buf, { type: 'buffer' }), { type: 'buffer' });
const contiguous: Record<string, () => unknown> = {
  'cfb.read (Buffer) + find': () => {
    const c2 = CFB.read(rewritten, { type: 'buffer' });
    return [CFB.find(c2, 'WordDocument')!.content.length, CFB.find(c2, '1Table')!.content.length];
  },
  'ours (src/ole)': () => streams(ours.openContainer(rewritten)),
};
if (before) contiguous['before: cfb-guard + cfb + map'] = () => streams(before.openContainer(rewritten));
const v = race('the same, rewritten by cfb (every stream contiguous: views)', contiguous, rounds * 2);
console.log(`  → ours is ${(v['cfb.read (Buffer) + find']! / v['ours (src/ole)']!).toFixed(0)}× cfb alone${before ? `, ${(v['before: cfb-guard + cfb + map']! / v['ours (src/ole)']!).toFixed(0)}× the old path` : ''}`);

if (parsers) {
  const p = race('whole parse: extractText', { before: () => parsers.before.extractText(bytes), after: () => parsers.after.extractText(bytes) }, rounds);
  console.log(`  → after/before time: ${(p.after! / p.before!).toFixed(2)}`);

  // Peak resident-set growth of one extractText, in fresh processes (VmHWM over the resident set after start-up and gc).
  const child = `
    const { readFileSync } = await import('node:fs');
    const p = await import(process.argv[1]);
    const rss = () => Number(/^VmRSS:\\s+(\\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    const hwm = () => Number(/^VmHWM:\\s+(\\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    gc(); gc();
    const base = rss();
    const b = readFileSync(process.argv[2]);
    const text = p.extractText(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    console.log(JSON.stringify({ growth: hwm() - base, chars: text.length }));`;
  const rssSamples: Record<'before' | 'after', number[]> = { before: [], after: [] };
  for (let r = 0; r < 5; r++) {
    for (const k of r % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) {
      const dir = k === 'before' ? beforeDir! : afterDir;
      const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', child, pathToFileURL(`${dir}/index.js`).href, file], { encoding: 'utf8' });
      rssSamples[k].push(JSON.parse(out).growth);
    }
  }
  console.log(`\npeak RSS growth of one extractText (5 fresh processes each, alternating, medians)`);
  for (const k of ['before', 'after'] as const) console.log(`  ${k.padEnd(8)} ${(median(rssSamples[k]) / 2 ** 20).toFixed(1)} MiB   (${rssSamples[k].map((x) => (x / 2 ** 20).toFixed(0)).join(', ')})`);
}
