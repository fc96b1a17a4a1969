/**
 * The /doc-parser HTTP service: receives one .doc in a multipart upload, entirely in memory, hands the
 * bytes to @doc2text/parser and maps its result or error code to HTTP. No parsing logic lives here.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import multipart from '@fastify/multipart';
import {
  STORY_SELECTORS,
  detect,
  isDocParseError,
  type DocErrorCode,
  type ExtractOptions,
  type StorySelector,
} from '@doc2text/parser';
import { DEFAULT_CONFIG, OUTPUT_FORMATS, type OutputFormat, type ServerConfig } from './config.js';
import { openApiDocument } from './openapi.js';
import { DEFAULT_POOL_OPTIONS, ParsePool, PoolError, type ParsePoolOptions } from './parse-pool.js';
import { HttpProblem, problemFromParser, tooLarge, type ProblemCode } from './problems.js';

export interface AppOptions extends Partial<Omit<ServerConfig, 'port' | 'host'>> {
  /**
   * Fastify logger setting. Default: pino at `logLevel`. Pass `false` to silence, or pino options
   * (e.g. `{ level: 'info', stream }`) to capture logs.
   */
  logger?: FastifyServerOptions['logger'];
  /** Where documents are parsed (parse-pool.ts): worker threads for large ones by default; `{ threads: 0 }` inline. */
  parse?: Partial<ParsePoolOptions>;
}

/** Declared types accepted for the `file` part (compared without parameters, case-insensitively). */
export const WORD_MIME_TYPES: ReadonlySet<string> = new Set([
  'application/msword',
  'application/octet-stream',
  'binary/octet-stream',
  'application/doc',
  'application/ms-doc',
  'application/x-doc',
  'application/word',
  'application/x-word',
  'application/vnd.msword',
  'application/x-msword',
  'application/vnd.ms-word',
  'application/vnd.ms-office',
  'application/x-ole-storage',
  'application/x-cfb',
  'application/cdfv2',
]);

/** The upload's name must end like this (case-insensitively). */
const DOC_NAME = /\.doc$/i;

/** Room for multipart boundaries, part headers and a few small fields on top of the file itself. */
export const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/** busboy limits besides the file size: enough to notice extra parts, not enough to be a burden. */
const PART_LIMITS = {
  files: 2,
  fields: 10,
  fieldSize: 64 * 1024,
  fieldNameSize: 200,
  parts: 20,
  headerPairs: 100,
} as const;

interface Query {
  format?: OutputFormat;
  story?: StorySelector;
  width?: number;
}

const querySchema = {
  type: 'object',
  properties: {
    format: { type: 'string', enum: [...OUTPUT_FORMATS] },
    story: { type: 'string', enum: [...STORY_SELECTORS] },
    width: { type: 'integer', minimum: 0, maximum: 100_000 },
  },
} as const;

interface Upload {
  filename: string;
  mimetype: string;
  bytes: Uint8Array;
}

export function createApp(options: AppOptions = {}): FastifyInstance {
  const config = {
    maxFileBytes: options.maxFileBytes ?? DEFAULT_CONFIG.maxFileBytes,
    defaultFormat: options.defaultFormat ?? DEFAULT_CONFIG.defaultFormat,
    logLevel: options.logLevel ?? DEFAULT_CONFIG.logLevel,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_CONFIG.requestTimeoutMs,
  };
  const bodyLimit = config.maxFileBytes + MULTIPART_OVERHEAD_BYTES;

  const app = Fastify({
    // process.stdout, not pino's default asynchronous writer: that one writes at most 16 KiB per event-loop
    // turn and queues the rest without limit, so with a busy loop (parsing) and ~1 MB/s of request logs the
    // queue kept growing (scripts/load.ts, 64 connections: 42 MB of pending log lines after 85 s, the heap
    // after full GCs 15 → 55 MB). process.stdout writes to files and (on Linux) pipes synchronously: the
    // heap stays flat (~19 MB after full GCs), throughput went from ~1,100 to ~2,000 requests/s, and a slow
    // log reader slows the service down instead of filling its memory.
    logger: options.logger ?? { level: config.logLevel, stream: process.stdout },
    bodyLimit,
    // Node's http server: whole request within requestTimeout; idle socket closed after connectionTimeout.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    http: serverTimeouts(config.requestTimeoutMs),
    clientErrorHandler: answerClientError,
    requestIdHeader: 'x-request-id',
    // Answered below with the service's own error shape instead of Fastify's.
    return503OnClosing: false,
  });

  const pool = new ParsePool({ ...DEFAULT_POOL_OPTIONS, ...options.parse });
  app.addHook('onClose', async () => pool.close());

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

  app.register(multipart, {
    // Keep the client's file name exactly as sent (busboy would otherwise strip "directories").
    preservePath: true,
    throwFileSizeLimit: true,
    limits: { ...PART_LIMITS, fileSize: config.maxFileBytes },
  });

  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendProblem(request, reply, toProblem(error, config.maxFileBytes), error),
  );

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, new HttpProblem('NOT_FOUND')));

  // When an error answer goes out before the body was read (413 on Content-Length, malformed
  // multipart, …) close the connection instead of reading the rest of an unwanted upload.
  app.addHook('onSend', async (request, reply) => {
    if ((request.raw as { complete?: boolean }).complete === false) {
      reply.header('connection', 'close');
      lingerOnClose(request);
    }
  });

  const openapi = openApiDocument(config);

  app.register(async (routes) => {
    routes.get('/health', async () => ({ status: 'ok' }));

    routes.get('/openapi.json', async () => openapi);

    routes.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: '/doc-parser',
      handler: async (request, reply) => {
        reply.header('allow', 'POST');
        const problem = new HttpProblem('METHOD_NOT_ALLOWED', 'Use POST with a multipart/form-data upload.');
        return sendProblem(request, reply, problem);
      },
    });

    routes.post<{ Querystring: Query }>('/doc-parser', {
      schema: { querystring: querySchema },
      // Before any of the body is read: refuse what cannot succeed.
      onRequest: async (request) => checkRequestHead(request, bodyLimit, config.maxFileBytes),
      handler: async (request, reply) => {
        const upload = await readUpload(request, config.maxFileBytes, bodyLimit);
        const format = request.query.format ?? config.defaultFormat;
        const extractOptions: ExtractOptions = { format };
        if (request.query.story !== undefined) extractOptions.story = request.query.story;
        if (request.query.width !== undefined) extractOptions.width = request.query.width;

        const started = performance.now();
        let answer: { body: Uint8Array; chars: number };
        try {
          answer = await pool.extract(upload.bytes, extractOptions, upload.filename);
        } catch (error) {
          if (error instanceof PoolError) {
            request.log.warn({ file: upload.filename, bytes: upload.bytes.byteLength, reason: error.reason }, error.message);
            if (error.reason === 'DOCUMENT_TOO_COMPLEX') throw new HttpProblem('DOCUMENT_TOO_COMPLEX', undefined, { cause: error });
            reply.header('retry-after', '1');
            throw new HttpProblem('SERVICE_UNAVAILABLE', error.message, { cause: error });
          }
          const code = parserErrorCode(error);
          if (code === undefined) throw error; // a bug, not a bad document: 500
          request.log.info(
            {
              file: upload.filename,
              bytes: upload.bytes.byteLength,
              detected: safeDetect(upload.bytes),
              parserCode: code,
              parserMessage: (error as Error).message,
            },
            'document rejected by the parser',
          );
          throw problemFromParser(code, config.maxFileBytes, error);
        }
        request.log.info(
          {
            file: upload.filename,
            bytes: upload.bytes.byteLength,
            format,
            story: extractOptions.story,
            chars: answer.chars,
            ms: Math.round(performance.now() - started),
          },
          'document parsed',
        );
        // The JSON answer was serialised where the document was parsed (parse-pool.ts).
        return reply
          .type('application/json; charset=utf-8')
          .send(Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength));
      },
    });
  });

  return app;
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem, error?: unknown): FastifyReply {
  if (problem.statusCode >= 500) {
    request.log.error({ err: error ?? problem }, 'request failed');
  } else {
    const cause = problem.cause ?? (error !== problem ? error : undefined);
    const reason = cause instanceof Error ? cause.message : undefined;
    request.log.info({ code: problem.code, status: problem.statusCode, reason }, 'request rejected');
  }
  return reply.code(problem.statusCode).type('application/json; charset=utf-8').send(problem.body);
}

/** How long a connection closed under an unfinished upload keeps draining before it is cut. */
const LINGER_MS = 5_000;
const kLingering = Symbol('doc2text.lingering');

/**
 * "Lingering close" for an answer sent before the request body was fully read (413, 400, …). Node
 * would destroy the socket right after the answer, and a client still sending gets a TCP reset that
 * can discard the answer before it reads it. Instead: send the answer and FIN, keep reading (and
 * discarding, never buffering) what the client still sends until it finishes, closes, or LINGER_MS
 * pass, then close.
 */
function lingerOnClose(request: FastifyRequest): void {
  const incoming = request.raw;
  const socket = incoming.socket as (Socket & { [kLingering]?: boolean }) | null;
  if (!socket || socket[kLingering] || typeof (socket as { destroySoon?: unknown }).destroySoon !== 'function') return;
  socket[kLingering] = true;
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
    incoming.resume(); // discard the rest of the body
    this.end(); // FIN after the answer; the http server socket stays readable (allowHalfOpen)
  };
}

/**
 * Options for Node's http server, which enforces the request timeout. Fastify sets `requestTimeout` on
 * the server after creating it, which leaves Node's `headersTimeout` at 60 s: with a header timeout
 * above the request timeout Node only expires a request whose body trickles in after the header
 * timeout has passed too (a client sending one byte a second with REQUEST_TIMEOUT_MS=2000 was cut
 * after 90 s). Node also looks for expired requests only every `connectionsCheckingInterval` (30 s by
 * default). Both are set here so a slow client is cut within about a second of the configured time.
 */
function serverTimeouts(requestTimeoutMs: number) {
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
function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
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

/** Checks the request line and headers of POST /doc-parser before any body is read. */
function checkRequestHead(request: FastifyRequest, bodyLimit: number, maxFileBytes: number): void {
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (type === undefined || type.trim() === '') {
    throw new HttpProblem(hasBody ? 'NOT_MULTIPART' : 'MISSING_FILE');
  }
  if (!/^\s*multipart\/form-data\s*(;|$)/i.test(type)) throw new HttpProblem('NOT_MULTIPART');
  if (length !== undefined && Number(length) > bodyLimit) throw tooLarge(maxFileBytes);
}

/**
 * Counts the request body as it arrives, whatever its framing, and fails once it passes `limit`. A
 * declared Content-Length is checked before the body is read (checkRequestHead); a chunked body is
 * only bounded here: busboy discards what it does not keep (the rest of a truncated field or of a part
 * being drained, a preamble, an epilogue) but would otherwise read it until the request timeout.
 * Once over the limit the body is unpiped from busboy; what still arrives is discarded by the lingering
 * close after the 413 (see lingerOnClose).
 */
function watchBodySize(incoming: IncomingMessage, limit: number, overLimit: () => HttpProblem) {
  let size = 0;
  let fail: (error: HttpProblem) => void = () => {};
  const exceeded = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  exceeded.catch(() => {}); // observed through Promise.race; never an unhandled rejection
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      incoming.off('data', onData);
      incoming.unpipe();
      fail(overLimit());
    }
  };
  // Must be attached in the same tick as request.parts() pipes the body into busboy: a 'data'
  // listener alone would start the stream flowing, and the chunks would be lost before the pipe.
  incoming.on('data', onData);
  return { exceeded, stop: () => incoming.off('data', onData) };
}

/** Reads the multipart body: exactly one file in the field `file`, kept in memory, size-limited. */
async function readUpload(request: FastifyRequest, maxFileBytes: number, bodyLimit: number): Promise<Upload> {
  if (!request.isMultipart()) throw new HttpProblem('NOT_MULTIPART');

  let upload: Upload | undefined;
  let invalid: ProblemCode | undefined;
  let files = 0;
  let unexpectedField = false;
  let fileAsText = false;

  const readParts = async () => {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          unexpectedField = true;
          await drain(part.file);
          continue;
        }
        files += 1;
        if (files > 1) {
          await drain(part.file);
          continue;
        }
        const filename = part.filename ?? '';
        const mimetype = (part.mimetype ?? '').trim().toLowerCase();
        invalid = !DOC_NAME.test(filename)
          ? 'INVALID_FILE_NAME'
          : !WORD_MIME_TYPES.has(mimetype)
            ? 'INVALID_FILE_TYPE'
            : undefined;
        if (invalid !== undefined) {
          await drain(part.file);
          upload = { filename, mimetype, bytes: new Uint8Array(0) };
          continue;
        }
        upload = { filename, mimetype, bytes: await collect(part.file, maxFileBytes) };
      } else if (part.fieldname === 'file') {
        fileAsText = true;
      } else {
        unexpectedField = true;
      }
    }
  };

  // No await between these two calls: readParts() pipes the body into busboy synchronously.
  const reading = readParts();
  const bodySize = watchBodySize(request.raw, bodyLimit, () => tooLarge(maxFileBytes));
  try {
    await Promise.race([reading, bodySize.exceeded]);
  } catch (error) {
    throw problemFromMultipart(error, request, maxFileBytes);
  } finally {
    bodySize.stop();
  }

  if (files > 1) throw new HttpProblem('TOO_MANY_FILES');
  if (unexpectedField) throw new HttpProblem('UNEXPECTED_FIELD');
  if (upload === undefined) {
    throw fileAsText
      ? new HttpProblem('MISSING_FILE', 'The form field "file" must be a file upload (with a filename), not a text value.')
      : new HttpProblem('MISSING_FILE');
  }
  if (invalid !== undefined) throw new HttpProblem(invalid);
  if (upload.bytes.byteLength === 0) throw new HttpProblem('EMPTY_FILE');
  return upload;
}

type FileStream = Readable & { truncated?: boolean };

/**
 * Reads a file part into one fresh Uint8Array (own ArrayBuffer, offset 0). Fails as soon as the part
 * goes over the limit, without waiting for (or keeping) the rest of it.
 */
async function collect(file: FileStream, maxBytes: number): Promise<Uint8Array> {
  const overLimit = tooLarge(maxBytes);
  // busboy stops delivering at the limit but keeps reading the part to its end: cut it short instead.
  const onLimit = () => file.destroy(overLimit);
  file.once('limit', onLimit);
  try {
    if (file.truncated) throw overLimit;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of file as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw overLimit;
      chunks.push(chunk);
    }
    if (file.truncated) throw overLimit;
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  } finally {
    file.off('limit', onLimit);
  }
}

/** Reads and discards a part the service does not want (still bounded by busboy's fileSize limit). */
async function drain(file: FileStream): Promise<void> {
  for await (const _chunk of file) {
    // discard
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function parserErrorCode(error: unknown): DocErrorCode | undefined {
  if (isDocParseError(error)) return error.code;
  // Tolerate a second copy of the parser module (instanceof would fail across copies).
  if (error instanceof Error && error.name === 'DocParseError' && errorCode(error) !== undefined) {
    return errorCode(error) as DocErrorCode;
  }
  return undefined;
}

function safeDetect(bytes: Uint8Array): string {
  try {
    return detect(bytes);
  } catch {
    return 'unknown';
  }
}

function problemFromMultipart(error: unknown, request: FastifyRequest, maxFileBytes: number): HttpProblem {
  if (error instanceof HttpProblem) return error;
  switch (errorCode(error)) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxFileBytes, error);
    case 'FST_FILES_LIMIT':
      return new HttpProblem('TOO_MANY_FILES', undefined, { cause: error });
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new HttpProblem('UNEXPECTED_FIELD', undefined, { cause: error });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new HttpProblem('NOT_MULTIPART', undefined, { cause: error });
  }
  // The client went away before sending the whole body (as opposed to a body that is complete but bad).
  const raw = request.raw as { complete?: boolean; destroyed?: boolean; aborted?: boolean };
  const aborted = raw.complete === false && (raw.destroyed === true || raw.aborted === true);
  return new HttpProblem(
    'MALFORMED_REQUEST',
    aborted ? 'The upload was interrupted before it was complete.' : undefined,
    { cause: error },
  );
}

/** Maps anything thrown during a request to one answer. */
function toProblem(error: FastifyError | HttpProblem, maxFileBytes: number): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if ((error as FastifyError).validation) {
    return new HttpProblem('INVALID_OPTION', `Invalid query option: ${error.message}.`, { cause: error });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem('NOT_MULTIPART', undefined, { cause: error });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge(maxFileBytes, error);
  }
  const status = error.statusCode ?? 500;
  if (status === 503) return new HttpProblem('SERVICE_UNAVAILABLE', undefined, { cause: error });
  if (status >= 400 && status < 500) {
    return new HttpProblem('MALFORMED_REQUEST', `The request could not be read: ${error.message}.`, {
      cause: error,
      statusCode: status,
    });
  }
  return new HttpProblem('INTERNAL_ERROR', undefined, { cause: error });
}

