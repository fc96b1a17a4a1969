/**
 * Bundles the `doc2text` CLI into one file, dist/cli.js (run after `tsc`, which it overwrites), so a
 * run resolves and compiles one module instead of the parser's ~40 plus cfb and iconv-lite.
 *
 *   node scripts/bundle-cli.mjs
 *
 * dist/cli.bundle.cjs  src/cli.ts and everything it imports, CommonJS (no ESM loader work at start).
 * dist/cli.cjs         the launcher the `bin` points at: turns on Node's compile cache where the
 *                      running Node has it (≥ 22.1), then loads the bundle, so later runs skip
 *                      compiling it. A launcher, because the cache must be on before the bundle compiles.
 * dist/cli.js          the same launcher as an ES module, for `node dist/cli.js` in scripts and docs.
 */
import { build } from 'esbuild';
import { writeFileSync, chmodSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${root}/src/cli.ts`],
  outfile: `${root}/dist/cli.bundle.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
});

const launcher = (kind) => `#!/usr/bin/env node
// doc2text CLI launcher (${kind}): the code is dist/cli.bundle.cjs, one esbuild bundle of src/cli.ts.
${kind === 'cjs' ? "'use strict';\nconst { enableCompileCache } = require('node:module');" : "import module from 'node:module';\nconst { enableCompileCache } = module;\nconst require = module.createRequire(import.meta.url);"}
try { enableCompileCache?.(); } catch {}
require('./cli.bundle.cjs');
`;
for (const [file, kind] of [['cli.cjs', 'cjs'], ['cli.js', 'esm']]) {
  writeFileSync(`${root}/dist/${file}`, launcher(kind));
  chmodSync(`${root}/dist/${file}`, 0o755);
}
// tsc's declarations and map of cli.ts describe a module that is no longer there.
for (const f of ['cli.d.ts', 'cli.d.ts.map', 'cli.js.map']) rmSync(`${root}/dist/${f}`, { force: true });
