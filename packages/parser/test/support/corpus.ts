/** Locates the shared corpus (../shared/corpus next to the repository); tests skip clearly without it. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../../harness/paths.js';

export { corpusDir, repoRoot } from '../../harness/paths.js';
export const hasCorpus = existsSync(join(corpusDir, 'manifest.tsv'));

if (!hasCorpus) {
  console.warn(
    `[corpus] ${corpusDir} is absent: corpus tests are SKIPPED (they are not counted as passing)` +
      (process.env.CI === 'true' ? ' — and in CI that FAILS the suite (test/corpus.test.ts).' : '.'),
  );
}

/** Corpus documents as `<source>/<name>.doc` paths, from manifest.tsv. */
export function corpusFiles(): string[] {
  if (!hasCorpus) return [];
  return readFileSync(join(corpusDir, 'manifest.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0]!)
    .filter(Boolean);
}

export function readCorpusFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(corpusDir, 'docs', path)));
}

/** The LibreOffice body text of a corpus file, or null when LibreOffice could not read it. */
export function libreOfficeText(path: string): string | null {
  const file = join(corpusDir, 'expected', 'libreoffice', `${path}.txt`);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  // fidelity.py skips references that are empty after Python's strip(), which keeps a lone BOM.
  return text.replace(/[^\S\ufeff]/g, '') ? text : null;
}

/** Token-multiset F1, the same measure as shared/tools/fidelity.py (\w+ runs, NFKC, case-folded). */
export function tokenF1(reference: string, candidate: string): number {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const t of text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}\p{M}_]+/gu) ?? []) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  };
  const r = count(reference);
  const c = count(candidate);
  if (r.size === 0 && c.size === 0) return 1;
  let common = 0;
  for (const [t, n] of r) common += Math.min(n, c.get(t) ?? 0);
  if (common === 0) return 0;
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const p = common / total(c);
  const rc = common / total(r);
  return (2 * p * rc) / (p + rc);
}

export function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
