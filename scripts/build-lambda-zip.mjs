/**
 * The AWS Lambda deployment package: one esbuild bundle of the handler (packages/server/src/lambda.ts
 * with Fastify, the parser and every other dependency inlined), zipped.
 *
 *   npx -y pnpm@10 lambda:zip        # builds, then writes out/lambda/lambda.mjs and out/doc2text-lambda.zip
 *
 * Handler: `lambda.handler`, runtime nodejs24.x (template.yaml deploys it). One file, so no
 * node_modules, no symlinks for `zip` to follow or drop, nothing to resolve at cold start.
 * Needs the workspace built (`pnpm build`): the parser is bundled from its dist/ as users get it.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out/lambda');
const zipFile = join(root, 'out/doc2text-lambda.zip');
rmSync(outDir, { recursive: true, force: true });
rmSync(zipFile, { force: true });
mkdirSync(outDir, { recursive: true });

const result = await build({
  entryPoints: [join(root, 'packages/server/src/lambda.ts')],
  outfile: join(outDir, 'lambda.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm', // the handler awaits app.ready() at the top level, outside the first invocation
  target: 'node24',
  minify: true,
  legalComments: 'none', // the licences go whole into THIRD_PARTY_LICENSES.txt instead
  metafile: true,
  // CommonJS dependencies call require() for Node built-ins; give the ES module one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

writeFileSync(join(outDir, 'THIRD_PARTY_LICENSES.txt'), thirdPartyLicenses(Object.keys(result.metafile.inputs)));
execFileSync('zip', ['-q', '-X', '-r', zipFile, '.'], { cwd: outDir });
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`lambda bundle: out/lambda/lambda.mjs ${kb(statSync(join(outDir, 'lambda.mjs')).size)} (${inputs} modules inlined)`);
console.log(`lambda zip:    out/doc2text-lambda.zip ${kb(statSync(zipFile).size)} — handler lambda.handler, runtime nodejs24.x`);

/** The licence file of every package the bundle inlined (MIT and the like require the notice). */
function thirdPartyLicenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (match && !match[2].startsWith('@doc2text/')) packages.set(match[2], join(root, match[1]));
  }
  const sections = [];
  for (const [name, dir] of [...packages].sort()) {
    const { version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = existsSync(dir) && readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
    sections.push(`${name}@${version} (${license})\n\n${file ? readFileSync(join(dir, file), 'utf8').trim() : `licence: ${license}`}`);
  }
  const ours = readFileSync(join(root, 'LICENSE'), 'utf8').trim();
  return `doc2text\n\n${ours}\n\n${sections.map((s) => `${'-'.repeat(78)}\n${s}`).join('\n\n')}\n`;
}
