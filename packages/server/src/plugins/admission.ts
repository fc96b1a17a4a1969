/**
 * Admission before buffering: a POST with an upload is checked from its head alone (type, declared
 * size) and takes its share of the in-flight byte budget (INFLIGHT_BYTES) before any of its body is
 * read — from Content-Length when there is one, chunk by chunk while it streams when there is none.
 * A request that would pass the budget gets 503 + Retry-After; with `Expect: 100-continue` that is
 * the only answer, before the client sends the body (see connection.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ByteBudget, Reservation } from '../budget.js';
import { MULTIPART_OVERHEAD_BYTES } from '../config.js';
import { HttpProblem, serverBusy, tooLarge } from '../problems.js';
import type { BodyGuard } from './upload.js';

/** Seconds a refused client is told to wait. */
const RETRY_AFTER_S = 1;

/** Checks the request line and headers of an upload before any body is read. */
function checkHead(request: FastifyRequest, bodyLimit: number): number | undefined {
  const type = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (type === undefined || type.trim() === '') throw new HttpProblem(hasBody ? 'NOT_MULTIPART' : 'MISSING_FILE');
  if (!/^\s*multipart\/form-data\s*(;|$)/i.test(type)) throw new HttpProblem('NOT_MULTIPART');
  const declared = length === undefined ? undefined : Number(length);
  if (declared !== undefined && declared > bodyLimit) throw tooLarge(request.server.config.maxFileBytes);
  return declared;
}

export const admissionPlugin = fp(async (app: FastifyInstance) => {
  const budget = new ByteBudget(app.config.inflightBytes);
  const bodyLimit = app.config.maxFileBytes + MULTIPART_OVERHEAD_BYTES;
  app.decorate('budget', budget);
  app.decorateRequest('reservation', null);

  app.decorate('admitUpload', async (request: FastifyRequest, reply: FastifyReply) => {
    const declared = checkHead(request, bodyLimit);
    const reservation = new Reservation(budget);
    request.reservation = reservation;
    reply.raw.once('close', () => reservation.release());
    if (declared !== undefined && !reservation.growTo(declared)) {
      request.log.warn({ declared, inFlight: budget.inFlight, limit: budget.limit }, 'upload refused: in-flight budget');
      throw serverBusy(RETRY_AFTER_S);
    }
  });

  app.decorate('uploadGuard', (request: FastifyRequest): BodyGuard => {
    const reservation = request.reservation;
    return (received) => {
      if (received > bodyLimit) return tooLarge(app.config.maxFileBytes);
      if (reservation && !reservation.growTo(received)) {
        request.log.warn({ received, inFlight: budget.inFlight, limit: budget.limit }, 'upload stopped: in-flight budget');
        return serverBusy(RETRY_AFTER_S);
      }
      return undefined;
    };
  });

  app.addHook('onResponse', async (request) => request.reservation?.release());
});

declare module 'fastify' {
  interface FastifyInstance {
    budget: ByteBudget;
    /** onRequest hook of an upload route: checks the head, takes the declared size from the budget. */
    admitUpload(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** The body guard for readUpload: body limit and budget, while the body streams. */
    uploadGuard(request: FastifyRequest): BodyGuard;
  }
  interface FastifyRequest {
    reservation: Reservation | null;
  }
}
