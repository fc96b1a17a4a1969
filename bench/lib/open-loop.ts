/**
 * An open-loop load: requests sent at a fixed rate whatever the answers do (a closed loop such as
 * autocannon's sends the next request only when an answer comes back, so at saturation its latency
 * is queueing set by the number of connections). Each request carries `x-request-id: <prefix><n>`
 * (the server takes it as its request id), so a server-side trace can be joined to the client's view.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Multipart } from './multipart.js';
import { percentile } from './stats.js';

export interface OpenLoopOptions {
  /** Requests per second. */
  rate: number;
  durationS: number;
  /** Per-request timeout. */
  timeoutS: number;
  /** Query string for /doc-parser (default: none). */
  query?: string;
  /** x-request-id prefix (default `o`). */
  idPrefix?: string;
}

export interface OpenLoopRequest {
  id: string;
  /** When it was sent, ms since the Unix epoch (performance.timeOrigin + now: comparable across processes). */
  sentAt: number;
  /** Until the whole answer was read, ms; NaN when it failed. */
  ms: number;
  status: number;
}

export interface OpenLoopFigures {
  rate: number;
  durationS: number;
  requests: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Failed requests and non-2xx answers. */
  errors: number;
  perRequest: OpenLoopRequest[];
}

const epochMs = () => performance.timeOrigin + performance.now();

/** One POST of `upload` on `agent`, carrying `x-request-id: id`; settles when its answer is read (never rejects). */
function post(agent: http.Agent, target: URL, upload: Multipart, id: string, timeoutS: number): Promise<OpenLoopRequest> {
  const sentAt = epochMs();
  return new Promise((resolve) => {
    let settled = false;
    const once = (record: OpenLoopRequest) => {
      if (settled) return;
      settled = true;
      resolve(record);
    };
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        agent,
        timeout: timeoutS * 1000,
        headers: { 'content-type': upload.contentType, 'content-length': upload.body.length, 'x-request-id': id },
      },
      (response) => {
        response.resume();
        response.on('end', () => once({ id, sentAt, ms: epochMs() - sentAt, status: response.statusCode ?? 0 }));
        response.on('error', () => once({ id, sentAt, ms: Number.NaN, status: 0 }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => once({ id, sentAt, ms: Number.NaN, status: 0 }));
    request.end(upload.body);
  });
}

function figures(rate: number, durationS: number, perRequest: OpenLoopRequest[]): OpenLoopFigures {
  const ok = perRequest.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.ms);
  return {
    rate,
    durationS,
    requests: ok.length,
    p50Ms: percentile(ok, 50),
    p90Ms: percentile(ok, 90),
    p99Ms: percentile(ok, 99),
    maxMs: ok.length ? Math.max(...ok) : Number.NaN,
    errors: perRequest.length - ok.length,
    perRequest,
  };
}

const targetOf = (url: string, query: string | undefined) => new URL(`${url}/doc-parser${query ? `?${query}` : ''}`);

/** Sends `rate` requests a second for `durationS` (on keep-alive connections, as many as needed), then waits for the answers. */
export async function openLoop(url: string, upload: Multipart, options: OpenLoopOptions): Promise<OpenLoopFigures> {
  const target = targetOf(url, options.query);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(options.rate * options.durationS);
  const prefix = options.idPrefix ?? 'o';
  const pending: Promise<OpenLoopRequest>[] = [];
  const start = performance.now();
  while (pending.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate));
    while (pending.length < due) pending.push(post(agent, target, upload, `${prefix}${pending.length}`, options.timeoutS));
    if (pending.length < total) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const perRequest = await Promise.all(pending);
  agent.destroy();
  return figures(options.rate, options.durationS, perRequest);
}

/**
 * A closed loop like autocannon's (each of `connections` keep-alive connections sends its next
 * request when an answer comes back) for `durationS`, with the same per-request ids and records as
 * openLoop. `rate` in the figures: answers per second.
 */
export async function closedLoop(url: string, upload: Multipart, options: Omit<OpenLoopOptions, 'rate'> & { connections: number }): Promise<OpenLoopFigures> {
  const target = targetOf(url, options.query);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const prefix = options.idPrefix ?? 'c';
  const perRequest: OpenLoopRequest[] = [];
  const end = performance.now() + options.durationS * 1000;
  let n = 0;
  const connection = async () => {
    while (performance.now() < end) perRequest.push(await post(agent, target, upload, `${prefix}${n++}`, options.timeoutS));
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  agent.destroy();
  return figures(perRequest.length / options.durationS, options.durationS, perRequest);
}
