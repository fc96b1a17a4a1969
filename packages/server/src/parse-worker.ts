/**
 * Worker-thread entry (piscina): parses one document off the event loop. Returns the text, or
 * the parser's error code and message (a DocParseError does not survive the thread boundary).
 */
import { extractText, isDocParseError, type DocErrorCode, type ExtractOptions } from '@doc2text/parser';

export interface ParseTask {
  bytes: Uint8Array;
  options: ExtractOptions;
  /** The uploaded file name, echoed in the answer. */
  file: string;
}

/** The finished JSON answer `{"text","file"}` as UTF-8 (with the text's length, for the log), or the parser's error. */
export type ParseOutcome = { body: Uint8Array; chars: number } | { code: DocErrorCode; message: string };

export function parseTask({ bytes, options, file }: ParseTask): ParseOutcome {
  try {
    const text = extractText(bytes, options);
    // Serialised here, so a worker hands the main thread bytes to send, not millions of characters.
    return { body: new TextEncoder().encode(JSON.stringify({ text, file })), chars: text.length };
  } catch (error) {
    if (isDocParseError(error)) return { code: error.code, message: error.message };
    throw error; // a bug: the caller answers 500
  }
}

export default parseTask;
