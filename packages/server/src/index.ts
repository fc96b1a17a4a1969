/** @doc2text/server — the /doc-parser HTTP service (Fastify) around @doc2text/parser. */
export { createApp, type AppOptions } from './app.js';
export {
  loadConfig,
  describeConfig,
  ConfigError,
  DEFAULT_CONFIG,
  MULTIPART_OVERHEAD_BYTES,
  OUTPUT_FORMATS,
  type ServerConfig,
  type OutputFormat,
  type LogLevel,
} from './config.js';
export { NODE_FLAGS, gcThreads } from './node-flags.js';
export { HttpProblem, PROBLEMS, problemBody, type ProblemBody, type ProblemCode } from './problems.js';
export { LINGER_BYTES } from './plugins/connection.js';
export { TEXT_FIELDS } from './plugins/upload.js';
export type { ParseTiming, RequestTimeline } from './timeline.js';
