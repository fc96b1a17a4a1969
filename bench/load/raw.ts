/** Raw-socket requests: a head, body pieces with back-pressure, aborts; what came back and when. */
import net from 'node:net';
import { BOUNDARY } from './requests.js';
export interface RawResult {
  status?: number;
  headers: Record<string, string>;
  body: string;
  /** response, aborted (by us, as planned), closed (by the server, no answer), timeout, error */
  outcome: 'response' | 'aborted' | 'closed' | 'timeout' | 'error';
  /** Bytes of the request (head + body) written when the first byte of the answer came. */
  sentAtAnswer?: number;
  sent: number;
  ms: number;
  error?: string;
}

export interface RawPlan {
  head: string;
  /** Body pieces, written with back-pressure; writing stops as soon as an answer starts. */
  pieces?: () => Buffer | undefined;
  /** Destroy the socket once this many bytes (head included) are written. */
  abortAfter?: number;
  abortDelayMs?: number;
  timeoutMs?: number;
  /** Called every time an answer chunk arrives or a piece is written (for the RSS probes). */
  onProgress?: () => void;
}

export function parseHead(raw: Buffer): { status: number; headers: Record<string, string>; bodyStart: number } | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, bodyStart: end + 4 };
}

export function rawExchange(port: number, plan: RawPlan): Promise<RawResult> {
  const started = performance.now();
  return new Promise((resolveRaw) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let sent = 0;
    let sentAtAnswer: number | undefined;
    let done = false;
    let aborted = false;
    let timedOut = false;
    let error: string | undefined;
    let complete = false;
    const limit = plan.abortAfter ?? Infinity;

    const write = (data: Buffer): boolean => {
      if (sent + data.length >= limit) {
        const part = data.subarray(0, Math.max(0, limit - sent));
        sent += part.length;
        socket.write(part);
        aborted = true;
        setTimeout(() => socket.destroy(), plan.abortDelayMs ?? 0);
        return false;
      }
      sent += data.length;
      return socket.write(data);
    };
    const pump = () => {
      while (!done && !aborted && sentAtAnswer === undefined && !socket.destroyed && plan.pieces) {
        const piece = plan.pieces();
        if (piece === undefined) return;
        plan.onProgress?.();
        if (!write(piece)) {
          if (!aborted) socket.once('drain', pump);
          return;
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, plan.timeoutMs ?? 30_000);

    socket.on('connect', () => {
      if (write(Buffer.from(plan.head, 'latin1')) || !aborted) pump();
    });
    socket.on('data', (data: Buffer) => {
      sentAtAnswer ??= sent;
      plan.onProgress?.();
      received = Buffer.concat([received, data]);
      const head = parseHead(received);
      if (head) {
        const length = Number(head.headers['content-length'] ?? NaN);
        if (Number.isFinite(length) && received.length - head.bodyStart >= length) {
          complete = true;
          // One request per connection: done. end() would first wait for body writes still queued, which
          // a server that has answered early and stopped reading never takes (until it cuts, 5 s later).
          socket.destroy();
        }
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const head = parseHead(received);
      const body = head ? received.subarray(head.bodyStart).toString('utf8') : '';
      resolveRaw({
        status: head?.status,
        headers: head?.headers ?? {},
        body,
        outcome: complete
          ? 'response'
          : aborted
            ? 'aborted'
            : timedOut
              ? 'timeout'
              : head
                ? 'response'
                : error && error !== 'ECONNRESET'
                  ? 'error'
                  : 'closed',
        sentAtAnswer,
        sent,
        ms: performance.now() - started,
        error,
      });
    });
  });
}

export function postHead(contentType: string | undefined, length: number | 'chunked', extra = ''): string {
  let head = `POST /doc-parser HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
  if (contentType !== undefined) head += `Content-Type: ${contentType}\r\n`;
  head += length === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${length}\r\n`;
  return `${head}${extra}\r\n`;
}

/** Pieces of a body (optionally with chunked framing). */
export function piecesOf(body: Buffer, chunked: boolean, size = 64 * 1024): () => Buffer | undefined {
  let offset = 0;
  let finished = false;
  return () => {
    if (offset < body.length) {
      const piece = body.subarray(offset, offset + size);
      offset += piece.length;
      return chunked
        ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
        : piece;
    }
    if (chunked && !finished) {
      finished = true;
      return Buffer.from('0\r\n\r\n');
    }
    return undefined;
  };
}

/** A multipart upload of `total` bytes of file data, produced lazily (no 60 MB buffer in the runner). */
export function hugeUpload(total: number, chunked: boolean): { length: number; pieces: () => Buffer | undefined } {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.doc"\r\nContent-Type: application/msword\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const fill = Buffer.alloc(256 * 1024, 0x41);
  let stage = 0;
  let written = 0;
  const frame = (data: Buffer) =>
    chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]) : data;
  return {
    length: head.length + total + tail.length,
    pieces: () => {
      if (stage === 0) {
        stage = 1;
        return frame(head);
      }
      if (stage === 1) {
        if (written < total) {
          const piece = fill.subarray(0, Math.min(fill.length, total - written));
          written += piece.length;
          return frame(piece);
        }
        stage = 2;
        return frame(tail);
      }
      if (stage === 2 && chunked) {
        stage = 3;
        return Buffer.from('0\r\n\r\n');
      }
      return undefined;
    },
  };
}
