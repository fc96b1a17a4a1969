#!/usr/bin/env bash
# package.sh — the npm package as a user installs it: `pnpm pack` of @doc2text/parser from this
# checkout (its prepack builds it), `npm install` of the tarball into a fresh project outside the
# repository, then:
#   - the tarball holds built code, types, LICENSE, README, the bin, and no source maps;
#   - `import` (ESM) and `require()` (CommonJS) extract a fixture's text exactly, on every Node line
#     `engines` admits, at its lowest admitted version (20.19.0, 22.12.0) and on the newest 24;
#   - TypeScript type-checks a consumer under moduleResolution node16 and bundler;
#   - `npx doc2text FILE` prints the text.
# Prints the tarball's size and file list. Exits non-zero on the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/doc2text-package.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "package: FAILED: $*" >&2; exit 1; }
PNPM="npx -y pnpm@10"
FIXTURE="$ROOT/fixtures/multilingual.doc"
EXPECTED="$ROOT/fixtures/multilingual.body.txt"

echo "== pnpm pack (prepack builds dist/)"
(cd "$ROOT/packages/parser" && $PNPM pack --pack-destination "$WORK" >/dev/null)
TGZ="$(ls "$WORK"/*.tgz)"
LIST="$(tar tzf "$TGZ" | sed 's#^package/##' | sort)"
echo "tarball: $(basename "$TGZ"), $(stat -c %s "$TGZ") bytes packed, $(tar xzf "$TGZ" -O | wc -c) bytes unpacked, $(echo "$LIST" | wc -l) files"
echo "$LIST" | sed 's/^/  /' | paste -sd' ' | fold -w 110 -s
for must in LICENSE README.md package.json dist/index.js dist/index.d.ts dist/cli.cjs dist/cli.bundle.cjs; do
  echo "$LIST" | grep -qx "$must" || fail "tarball lacks $must"
done
if echo "$LIST" | grep -q '\.map$'; then fail "tarball ships source maps: $(echo "$LIST" | grep '\.map$' | head -3)"; fi
if echo "$LIST" | grep -qE '^(src|test|scripts)/'; then fail "tarball ships sources or tests"; fi
# README links must work on npm: absolute URLs only (relative ones point at files not in the package).
# (Inline code spans are examples, not links: they are left out of the check.)
if tar xzf "$TGZ" -O package/README.md | sed 's/`[^`]*`//g' | grep -oE '\]\([^)]+\)' | grep -vE '\]\((https?://|#)'; then
  fail "README.md has relative links, which are broken on npmjs.com"
fi

echo "== npm install the tarball into a fresh project"
APP="$WORK/app"; mkdir -p "$APP"; cd "$APP"
printf '{ "name": "consumer", "version": "1.0.0", "private": true }\n' > package.json
npm install --no-audit --no-fund --loglevel=error "$TGZ" >/dev/null
cp "$FIXTURE" "$APP/doc.doc"; cp "$EXPECTED" "$APP/expected.txt"

cat > esm.mjs <<'JS'
import { readFileSync } from 'node:fs';
import { extractText, DocParseError } from '@doc2text/parser';
const text = extractText(new Uint8Array(readFileSync('doc.doc')));
if (text !== readFileSync('expected.txt', 'utf8')) { console.error('ESM: text differs from the expected file'); process.exit(1); }
try { extractText(new Uint8Array(8)); process.exit(1); } catch (e) { if (!(e instanceof DocParseError)) throw e; }
console.log(`ESM import on Node ${process.versions.node}: ${text.length} chars, equal to the expected text`);
JS
cat > cjs.cjs <<'JS'
const { readFileSync } = require('node:fs');
const { extractText, DocParseError } = require('@doc2text/parser');
const text = extractText(new Uint8Array(readFileSync('doc.doc')));
if (text !== readFileSync('expected.txt', 'utf8')) { console.error('CJS: text differs from the expected file'); process.exit(1); }
try { extractText(new Uint8Array(8)); process.exit(1); } catch (e) { if (!(e instanceof DocParseError)) throw e; }
console.log(`require() on Node ${process.versions.node}: ${text.length} chars, equal to the expected text`);
JS

# The lowest version of every Node line `engines` admits, and the newest 24 (npx fetches the
# official builds from the npm registry). engines says why: require() of an ES module needs them.
ENGINES="$(node -p "require('$ROOT/packages/parser/package.json').engines.node")"
[ "$ENGINES" = "^20.19.0 || >=22.12.0" ] || fail "engines is now '$ENGINES': update the versions this script proves"
for v in host 20.19.0 22.12.0 24; do
  if [ "$v" = host ]; then run=(node); else run=(npx -y -p "node@$v" -- node); fi
  "${run[@]}" esm.mjs || fail "ESM import on Node $v"
  # A warning on stderr is tolerated (20.19 says require(esm) is experimental); a failure is not.
  "${run[@]}" cjs.cjs || fail "require() on Node $v"
done

echo "== TypeScript consumers (moduleResolution node16 and bundler)"
TSC="$ROOT/node_modules/typescript/bin/tsc"
cat > consumer.ts <<'TS'
import { parseDoc, extractText, detect, DocParseError, type DocErrorCode, type StoryName } from '@doc2text/parser';
declare const bytes: Uint8Array;
const doc = parseDoc(bytes);
const body: string = doc.text('body');
const all: string = extractText(bytes, { story: 'all' });
const kind: string = detect(bytes);
const story: StoryName = 'footnotes';
function code(e: unknown): DocErrorCode | undefined { return e instanceof DocParseError ? e.code : undefined; }
// @ts-expect-error: not a story name — the types must reject it
doc.text('no-such-story');
export { body, all, kind, story, code };
TS
printf '{ "name": "consumer", "version": "1.0.0", "private": true, "type": "module" }\n' > package.json
for mode in "node16 node16" "bundler esnext"; do
  set -- $mode
  printf '{ "compilerOptions": { "module": "%s", "moduleResolution": "%s", "target": "es2022", "strict": true, "noEmit": true, "types": [], "skipLibCheck": false }, "files": ["consumer.ts"] }\n' "$2" "$1" > tsconfig.json
  node "$TSC" -p tsconfig.json || fail "TypeScript, moduleResolution $1"
  echo "TypeScript $(node "$TSC" -v | cut -d' ' -f2), moduleResolution $1: types check (no @types/node)"
done

echo "== npx doc2text FILE"
OUT="$(npx --no-install doc2text doc.doc)" || fail "npx doc2text exited non-zero"
[ "$OUT" = "$(cat expected.txt)" ] || fail "npx doc2text printed other text"
echo "npx doc2text doc.doc: the expected text ($(printf '%s' "$OUT" | wc -c) bytes)"
echo "package: OK"
