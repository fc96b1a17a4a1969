/**
 * Worker-thread entry (piscina): parses one document off the event loop. Returns the text, or
 * the parser's error code and message (a DocParseError does not survive the thread boundary).
 */
import { extractText, isDocParseError, type DocErrorCode, type ExtractOptions } from '@doc2text/parser';

export interface ParseTask {
  bytes: Uint8Array;
  options: ExtractOptions;
}

export type ParseOutcome = { text: string } | { code: DocErrorCode; message: string };

export function parseTask({ bytes, options }: ParseTask): ParseOutcome {
  try {
    return { text: extractText(bytes, options) };
  } catch (error) {
    if (isDocParseError(error)) return { code: error.code, message: error.message };
    throw error; // a bug: the caller answers 500
  }
}

export default parseTask;
