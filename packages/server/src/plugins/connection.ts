/**
 * The connection, below routes: Node's timeouts, errors raised before there is a request to answer,
 * `Expect: 100-continue` (answered only once the request has been admitted), requests arriving
 * while the server closes, and a lingering close after an answer sent before the body was read.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../problems.js';

/**
 * Options for Node's http server, which enforces the request timeout. Fastify sets `requestTimeout` on
 * the server after creating it, which leaves Node's `headersTimeout` at 60 s: with a header timeout
 * above the request timeout Node only expires a request whose body trickles in after the header
 * timeout has passed too (a client sending one byte a second with REQUEST_TIMEOUT_MS=2000 was cut
 * after 90 s). Node also looks for expired requests only every `connectionsCheckingInterval` (30 s by
 * default). Both are set here so a slow client is cut within about a second of the configured time.
 */
export function serverTimeouts(requestTimeoutMs: number) {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(requestTimeoutMs, 60_000),
    connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(requestTimeoutMs / 4))),
  };
}

/**
 * Errors Node raises on a connection before there is a request to answer (request timeout, headers too
 * large, an unparsable request): answered in the service's error shape instead of Fastify's default
 * body, then the connection is closed. Like Node's own handler, it writes nothing when an answer has
 * already gone out on the connection (e.g. a 413 sent while the client was still uploading).
 */
export function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new HttpProblem('REQUEST_TIMEOUT')
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? new HttpProblem('HEADERS_TOO_LARGE')
        : new HttpProblem('MALFORMED_REQUEST', 'The HTTP request could not be parsed.');
  const reason = error.code ?? error.message;
  this.log.info({ code: problem.code, status: problem.statusCode, reason }, 'request rejected');
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify(problem.body);
    socket.write(
      `HTTP/1.1 ${problem.statusCode} ${STATUS_CODES[problem.statusCode] ?? 'Error'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** How long a connection closed under an unfinished upload is kept open before it is cut. */
const LINGER_MS = 5_000;
/**
 * What the lingering close reads of an unwanted body after the answer before it stops reading. Each
 * chunk Node's HTTP parser delivers is a fresh Buffer, and dropped chunks are garbage that V8 collects
 * late (its external-memory trigger is ~64 MiB): reading on until the client noticed the 413 took in
 * up to all of a refused 60 MB upload, and RSS grew by as much as 66 MiB (Node 24). 1 MiB lets a body
 * that went a little over the limit finish, so the connection closes cleanly; a client with more to
 * send is then held back by TCP flow control, and can only stop and read the answer.
 */
export const LINGER_BYTES = 1024 * 1024;
const kLingering = Symbol('doc2text.lingering');

/**
 * Reads and drops up to `limit` bytes of the rest of `incoming`'s body, then stops reading the
 * connection (a paused request fills up, then Node stops reading its socket). Listening also keeps
 * Node from `_dump()`ing the request after the answer, which would read the whole body.
 */
function dropBody(incoming: FastifyRequest['raw'], limit: number): void {
  let dropped = 0;
  const drop = (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped < limit) return;
    incoming.off('data', drop);
    incoming.pause();
  };
  incoming.on('data', drop);
  incoming.resume(); // unpiped from busboy, it may be paused: a 'data' listener alone would not resume it
}

/**
 * "Lingering close" for an answer sent before the request body was fully read (413, 503, 400, …).
 * Node would destroy the socket right after the answer, and a client still sending gets a TCP reset
 * that can discard the answer before it reads it. Instead: send the answer and FIN, read and drop at
 * most LINGER_BYTES more (never kept), then stop reading, so that a client still sending is held by
 * TCP flow control, stops and reads the answer; close when the body ends or errs, or LINGER_MS pass.
 */
function lingerOnClose(request: FastifyRequest): void {
  const incoming = request.raw;
  const socket = incoming.socket as (Socket & { [kLingering]?: boolean }) | null;
  if (!socket || socket[kLingering] || typeof (socket as { destroySoon?: unknown }).destroySoon !== 'function') return;
  socket[kLingering] = true;
  const readAtAnswer = socket.bytesRead;
  socket.once('close', () => {
    request.log.info({ bytesRead: socket.bytesRead, afterAnswer: socket.bytesRead - readAtAnswer }, 'connection closed after an early answer');
  });
  dropBody(incoming, LINGER_BYTES);
  // Node's http server calls socket.destroySoon() once a `Connection: close` answer is written.
  (socket as unknown as { destroySoon: () => void }).destroySoon = function lingeringClose(this: Socket) {
    const close = () => {
      clearTimeout(timer);
      this.destroy();
    };
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    incoming.once('end', close);
    incoming.once('error', close);
    this.end(); // FIN after the answer; the http server socket stays readable (allowHalfOpen)
    if (incoming.readableEnded) close(); // the rest came within LINGER_BYTES before the answer was out
  };
}

const expectsContinue = (request: FastifyRequest) => /^\s*100-continue\s*$/i.test(request.headers.expect ?? '');

export const connectionPlugin = fp(async (app: FastifyInstance) => {
  // Node answers `Expect: 100-continue` at once unless someone listens for it. Listening, the request
  // goes through the hooks first (admission, size, type) and "100 Continue" is written only when it
  // passes them (preParsing); a refusal (413, 415, 503) is the only answer, before any body is sent.
  app.server.on('checkContinue', (req, res) => app.server.emit('request', req, res));
  app.addHook('preParsing', async (request, reply) => {
    if (expectsContinue(request) && !reply.raw.headersSent) reply.raw.writeContinue();
  });

  // Graceful shutdown: requests that still arrive on open connections get 503 and `Connection: close`.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (closing) {
      reply.header('connection', 'close');
      throw new HttpProblem('SERVICE_UNAVAILABLE');
    }
  });

  // When an answer goes out before the body was read (413, 503 on Content-Length, malformed
  // multipart, …) close the connection instead of reading the rest of an unwanted upload.
  app.addHook('onSend', async (request, reply) => {
    if ((request.raw as { complete?: boolean }).complete === false) {
      reply.header('connection', 'close');
      lingerOnClose(request);
    }
  });
});
