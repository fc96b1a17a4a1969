/** The in-process contenders, called the way their users call them. */
import { DocParseError, extractText } from '@doc2text/parser';
import WordExtractor from 'word-extractor';
import { view } from './files.js';

const extractor = new WordExtractor();

/** Ours: `extractText(bytes)` on a plain Uint8Array view of the buffer (as our CLI and server do). */
export function oursText(bytes: Buffer): string {
  return extractText(view(bytes));
}

/** word-extractor: `extract(buffer)` then `getBody()`. */
export async function wordExtractorText(bytes: Buffer): Promise<string> {
  return (await extractor.extract(bytes)).getBody();
}

export type Outcome = { ok: true; chars: number } | { ok: false; error: string };

function describe(error: unknown): string {
  if (error instanceof DocParseError) return error.code;
  return `${(error as Error)?.name ?? 'Error'}: ${String((error as Error)?.message ?? error).slice(0, 120)}`;
}

export function tryOurs(bytes: Buffer): Outcome {
  try {
    return { ok: true, chars: oursText(bytes).length };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

export async function tryWordExtractor(bytes: Buffer, timeoutMs = 20_000): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const text = await Promise.race([
      wordExtractorText(bytes),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, chars: text.length };
  } catch (error) {
    return { ok: false, error: describe(error) };
  } finally {
    clearTimeout(timer);
  }
}
