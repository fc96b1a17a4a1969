/**
 * Error mapping: anything thrown during a request becomes one answer in the service's shape; unknown
 * paths get 404, known paths with another method 405 + `Allow`; query validation failures name the
 * parameter and its allowed values (from the route's own schema), never a validator path.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem, tooLarge } from '../problems.js';

/** Sends `problem` in the service's shape; 5xx are logged as errors, the rest as rejections. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem, error?: unknown): FastifyReply {
  if (problem.statusCode >= 500 && problem.code !== 'SERVER_BUSY' && problem.code !== 'SERVICE_UNAVAILABLE') {
    request.log.error({ err: error ?? problem }, 'request failed');
  } else {
    const cause = problem.cause ?? (error !== problem ? error : undefined);
    const reason = cause instanceof Error ? cause.message : undefined;
    request.log.info({ code: problem.code, status: problem.statusCode, reason }, 'request rejected');
  }
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  return reply.code(problem.statusCode).type('application/json; charset=utf-8').send(problem.body);
}

interface JsonSchema {
  type?: string;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
}

/** "one of plain, catdoc" / "a whole number from 0 to 505", from a property's schema. */
export function allowedValues(schema: JsonSchema): string {
  if (schema.enum) return `one of ${schema.enum.join(', ')}`;
  const kind = schema.type === 'integer' ? 'a whole number' : schema.type === 'number' ? 'a number' : `a ${schema.type ?? 'value'}`;
  if (schema.minimum !== undefined && schema.maximum !== undefined) return `${kind} from ${schema.minimum} to ${schema.maximum}`;
  if (schema.minimum !== undefined) return `${kind} of at least ${schema.minimum}`;
  if (schema.maximum !== undefined) return `${kind} of at most ${schema.maximum}`;
  return kind;
}

/** A query validation failure, in words: which parameter, what it got, what it takes. */
function invalidQuery(request: FastifyRequest, error: FastifyError): HttpProblem {
  const first = error.validation?.[0];
  const name = first?.instancePath.replace(/^\//, '').split('/')[0] ?? '';
  const schema = (request.routeOptions.schema?.querystring as JsonSchema | undefined)?.properties?.[name];
  if (!name || !schema) return new HttpProblem('INVALID_OPTION', undefined, { cause: error });
  const raw = new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1)).get(name);
  return new HttpProblem(
    'INVALID_OPTION',
    `Invalid value ${JSON.stringify(raw ?? '')} for the query parameter "${name}": it must be ${allowedValues(schema)}.`,
    { cause: error },
  );
}

/** Maps anything thrown during a request to one answer. */
function toProblem(request: FastifyRequest, error: FastifyError | HttpProblem): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if ((error as FastifyError).validation) {
    return error.validationContext === 'querystring'
      ? invalidQuery(request, error)
      : new HttpProblem('INVALID_OPTION', undefined, { cause: error });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem('NOT_MULTIPART', undefined, { cause: error });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge(request.server.config.maxFileBytes, error);
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

const pathOf = (url: string) => {
  const path = url.split('?')[0] ?? url;
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
};

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  // Which methods each path answers, for 405 + Allow.
  const methods = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const path = pathOf(route.url ?? route.path);
    const set = methods.get(path) ?? new Set<string>();
    for (const method of [route.method].flat()) set.add(method);
    methods.set(path, set);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(request, reply, toProblem(request, error), error));

  app.setNotFoundHandler((request, reply) => {
    const allowed = methods.get(pathOf(request.url));
    if (allowed === undefined) return sendProblem(request, reply, new HttpProblem('NOT_FOUND'));
    const allow = [...allowed].join(', ');
    return sendProblem(
      request,
      reply,
      new HttpProblem('METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allow}.`, { headers: { allow } }),
    );
  });
});
