/** OpenAPI 3.0 description of the service, served at GET /openapi.json. Written by hand. */
import { STORY_SELECTORS } from '@doc2text/parser';
import { OUTPUT_FORMATS, type ServerConfig } from './config.js';
import { PROBLEMS, type ProblemCode } from './problems.js';

function codesWithStatus(status: number): ProblemCode[] {
  return (Object.keys(PROBLEMS) as ProblemCode[]).filter((code) => PROBLEMS[code].status === status);
}

function problemResponse(status: number, description: string) {
  return {
    description: `${description} Codes: ${codesWithStatus(status).join(', ')}.`,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

export function openApiDocument(config: Pick<ServerConfig, 'maxFileBytes' | 'defaultFormat'>) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'doc2text /doc-parser',
      version: '1.0.0',
      description:
        'Extracts the text of Microsoft Word 97-2003 binary documents (.doc). Everything happens in memory; ' +
        'the uploaded file name is only echoed back.',
    },
    paths: {
      '/doc-parser': {
        post: {
          operationId: 'parseDoc',
          summary: 'Extract the text of one .doc file',
          parameters: [
            {
              name: 'format',
              in: 'query',
              required: false,
              description:
                '`catdoc`: text laid out like `catdoc -a` (UTF-8, every story, wrapped at `width`). ' +
                '`plain`: clean text of one story (see `story`), no wrapping. ' +
                `Default: ${config.defaultFormat} (server setting DEFAULT_FORMAT).`,
              schema: { type: 'string', enum: [...OUTPUT_FORMATS] },
            },
            {
              name: 'story',
              in: 'query',
              required: false,
              description:
                'What to extract in `plain` format: `main` (default: the body, with text boxes where they are anchored), `body` (the body story alone), `all` (every story once), or one story.',
              schema: { type: 'string', enum: [...STORY_SELECTORS] },
            },
            {
              name: 'width',
              in: 'query',
              required: false,
              description: '`catdoc` format: wrap margin in characters (default 72); 0 = do not wrap.',
              schema: { type: 'integer', minimum: 0, maximum: 100000 },
            },
          ],
          requestBody: {
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
                        `The document: a name ending in .doc, declared as application/msword or ` +
                        `application/octet-stream (or another Word alias), at most ${config.maxFileBytes} bytes.`,
                    },
                  },
                },
                encoding: { file: { contentType: 'application/msword, application/octet-stream' } },
              },
            },
          },
          responses: {
            '200': {
              description: 'The extracted text.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['text', 'file'],
                    properties: {
                      text: { type: 'string', description: 'Extracted text (UTF-8).' },
                      file: { type: 'string', description: 'The uploaded file name, verbatim.' },
                    },
                  },
                  example: { text: 'This is a simple file created with Word 97-SR2.\n', file: 'simple.doc' },
                },
              },
            },
            '400': problemResponse(400, 'Missing, extra or malformed form fields, or a bad query option.'),
            '408': problemResponse(408, 'The request was not received within the request timeout (REQUEST_TIMEOUT_MS).'),
            '413': problemResponse(413, 'The upload is larger than the size limit.'),
            '415': problemResponse(
              415,
              'Not a Word 97-2003 document (by name, declared type or content), or not a multipart upload.',
            ),
            '422': problemResponse(
              422,
              'A Word document that cannot be read (encrypted, truncated, damaged, unsupported version, or needing more memory than a parse worker has: DOCUMENT_TOO_COMPLEX).',
            ),
            '431': problemResponse(431, 'The request headers are larger than the server accepts (16 KiB).'),
            '500': problemResponse(500, 'Unexpected server error.'),
            '503': problemResponse(503, 'Shutting down, every parse worker busy with a full queue, or the parse timed out; see Retry-After.'),
          },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Liveness/readiness probe',
          responses: {
            '200': {
              description: 'The service is up.',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } },
                },
              },
            },
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.0 document.', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      schemas: {
        Problem: {
          type: 'object',
          required: ['title', 'description', 'code'],
          properties: {
            title: { type: 'string', description: 'HTTP reason phrase, e.g. "Unsupported Media Type".' },
            description: { type: 'string', description: 'What went wrong, for people.' },
            code: { type: 'string', enum: Object.keys(PROBLEMS), description: 'Stable error code, for programs.' },
          },
        },
      },
    },
  };
}
