/**
 * The two ways a compound file fails to open, in words a person understands: it is cut short
 * (`TRUNCATED`), or its structures contradict each other (`CORRUPT`).
 */
import { DocParseError } from '../errors.js';

export function corrupt(detail: string): never {
  throw new DocParseError('CORRUPT', `The OLE container is damaged: ${detail}.`);
}

export function cutShort(detail: string): never {
  throw new DocParseError('TRUNCATED', `The file is cut short: ${detail}.`);
}
