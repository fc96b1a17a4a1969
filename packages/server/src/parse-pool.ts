/**
 * Where documents are parsed: small ones inline (a thread hop costs more than parsing them), large
 * ones on worker threads, so a 16 MB upload does not stall every other request's event loop.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DocParseError, type ExtractOptions } from '@doc2text/parser';
import { Piscina } from 'piscina';
import { parseTask, type ParseOutcome, type ParseTask } from './parse-worker.js';

export interface ParsePoolOptions {
  /** Worker threads; 0 parses everything inline (Lambda: one request per instance). */
  threads: number;
  /** Uploads up to this size are parsed inline. */
  inlineMaxBytes: number;
  /** Documents waiting for a worker before new ones are refused (503). */
  maxQueue: number;
  /** A parse taking longer is abandoned and its worker replaced (503). */
  timeoutMs: number;
  /** Heap limit of each worker; a document that needs more is refused (422), the process lives on. */
  maxHeapMb: number;
}

export const DEFAULT_POOL_OPTIONS: ParsePoolOptions = {
  threads: Math.max(1, availableParallelism() - 1),
  inlineMaxBytes: 256 * 1024,
  maxQueue: 16,
  timeoutMs: 60_000,
  maxHeapMb: 1024,
};

/** Why a document could not be parsed, other than the document itself being bad. */
export class PoolError extends Error {
  constructor(
    readonly reason: 'BUSY' | 'PARSE_TIMEOUT' | 'DOCUMENT_TOO_COMPLEX',
    message: string,
  ) {
    super(message);
  }
}

export class ParsePool {
  private readonly piscina: Piscina | null;

  constructor(private readonly options: ParsePoolOptions) {
    this.piscina =
      options.threads > 0
        ? new Piscina({
            filename: workerFile(),
            minThreads: options.threads,
            maxThreads: options.threads,
            maxQueue: options.maxQueue,
            idleTimeout: 60_000,
            resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb },
          })
        : null;
  }

  /**
   * The JSON answer `{"text","file"}` as UTF-8 bytes, and the text's length; throws DocParseError
   * for a bad document, PoolError when it cannot be parsed now.
   */
  async extract(bytes: Uint8Array, options: ExtractOptions, file: string): Promise<{ body: Uint8Array; chars: number }> {
    const outcome =
      this.piscina === null || bytes.byteLength <= this.options.inlineMaxBytes
        ? parseTask({ bytes, options, file })
        : await this.runOnWorker(this.piscina, { bytes, options, file });
    if ('body' in outcome) return outcome;
    throw new DocParseError(outcome.code, outcome.message);
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }

  private async runOnWorker(piscina: Piscina, { bytes, options, file }: ParseTask): Promise<ParseOutcome> {
    // Hand the bytes over without copying when they own their buffer.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    try {
      return (await piscina.run(
        { bytes: own, options, file },
        { transferList: [own.buffer as ArrayBuffer], signal: AbortSignal.timeout(this.options.timeoutMs) },
      )) as ParseOutcome;
    } catch (error) {
      const text = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''} ${(error as { code?: string })?.code ?? ''}`;
      if (/queue is at limit|queue limit/i.test(text)) throw new PoolError('BUSY', 'The server is busy parsing other documents; try again shortly.');
      if (/abort|timeout/i.test(text)) throw new PoolError('PARSE_TIMEOUT', 'Parsing this document took too long.');
      if (/ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(text)) {
        throw new PoolError('DOCUMENT_TOO_COMPLEX', 'This document needs more memory to parse than the server allows.');
      }
      throw error;
    }
  }
}

/** dist/parse-worker.js next to this module; from the TypeScript sources (tests), the built one. */
function workerFile(): string {
  const here = new URL('./parse-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here.href;
  return new URL('../dist/parse-worker.js', import.meta.url).href;
}
