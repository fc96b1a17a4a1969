/**
 * Decryption speed, side by side with parsing in one run: each plain .doc is protected in memory
 * with each scheme (packages/parser/harness/word-protect.ts), then decryptWordStreams is
 * timed on its streams (wall-clock median and best, and CPU time, of --runs), beside parseDoc
 * of the plain file.
 *
 *   tsx bench/decrypt.ts [--runs 5] [file.doc…]      (default: bench/generated/*.doc, made by
 *                                                      `pnpm bench:generate`)
 *
 * MB/s counts the bytes of the streams decrypted (WordDocument + table + Data), in 10^6 bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decryptWordStreams } from '../packages/parser/src/crypto/index.js';
import { parseDoc } from '../packages/parser/src/index.js';
import { protectWordFile, readWordFile, type Protection } from '../packages/parser/harness/word-protect.js';
import { generatedDir } from './lib/files.js';

const args = process.argv.slice(2);
let runs = 5;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else files.push(args[i]!);
}
if (files.length === 0) {
  files.push(...readdirSync(generatedDir).filter((f) => f.endsWith('.doc')).map((f) => join(generatedDir, f)));
}
if (files.length === 0) {
  console.error('bench/decrypt.ts: no files (give some, or run `pnpm bench:generate` first)');
  process.exit(1);
}

const schemes: Array<[string, Protection]> = [
  ['rc4', { kind: 'rc4' }],
  ['rc4-cryptoapi-128', { kind: 'rc4-cryptoapi', keyBits: 128 }],
  ['rc4-cryptoapi-40', { kind: 'rc4-cryptoapi', keyBits: 40 }],
  ['xor', { kind: 'xor' }],
];

/**
 * Wall-clock median and best of `runs`, and the best CPU time (user + system of this process):
 * on a shared machine the CPU time is the steadier figure, since waiting for a core is not in it.
 */
function time(run: () => void): { median: number; best: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  return { median: wall[Math.floor(wall.length / 2)]!, best: wall[0]!, cpu: Math.min(...cpu) };
}

const row = (file: string, what: string, bytes: number, t: { median: number; best: number; cpu: number }) => [
  file,
  what,
  (bytes / 1e6).toFixed(2),
  t.median.toFixed(1),
  t.best.toFixed(1),
  t.cpu.toFixed(1),
  (bytes / 1e3 / t.best).toFixed(1),
  (bytes / 1e3 / t.cpu).toFixed(1),
];
const rows: string[][] = [['file', 'scheme', 'MB', 'median ms', 'best ms', 'best CPU ms', 'MB/s (best)', 'MB/s (CPU)']];
for (const path of files) {
  const plain = new Uint8Array(readFileSync(path));
  rows.push(row(basename(path), 'parseDoc (plain, for scale)', plain.length, time(() => parseDoc(plain).text('body'))));
  for (const [label, protection] of schemes) {
    const { streams, fib } = readWordFile(protectWordFile(plain, protection, 'bench-pw'));
    const bytes = streams.wordDocument.length + (streams.table?.length ?? 0) + (streams.data?.length ?? 0);
    decryptWordStreams(streams, fib, 'bench-pw'); // warm-up
    rows.push(row(basename(path), label, bytes, time(() => {
      const out = decryptWordStreams(streams, fib, 'bench-pw');
      if (streams.data) out.decryptData(streams.data);
    })));
  }
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  '));
console.log(`node ${process.version}, ${runs} runs each`);
