/**
 * Parses one document: on a parse worker thread (parse-pool.ts) or, with no workers, inline. The
 * outcome is plain data that crosses the thread boundary as it is: the finished JSON answer, or the
 * parser's error code and message. It is turned into an HTTP answer once, by the route.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import {
  detect,
  extractText,
  isDocParseError,
  parseDoc,
  renderTree,
  type ExtractOptions,
  type Picture,
  type StructuredFormat,
} from '@doc2text/parser';
import { BufferShelf, encodeUtf8, MAPPED_BYTES, SHELVED_BYTES } from './buffers.js';
import { currentThreadId } from './thread-cpu.js';
import { lowerPriority } from './thread-priority.js';
import { epochMs } from './timeline.js';

export interface ParseTask {
  bytes: Uint8Array;
  /** What to extract (format, story, width): logged by the route, so never the password. */
  options: ExtractOptions;
  /** The `password` form field, for encrypted documents; kept apart from `options` so no log shows it. */
  password?: string;
  /**
   * Structured formats: pictures inlined as data URLs, in document order, while their total size
   * (bytes before base64) stays within `maxBytes`; the rest are left out. Absent: pictures left out.
   */
  inlineImages?: { maxBytes: number };
  /** The uploaded file name, echoed in the answer. */
  file: string;
}

/**
 * The JSON answer `{"text","file"}` (with the text's length, for the log): a string while it is
 * small, from SMALL_ANSWER_CHARS on UTF-8 bytes in a buffer of their own (transferred, and handed
 * back to the worker once written: ParseOutcome.release). A small answer
 * crosses to the event loop as a copy on its young heap, gone at the next scavenge; as bytes it was
 * new external memory there, which at hundreds of small documents a second set off full garbage
 * collections of the event loop's heap.
 */
export interface ParsedText {
  kind: 'text';
  body: string | Uint8Array;
  chars: number;
  /** Pictures left out because inlining them would have passed the budget (0 when none, or not asked). */
  imagesOmitted: number;
}

/** The parser refused the document: its DocParseError code and message (INTERNAL for a parser bug). */
export interface ParserRefusal {
  kind: 'refused';
  code: string;
  message: string;
  /** What detect() says the bytes are, for the log. */
  detected: string;
}

export type TaskOutcome = ParsedText | ParserRefusal;

const STRUCTURED: ReadonlySet<string> = new Set<StructuredFormat>(['markdown', 'html', 'json']);

/** Answers shorter than this (UTF-16 units) stay strings: under MAPPED_BYTES as UTF-8 whatever the characters. */
export const SMALL_ANSWER_CHARS = Math.floor(MAPPED_BYTES / 3);

/** Parses `task`; a worker writes its answer into a buffer of `answers` (one the event loop handed back). */
export function parseTask({ bytes, options, password, inlineImages, file }: ParseTask, answers?: BufferShelf): TaskOutcome {
  try {
    const { text, imagesOmitted } = render(bytes, password === undefined ? options : { ...options, password }, inlineImages);
    // Serialised here, so a worker hands the event loop an answer to send, not a text to serialise.
    const json = JSON.stringify({ text, file });
    const body = json.length < SMALL_ANSWER_CHARS ? json : encodeUtf8(json, answers === undefined ? undefined : (length) => answers.take(length));
    return { kind: 'text', body, chars: text.length, imagesOmitted };
  } catch (error) {
    const detected = safeDetect(bytes);
    if (isDocParseError(error) || (error instanceof Error && error.name === 'DocParseError')) {
      return { kind: 'refused', code: String((error as { code?: unknown }).code), message: error.message, detected };
    }
    // Anything else is a bug (in the parser or here), reported as such: the route answers 500 and logs it.
    const e = error instanceof Error ? error : new Error(String(error));
    return { kind: 'refused', code: 'INTERNAL', message: `${e.name}: ${e.message}\n${e.stack ?? ''}`, detected };
  }
}

/** The rendering asked for. Throws the parser's DocParseError (parseDoc, tree() and the renderers can). */
function render(bytes: Uint8Array, options: ExtractOptions, inlineImages: ParseTask['inlineImages']): { text: string; imagesOmitted: number } {
  const format = options.format ?? 'plain';
  if (inlineImages === undefined || !STRUCTURED.has(format)) return { text: extractText(bytes, options), imagesOmitted: 0 };
  const doc = parseDoc(bytes, options);
  const tree = doc.tree();
  const { sources, omitted } = dataUrls(doc.images(), inlineImages.maxBytes);
  if (format === 'json') {
    // The tree with each inlined picture's data URL beside its type and size (tree.images[i].src).
    const images = tree.images.map((info, i) => (sources[i] ? { ...info, src: sources[i] } : info));
    return { text: JSON.stringify({ ...tree, images }), imagesOmitted: omitted };
  }
  const imageSrc = (image: { image: number }) => sources[image.image] ?? null;
  return { text: renderTree(tree, format as StructuredFormat, { imageSrc }), imagesOmitted: omitted };
}

/** Data URLs for pictures in document order until the next one would pass `maxBytes` in all; null for the rest. */
export function dataUrls(pictures: ReadonlyArray<Picture>, maxBytes: number): { sources: Array<string | null>; omitted: number } {
  let total = 0;
  let full = false;
  const sources = pictures.map((picture) => {
    full ||= total + picture.bytes.byteLength > maxBytes;
    if (full) return null;
    total += picture.bytes.byteLength;
    return `data:${picture.contentType};base64,${Buffer.from(picture.bytes.buffer, picture.bytes.byteOffset, picture.bytes.byteLength).toString('base64')}`;
  });
  return { sources, omitted: sources.filter((s) => s === null).length };
}

function safeDetect(bytes: Uint8Array): string {
  try {
    return detect(bytes);
  } catch {
    return 'unknown';
  }
}

/**
 * Worker side of parse-pool.ts: one task at a time, answer with the outcome (its bytes transferred);
 * or an answer's buffer coming back, once written, for the worker's next answers.
 */
export type WorkerRequest = { id: number; task: ParseTask } | { shelve: ArrayBuffer };
/** A worker's first message: its thread id, for the pool to read its CPU time (null: unknown, not Linux). */
export interface WorkerReady {
  ready: true;
  tid: number | null;
}
export interface WorkerReply {
  id: number;
  outcome: TaskOutcome;
  /** When the parse began and ended, ms since the Unix epoch (timeline.ts). */
  startedAt: number;
  endedAt: number;
  /** The worker's V8 heap (committed) after the task: the pool replaces a worker whose heap has grown. */
  heapBytes: number;
  /** The task's upload buffer, handed back (transferred) for the next uploads from SHELVED_BYTES on (buffers.ts BufferShelf). */
  upload: ArrayBuffer | null;
}

/** Marks the threads parse-pool.ts starts (a module loaded by some other worker must not answer its messages). */
export const PARSE_WORKER_MARK = 'doc2text-parse-worker';

if (parentPort && (workerData as { mark?: unknown } | null)?.mark === PARSE_WORKER_MARK) {
  const port = parentPort;
  const tid = currentThreadId();
  lowerPriority(tid, Number((workerData as { nice?: unknown }).nice ?? 0));
  port.postMessage({ ready: true, tid } satisfies WorkerReady);
  const answers = new BufferShelf();
  port.on('message', (request: WorkerRequest) => {
    if ('shelve' in request) return answers.give(request.shelve);
    const { id, task } = request;
    const startedAt = epochMs();
    const outcome = parseTask(task, answers);
    const { buffer } = task.bytes;
    const upload = buffer instanceof ArrayBuffer && buffer.byteLength >= SHELVED_BYTES ? buffer : null;
    const reply: WorkerReply = { id, outcome, startedAt, endedAt: epochMs(), heapBytes: getHeapStatistics().total_heap_size, upload };
    const transfer: ArrayBuffer[] = upload === null ? [] : [upload];
    if (outcome.kind === 'text' && typeof outcome.body !== 'string') transfer.push(outcome.body.buffer as ArrayBuffer);
    port.postMessage(reply, transfer);
  });
}
