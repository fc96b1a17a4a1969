/**
 * POST /doc-parser: admission (admission.ts) → the upload (upload.ts) → a parse worker
 * (parse-pool.ts) → `{"text","file"}`, or the one answer that says why not. The query schema below
 * is the only description of the options: Fastify validates with it and openapi.ts publishes it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { CATDOC_MAX_WIDTH, STORY_SELECTORS, type ExtractOptions, type StorySelector } from '@doc2text/parser';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { OUTPUT_FORMATS, type OutputFormat, type ServerConfig } from '../config.js';
import { ParsePool, type ParseOutcome } from '../parse-pool.js';
import { HttpProblem, problemFromParser, serverBusy } from '../problems.js';
import { epochMs, requestTimeline, type RequestTimeline } from '../timeline.js';
import { readUpload } from './upload.js';

/** Lanes of the parse pool: small documents always find a worker, whatever medium and large ones do. */
const SMALL_DOCUMENT_BYTES = 128 * 1024;
const LARGE_DOCUMENT_BYTES = 1024 * 1024;
/** Documents waiting for a parse worker, per worker, before new ones are refused (503). */
const QUEUE_PER_THREAD = 64;
/**
 * A parse worker whose heap (committed) has grown past this is replaced (its memory goes back to the
 * OS). Above V8's young generation (3 × 16 MiB semi-spaces on 64-bit), which a busy worker fills by
 * itself: at 48 MiB, workers parsing small documents were replaced now and then for no growth at all.
 */
const RECYCLE_HEAP_BYTES = 96 * 1024 * 1024;

/** `images=`: pictures left out (default) or inlined as data URLs. */
export const IMAGE_MODES = ['omit', 'inline'] as const;

/** The one description of the query options: Fastify validates with it, openapi.ts publishes it. */
export function querySchema(defaultFormat: OutputFormat, inlineImagesBytes: number) {
  return {
    type: 'object',
    properties: {
      format: {
        type: 'string',
        enum: [...OUTPUT_FORMATS],
        description:
          '`catdoc`: text laid out like `catdoc -a` (UTF-8, every story, wrapped at `width`). ' +
          '`plain`: clean text of one story (see `story`), no wrapping. ' +
          '`markdown` (GitHub-flavoured), `html` (a semantic fragment), `json` (the document tree): the structure of the ' +
          'body with its notes, in `text`. ' +
          `Default: ${defaultFormat} (server setting DEFAULT_FORMAT).`,
      },
      images: {
        type: 'string',
        enum: [...IMAGE_MODES],
        description:
          '`markdown`, `html`, `json`: `omit` (default) leaves pictures out; `inline` puts them in as data URLs ' +
          '(`json`: `src` of each entry of `images`), in document order while their total size stays within ' +
          `${inlineImagesBytes} bytes (server setting INLINE_IMAGES_BYTES); the pictures past it are left out and counted ` +
          'in the X-Images-Omitted response header.',
      },
      story: {
        type: 'string',
        enum: [...STORY_SELECTORS],
        description:
          'What to extract in `plain` format: `main` (default: the body, with text boxes where they are anchored), `body` (the body story alone), `all` (every story once), or one story.',
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
  images?: (typeof IMAGE_MODES)[number];
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
            password: {
              type: 'string',
              description:
                'The password of an encrypted (password-protected) document; never logged or echoed. ' +
                'Without it such a document is refused with ENCRYPTED; a wrong one gives WRONG_PASSWORD.',
            },
          },
        },
      },
    },
  };
}

/** Notes when the body ends and publishes the request's timeline once its answer is written (timeline.ts). */
function recordTimeline(id: string, incoming: IncomingMessage, outgoing: ServerResponse, headAt: number): Partial<RequestTimeline> {
  const timeline: Partial<RequestTimeline> = { id, headAt };
  incoming.once('end', () => {
    timeline.bodyAt = epochMs();
  });
  outgoing.once('finish', () => requestTimeline.publish({ ...timeline, writtenAt: epochMs(), status: outgoing.statusCode }));
  return timeline;
}

/** The one place a parse outcome becomes an HTTP answer. */
function problemFromOutcome(outcome: Exclude<ParseOutcome, { kind: 'text' }>, config: ServerConfig): HttpProblem {
  if (outcome.kind === 'refused') return problemFromParser(outcome.code, outcome.message);
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
    shelf: app.uploadBuffers,
  });
  app.addHook('onClose', async () => pool.close());

  app.post<{ Querystring: Query }>('/doc-parser', {
    schema: {
      operationId: 'parseDoc',
      summary: 'Extract the text of one Word document (.doc, .dot)',
      querystring: querySchema(config.defaultFormat, config.inlineImagesBytes),
      response: {
        200: {
          description: 'The extracted text.',
          type: 'object',
          required: ['text', 'file'],
          properties: {
            text: { type: 'string', description: 'Extracted text (UTF-8), or the rendering in `format` (Markdown, HTML, the JSON tree as a string).' },
            file: { type: 'string', description: 'The uploaded file name, verbatim.' },
          },
        },
      },
    },
    config: { openapi: { requestBody: requestBody(config) } },
    // Before any of the body is read: refuse what cannot succeed or does not fit now.
    onRequest: app.admitUpload,
    handler: async (request, reply) => {
      const timeline = requestTimeline.hasSubscribers ? recordTimeline(request.id, request.raw, reply.raw, epochMs() - reply.elapsedTime) : undefined;
      const upload = await readUpload(request, app.uploadGuard(request));
      if (timeline) Object.assign(timeline, { uploadAt: epochMs(), bytes: upload.bytes.byteLength });
      const options: ExtractOptions = { format: request.query.format ?? config.defaultFormat };
      if (request.query.story !== undefined) options.story = request.query.story;
      if (request.query.width !== undefined) options.width = request.query.width;

      const started = performance.now();
      const bytes = upload.bytes.byteLength;
      request.reservation?.pin();
      let outcome: ParseOutcome;
      try {
        outcome = await pool.run({
          bytes: upload.bytes,
          options,
          password: upload.fields.password,
          inlineImages: request.query.images === 'inline' ? { maxBytes: config.inlineImagesBytes } : undefined,
          file: upload.filename,
        });
      } finally {
        request.reservation?.unpin();
      }
      if (timeline) timeline.parse = outcome.timing;
      const ms = Math.round(performance.now() - started);
      if (outcome.kind !== 'text') {
        const problem = problemFromOutcome(outcome, config);
        const detail = outcome.kind === 'refused' ? { parserCode: outcome.code, parserMessage: outcome.message, detected: outcome.detected } : { reason: outcome.reason };
        request.log[problem.statusCode >= 500 ? 'error' : 'info']({ file: upload.filename, bytes, ms, ...detail }, 'document refused');
        throw problem;
      }
      const images = request.query.images;
      request.log.info({ file: upload.filename, bytes, ...options, images, chars: outcome.chars, imagesOmitted: outcome.imagesOmitted, ms }, 'document parsed');
      if (outcome.imagesOmitted > 0) reply.header('x-images-omitted', String(outcome.imagesOmitted));
      // The JSON answer was serialised where the document was parsed; its buffer goes back once written.
      const { body } = outcome;
      if (outcome.release) reply.raw.once('finish', outcome.release);
      return reply
        .type('application/json; charset=utf-8')
        .send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  });

  app.options('/doc-parser', { schema: { hide: true } }, async (request, reply) => app.answerOptions(request, reply, ['POST']));
});
