/**
 * The ceiling of the original-service bench (section 5): what a Node HTTP server at its barest
 * reaches on this machine with wrk beside it, before any parsing. node:http, a process per core
 * (node:cluster, SCHED_NONE, as the server's CONCURRENCY=processes), the body read whole, then a
 * fixed answer: the cost of HTTP, TCP and Connection: close alone. Not a server to run: a measure
 * of how far any server that reads a document, ours included, can go here. PORT and HOST from the
 * environment.
 */
import cluster from 'node:cluster';
import http from 'node:http';
import { availableParallelism } from 'node:os';

cluster.schedulingPolicy = cluster.SCHED_NONE;
if (cluster.isPrimary) {
  for (let i = 0; i < availableParallelism(); i++) cluster.fork();
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const answer = JSON.stringify({ text: 'x', file: 'x.doc' });
  http
    .createServer((req, res) => {
      req.on('data', () => {});
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
      });
    })
    .listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
}
