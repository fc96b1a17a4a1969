/**
 * Every error answer of the service: `{ title, description, code }` with an honest HTTP status.
 * `title` and `description` are the keys the old Falcon service used; `code` is stable and meant for
 * programs. This module only maps; it knows nothing about the .doc format.
 */
import { STATUS_CODES } from 'node:http';
import type { DocErrorCode } from '@doc2text/parser';

/** The old service's message for anything that is not a usable Word file (kept verbatim). */
export const INVALID_DOCUMENT_MESSAGE = 'Please provide a valid MS Office 93 -2003 document file.';

export type ProblemCode =
  // request shape
  | 'MISSING_FILE'
  | 'UNEXPECTED_FIELD'
  | 'TOO_MANY_FILES'
  | 'MALFORMED_REQUEST'
  | 'INVALID_OPTION'
  | 'NOT_MULTIPART'
  | 'FILE_TOO_LARGE'
  // the HTTP request itself (answered by the connection's error handler)
  | 'REQUEST_TIMEOUT'
  | 'HEADERS_TOO_LARGE'
  // the uploaded file, by its declared metadata
  | 'INVALID_FILE_NAME'
  | 'INVALID_FILE_TYPE'
  | 'EMPTY_FILE'
  // the uploaded file, by its content (the parser's codes, passed through)
  | Exclude<DocErrorCode, 'TOO_LARGE'>
  // everything else
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'SERVICE_UNAVAILABLE'
  | 'DOCUMENT_TOO_COMPLEX'
  | 'INTERNAL_ERROR';

export interface ProblemBody {
  title: string;
  description: string;
  code: ProblemCode;
}

/** Default status and description of each code. */
export const PROBLEMS: Readonly<Record<ProblemCode, { status: number; description: string }>> = {
  MISSING_FILE: {
    status: 400,
    description: 'No document was uploaded: send it as multipart/form-data in the form field "file".',
  },
  UNEXPECTED_FIELD: {
    status: 400,
    description: 'Unexpected form field: send exactly one document in the form field "file" and nothing else.',
  },
  TOO_MANY_FILES: {
    status: 400,
    description: 'More than one file was uploaded: send exactly one document in the form field "file".',
  },
  MALFORMED_REQUEST: { status: 400, description: 'The multipart/form-data request body could not be parsed.' },
  INVALID_OPTION: { status: 400, description: 'Invalid query option.' },
  NOT_MULTIPART: {
    status: 415,
    description: 'Send the document as multipart/form-data in the form field "file".',
  },
  FILE_TOO_LARGE: { status: 413, description: 'The document is larger than the size limit.' },
  REQUEST_TIMEOUT: { status: 408, description: 'The request was not received in time.' },
  HEADERS_TOO_LARGE: { status: 431, description: 'The request headers are too large.' },
  INVALID_FILE_NAME: { status: 415, description: INVALID_DOCUMENT_MESSAGE },
  INVALID_FILE_TYPE: { status: 415, description: INVALID_DOCUMENT_MESSAGE },
  EMPTY_FILE: { status: 415, description: INVALID_DOCUMENT_MESSAGE },
  NOT_OLE: { status: 415, description: INVALID_DOCUMENT_MESSAGE },
  NOT_WORD: { status: 415, description: INVALID_DOCUMENT_MESSAGE },
  UNSUPPORTED_FORMAT: { status: 415, description: INVALID_DOCUMENT_MESSAGE },
  ENCRYPTED: {
    status: 422,
    description: 'The document is password-protected (encrypted); its text cannot be extracted.',
  },
  WRONG_PASSWORD: { status: 422, description: 'The password given does not open this document.' },
  TRUNCATED: {
    status: 422,
    description: 'The document is truncated: it ends before the data it declares, so its text cannot be read.',
  },
  CORRUPT: { status: 422, description: 'The document is damaged and its text cannot be read.' },
  UNSUPPORTED_VERSION: {
    status: 422,
    description: 'This version of Word document is not supported; save it as Word 97-2003 (.doc) and try again.',
  },
  NOT_FOUND: { status: 404, description: 'No such resource.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'Method not allowed.' },
  SERVICE_UNAVAILABLE: { status: 503, description: 'The service is shutting down; retry shortly.' },
  DOCUMENT_TOO_COMPLEX: {
    status: 422,
    description: 'The document needs more memory to parse than the server allows.',
  },
  INTERNAL_ERROR: { status: 500, description: 'Internal server error.' },
};

/** An error that becomes exactly one HTTP error answer. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly code: ProblemCode;
  readonly statusCode: number;
  readonly description: string;

  constructor(code: ProblemCode, description?: string, options?: { cause?: unknown; statusCode?: number }) {
    const spec = PROBLEMS[code];
    const text = description ?? spec.description;
    super(`${code}: ${text}`, { cause: options?.cause });
    this.code = code;
    this.statusCode = options?.statusCode ?? spec.status;
    this.description = text;
  }

  get body(): ProblemBody {
    return problemBody(this.statusCode, this.code, this.description);
  }
}

export function problemBody(status: number, code: ProblemCode, description?: string): ProblemBody {
  return {
    title: STATUS_CODES[status] ?? 'Error',
    description: description ?? PROBLEMS[code].description,
    code,
  };
}

/** Maps a parser error code to the service's answer. */
export function problemFromParser(code: DocErrorCode, maxFileBytes: number, cause?: unknown): HttpProblem {
  if (code === 'TOO_LARGE') return tooLarge(maxFileBytes, cause);
  if (code in PROBLEMS) return new HttpProblem(code, undefined, { cause });
  // A code newer than this table: the document could not be read.
  return new HttpProblem('CORRUPT', undefined, { cause, statusCode: 422 });
}

export function tooLarge(maxFileBytes: number, cause?: unknown): HttpProblem {
  return new HttpProblem('FILE_TOO_LARGE', `The document is larger than the limit of ${maxFileBytes} bytes.`, {
    cause,
  });
}
