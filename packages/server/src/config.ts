/**
 * Service configuration, read from the environment once at start-up.
 *
 * | variable           | default    | meaning                                                        |
 * |--------------------|------------|----------------------------------------------------------------|
 * | PORT               | 8000       | TCP port (start.ts only)                                       |
 * | HOST               | 0.0.0.0    | interface to listen on (start.ts only)                         |
 * | MAX_FILE_BYTES     | 52428800   | largest accepted document (50 MiB); larger uploads get 413     |
 * | DEFAULT_FORMAT     | catdoc     | output format when the request has no `format` (plain|catdoc)  |
 * | LOG_LEVEL          | info       | pino level (fatal|error|warn|info|debug|trace|silent)          |
 * | REQUEST_TIMEOUT_MS | 120000     | time allowed to receive a whole request (and idle socket time) |
 * | SHUTDOWN_TIMEOUT_MS| 10000      | grace period for in-flight requests on SIGTERM/SIGINT          |
 */

export type OutputFormat = 'plain' | 'catdoc';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['plain', 'catdoc'];
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface ServerConfig {
  port: number;
  host: string;
  /** Largest accepted document, in bytes. */
  maxFileBytes: number;
  /** Output format used when a request does not ask for one. */
  defaultFormat: OutputFormat;
  logLevel: LogLevel;
  /** Time allowed to receive a complete request; also the idle-socket timeout. */
  requestTimeoutMs: number;
  /** How long a graceful shutdown waits for in-flight requests before exiting anyway. */
  shutdownTimeoutMs: number;
}

export const DEFAULT_CONFIG: Readonly<ServerConfig> = Object.freeze({
  port: 8000,
  host: '0.0.0.0',
  maxFileBytes: 50 * 1024 * 1024,
  defaultFormat: 'catdoc',
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

/** Reads the configuration from environment variables; throws ConfigError on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const host = env.HOST?.trim();
  return {
    port: integer(env, 'PORT', DEFAULT_CONFIG.port, 0, 65_535),
    host: host ? host : DEFAULT_CONFIG.host,
    maxFileBytes: integer(env, 'MAX_FILE_BYTES', DEFAULT_CONFIG.maxFileBytes, 1, 2 ** 31 - 1),
    defaultFormat: oneOf(env, 'DEFAULT_FORMAT', OUTPUT_FORMATS, DEFAULT_CONFIG.defaultFormat),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, DEFAULT_CONFIG.logLevel),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', DEFAULT_CONFIG.requestTimeoutMs, 1, 3_600_000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', DEFAULT_CONFIG.shutdownTimeoutMs, 0, 600_000),
  };
}
