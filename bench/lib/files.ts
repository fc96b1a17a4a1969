/** Where the bench finds its inputs: the shared corpus (read-only, outside the repo) and fixtures/. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(benchDir, '..');
export const defaultCorpusDir = resolve(repoRoot, '../shared/corpus/docs');
export const fixturesDir = join(repoRoot, 'fixtures');
export const generatedDir = join(benchDir, 'generated');
export const resultsDir = join(benchDir, 'results');
/**
 * The CLI as users run it: the file the parser package's `bin` points at (dist/cli.cjs, a CommonJS
 * launcher). dist/cli.js, the same launcher as an ES module, starts Node's ES module loader first:
 * ~16-20 ms more a run on the bench machine (hyperfine, 20 runs, fixtures/simple.doc: 91.8 vs 71.8 ms).
 */
export const cliPath = join(repoRoot, 'packages/parser', (JSON.parse(readFileSync(join(repoRoot, 'packages/parser/package.json'), 'utf8')) as { bin: { doc2text: string } }).bin.doc2text);

const DOC = /\.doc$/i;

export interface DocFile {
  /** Short name for tables: `<source>/<file>` or `fixtures/<file>`. */
  label: string;
  path: string;
  bytes: Buffer;
}

/** `<dir>/<source>/*.doc`, sorted; empty when the folder is absent. */
export function listCorpus(dir: string = defaultCorpusDir): { present: boolean; paths: string[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { present: false, paths: [] };
  const paths: string[] = [];
  for (const source of readdirSync(dir).sort()) {
    const sub = join(dir, source);
    if (!statSync(sub).isDirectory()) continue;
    for (const name of readdirSync(sub).sort()) {
      const file = join(sub, name);
      if (DOC.test(name) && statSync(file).isFile()) paths.push(file);
    }
  }
  return { present: true, paths };
}

export function listFixtures(): string[] {
  if (!existsSync(fixturesDir)) return [];
  return readdirSync(fixturesDir)
    .filter((n) => DOC.test(n))
    .sort()
    .map((n) => join(fixturesDir, n));
}

export function labelOf(path: string, corpusDir: string = defaultCorpusDir): string {
  const fromCorpus = relative(corpusDir, path);
  if (!fromCorpus.startsWith('..')) return fromCorpus;
  return relative(repoRoot, path);
}

export function loadDoc(path: string, corpusDir?: string): DocFile {
  return { label: labelOf(path, corpusDir), path, bytes: readFileSync(path) };
}

/** A plain Uint8Array view over the same memory (what our CLI, server and corpus runner hand the parser). */
export function view(bytes: Buffer): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const MB = 1_000_000;
