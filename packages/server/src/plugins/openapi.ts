/**
 * GET /openapi.json, generated from the routes themselves: each route's schema (summary, query
 * parameters, 200 answer) as Fastify validates with it, its upload description
 * (`config.openapi.requestBody`), and the error table (problems.ts) for routes that take uploads.
 * Register before the routes it describes.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { PROBLEMS, type ProblemCode } from '../problems.js';

interface RouteSchema {
  hide?: boolean;
  operationId?: string;
  summary?: string;
  querystring?: { properties?: Record<string, { description?: string } & Record<string, unknown>>; required?: string[] };
  response?: Record<string, { description?: string } & Record<string, unknown>>;
}

function codesWithStatus(status: number): ProblemCode[] {
  return (Object.keys(PROBLEMS) as ProblemCode[]).filter((code) => PROBLEMS[code].status === status);
}

/** One response per error status, listing its codes. */
function problemResponses() {
  const statuses = [...new Set(Object.values(PROBLEMS).map((p) => p.status))].sort((a, b) => a - b);
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: codesWithStatus(status)
          .map((code) => `\`${code}\`: ${PROBLEMS[code].description}`)
          .join(' '),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
        ...(status === 503 ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } } } : {}),
        ...(status === 405 ? { headers: { Allow: { schema: { type: 'string' }, description: 'The methods the path answers.' } } } : {}),
      },
    ]),
  );
}

function operation(route: RouteOptions) {
  const schema = (route.schema ?? {}) as RouteSchema;
  const { description: okDescription = 'OK', ...okSchema } = schema.response?.['200'] ?? {};
  const requestBody = (route.config as { openapi?: { requestBody?: unknown } } | undefined)?.openapi?.requestBody;
  const query = schema.querystring?.properties ?? {};
  return {
    ...(schema.operationId ? { operationId: schema.operationId } : {}),
    ...(schema.summary ? { summary: schema.summary } : {}),
    ...(Object.keys(query).length
      ? {
          parameters: Object.entries(query).map(([name, { description, ...property }]) => ({
            name,
            in: 'query',
            required: schema.querystring?.required?.includes(name) ?? false,
            ...(description ? { description } : {}),
            schema: property,
          })),
        }
      : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: {
      '200': {
        description: okDescription,
        content: { 'application/json': Object.keys(okSchema).length ? { schema: okSchema } : {} },
      },
      ...(requestBody ? problemResponses() : {}),
    },
  };
}

export const openapiPlugin = fp(async (app: FastifyInstance) => {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (!(route.schema as RouteSchema | undefined)?.hide && route.method !== 'HEAD') routes.push(route);
  });

  let document: unknown;
  const build = () => {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of routes) {
      for (const method of [route.method].flat()) {
        (paths[route.url] ??= {})[method.toLowerCase()] = operation(route);
      }
    }
    return {
      openapi: '3.0.3',
      info: {
        title: 'doc2text /doc-parser',
        version: '1.0.0',
        description:
          'Extracts the text of Microsoft Word 97-2003 binary documents (.doc, .dot). Everything happens in memory; ' +
          'the uploaded file name is only echoed back.',
      },
      paths,
      components: {
        schemas: {
          Problem: {
            type: 'object',
            required: ['title', 'description', 'code'],
            properties: {
              title: { type: 'string', description: 'HTTP reason phrase, e.g. "Unsupported Media Type".' },
              description: { type: 'string', description: 'What went wrong, for people.' },
              code: {
                type: 'string',
                example: 'UNSUPPORTED_FORMAT',
                description:
                  `Stable error code, for programs: ${Object.keys(PROBLEMS).join(', ')}; ` +
                  'a code the parser adds later is passed through under its own name (with status 422).',
              },
            },
          },
        },
      },
    };
  };

  app.get('/openapi.json', { schema: { summary: 'This document (OpenAPI 3.0)' } }, async () => (document ??= build()));
});

declare module 'fastify' {
  interface FastifySchema {
    /** OpenAPI: the operation's id and one-line summary; `hide` leaves the route out. */
    operationId?: string;
    summary?: string;
    hide?: boolean;
  }
  interface FastifyContextConfig {
    /** OpenAPI parts a route's schema cannot carry (a multipart body is read by the route, not validated). */
    openapi?: { requestBody?: unknown };
  }
}
