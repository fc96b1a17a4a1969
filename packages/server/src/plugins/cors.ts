/**
 * CORS, off by default: with CORS_ORIGINS set, a page served from one of those origins (or any, with
 * `*`) may call the service from a browser. Every answer to an allowed origin — errors included —
 * carries `Access-Control-Allow-Origin`; OPTIONS answers preflights (and plain OPTIONS) with 204.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** How long a browser may cache a preflight answer, seconds. */
const PREFLIGHT_MAX_AGE_S = 600;

export const corsPlugin = fp(async (app: FastifyInstance) => {
  const origins = new Set(app.config.corsOrigins);
  const anyOrigin = origins.has('*');

  /** The value of Access-Control-Allow-Origin for this request, or undefined (CORS off or origin not allowed). */
  const allowedOrigin = (request: FastifyRequest): string | undefined => {
    const origin = request.headers.origin;
    if (origin === undefined || origins.size === 0) return undefined;
    if (anyOrigin) return '*';
    return origins.has(origin) ? origin : undefined;
  };

  if (origins.size > 0) {
    app.addHook('onSend', async (request, reply) => {
      if (!anyOrigin) reply.header('vary', 'Origin');
      const origin = allowedOrigin(request);
      if (origin === undefined) return;
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'Retry-After, X-Images-Omitted');
    });
  }

  /** OPTIONS for a path that answers `methods`: Allow, and the preflight headers for an allowed origin. */
  app.decorate('answerOptions', (request: FastifyRequest, reply: FastifyReply, methods: readonly string[]) => {
    const allow = [...methods, 'OPTIONS'].join(', ');
    reply.header('allow', allow);
    const wanted = request.headers['access-control-request-method'];
    if (allowedOrigin(request) !== undefined && typeof wanted === 'string') {
      reply.header('access-control-allow-methods', allow);
      const headers = request.headers['access-control-request-headers'];
      if (typeof headers === 'string' && headers.trim() !== '') reply.header('access-control-allow-headers', headers);
      reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
    }
    return reply.code(204).send();
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers OPTIONS (plain or CORS preflight) for a route that takes `methods`. */
    answerOptions(request: FastifyRequest, reply: FastifyReply, methods: readonly string[]): FastifyReply;
  }
}
