/**
 * The parser in a real browser, as a web page gets it:
 *
 *   node test/browser/run.mjs        (after `pnpm build`; CI: .ci/run, stage "browser")
 *
 * 1. esbuild bundles @doc2text/parser (its built dist/, as npm users bundle it) with
 *    --platform=browser and NO polyfills: a Node built-in anywhere in the graph fails the build.
 *    Two bundles, sizes printed minified and gzipped: the whole library, and the plain-text path
 *    (an app that only calls parseDoc(bytes).text()), which must stay under 100 KB gzipped.
 * 2. A static server on 127.0.0.1 serves test/browser/page.html, the bundle and the documents.
 * 3. Debian's Chromium (/usr/bin/chromium, never a downloaded browser), headless, through
 *    playwright-core, with a fresh profile: the page fetches each document and parses it.
 * 4. Every fixture with an expected body (fixtures/*.body.txt, multilingual.doc included) must give
 *    exactly that text; Word 6/95 files of ../shared/corpus (8-bit text in code pages 1250, 1251,
 *    Mac Roman…) must give exactly what the parser gives in Node.
 * 5. Structure in the DOM: the page renders fixtures/headings.doc and fixtures/merged-table.doc with
 *    renderHtml(parseDoc(bytes).tree()) into its <main>; DOM queries must find the headings (level and
 *    text), the links (href and text; none for the document's javascript: link), the table cells
 *    (text, colspan, rowspan) that the hand-written fixtures/*.structure.md/html describe, and no <script>.
 * Exits non-zero on any failure.
 */
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const parserEntry = join(root, 'packages/parser/dist/index.js');
const corpus = resolve(root, '../shared/corpus/docs');
const PLAIN_TEXT_LIMIT_GZ = 100 * 1024;
/** Word 6/95 files of the shared corpus, by the code page their 8-bit text is in. */
const WORD6 = ['poi/Bug50955.doc', 'poi/Bug60936.doc', 'poi/TestInvertedClassID.doc', 'poi/Word6.doc', 'poi/word95err.doc'];

/** Documents rendered into the page's DOM (step 5). */
const STRUCTURE_DOCS = ['headings.doc', 'merged-table.doc'];

let failures = 0;
const fail = (message) => {
  failures++;
  console.error(`  FAIL ${message}`);
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// ------------------------------------------------------------------ 1. bundles
async function bundle(contents, minify) {
  const result = await build({
    stdin: { contents, resolveDir: here, sourcefile: 'entry.js', loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}
const whole = `export * from ${JSON.stringify(parserEntry)};`;
const plainOnly = `import { parseDoc } from ${JSON.stringify(parserEntry)}; export const text = (bytes) => parseDoc(bytes).text();`;
let page;
try {
  page = await bundle(whole, false); // unminified for the page: readable stack traces
  const sizes = {};
  for (const [name, contents] of [['whole library', whole], ['plain-text path', plainOnly]]) {
    const min = await bundle(contents, true);
    sizes[name] = { min: min.length, gz: gzipSync(min, { level: 9 }).length };
    console.log(`bundle (${name}): ${kb(sizes[name].min)} minified, ${kb(sizes[name].gz)} gzipped`);
  }
  if (sizes['plain-text path'].gz >= PLAIN_TEXT_LIMIT_GZ) fail(`the plain-text path is ${kb(sizes['plain-text path'].gz)} gzipped (limit ${kb(PLAIN_TEXT_LIMIT_GZ)})`);
} catch (error) {
  console.error(`browser: FAILED: esbuild --platform=browser (no polyfills) cannot bundle the parser:`);
  for (const e of error.errors ?? [error]) console.error(`  ${e.text ?? e.message}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`);
  process.exit(1);
}

// ------------------------------------------------------------------ 2. documents and server
const documents = []; // { url, file, expected, label }
for (const f of readdirSync(join(root, 'fixtures')).sort()) {
  const m = /^(.*)\.body\.txt$/.exec(f);
  if (!m) continue;
  const doc = readdirSync(join(root, 'fixtures')).find((d) => d === `${m[1]}.doc` || d === `${m[1]}.dot`);
  if (doc) documents.push({ url: `/fixtures/${doc}`, file: join(root, 'fixtures', doc), expected: readFileSync(join(root, 'fixtures', f), 'utf8'), label: `fixtures/${doc}` });
}
if (!documents.some((d) => d.label === 'fixtures/multilingual.doc')) fail('fixtures/multilingual.doc is missing');
if (existsSync(corpus)) {
  const { parseDoc, detect } = await import(parserEntry);
  for (const name of WORD6) {
    const file = join(corpus, name);
    const bytes = new Uint8Array(readFileSync(file));
    if (detect(bytes) !== 'word6') fail(`${name} is not a Word 6/95 file (detect: ${detect(bytes)})`);
    const doc = parseDoc(bytes);
    documents.push({ url: `/corpus/${name}`, file, expected: doc.text('body'), label: `corpus/${name} (Word 6/95, code page ${doc.info.codePage}; expected: the parser in Node)`, word6: true });
  }
} else {
  fail('../shared/corpus is absent: no Word 6/95 document to read in the browser');
}

const routes = new Map([
  ['/', { type: 'text/html; charset=utf-8', body: readFileSync(join(here, 'page.html')) }],
  ['/doc2text.browser.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(page) }],
  ...documents.map((d) => [d.url, { type: 'application/msword', body: readFileSync(d.file) }]),
  ...STRUCTURE_DOCS.map((name) => [`/structure/${name}`, { type: 'application/msword', body: readFileSync(join(root, 'fixtures', name)) }]),
]);
const server = createServer((req, res) => {
  const route = routes.get(req.url);
  res.writeHead(route ? 200 : 404, { 'content-type': route?.type ?? 'text/plain' });
  res.end(route?.body ?? 'not found');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------------ 3. Chromium
const profile = mkdtempSync(join(tmpdir(), 'doc2text-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const tab = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await tab.goto(`${base}/`);
  await tab.waitForFunction(() => document.getElementById('status')?.textContent === 'ready' || typeof window.extract === 'function', null, { timeout: 30_000 }).catch(() => {});
  if (errors.length) fail(`the page reported errors: ${errors.join(' | ')}`);
  const version = context.browser()?.version() ?? (await tab.evaluate(() => navigator.userAgent));
  console.log(`Chromium ${version}, headless; page ${base}/; Node globals in the page: ${await tab.evaluate(() => window.hasNodeGlobals)}`);

  // ---------------------------------------------------------------- 4. documents
  for (const d of documents) {
    const got = await tab.evaluate((url) => window.extract(url), d.url);
    if (got.error) fail(`${d.label}: ${got.error}`);
    else if (got.text !== d.expected) {
      let i = 0;
      while (i < got.text.length && got.text[i] === d.expected[i]) i++;
      fail(`${d.label}: text differs at ${i}: page ${JSON.stringify(got.text.slice(i, i + 40))} vs expected ${JSON.stringify(d.expected.slice(i, i + 40))}`);
    } else console.log(`  ok  ${d.label}: ${got.text.length} chars, equal`);
  }

  // ---------------------------------------------------------------- 5. structure in the DOM
  const same = (label, got, expected) => {
    if (JSON.stringify(got) === JSON.stringify(expected)) console.log(`  ok  ${label}`);
    else fail(`${label}: page ${JSON.stringify(got)} vs expected ${JSON.stringify(expected)}`);
  };
  const shown = await tab.evaluate((url) => window.showStructure(url), '/structure/headings.doc');
  if (shown.error) fail(`fixtures/headings.doc as HTML: ${shown.error}`);
  else {
    const dom = await tab.evaluate(() => {
      const main = document.getElementById('document');
      return {
        headings: [...main.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => [h.tagName, h.textContent]),
        links: [...main.querySelectorAll('a[href]')].map((a) => [a.getAttribute('href'), a.textContent]),
        anchor: main.querySelector('h3 a[id]')?.id ?? null,
        bold: [...main.querySelectorAll('strong')].map((b) => b.textContent),
        scripts: main.querySelectorAll('script').length,
      };
    });
    same('fixtures/headings.doc in the DOM: headings', dom.headings, [
      ['H1', 'Annual Report'],
      ['H2', 'Results in brief'],
      ['H3', 'Details'],
      ['H2', 'Custom Heading Style'],
      ['H3', 'Outline Level Three'],
    ]);
    same('fixtures/headings.doc in the DOM: links (the javascript: one is text)', dom.links, [
      ['https://example.com/report?year=2024&part=2', 'the report'],
      ['mailto:info@example.com', 'write to us'],
      ['#details', 'see Details'],
      ['https://example.com/', 'a bold link'],
    ]);
    same('fixtures/headings.doc in the DOM: the in-document link target', dom.anchor, 'details');
    same('fixtures/headings.doc in the DOM: no script', dom.scripts, 0);
    if (!dom.bold.includes('This paragraph is bold by direct formatting.')) fail(`fixtures/headings.doc in the DOM: bold paragraph missing (${JSON.stringify(dom.bold)})`);
  }
  const table = await tab.evaluate((url) => window.showStructure(url), '/structure/merged-table.doc');
  if (table.error) fail(`fixtures/merged-table.doc as HTML: ${table.error}`);
  else {
    const tables = await tab.evaluate(() =>
      [...document.querySelectorAll('#document table')].map((t) =>
        [...t.rows].map((row) => [...row.cells].map((c) => [c.tagName, c.textContent.replace(/\s+/g, ' ').trim(), c.colSpan, c.rowSpan])),
      ),
    );
    same('fixtures/merged-table.doc in the DOM: cells (tag, text, colspan, rowspan)', tables, [
      [
        [['TH', 'Name', 1, 1], ['TH', 'Qty', 1, 1]],
        [['TD', 'Apples', 1, 1], ['TD', '3', 1, 1]],
        [['TD', 'Pears | plums', 1, 1], ['TD', '5', 1, 1]],
      ],
      [
        [['TD', 'Across two', 2, 1], ['TD', 'C1', 1, 1]],
        [['TD', 'A2', 1, 1], ['TD', 'B2', 1, 1], ['TD', 'Down two', 1, 2]],
        [['TD', 'A3', 1, 1], ['TD', 'First line Second bold line', 1, 1]],
      ],
    ]);
  }
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failures) {
  console.error(`browser: FAILED (${failures})`);
  process.exit(1);
}
console.log(`browser: OK (${documents.length} documents; ${STRUCTURE_DOCS.length} rendered as HTML into the DOM)`);
