/**
 * The two ways a compound file fails to open, in words a person understands: it is cut short
 * (`TRUNCATED`), or its structures contradict each other (`CORRUPT`).
 */
import { DocParseError } from '../errors.js';

/**
 * What a message names ("the sector chain of stream \"WordDocument\"", …): a string, or an object
 * whose toString makes it when a message is written (`${what}`), so that the walks every stream read
 * makes build no message they never write.
 */
export type Named = string | { toString(): string };

/** A name made only when a message needs it. */
export function named(make: () => string): Named {
  return { toString: make };
}

export function corrupt(detail: string): never {
  throw new DocParseError('CORRUPT', `The OLE container is damaged: ${detail}.`);
}

export function cutShort(detail: string): never {
  throw new DocParseError('TRUNCATED', `The file is cut short: ${detail}.`);
}
