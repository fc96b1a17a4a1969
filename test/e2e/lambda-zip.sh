#!/usr/bin/env bash
# lambda-zip.sh — the Lambda zip as AWS runs it: built by `scripts/build-lambda-zip.mjs`, unzipped
# into an empty folder outside the repository (no node_modules anywhere above it), checked against
# template.yaml (handler file and export, runtime, CodeUri, payload limit), then its handler invoked
# there on Node 24 (the template's nodejs24.x) with the three HTTP event shapes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d /tmp/doc2text-lambda-zip.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "lambda-zip: FAILED: $*" >&2; exit 1; }

node "$ROOT/scripts/build-lambda-zip.mjs"
ZIP="$ROOT/out/doc2text-lambda.zip"
mkdir "$WORK/task" && cd "$WORK/task" && unzip -q "$ZIP"
echo "unzipped: $(ls | tr '\n' ' ')($(du -sk . | cut -f1) KB)"
for dir in "$WORK/task" "$WORK" /tmp /; do [ ! -e "$dir/node_modules" ] || fail "$dir/node_modules exists: not a clean folder"; done

# template.yaml must deploy exactly this zip; prints the handler's export name.
EXPORT="$(node --input-type=module - "$ROOT" "$WORK/task" <<'JS'
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
const [root, task] = process.argv.slice(2);
const { parse } = createRequire(`${root}/package.json`)('yaml');
const tags = ['!Ref', '!Sub', '!GetAtt'].map((tag) => ({ tag, resolve: (v) => v }));
const t = parse(readFileSync(`${root}/template.yaml`, 'utf8'), { customTags: tags });
const fn = Object.values(t.Resources).find((r) => r.Type === 'AWS::Serverless::Function').Properties;
const [file, exported] = fn.Handler.split('.');
const check = (ok, what) => { if (!ok) { console.error(`template.yaml: ${what}`); process.exit(1); } };
check(fn.CodeUri === 'out/doc2text-lambda.zip', `CodeUri ${fn.CodeUri} is not the zip this builds`);
check(existsSync(`${task}/${file}.mjs`), `Handler ${fn.Handler}: no ${file}.mjs in the zip`);
check(fn.Runtime === 'nodejs24.x', `Runtime ${fn.Runtime}, tested on nodejs24.x`);
// 6 MB synchronous payload; the multipart body arrives base64-encoded inside the event JSON.
const max = Number(fn.Environment.Variables.MAX_FILE_BYTES);
check(Math.ceil(((max + 16 * 1024) * 4) / 3) + 16 * 1024 < 6 * 1024 * 1024, `MAX_FILE_BYTES ${max} cannot fit a 6 MB Lambda payload`);
// The answer is limited to 6 MB as well: inlined pictures (base64, 4/3) leave at least half of it for the text.
const inline = Number(fn.Environment.Variables.INLINE_IMAGES_BYTES);
check(Number.isInteger(inline) && Math.ceil((inline * 4) / 3) <= 3 * 1024 * 1024, `INLINE_IMAGES_BYTES ${inline}: base64 pictures would fill the 6 MB Lambda answer`);
check(fn.Timeout < 30, `Timeout ${fn.Timeout}: an HTTP API gives up at 30 s`);
console.error(`template.yaml: ${fn.Handler} in ${fn.CodeUri}, ${fn.Runtime}, ${fn.MemorySize} MB, ${fn.Timeout} s, MAX_FILE_BYTES ${max}: consistent with the zip`);
process.stdout.write(`${exported}\n`);
JS
)" || fail "template.yaml does not match the zip"
cd "$WORK/task"
npx -y -p node@24 -- node "$ROOT/test/e2e/lambda-invoke.mjs" "$WORK/task/lambda.mjs" "$EXPORT" "$ROOT/fixtures"
echo "lambda-zip: OK ($(stat -c %s "$ZIP") bytes zipped)"
