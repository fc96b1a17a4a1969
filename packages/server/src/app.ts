/**
 * The /doc-parser HTTP service: a Fastify instance with its configuration decorated on it
 * (`app.config`) and one plugin per concern. No parsing logic lives here.
 *
 *   connection.ts  timeouts, raw HTTP errors, Expect: 100-continue, closing, lingering close
 *   errors.ts      one answer shape; 404 / 405 + Allow; query messages from the route's schema
 *   cors.ts        CORS (off unless CORS_ORIGINS), OPTIONS
 *   openapi.ts     GET /openapi.json generated from the routes' schemas
 *   admission.ts   the in-flight byte budget, decided before the body is read
 *   upload.ts      the multipart upload, in memory, size-limited
 *   doc-parser.ts  POST /doc-parser: upload → parse pool → {"text","file"}
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { DEFAULT_CONFIG, MULTIPART_OVERHEAD_BYTES, checkConfig, type ServerConfig } from './config.js';
import { admissionPlugin } from './plugins/admission.js';
import { answerClientError, connectionPlugin, serverTimeouts } from './plugins/connection.js';
import { corsPlugin } from './plugins/cors.js';
import { docParserPlugin } from './plugins/doc-parser.js';
import { errorsPlugin } from './plugins/errors.js';
import { openapiPlugin } from './plugins/openapi.js';
import { uploadPlugin } from './plugins/upload.js';

/**
 * Log paths censored in case a password ever reaches a log call (the `password` form field: the
 * route keeps it out of what it logs; this is the second line of defence).
 */
const REDACTED = { paths: ['password', '*.password', '*.*.password'], censor: '[redacted]' };

export interface AppOptions extends Partial<Omit<ServerConfig, 'port' | 'host'>> {
  /**
   * Fastify logger setting. Default: pino at `logLevel`. Pass `false` to silence, or pino options
   * (e.g. `{ level: 'info', stream }`) to capture logs.
   */
  logger?: FastifyServerOptions['logger'];
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Readonly<ServerConfig>;
  }
}

export function createApp(options: AppOptions = {}): FastifyInstance {
  const { logger, ...settings } = options;
  const defined = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  const config: Readonly<ServerConfig> = Object.freeze(checkConfig({ ...DEFAULT_CONFIG, ...defined }));

  const app = Fastify({
    // process.stdout, not pino's default asynchronous writer: that one writes at most 16 KiB per event-loop
    // turn and queues the rest without limit, so with a busy loop and ~1 MB/s of request logs the queue
    // kept growing (42 MB of pending log lines after 85 s at 64 connections). process.stdout writes to files
    // and (on Linux) pipes synchronously: the heap stays flat, and a slow log reader slows the service down
    // instead of filling its memory.
    logger: logger === false ? false : { redact: REDACTED, ...(logger === undefined || logger === true ? { level: config.logLevel, stream: process.stdout } : logger) },
    bodyLimit: config.maxFileBytes + MULTIPART_OVERHEAD_BYTES,
    // Node's http server: whole request within requestTimeout; idle socket closed after connectionTimeout.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    http: serverTimeouts(config.requestTimeoutMs),
    clientErrorHandler: answerClientError,
    requestIdHeader: 'x-request-id',
    // Answered by connection.ts with the service's own error shape instead of Fastify's.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('config', config);

  app.register(connectionPlugin);
  app.register(errorsPlugin);
  app.register(corsPlugin);
  app.register(openapiPlugin);
  app.register(admissionPlugin);
  app.register(uploadPlugin);
  app.register(docParserPlugin);
  app.register(async (routes) => {
    routes.get('/health', { schema: { operationId: 'health', summary: 'Liveness/readiness probe' } }, async () => ({ status: 'ok' }));
  });
  return app;
}
