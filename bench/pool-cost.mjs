/**
 * CPU per parse through the server's parse pool, without HTTP: fixtures/long.doc (or argv[2]) in
 * catdoc format, 32 parses in flight, PARSE_THREADS = 0 (inline, on this thread) and 1, 2, 6 workers,
 * in alternating rounds; the CPU of every thread of this process (main, parse workers, V8's GC and
 * compiler threads) divided by the parses. What the worker hand-off costs beside the parse itself.
 *
 *   npx -y pnpm@10 build && node bench/pool-cost.mjs [doc] [--rounds 3] [--parses 3000]
 */
import { readFileSync } from 'node:fs';
import { argv } from 'node:process';
import { ParsePool } from '../packages/server/dist/parse-pool.js';

const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i > 0 ? Number(argv[i + 1]) : fallback;
};
const docPath = argv[2] && !argv[2].startsWith('--') ? argv[2] : new URL('../fixtures/long.doc', import.meta.url);
const doc = readFileSync(docPath);
const rounds = flag('--rounds', 3);
const parses = flag('--parses', 3000);
const THREADS = [0, 1, 2, 6];

async function measure(threads) {
  const pool = new ParsePool({
    threads,
    heapMb: 512,
    timeoutMs: 30_000,
    smallBytes: 128 * 1024,
    largeBytes: 1024 * 1024,
    maxQueue: 1_000_000,
    recycleHeapBytes: 48 * 1024 * 1024, // as the server (doc-parser.ts)
  });
  const run = async (n) => {
    let next = 0;
    const lane = async () => {
      while (next++ < n) {
        const outcome = await pool.run({ bytes: new Uint8Array(doc), options: { format: 'catdoc' }, file: 'doc.doc' });
        if (outcome.kind !== 'text') throw new Error(`parse failed: ${JSON.stringify(outcome)}`);
      }
    };
    await Promise.all(Array.from({ length: 32 }, lane));
  };
  await run(Math.ceil(parses / 5)); // warm-up: JIT in every worker
  const before = process.cpuUsage();
  await run(parses);
  const cpu = process.cpuUsage(before);
  await pool.close();
  return (cpu.user + cpu.system) / parses;
}

const results = new Map(THREADS.map((t) => [t, []]));
for (let round = 0; round < rounds; round++) for (const t of THREADS) results.get(t).push(await measure(t));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const inline = median(results.get(0));
console.log(`CPU µs per parse of ${String(docPath).split('/').pop()} (catdoc), medians of ${rounds} rounds of ${parses}:`);
for (const [t, xs] of results) {
  const m = median(xs);
  console.log(`  ${t === 0 ? 'inline (PARSE_THREADS=0)' : `${t} worker${t > 1 ? 's' : ''}`.padEnd(24)}  ${m.toFixed(0).padStart(5)} µs  ×${(m / inline).toFixed(2)}   (${xs.map((x) => x.toFixed(0)).join(', ')})`);
}
