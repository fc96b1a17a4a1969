/**
 * pnpm corpus <outdir> [--story body|all|…] [--in <dir>]
 *
 * Extracts every document of a folder of `<source>/<file>` documents (default: the shared corpus,
 * ../shared/corpus/docs) to `<outdir>/<source>/<file>.txt`, the layout fidelity.py scores
 * (`--format markdown|html|json`: `.md`, `.html`, `.json`; bench/structure/score.ts reads the .md).
 * Prints progress, then a summary: files ok, and typed errors by code.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocParseError, extractText, type ExtractOptions, type StorySelector } from '@doc2text/parser';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function usage(message?: string): never {
  if (message) console.error(`corpus: ${message}`);
  console.error('usage: pnpm corpus <outdir> [--story body|all|footnotes|headers|comments|endnotes|textboxes|headerTextboxes] [--format plain|catdoc|markdown|html|json] [--width N] [--in <dir>]');
  process.exit(2);
}

const args = process.argv.slice(2);
let outDir: string | undefined;
let inDir = resolve(root, '../shared/corpus/docs');
const options: ExtractOptions = { story: 'body', format: 'plain' };
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  const value = () => args[++i] ?? usage(`${a} needs a value`);
  if (a === '--story') options.story = value() as StorySelector;
  else if (a === '--in') inDir = resolve(value());
  else if (a === '--format') options.format = value() as ExtractOptions['format'];
  else if (a === '--width') options.width = Number(value());
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else if (!outDir) outDir = resolve(a);
  else usage(`unexpected argument ${a}`);
}
if (!outDir) usage();
try {
  statSync(inDir);
} catch {
  console.error(`corpus: ${inDir} is absent — the shared corpus lives in ../shared/corpus next to the repository (pass --in <dir> for another folder).`);
  process.exit(2);
}

const files: string[] = [];
for (const source of readdirSync(inDir).sort()) {
  const dir = join(inDir, source);
  if (!statSync(dir).isDirectory()) continue;
  for (const name of readdirSync(dir).sort()) if (statSync(join(dir, name)).isFile()) files.push(join(source, name));
}

const EXTENSIONS: Record<string, string> = { markdown: 'md', html: 'html', json: 'json' };
const byCode = new Map<string, string[]>();
let ok = 0;
let slowest = { file: '', ms: 0 };
const started = performance.now();
for (const [n, file] of files.entries()) {
  const bytes = readFileSync(join(inDir, file));
  const target = join(outDir, `${file}.${EXTENSIONS[options.format ?? 'plain'] ?? 'txt'}`);
  mkdirSync(dirname(target), { recursive: true });
  const t0 = performance.now();
  let text = '';
  try {
    text = extractText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), options);
    ok++;
  } catch (error) {
    const code = error instanceof DocParseError ? error.code : `UNTYPED ${(error as Error)?.name}`;
    byCode.set(code, [...(byCode.get(code) ?? []), file]);
    process.stdout.write(`  ${file}: ${code}: ${(error as Error)?.message}\n`);
  }
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { file, ms };
  writeFileSync(target, text);
  if ((n + 1) % 50 === 0) process.stdout.write(`  ${n + 1}/${files.length}\n`);
}
const total = performance.now() - started;
console.log(`\n${files.length} files from ${relative(process.cwd(), inDir) || inDir} → ${relative(process.cwd(), outDir) || outDir}`);
console.log(`ok ${ok}; ${[...byCode].map(([code, list]) => `${code} ${list.length}`).join('; ') || 'no errors'}`);
console.log(`${total.toFixed(0)} ms in all; slowest ${slowest.file} ${slowest.ms.toFixed(1)} ms`);
if ([...byCode.keys()].some((c) => c.startsWith('UNTYPED'))) process.exit(1);
