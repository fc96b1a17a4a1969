/**
 * Writes the hostile-input regression fixtures (fixtures/fuzz/*.doc) and their README from
 * fixtures/simple.doc and fixtures/lists.doc, as harness/fuzz-craft.ts describes them.
 *
 *   npx tsx packages/parser/scripts/make-fuzz-fixtures.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FUZZ_FIXTURES } from '../harness/fuzz-craft.js';
import { fixturesDir, fuzzFixturesDir } from '../harness/fuzz.js';

mkdirSync(fuzzFixturesDir, { recursive: true });
const lines = [
  '# Hostile-input regression fixtures (issue 6)',
  '',
  'Each file is a fixture of `fixtures/` with a few bytes changed to break one thing. They are written by',
  '`npx tsx packages/parser/scripts/make-fuzz-fixtures.ts` (recipes in `packages/parser/harness/fuzz-craft.ts`)',
  'and run by `packages/parser/test/fuzz.test.ts`: `container` files must be rejected by the container reader',
  '(`src/ole/`) when it opens them and reads every stream; `parser` files must give text or a `DocParseError` within',
  'the limits (500 ms, 256 MB heap, output bounded by the input size).',
  '',
  '| file | layer | made from | how | what it broke |',
  '|---|---|---|---|---|',
];
for (const f of FUZZ_FIXTURES) {
  const bytes = f.make(new Uint8Array(readFileSync(join(fixturesDir, f.from))));
  writeFileSync(join(fuzzFixturesDir, `${f.name}.doc`), bytes);
  lines.push(`| \`${f.name}.doc\` | ${f.layer} | \`${f.from}\` | ${f.how} | ${f.broke.replace(/\|/g, '\\|')} |`);
  console.log(`fixtures/fuzz/${f.name}.doc (${bytes.length} bytes)`);
}
lines.push(
  '',
  'Inputs whose harm grows with their size (quadratic work: pieces × runs, per-range string rebuilds,',
  'style chains re-read per run, backward FAT chains, directory fan-out) are not stored: the test builds',
  'them at run time with the `craft*` functions of `fuzz-craft.ts`.',
  '',
);
writeFileSync(join(fuzzFixturesDir, 'README.md'), lines.join('\n'));
