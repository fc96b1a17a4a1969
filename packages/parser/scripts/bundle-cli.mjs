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
 * dist/cli-cached.cjs  where the running Node has no compile cache (Node 20): the bundle compiled
 *                      from dist/cli.bundle.cache, a V8 code cache made here after one run of the
 *                      CLI over a fixture (so the functions a run compiles are in it). A Node of
 *                      another version or flags has V8 reject it, and compiles as usual. Nothing is
 *                      written at run time.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
  plugins: [lazyFflate()],
});

/**
 * fflate (the .docx reader's inflater) evaluated on first use, not at start-up: its module builds
 * its Huffman tables when evaluated (~4 ms of every run, which reads a .doc, not a zip). The
 * parser's `import { Inflate } from 'fflate'` gets a stand-in whose constructor requires the real
 * module (the same ESM build; esbuild evaluates a required module lazily).
 */
function lazyFflate() {
  // The ESM build, the one an import gets (the require condition's lib/node.cjs is another build).
  const fflateEsm = join(dirname(createRequire(`${root}/src/`).resolve('fflate')), '../esm/index.mjs');
  return {
    name: 'lazy-fflate',
    setup(b) {
      b.onResolve({ filter: /^fflate$/ }, (args) => (args.namespace === 'lazy-fflate' ? undefined : { path: 'fflate', namespace: 'lazy-fflate' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-fflate' }, () => ({
        contents: `let real;
export class Inflate {
  constructor(...args) {
    real ??= require(${JSON.stringify(fflateEsm)});
    return new real.Inflate(...args);
  }
}`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

const launcher = (kind) => `#!/usr/bin/env node
// doc2text CLI launcher (${kind}): the code is dist/cli.bundle.cjs, one esbuild bundle of src/cli.ts.
${kind === 'cjs' ? "'use strict';\nconst { enableCompileCache } = require('node:module');" : "import module from 'node:module';\nconst { enableCompileCache } = module;\nconst require = module.createRequire(import.meta.url);"}
if (enableCompileCache) {
  try { enableCompileCache(); } catch {}
  require('./cli.bundle.cjs');
} else require('./cli-cached.cjs');
`;
for (const [file, kind] of [['cli.cjs', 'cjs'], ['cli.js', 'esm']]) {
  writeFileSync(`${root}/dist/${file}`, launcher(kind));
  chmodSync(`${root}/dist/${file}`, 0o755);
}

// The bundle as a function of CommonJS's five, compiled by vm.Script: the same text at build and
// at run time (V8 takes a code cache only for the source it was made from).
const compile = `const { readFileSync } = require('node:fs');
const vm = require('node:vm');
function compileBundle(file, cachedData) {
  const source = readFileSync(file, 'utf8').replace(/^#!.*/, '');
  return new vm.Script('(function (exports, require, module, __filename, __dirname) { ' + source + '\\n});', { filename: file, cachedData });
}
function runBundle(script, file, dir) {
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, require('node:module').createRequire(file), bundle, file, dir);
}`;
writeFileSync(
  `${root}/dist/cli-cached.cjs`,
  `'use strict';
// doc2text CLI on a Node without a compile cache (see scripts/bundle-cli.mjs): the bundle compiled from the
// V8 code cache the build made; V8 rejects a cache of another Node version or flags, and compiles as usual.
${compile}
const file = require('node:path').join(__dirname, 'cli.bundle.cjs');
let cachedData;
try {
  cachedData = readFileSync(require('node:path').join(__dirname, 'cli.bundle.cache'));
} catch {}
runBundle(compileBundle(file, cachedData), file, __dirname);
`,
);
// The cache: one run of the CLI over a fixture (its output dropped), then V8's code cache of the bundle.
rmSync(`${root}/dist/cli.bundle.cache`, { force: true });
const maker = `${compile}
const [file, cache, doc] = process.argv.slice(1);
const script = compileBundle(file);
process.argv = [process.argv[0], file, doc];
process.on('exit', () => require('node:fs').writeFileSync(cache, script.createCachedData()));
runBundle(script, file, require('node:path').dirname(file));`;
// A build without the repository's fixtures (the container image's context) ships no cache: the
// launcher then compiles the bundle as usual.
const fixture = `${root}/../../fixtures/lists.doc`;
if (existsSync(fixture)) {
  const made = spawnSync(process.execPath, ['-e', maker, `${root}/dist/cli.bundle.cjs`, `${root}/dist/cli.bundle.cache`, fixture], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (made.status !== 0) throw new Error(`bundle-cli: making the code cache failed (${made.status ?? made.signal})`);
}
// tsc's declarations and map of cli.ts describe a module that is no longer there.
for (const f of ['cli.d.ts', 'cli.d.ts.map', 'cli.js.map']) rmSync(`${root}/dist/${f}`, { force: true });
