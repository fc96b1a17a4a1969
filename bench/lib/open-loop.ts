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

/** Sends `rate` requests a second for `durationS` (on keep-alive connections, as many as needed), then waits for the answers. */
export function openLoop(url: string, upload: Multipart, options: OpenLoopOptions): Promise<OpenLoopFigures> {
  const target = new URL(`${url}/doc-parser${options.query ? `?${options.query}` : ''}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(options.rate * options.durationS);
  const prefix = options.idPrefix ?? 'o';
  const perRequest: OpenLoopRequest[] = [];
  let sent = 0;
  let pending = 0;

  return new Promise((resolve) => {
    const done = () => {
      agent.destroy();
      const ok = perRequest.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.ms);
      resolve({
        rate: options.rate,
        durationS: options.durationS,
        requests: ok.length,
        p50Ms: percentile(ok, 50),
        p90Ms: percentile(ok, 90),
        p99Ms: percentile(ok, 99),
        maxMs: ok.length ? Math.max(...ok) : Number.NaN,
        errors: perRequest.length - ok.length,
        perRequest,
      });
    };
    const settle = (record: OpenLoopRequest) => {
      perRequest.push(record);
      pending -= 1;
      if (sent === total && pending === 0) done();
    };
    const send = () => {
      const id = `${prefix}${sent++}`;
      const sentAt = epochMs();
      pending += 1;
      let settled = false;
      const once = (record: OpenLoopRequest) => {
        if (settled) return;
        settled = true;
        settle(record);
      };
      const request = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: 'POST',
          agent,
          timeout: options.timeoutS * 1000,
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
    };
    const start = performance.now();
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate));
      while (sent < due) send();
      if (sent < total) setTimeout(tick, 1);
      else if (pending === 0) done();
    };
    if (total === 0) done();
    else tick();
  });
}
