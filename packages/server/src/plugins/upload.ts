/**
 * Reading the upload: a multipart/form-data body with exactly one file in the field `file`, kept in
 * memory (never on disk), size-limited while it streams. What the file *is* is decided later by its
 * content (the parser); here only its name is checked: `.doc` or `.dot`, whatever Content-Type the
 * part declares (none, as Python `requests` sends it, octet-stream, a browser's guess).
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BufferShelf } from '../buffers.js';
import { HttpProblem, tooLarge, type ProblemCode } from '../problems.js';

/** The upload's name must end like this (case-insensitively): a Word document or template. */
const DOC_NAME = /\.do[ct]$/i;

/**
 * Text fields a request may carry besides `file` (values kept in `Upload.fields`): the `password`
 * of an encrypted document. Field values are never logged (a password must not reach the logs).
 */
export const TEXT_FIELDS: ReadonlySet<string> = new Set<string>(['password']);

/** A body is read about this many bytes per turn of the event loop (see watchBody). */
export const PACE_BYTES = 256 * 1024;
const BUSBOY_HIGH_WATER_MARK = 4 * PACE_BYTES;

/** busboy limits besides the file size: enough to notice extra parts, not enough to be a burden. */
const PART_LIMITS = {
  files: 2,
  fields: 10,
  fieldSize: 64 * 1024,
  fieldNameSize: 200,
  parts: 20,
  headerPairs: 100,
} as const;

export interface Upload {
  filename: string;
  bytes: Uint8Array;
  fields: Record<string, string>;
}

/** Sees the running total of body bytes received; returns a problem to stop reading. */
export type BodyGuard = (received: number) => HttpProblem | undefined;

declare module 'fastify' {
  interface FastifyInstance {
    /** Buffers uploads are read into: large ones come back from the parse workers for reuse (buffers.ts). */
    uploadBuffers: BufferShelf;
  }
}

export const uploadPlugin = fp(async (app: FastifyInstance) => {
  const shelf = new BufferShelf();
  app.decorate('uploadBuffers', shelf);
  app.addHook('onClose', async () => shelf.clear());
  await app.register(multipart, {
    // Keep the client's file name exactly as sent (busboy would otherwise strip "directories").
    preservePath: true,
    throwFileSizeLimit: true,
    limits: { ...PART_LIMITS, fileSize: app.config.maxFileBytes },
    // What busboy may hold unparsed before the body is paused for it. At its default (16 KiB) every
    // 64 KiB read paused the body and its drain resumed it, which undid watchBody's pacing.
    highWaterMark: BUSBOY_HIGH_WATER_MARK,
  });
});

/**
 * Counts the request body as it arrives, whatever its framing, and fails when `guard` says so (the
 * body limit, the in-flight budget). A chunked body is only bounded here: busboy discards what it
 * does not keep but would otherwise read it until the request timeout. Once stopped, the body is
 * unpiped from busboy; of what still arrives, the lingering close reads at most LINGER_BYTES (connection.ts).
 *
 * The body is read `PACE_BYTES` at a time, one batch per turn of the event loop: libuv reads a
 * readable socket up to 32 times (64 KiB each) before it looks at any other, and each chunk goes
 * through busboy and is copied here, so a 16 MB upload held the event loop for milliseconds at a
 * time while small documents' requests and answers waited behind it.
 */
function watchBody(incoming: IncomingMessage, guard: BodyGuard) {
  let size = 0;
  let batch = 0;
  let failed = false;
  let fail: (error: HttpProblem) => void = () => {};
  const stopped = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  stopped.catch(() => {}); // observed through Promise.race; never an unhandled rejection
  const resume = () => {
    if (!failed) incoming.resume();
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    const problem = guard(size);
    if (problem !== undefined) {
      failed = true;
      incoming.off('data', onData);
      incoming.unpipe();
      fail(problem);
      return;
    }
    batch += chunk.length;
    // Paused by the pipe (busboy is behind): the pipe resumes the body itself when busboy drains.
    if (batch >= PACE_BYTES && incoming.readableFlowing === true) {
      batch = 0;
      incoming.pause();
      setImmediate(resume);
    }
  };
  // Must be attached in the same tick as request.parts() pipes the body into busboy: a 'data'
  // listener alone would start the stream flowing, and the chunks would be lost before the pipe.
  incoming.on('data', onData);
  return { stopped, stop: () => incoming.off('data', onData) };
}

/** Reads the multipart body: exactly one file in the field `file`, kept in memory, size-limited. */
export async function readUpload(request: FastifyRequest, guard: BodyGuard): Promise<Upload> {
  if (!request.isMultipart()) throw new HttpProblem('NOT_MULTIPART');
  const { maxFileBytes } = request.server.config;

  let upload: Upload | undefined;
  let invalid: ProblemCode | undefined;
  let files = 0;
  let unexpectedField = false;
  let fileAsText = false;
  const fields: Record<string, string> = {};

  const readParts = async () => {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        files += part.fieldname === 'file' ? 1 : 0;
        if (part.fieldname !== 'file' || files > 1) {
          unexpectedField ||= part.fieldname !== 'file';
          await drain(part.file);
          continue;
        }
        const filename = part.filename ?? '';
        if (!DOC_NAME.test(filename)) {
          invalid = 'INVALID_FILE_NAME';
          await drain(part.file);
          upload = { filename, bytes: new Uint8Array(0), fields };
          continue;
        }
        upload = { filename, bytes: await collect(part.file, maxFileBytes, declaredLength(request), request.server.uploadBuffers), fields };
      } else if (part.fieldname === 'file') {
        fileAsText = true;
      } else if (TEXT_FIELDS.has(part.fieldname)) {
        fields[part.fieldname] = String(part.value);
      } else {
        unexpectedField = true;
      }
    }
  };

  // No await between these two calls: readParts() pipes the body into busboy synchronously.
  const reading = readParts();
  const body = watchBody(request.raw, guard);
  try {
    await Promise.race([reading, body.stopped]);
  } catch (error) {
    throw problemFromMultipart(error, request, maxFileBytes);
  } finally {
    body.stop();
  }

  if (files > 1) throw new HttpProblem('TOO_MANY_FILES');
  if (unexpectedField) throw new HttpProblem('UNEXPECTED_FIELD');
  if (upload === undefined) {
    throw fileAsText
      ? new HttpProblem('MISSING_FILE', 'The form field "file" must be a file upload (with a filename), not a text value.')
      : new HttpProblem('MISSING_FILE');
  }
  if (invalid !== undefined) throw new HttpProblem(invalid);
  if (upload.bytes.byteLength === 0) throw new HttpProblem('EMPTY_FILE');
  return upload;
}

type FileStream = Readable & { truncated?: boolean };

function declaredLength(request: FastifyRequest): number | undefined {
  const length = Number(request.headers['content-length']);
  return Number.isSafeInteger(length) && length > 0 ? length : undefined;
}

/**
 * Reads a file part into one Uint8Array at offset 0 of its own ArrayBuffer (mapped when large, so it
 * goes back to the OS once parsed, or a shelved one of an earlier upload: buffers.ts). With a declared body
 * length the array is allocated once at that size and each chunk is copied in and let go as it
 * arrives (the file is the body minus a few hundred bytes of multipart framing), so a large upload
 * is never held twice. Fails as soon as the part goes over the limit, without waiting for (or
 * keeping) the rest of it.
 */
async function collect(file: FileStream, maxBytes: number, declared: number | undefined, shelf: BufferShelf): Promise<Uint8Array> {
  const overLimit = () => tooLarge(maxBytes);
  // busboy stops delivering at the limit but keeps reading the part to its end: cut it short instead.
  const onLimit = () => file.destroy(overLimit());
  file.once('limit', onLimit);
  try {
    if (file.truncated) throw overLimit();
    const chunks: Buffer[] = [];
    let size = 0;
    let into = declared === undefined ? undefined : shelf.take(Math.min(declared, maxBytes));
    for await (const chunk of file as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBytes) throw overLimit();
      if (into !== undefined && size + chunk.length <= into.length) into.set(chunk, size);
      else {
        if (into !== undefined) chunks.push(Buffer.from(into.buffer, 0, size)); // framing lied: fall back
        into = undefined;
        chunks.push(chunk);
      }
      size += chunk.length;
    }
    if (file.truncated) throw overLimit();
    if (into !== undefined) return into.subarray(0, size);
    const bytes = shelf.take(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    return bytes;
  } finally {
    file.off('limit', onLimit);
  }
}

/** Reads and discards a part the service does not want (still bounded by busboy's fileSize limit). */
async function drain(file: FileStream): Promise<void> {
  for await (const _chunk of file) {
    // discard
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function problemFromMultipart(error: unknown, request: FastifyRequest, maxFileBytes: number): HttpProblem {
  if (error instanceof HttpProblem) return error;
  switch (errorCode(error)) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxFileBytes, error);
    case 'FST_FILES_LIMIT':
      return new HttpProblem('TOO_MANY_FILES', undefined, { cause: error });
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new HttpProblem('UNEXPECTED_FIELD', undefined, { cause: error });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new HttpProblem('NOT_MULTIPART', undefined, { cause: error });
  }
  // The client went away before sending the whole body (as opposed to a body that is complete but bad).
  const raw = request.raw as { complete?: boolean; destroyed?: boolean; aborted?: boolean };
  const aborted = raw.complete === false && (raw.destroyed === true || raw.aborted === true);
  return new HttpProblem('MALFORMED_REQUEST', aborted ? 'The upload was interrupted before it was complete.' : undefined, {
    cause: error,
  });
}
