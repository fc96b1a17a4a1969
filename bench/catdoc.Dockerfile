# catdoc 0.95 (Debian bookworm) for the golden comparison: bench/golden/compare.ts (CI: .ci/run) runs
#   docker build --network host -t doc2text-catdoc:0.95 - < bench/catdoc.Dockerfile
#   docker run -i --rm doc2text-catdoc:0.95 catdoc -d utf-8 [-w]  < file.doc
# (all files in one `docker run -i`: a tar of them on stdin, each fed to catdoc's stdin inside).
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends catdoc \
 && rm -rf /var/lib/apt/lists/*
ENV LANG=C.UTF-8
CMD ["catdoc", "-V"]
