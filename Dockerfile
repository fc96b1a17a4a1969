# syntax=docker/dockerfile:1.7
#
# doc2text /doc-parser service.
#   docker build -t doc2text .                                 # HTTP server (default target: runtime)
#   docker run --rm -p 8000:8000 doc2text
#   docker build --target lambda -t doc2text-lambda .          # AWS Lambda container image
#
# CI builds this file as it is (test/e2e/container.sh: buildah, then runs the images in Docker).

ARG NODE_IMAGE=node:24-bookworm-slim
ARG PNPM_VERSION=10.34.9

# ---------------------------------------------------------------------------------------------
# build: install with the lockfile, compile parser + server, deploy the server with prod deps only
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
ARG PNPM_VERSION
ENV CI=true
RUN npm install -g "pnpm@${PNPM_VERSION}" && pnpm --version
WORKDIR /repo

# Manifests first, so the dependency layer is cached until they change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY packages/parser/package.json packages/parser/
COPY packages/server/package.json packages/server/
COPY bench/package.json bench/
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile

COPY packages/parser/tsconfig.json packages/parser/
COPY packages/parser/src packages/parser/src
COPY packages/parser/scripts/bundle-cli.mjs packages/parser/scripts/
COPY packages/server/tsconfig.json packages/server/README.md packages/server/
COPY packages/server/src packages/server/src
RUN pnpm --filter @doc2text/parser run build \
 && pnpm --filter @doc2text/server run build

# A self-contained copy of the server: dist/ + production node_modules (parser injected, no dev deps).
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm --config.inject-workspace-packages=true --filter @doc2text/server deploy --prod /out \
 && rm -f /out/pnpm-lock.yaml

# ---------------------------------------------------------------------------------------------
# lambda: AWS Lambda Node.js 24 base image; handler dist/lambda.handler
#   docker build --target lambda -t doc2text-lambda .
# ---------------------------------------------------------------------------------------------
FROM public.ecr.aws/lambda/nodejs:24 AS lambda
ENV NODE_ENV=production
COPY --from=build /out/ ${LAMBDA_TASK_ROOT}/
CMD ["dist/lambda.handler"]

# ---------------------------------------------------------------------------------------------
# runtime (default): slim Node 24, non-root, listens on 8000
# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8000 \
    HOST=0.0.0.0
# glibc keeps freed memory once it has raised its thresholds: fixed ones give it back (server README, Memory).
ENV MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
# Owned by root and read-only for the service user: the service never writes to disk.
COPY --from=build /out/ /app/
USER node
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--single-threaded-gc", "dist/start.js"]
