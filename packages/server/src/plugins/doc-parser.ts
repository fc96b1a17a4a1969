/**
 * POST /doc-parser: admission (admission.ts) → the upload (upload.ts) → a parse worker
 * (parse-pool.ts) → `{"text","file"}`, or the one answer that says why not. The query schema below
 * is the only description of the options: Fastify validates with it and openapi.ts publishes it.
 */
import { performance } from 'node:perf_hooks';
import { CatdocOptionError, STORY_NAMES, formatCatdocText, type ExtractOptions, type StorySelector } from '@doc2text/parser';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { OUTPUT_FORMATS, type OutputFormat, type ServerConfig } from '../config.js';
import { ParsePool, type ParseOutcome } from '../parse-pool.js';
import { HttpProblem, problemFromParser, serverBusy } from '../problems.js';
import { readUpload } from './upload.js';

/** Lanes of the parse pool: small documents always find a worker, whatever medium and large ones do. */
const SMALL_DOCUMENT_BYTES = 128 * 1024;
const LARGE_DOCUMENT_BYTES = 1024 * 1024;
/** Documents waiting for a parse worker, per worker, before new ones are refused (503). */
const QUEUE_PER_THREAD = 64;
/** A parse worker whose heap has grown past this is replaced (its memory goes back to the OS). */
const RECYCLE_HEAP_BYTES = 48 * 1024 * 1024;

/**
 * The widest wrap margin the catdoc formatter accepts, asked of the formatter itself (it refuses
 * margins that do not fit catdoc's line buffer), so the schema cannot drift from it.
 */
function largestCatdocWidth(): number {
  const accepts = (width: number) => {
    try {
      formatCatdocText('', { width });
      return true;
    } catch (error) {
      if (error instanceof CatdocOptionError) return false;
      throw error;
    }
  };
  let lo = 0; // accepted
  let hi = 1 << 20; // refused (checked below)
  if (accepts(hi)) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (accepts(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export const CATDOC_MAX_WIDTH = largestCatdocWidth();

export function querySchema(defaultFormat: OutputFormat) {
  return {
    type: 'object',
    properties: {
      format: {
        type: 'string',
        enum: [...OUTPUT_FORMATS],
        description:
          '`catdoc`: text laid out like `catdoc -a` (UTF-8, every story, wrapped at `width`). ' +
          '`plain`: clean text of one story (see `story`), no wrapping. ' +
          `Default: ${defaultFormat} (server setting DEFAULT_FORMAT).`,
      },
      story: {
        type: 'string',
        enum: [...STORY_NAMES, 'all'],
        description: 'Which part of the document to extract in `plain` format (default `body`; `all` = every story).',
      },
      width: {
        type: 'integer',
        minimum: 0,
        maximum: CATDOC_MAX_WIDTH,
        description: `\`catdoc\` format: wrap margin in characters (default 72); 0 = do not wrap. At most ${CATDOC_MAX_WIDTH}, as catdoc.`,
      },
    },
  } as const;
}

interface Query {
  format?: OutputFormat;
  story?: StorySelector;
  width?: number;
}

/** The request body, for the OpenAPI document (multipart bodies are read by upload.ts, not validated by a schema). */
function requestBody(config: ServerConfig) {
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          required: ['file'],
          additionalProperties: false,
          properties: {
            file: {
              type: 'string',
              format: 'binary',
              description:
                `The document: a name ending in .doc or .dot, any declared Content-Type (or none); its content decides. ` +
                `At most ${config.maxFileBytes} bytes.`,
            },
          },
        },
      },
    },
  };
}

/** The one place a parse outcome becomes an HTTP answer. */
function problemFromOutcome(outcome: Exclude<ParseOutcome, { kind: 'text' }>, config: ServerConfig): HttpProblem {
  if (outcome.kind === 'refused') return problemFromParser(outcome.code, outcome.message, config.maxFileBytes);
  switch (outcome.reason) {
    case 'SERVER_BUSY':
      return serverBusy(1);
    case 'WORKER_CRASHED':
      return new HttpProblem('INTERNAL_ERROR');
    default:
      return new HttpProblem(outcome.reason);
  }
}

export const docParserPlugin = fp(async (app: FastifyInstance) => {
  const { config } = app;
  const pool = new ParsePool({
    threads: config.parseThreads,
    heapMb: config.parseHeapMb,
    timeoutMs: config.parseTimeoutMs,
    smallBytes: SMALL_DOCUMENT_BYTES,
    largeBytes: LARGE_DOCUMENT_BYTES,
    maxQueue: QUEUE_PER_THREAD * Math.max(1, config.parseThreads),
    recycleHeapBytes: RECYCLE_HEAP_BYTES,
  });
  app.addHook('onClose', async () => pool.close());

  app.post<{ Querystring: Query }>('/doc-parser', {
    schema: {
      operationId: 'parseDoc',
      summary: 'Extract the text of one Word document (.doc, .dot)',
      querystring: querySchema(config.defaultFormat),
      response: {
        200: {
          description: 'The extracted text.',
          type: 'object',
          required: ['text', 'file'],
          properties: {
            text: { type: 'string', description: 'Extracted text (UTF-8).' },
            file: { type: 'string', description: 'The uploaded file name, verbatim.' },
          },
        },
      },
    },
    config: { openapi: { requestBody: requestBody(config) } },
    // Before any of the body is read: refuse what cannot succeed or does not fit now.
    onRequest: app.admitUpload,
    handler: async (request, reply) => {
      const upload = await readUpload(request, app.uploadGuard(request));
      const options: ExtractOptions = { format: request.query.format ?? config.defaultFormat };
      if (request.query.story !== undefined) options.story = request.query.story;
      if (request.query.width !== undefined) options.width = request.query.width;

      const started = performance.now();
      const bytes = upload.bytes.byteLength;
      request.reservation?.pin();
      let outcome: ParseOutcome;
      try {
        outcome = await pool.run({ bytes: upload.bytes, options, file: upload.filename });
      } finally {
        request.reservation?.unpin();
      }
      const ms = Math.round(performance.now() - started);
      if (outcome.kind !== 'text') {
        const problem = problemFromOutcome(outcome, config);
        const detail = outcome.kind === 'refused' ? { parserCode: outcome.code, parserMessage: outcome.message, detected: outcome.detected } : { reason: outcome.reason };
        request.log[problem.statusCode >= 500 ? 'error' : 'info']({ file: upload.filename, bytes, ms, ...detail }, 'document refused');
        throw problem;
      }
      request.log.info({ file: upload.filename, bytes, ...options, chars: outcome.chars, ms }, 'document parsed');
      // The JSON answer was serialised where the document was parsed.
      return reply
        .type('application/json; charset=utf-8')
        .send(Buffer.from(outcome.body.buffer, outcome.body.byteOffset, outcome.body.byteLength));
    },
  });

  app.options('/doc-parser', { schema: { hide: true } }, async (request, reply) => app.answerOptions(request, reply, ['POST']));
});
