/**
 * Service configuration: environment variables, validated once at start-up (a bad value stops the
 * service with a message naming the variable), then decorated on the Fastify instance as
 * `app.config`. The table below is also printed in the README; `describeConfig` gives the start-up
 * log line.
 *
 * | variable            | default                | meaning                                                        |
 * |---------------------|------------------------|----------------------------------------------------------------|
 * | PORT                | 8000                   | TCP port (start.ts only)                                       |
 * | HOST                | 0.0.0.0                | interface to listen on (start.ts only)                         |
 * | MAX_FILE_BYTES      | 52428800 (50 MiB)      | largest accepted document; larger uploads get 413              |
 * | INFLIGHT_BYTES      | 100663296 (96 MiB)     | bytes of uploads being received plus documents being parsed;   |
 * |                     |                        | a request that would pass it gets 503 + Retry-After            |
 * | CONCURRENCY         | threads                | `threads`: one process, documents parsed by PARSE_THREADS      |
 * |                     |                        | worker threads; `processes`: a process per core, each parsing  |
 * |                     |                        | on its own event loop (processes.ts; PARSE_THREADS unset or 0) |
 * | PARSE_THREADS       | 3 × cores (at least 3) | parse worker threads; 0 parses on the event loop (Lambda)      |
 * | PARSE_HEAP_MB       | 512                    | heap limit of each parse worker; more → 422 DOCUMENT_TOO_COMPLEX|
 * | PARSE_TIMEOUT_MS    | 30000                  | longest parse, worker CPU time from its start → 422 TIMEOUT    |
 * | CORS_ORIGINS        | (empty: CORS off)      | comma-separated origins allowed to call the service, or `*`    |
 * | DEFAULT_FORMAT      | catdoc                 | output format when the request has no `format`                 |
 * |                     |                        | (catdoc|plain|markdown|html|json)                              |
 * | INLINE_IMAGES_BYTES | 4194304 (4 MiB)        | `images=inline`: pictures inlined as data URLs, in document    |
 * |                     |                        | order, until the next would pass this total (bytes before      |
 * |                     |                        | base64); the rest are left out (header X-Images-Omitted)       |
 * | LOG_LEVEL           | info                   | pino level (fatal|error|warn|info|debug|trace|silent)          |
 * | REQUEST_TIMEOUT_MS  | 120000                 | time allowed to receive a whole request (and idle socket time) |
 * | SHUTDOWN_TIMEOUT_MS | 10000                  | grace period for in-flight requests on SIGTERM/SIGINT          |
 */
import { availableParallelism } from 'node:os';

export type OutputFormat = 'plain' | 'catdoc' | 'markdown' | 'html' | 'json';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** Where documents are parsed: worker threads beside one event loop, or a process per core on its own event loop. */
export type Concurrency = 'threads' | 'processes';
const CONCURRENCIES: readonly Concurrency[] = ['threads', 'processes'];

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['catdoc', 'plain', 'markdown', 'html', 'json'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const MiB = 1024 * 1024;

/** Room for multipart boundaries, part headers and a few small fields on top of the file itself. */
export const MULTIPART_OVERHEAD_BYTES = MiB;

export interface ServerConfig {
  port: number;
  host: string;
  /** Largest accepted document, in bytes. */
  maxFileBytes: number;
  /** Budget of bytes in flight: uploads being received plus documents being parsed. */
  inflightBytes: number;
  /** 'threads': this process, with parseThreads workers; 'processes': a process per core (start.ts), each with parseThreads 0. */
  concurrency: Concurrency;
  /** Parse worker threads; 0 = parse on the event loop (one request per instance, as on Lambda). */
  parseThreads: number;
  /** Heap limit of each parse worker, MiB. */
  parseHeapMb: number;
  /** Longest parse, from the moment a worker starts it. */
  parseTimeoutMs: number;
  /** Origins allowed by CORS; empty = CORS off; ['*'] = any origin. */
  corsOrigins: readonly string[];
  /** Output format used when a request does not ask for one. */
  defaultFormat: OutputFormat;
  /** `images=inline`: total bytes of pictures inlined as data URLs (in document order); pictures past it are left out. */
  inlineImagesBytes: number;
  logLevel: LogLevel;
  /** Time allowed to receive a complete request; also the idle-socket timeout. */
  requestTimeoutMs: number;
  /** How long a graceful shutdown waits for in-flight requests before exiting anyway. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_CONFIG: Readonly<ServerConfig> = Object.freeze({
  port: 8000,
  host: '0.0.0.0',
  maxFileBytes: 50 * MiB,
  inflightBytes: 96 * MiB,
  concurrency: 'threads',
  parseThreads: Math.max(3, 3 * availableParallelism()),
  parseHeapMb: 512,
  parseTimeoutMs: 30_000,
  corsOrigins: Object.freeze([]) as readonly string[],
  defaultFormat: 'catdoc',
  inlineImagesBytes: 4 * MiB,
  logLevel: 'info',
  requestTimeoutMs: 120_000,
  shutdownTimeoutMs: 10_000,
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(raw)}.`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${raw}.`);
  }
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(env[name])}.`);
  }
  return raw as T;
}

/** `https://a.example, http://localhost:3000` → exact origins (scheme://host[:port]); `*` alone = any. */
function origins(env: NodeJS.ProcessEnv, name: string): readonly string[] {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return [];
  const list = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 1 && list[0] === '*') return ['*'];
  return list.map((origin) => {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(
        `${name} must be a comma-separated list of origins like https://app.example.com (scheme, host and optional port, no path), or *; got ${JSON.stringify(origin)}.`,
      );
    }
    return url.origin;
  });
}

/** Cross-field rules (also applied to options given to createApp). */
export function checkConfig(config: ServerConfig): ServerConfig {
  if (config.concurrency === 'processes' && config.parseThreads !== 0) {
    throw new ConfigError(`PARSE_THREADS (${config.parseThreads}) is for CONCURRENCY=threads: with processes, every process parses on its own event loop.`);
  }
  if (config.inflightBytes < config.maxFileBytes + MULTIPART_OVERHEAD_BYTES) {
    throw new ConfigError(
      `INFLIGHT_BYTES (${config.inflightBytes}) must be at least MAX_FILE_BYTES + 1 MiB of multipart overhead ` +
        `(${config.maxFileBytes + MULTIPART_OVERHEAD_BYTES}), or no upload of the largest allowed size could ever be admitted.`,
    );
  }
  return config;
}

/** Reads the configuration from environment variables; throws ConfigError on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const host = env.HOST?.trim();
  const concurrency = oneOf(env, 'CONCURRENCY', CONCURRENCIES, DEFAULT_CONFIG.concurrency);
  const parseThreads = integer(env, 'PARSE_THREADS', concurrency === 'threads' ? DEFAULT_CONFIG.parseThreads : 0, 0, 256);
  return checkConfig({
    port: integer(env, 'PORT', DEFAULT_CONFIG.port, 0, 65_535),
    host: host ? host : DEFAULT_CONFIG.host,
    maxFileBytes: integer(env, 'MAX_FILE_BYTES', DEFAULT_CONFIG.maxFileBytes, 1, 2 ** 31 - 1),
    inflightBytes: integer(env, 'INFLIGHT_BYTES', DEFAULT_CONFIG.inflightBytes, 1, 2 ** 40),
    concurrency,
    parseThreads,
    parseHeapMb: integer(env, 'PARSE_HEAP_MB', DEFAULT_CONFIG.parseHeapMb, 16, 65_536),
    parseTimeoutMs: integer(env, 'PARSE_TIMEOUT_MS', DEFAULT_CONFIG.parseTimeoutMs, 1, 3_600_000),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    defaultFormat: oneOf(env, 'DEFAULT_FORMAT', OUTPUT_FORMATS, DEFAULT_CONFIG.defaultFormat),
    inlineImagesBytes: integer(env, 'INLINE_IMAGES_BYTES', DEFAULT_CONFIG.inlineImagesBytes, 0, 2 ** 31 - 1),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, DEFAULT_CONFIG.logLevel),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', DEFAULT_CONFIG.requestTimeoutMs, 1, 3_600_000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', DEFAULT_CONFIG.shutdownTimeoutMs, 0, 600_000),
  });
}

/** The configuration in force, for the start-up log (every setting, by its variable name). */
export function describeConfig(config: ServerConfig): Record<string, string | number> {
  return {
    PORT: config.port,
    HOST: config.host,
    MAX_FILE_BYTES: config.maxFileBytes,
    INFLIGHT_BYTES: config.inflightBytes,
    CONCURRENCY: config.concurrency,
    PARSE_THREADS: config.parseThreads,
    PARSE_HEAP_MB: config.parseHeapMb,
    PARSE_TIMEOUT_MS: config.parseTimeoutMs,
    CORS_ORIGINS: config.corsOrigins.length ? config.corsOrigins.join(',') : '(off)',
    DEFAULT_FORMAT: config.defaultFormat,
    INLINE_IMAGES_BYTES: config.inlineImagesBytes,
    LOG_LEVEL: config.logLevel,
    REQUEST_TIMEOUT_MS: config.requestTimeoutMs,
    SHUTDOWN_TIMEOUT_MS: config.shutdownTimeoutMs,
  };
}
