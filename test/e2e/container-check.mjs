/**
 * The service image, running in Docker as users run it:
 *
 *   node test/e2e/container-check.mjs IMAGE
 *
 * - the image runs as the non-root user `node` and declares a HEALTHCHECK;
 * - the container starts with `--read-only` and no tmpfs, and answers GET /health (the time from
 *   `docker run` to that first answer is printed);
 * - POST /doc-parser with real documents: the text equals the fixture's expected file; a document
 *   over the inline limit (from ../shared/corpus, when present) goes through the worker threads;
 * - the process inside is uid 1000, and its root file system refuses writes;
 * - Docker's own health check (the image's command; only its interval shortened) reports healthy;
 * - SIGTERM (docker stop) lets an upload that is in flight finish with 200, refuses new
 *   connections, and the container exits 0.
 * Exits non-zero on the first failure; always removes its container.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const image = process.argv[2];
if (!image) throw new Error('usage: container-check.mjs IMAGE');
const name = `doc2text-e2e-${process.pid}`;
const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fail = (message) => {
  console.error(`container: FAILED: ${message}`);
  spawnSync('docker', ['logs', '--tail', '30', name], { stdio: 'inherit' });
  spawnSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
  process.exit(1);
};
const ok = (message) => console.log(`  ok  ${message}`);

const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

function multipart(bytes, filename) {
  const boundary = `e2e${process.pid}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/msword\r\n\r\n',
  );
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]) };
}

/** One HTTP request; `between` runs after the server said 100 Continue and half the body went out. */
function send(port, method, path, upload, between) {
  return new Promise((res, rej) => {
    const headers = upload ? { 'content-type': upload.type, 'content-length': upload.body.length } : {};
    if (between) headers.expect = '100-continue';
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => res({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', rej);
    if (!upload) return req.end();
    if (!between) return req.end(upload.body);
    req.on('continue', async () => {
      const half = upload.body.length >> 1;
      req.write(upload.body.subarray(0, half));
      try {
        await between();
      } catch (error) {
        rej(error);
        return;
      }
      req.end(upload.body.subarray(half));
    });
  });
}

async function postDoc(port, file, query = '?format=plain') {
  const res = await send(port, 'POST', `/doc-parser${query}`, multipart(readFileSync(file), file.split('/').pop()));
  let json;
  try {
    json = JSON.parse(res.body);
  } catch {
    fail(`POST ${file}: not JSON: ${res.body.slice(0, 200)}`);
  }
  return { status: res.status, json };
}

// ------------------------------------------------------------------ the image's declarations
const config = JSON.parse(docker('image', 'inspect', '-f', '{{json .Config}}', image));
if (config.User !== 'node') fail(`image user is ${JSON.stringify(config.User)}, expected "node"`);
ok(`image runs as user "${config.User}"`);
const healthTest = config.Healthcheck?.Test ?? [];
if (healthTest[0] !== 'CMD' || !healthTest.join(' ').includes('/health')) fail(`no HEALTHCHECK on /health: ${JSON.stringify(healthTest)}`);
ok(`HEALTHCHECK declared: ${healthTest.slice(1).join(' ').slice(0, 70)}…`);

// ------------------------------------------------------------------ start, read-only, no tmpfs
const port = await freePort();
const started = process.hrtime.bigint();
docker(
  'run', '-d', '--name', name, '--network', 'host', '--read-only',
  '-e', `PORT=${port}`, '-e', 'HOST=127.0.0.1',
  // Docker 20.10 runs the first check one interval after start; the check itself is the image's.
  '--health-interval', '1s',
  image,
);
let firstAnswerMs = -1;
for (let i = 0; i < 600 && firstAnswerMs < 0; i++) {
  try {
    if ((await send(port, 'GET', '/health')).status === 200) firstAnswerMs = Number(process.hrtime.bigint() - started) / 1e6;
  } catch {
    await sleep(50);
  }
}
if (firstAnswerMs < 0) fail('no answer on /health after 30 s');
ok(`GET /health → 200; time from docker run to first answer: ${firstAnswerMs.toFixed(0)} ms`);
const host = JSON.parse(docker('inspect', '-f', '{{json .HostConfig}}', name));
if (host.ReadonlyRootfs !== true || (host.Tmpfs && Object.keys(host.Tmpfs).length > 0)) fail('container is not read-only without tmpfs');
ok('root file system read-only, no tmpfs');

// ------------------------------------------------------------------ documents
for (const fixture of ['multilingual', 'table', 'notes']) {
  const { status, json } = await postDoc(port, join(root, 'fixtures', `${fixture}.doc`));
  const expected = readFileSync(join(root, 'fixtures', `${fixture}.body.txt`), 'utf8');
  if (status !== 200 || json.text !== expected || json.file !== `${fixture}.doc`) fail(`POST ${fixture}.doc → ${status} ${JSON.stringify(json).slice(0, 200)}`);
}
ok('POST /doc-parser?format=plain: multilingual.doc, table.doc, notes.doc give their expected text');
const catdoc = await postDoc(port, join(root, 'fixtures', 'simple.doc'), '');
if (catdoc.status !== 200 || !catdoc.json.text.startsWith('The quick brown fox')) fail(`POST simple.doc (default format) → ${catdoc.status}`);
ok('POST /doc-parser (default catdoc format) → 200');
const notDoc = await send(port, 'POST', '/doc-parser', multipart(Buffer.from('plain words'), 'notes.txt'));
if (notDoc.status !== 415) fail(`a non-document → ${notDoc.status}, expected 415`);
ok('POST a non-document → 415');

const corpus = resolve(root, '../shared/corpus/docs/poi');
const big = existsSync(corpus) && readdirSync(corpus).map((f) => join(corpus, f)).find((f) => statSync(f).size > 1_000_000 && f.endsWith('picture.doc'));
if (big) {
  const { status, json } = await postDoc(port, big);
  const local = await import(join(root, 'packages/parser/dist/index.js'));
  const expected = local.extractText(new Uint8Array(readFileSync(big)));
  if (status !== 200 || json.text !== expected) fail(`POST ${big} (worker thread) → ${status}, text ${json.text === expected ? 'equal' : 'differs'}`);
  ok(`POST a ${(statSync(big).size / 1e6).toFixed(1)} MB corpus document (parsed on a worker thread) → the host parser's text`);
} else {
  console.log('  --  ../shared/corpus absent: the worker-thread path is not exercised here');
}

// ------------------------------------------------------------------ user and file system
const status = docker('exec', name, 'cat', '/proc/1/status');
const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
if (!uid || uid[1] !== '1000' || uid[2] !== '1000') fail(`PID 1 uid line: ${uid?.[0]}`);
ok(`PID 1 (${/^Name:\s+(\S+)/m.exec(status)?.[1]}) runs as uid 1000`);
for (const path of ['/app/probe', '/tmp/probe']) {
  const write = spawnSync('docker', ['exec', name, 'node', '-e', `require('fs').writeFileSync('${path}', 'x')`], { encoding: 'utf8' });
  if (write.status === 0 || !/EROFS|EACCES/.test(write.stderr)) fail(`writing ${path} did not fail with EROFS/EACCES: ${write.stderr}`);
}
ok('writes to /app and /tmp are refused (EROFS)');

// ------------------------------------------------------------------ Docker's health check
let health = '';
for (let i = 0; i < 60 && health !== 'healthy'; i++) {
  health = docker('inspect', '-f', '{{.State.Health.Status}}', name);
  if (health === 'unhealthy') fail('Docker reports the container unhealthy');
  if (health !== 'healthy') await sleep(500);
}
if (health !== 'healthy') fail(`health status still "${health}" after 30 s`);
ok('docker inspect: State.Health.Status = healthy');

// ------------------------------------------------------------------ SIGTERM drains in-flight requests
const upload = multipart(readFileSync(join(root, 'fixtures', 'long.doc')), 'long.doc');
const inFlight = send(port, 'POST', '/doc-parser?format=plain', upload, async () => {
  // The server has the request (it said 100 Continue) and half its body: now stop the container.
  docker('kill', '--signal', 'TERM', name);
  for (let i = 0; i < 200; i++) {
    try {
      await send(port, 'GET', '/health');
      await sleep(50);
    } catch (error) {
      if (error.code === 'ECONNREFUSED') return;
      // A connection accepted just before the listener closed has no request yet: it is idle, and
      // server.close() drops idle connections. Not an answer either way: poll again.
      if (error.code !== 'ECONNRESET') throw error;
    }
  }
  throw new Error('the server still accepts connections 10 s after SIGTERM');
});
const drained = await inFlight.catch((error) => fail(`in-flight upload: ${error.message}`));
const longExpected = readFileSync(join(root, 'fixtures', 'long.body.txt'), 'utf8');
if (drained.status !== 200 || JSON.parse(drained.body).text !== longExpected) fail(`in-flight upload after SIGTERM → ${drained.status} ${drained.body.slice(0, 200)}`);
ok('SIGTERM: new connections refused, the upload in flight finished with 200 and its full text');
const exit = docker('wait', name);
if (exit !== '0') fail(`container exited with ${exit} after SIGTERM`);
const logs = spawnSync('docker', ['logs', name], { encoding: 'utf8' });
if (!`${logs.stdout}${logs.stderr}`.includes('"server closed"')) fail('no "server closed" in the log');
ok('container exited 0 after draining ("server closed" logged)');
docker('rm', '-f', name);
console.log(`container: OK (first answer ${firstAnswerMs.toFixed(0)} ms after docker run)`);
