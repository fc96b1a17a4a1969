#!/usr/bin/env bash
# docker-smoke.sh — replays the Dockerfile's build without a Docker engine, then boots the result.
#
#   1. copies exactly the files the Dockerfile COPYs into a temp dir
#   2. pnpm install --frozen-lockfile (pnpm version from package.json "packageManager")
#   3. builds @doc2text/parser and @doc2text/server
#   4. pnpm deploy --prod of the server (as in the image: dist/ + production node_modules only)
#   5. boots `node dist/start.js` from the deployed dir on a free 127.0.0.1 port, runs the image's
#      HEALTHCHECK command, POSTs a fixture and a non-document, then stops it with SIGTERM
#   6. calls the Lambda handler (dist/lambda.handler) of the deployed dir with API Gateway events
#
# Exits non-zero on the first failure; always removes its temp dir and stops the server it started.
# Needs: node 20, npx (for pnpm), network access to the npm registry (or a warm pnpm store).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PNPM_VERSION="$(node -p "require('${REPO_ROOT}/package.json').packageManager.split('@')[1]")"
pnpm() { npx -y "pnpm@${PNPM_VERSION}" "$@"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/doc2text-docker-smoke.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  if [[ -n "${SERVER_PID}" ]] && kill -0 "${SERVER_PID}" 2>/dev/null; then
    kill -TERM "${SERVER_PID}" 2>/dev/null || true
    wait "${SERVER_PID}" 2>/dev/null || true
  fi
  if [[ ${status} -ne 0 && -f "${WORK}/server.log" ]]; then
    echo "---- server log ----" >&2
    tail -n 50 "${WORK}/server.log" >&2 || true
  fi
  rm -rf "${WORK}"
  exit "${status}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> docker-smoke: %s\n' "$*"; }
fail() { printf 'docker-smoke: FAILED: %s\n' "$*" >&2; exit 1; }

# A document to upload: the project's fixture, else the shared corpus (read in place, never copied).
FIXTURE=""
for candidate in "${REPO_ROOT}/fixtures/simple.doc" "${REPO_ROOT}/../shared/corpus/docs/poi/simple.doc"; do
  if [[ -f "${candidate}" ]]; then FIXTURE="${candidate}"; break; fi
done

# ----------------------------------------------------------------------------------------------
step "1/6 copy the build context (the files the Dockerfile COPYs) to ${WORK}/repo"
SRC="${WORK}/repo"
mkdir -p "${SRC}/packages/parser" "${SRC}/packages/server" "${SRC}/bench"
cd "${REPO_ROOT}"
cp package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json "${SRC}/"
cp packages/parser/package.json packages/parser/tsconfig.json "${SRC}/packages/parser/"
cp -R packages/parser/src "${SRC}/packages/parser/src"
cp packages/server/package.json packages/server/tsconfig.json packages/server/README.md "${SRC}/packages/server/"
cp -R packages/server/src "${SRC}/packages/server/src"
cp bench/package.json "${SRC}/bench/"

# ----------------------------------------------------------------------------------------------
step "2/6 pnpm@${PNPM_VERSION} install --frozen-lockfile"
cd "${SRC}"
CI=true pnpm install --frozen-lockfile

# ----------------------------------------------------------------------------------------------
step "3/6 build parser and server"
pnpm --filter @doc2text/parser run build
pnpm --filter @doc2text/server run build

# ----------------------------------------------------------------------------------------------
step "4/6 pnpm deploy --prod (production dependencies only)"
APP="${WORK}/app"
pnpm --config.inject-workspace-packages=true --filter @doc2text/server deploy --prod "${APP}"
rm -f "${APP}/pnpm-lock.yaml"
[[ -f "${APP}/dist/start.js" && -f "${APP}/dist/lambda.js" ]] || fail "deployed app has no dist/start.js or dist/lambda.js"
[[ -f "${APP}/node_modules/@doc2text/parser/dist/index.js" ]] || fail "deployed app has no built parser"
for dev in typescript vitest tsx @types; do
  if [[ -e "${APP}/node_modules/${dev}" ]] || compgen -G "${APP}/node_modules/.pnpm/${dev}@*" >/dev/null; then
    fail "dev dependency ${dev} found in the production deploy"
  fi
done
echo "deployed app: $(du -sh "${APP}" | cut -f1)"

# ----------------------------------------------------------------------------------------------
step "5/6 boot node dist/start.js from the deployed dir and talk to it"
PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
(
  cd "${APP}"
  exec env -i PATH="${PATH}" HOME="${WORK}" NODE_ENV=production PORT="${PORT}" HOST=127.0.0.1 LOG_LEVEL=info \
    node dist/start.js
) >"${WORK}/server.log" 2>&1 &
SERVER_PID=$!

cd "${APP}"
PORT="${PORT}" FIXTURE="${FIXTURE}" node --input-type=module - <<'NODE'
const base = `http://127.0.0.1:${process.env.PORT}`;
const fail = (message) => { console.error(`docker-smoke: FAILED: ${message}`); process.exit(1); };

// wait for the server (up to 20 s)
let up = false;
for (let i = 0; i < 100 && !up; i++) {
  try { up = (await fetch(`${base}/health`)).ok; } catch { await new Promise((r) => setTimeout(r, 200)); }
}
if (!up) fail('the server did not answer GET /health within 20 s');
console.log('GET /health → 200');

const upload = async (bytes, filename, type = 'application/msword', query = '') => {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), filename);
  const res = await fetch(`${base}/doc-parser${query}`, { method: 'POST', body: form });
  return { status: res.status, json: await res.json() };
};

const fs = await import('node:fs');
if (process.env.FIXTURE) {
  const bytes = fs.readFileSync(process.env.FIXTURE);
  const name = 'Отчёт 2024 – résumé.doc';
  for (const query of ['', '?format=plain']) {
    const { status, json } = await upload(bytes, name, 'application/msword', query);
    if (status !== 200) fail(`POST /doc-parser${query} with ${process.env.FIXTURE} → ${status} ${JSON.stringify(json)}`);
    if (json.file !== name) fail(`file name not echoed: ${JSON.stringify(json.file)}`);
    if (typeof json.text !== 'string' || json.text.trim() === '') fail(`no text: ${JSON.stringify(json)}`);
    console.log(`POST /doc-parser${query} (${process.env.FIXTURE.split('/').pop()}) → 200, ${json.text.length} chars`);
  }
} else {
  console.log('no fixtures/simple.doc nor ../shared/corpus: skipping the document upload');
}

const notDoc = await upload(new TextEncoder().encode('not a Word file'), 'notes.txt', 'text/plain');
if (notDoc.status !== 415 || !/must end in \.doc or \.dot/.test(notDoc.json.description) || notDoc.json.code !== 'INVALID_FILE_NAME') {
  fail(`non-document → ${notDoc.status} ${JSON.stringify(notDoc.json)}`);
}
console.log('POST /doc-parser (notes.txt) → 415 INVALID_FILE_NAME');
NODE

# The image's HEALTHCHECK command, verbatim.
PORT="${PORT}" node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" \
  || fail "the Dockerfile HEALTHCHECK command failed"
echo "HEALTHCHECK command → 0"

kill -TERM "${SERVER_PID}"
set +e
wait "${SERVER_PID}"
STATUS=$?
set -e
SERVER_PID=""
[[ ${STATUS} -eq 0 ]] || fail "server exited with ${STATUS} after SIGTERM (expected a graceful 0)"
grep -q '"server closed"' "${WORK}/server.log" || fail "no graceful shutdown in the server log"
echo "SIGTERM → graceful exit 0"

# ----------------------------------------------------------------------------------------------
step "6/6 Lambda handler (dist/lambda.handler) of the deployed dir"
cd "${APP}"
FIXTURE="${FIXTURE}" env LOG_LEVEL=silent node --input-type=module - <<'NODE'
const fail = (message) => { console.error(`docker-smoke: FAILED: ${message}`); process.exit(1); };
const { handler } = await import(`${process.cwd()}/dist/lambda.js`);
const context = { callbackWaitsForEmptyEventLoop: true, awsRequestId: 'smoke' };

const health = await handler(
  { version: '2.0', rawPath: '/health', rawQueryString: '', headers: {}, isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: '/health' }, stage: '$default', requestId: 'smoke-1' } },
  context,
);
if (health.statusCode !== 200) fail(`lambda GET /health → ${health.statusCode} ${health.body}`);
console.log('lambda (HTTP API v2) GET /health → 200');

if (process.env.FIXTURE) {
  const fs = await import('node:fs');
  const boundary = 'smokeBoundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="simple.doc"\r\nContent-Type: application/msword\r\n\r\n`),
    fs.readFileSync(process.env.FIXTURE),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await handler(
    { resource: '/doc-parser', path: '/doc-parser', httpMethod: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      multiValueHeaders: { 'Content-Type': [`multipart/form-data; boundary=${boundary}`] },
      queryStringParameters: null, multiValueQueryStringParameters: null,
      requestContext: { resourcePath: '/doc-parser', httpMethod: 'POST', stage: 'prod', requestId: 'smoke-2',
        identity: { sourceIp: '203.0.113.7' } },
      body: body.toString('base64'), isBase64Encoded: true },
    context,
  );
  const json = JSON.parse(res.body);
  if (res.statusCode !== 200 || json.file !== 'simple.doc' || !json.text) fail(`lambda POST → ${res.statusCode} ${res.body}`);
  console.log(`lambda (REST v1, base64 multipart) POST /doc-parser → 200, ${json.text.length} chars`);
}
process.exit(0);
NODE

printf '\ndocker-smoke: OK\n'
