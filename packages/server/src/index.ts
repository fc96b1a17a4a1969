/** @doc2text/server — the /doc-parser HTTP service (Fastify) around @doc2text/parser. */
export { createApp, WORD_MIME_TYPES, MULTIPART_OVERHEAD_BYTES, type AppOptions } from './app.js';
export {
  loadConfig,
  ConfigError,
  DEFAULT_CONFIG,
  OUTPUT_FORMATS,
  type ServerConfig,
  type OutputFormat,
  type LogLevel,
} from './config.js';
export {
  HttpProblem,
  PROBLEMS,
  INVALID_DOCUMENT_MESSAGE,
  problemBody,
  type ProblemBody,
  type ProblemCode,
} from './problems.js';
export { openApiDocument } from './openapi.js';
