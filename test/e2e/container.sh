#!/usr/bin/env bash
# container.sh — the Dockerfile, built as it is and run in Docker:
#   1. buildah builds the runtime (default) and lambda targets (BuildKit's RUN --mount=type=cache
#      honoured), pushes both into the Docker engine; build times and image sizes printed;
#   2. container-check.mjs: the service container (read-only, no tmpfs, non-root, HEALTHCHECK,
#      documents, SIGTERM drain, time to first answer);
#   3. the lambda image: its CMD's handler invoked inside it with the three HTTP event shapes.
# Needs a Docker engine, buildah and the base images (../shared/tools/container-bases.sh gives all
# three on a machine without a registry). Exits non-zero on the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"
TAG="${DOC2TEXT_IMAGE_TAG:-ci}"
fail() { echo "container: FAILED: $*" >&2; exit 1; }
now() { date +%s%N; }
secs() { local ms=$((($(now) - $1) / 1000000)); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }
cd "$ROOT"

for target in runtime lambda; do
  if [ $target = lambda ]; then image="doc2text-lambda:$TAG" base=public.ecr.aws/lambda/nodejs:24
  else image="doc2text:$TAG" base=node:24-bookworm-slim; fi
  t0=$(now)
  buildah bud --format docker --network host --isolation chroot --pull=never --layers -q \
    --target "$target" -t "$image" . >/dev/null || fail "buildah bud --target $target"
  build=$(secs "$t0")
  buildah push -q "$image" "docker-daemon:$image" >/dev/null || fail "buildah push $image"
  size=$(docker image inspect -f '{{.Size}}' "$image")
  base_size=$(docker image inspect -f '{{.Size}}' "$base")
  echo "image $image: built in $build; $((size / 1000000)) MB, $(((size - base_size) / 1000)) kB over $base"
done

echo "== the service container (doc2text:$TAG)"
node test/e2e/container-check.mjs "doc2text:$TAG"

echo "== the lambda image (doc2text-lambda:$TAG)"
CMD="$(docker image inspect -f '{{index .Config.Cmd 0}}' "doc2text-lambda:$TAG")"      # e.g. dist/lambda.handler
TASK="$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "doc2text-lambda:$TAG" | sed -n 's/^LAMBDA_TASK_ROOT=//p')"
[ -n "$TASK" ] || fail "the lambda image has no LAMBDA_TASK_ROOT"
docker run --rm --network host --read-only \
  -v "$ROOT/fixtures:/e2e-fixtures:ro" -v "$ROOT/test/e2e:/e2e:ro" \
  --entrypoint node "doc2text-lambda:$TAG" /e2e/lambda-invoke.mjs "$TASK/${CMD%.*}.js" "${CMD##*.}" /e2e-fixtures
echo "container: OK"
