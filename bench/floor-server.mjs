/**
 * The ceiling of the original-service bench (section 5): what a Node HTTP server at its barest
 * reaches on this machine with wrk beside it. node:http, a process per core (node:cluster,
 * SCHED_NONE, as cluster-start.mjs), the body read whole, then
 *   FLOOR=answer  a fixed answer: no parsing at all (the cost of HTTP, TCP and Connection: close);
 *   FLOOR=parse   the document's text by the parser's public extractText, inline, as {"text","file"}:
 *                 catdoc format, the service's default (DEFAULT_FORMAT).
 * No limits, no validation, no error answers, no logging, no workers: not a server to run, a
 * measure of how far any server, ours included, can go here. PORT and HOST from the environment.
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
  const { extractText } = await import('../packages/parser/dist/index.js');
  const parse = process.env.FLOOR === 'parse';
  const HEAD_END = Buffer.from('\r\n\r\n');
  const FIXED = JSON.stringify({ text: 'x', file: 'x.doc' });
  http
    .createServer((req, res) => {
      const chunks = [];
      let length = 0;
      req.on('data', (chunk) => {
        chunks.push(chunk);
        length += chunk.length;
      });
      req.on('end', () => {
        let answer = FIXED;
        if (parse) {
          // The one part wrk sends (../shared/baseline-service/post.lua): its head, its bytes, the closing boundary.
          const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
          const type = req.headers['content-type'] ?? '';
          const boundary = `\r\n--${type.slice(type.indexOf('boundary=') + 9)}`;
          const headEnd = body.indexOf(HEAD_END);
          const file = body.subarray(headEnd + 4, body.lastIndexOf(boundary));
          const name = /filename="([^"]*)"/.exec(body.latin1Slice(0, headEnd))?.[1] ?? '';
          const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
          answer = JSON.stringify({ text: extractText(bytes, { format: 'catdoc' }), file: name });
        }
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
      });
    })
    .listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
}
