/**
 * Every error answer of the service: `{ title, description, code }` with an honest HTTP status.
 * `title` and `description` are the keys the old Falcon service used; `code` is stable and meant for
 * programs, one per cause. This module only maps; it knows nothing about the .doc format.
 */
import { STATUS_CODES } from 'node:http';

interface ProblemSpec {
  status: number;
  description: string;
  /**
   * A parser code whose message is written for people and names what the file is ("This is a
   * Word 2007+ .docx file…"): that message is the description. Otherwise the parser's message
   * (offsets, stream names) goes to the log only.
   */
  parserMessage?: true;
}

/** Default status and description of each code. */
export const PROBLEMS = {
  // the request
  MISSING_FILE: {
    status: 400,
    description: 'No document was uploaded: send it as multipart/form-data in the form field "file".',
  },
  UNEXPECTED_FIELD: {
    status: 400,
    description:
      'Unexpected form field: send exactly one document in the form field "file" and, for an encrypted document, its "password"; nothing else.',
  },
  TOO_MANY_FILES: {
    status: 400,
    description: 'More than one file was uploaded: send exactly one document in the form field "file".',
  },
  MALFORMED_REQUEST: { status: 400, description: 'The multipart/form-data request body could not be parsed.' },
  INVALID_OPTION: { status: 400, description: 'Invalid query option.' },
  NOT_MULTIPART: { status: 415, description: 'Send the document as multipart/form-data in the form field "file".' },
  FILE_TOO_LARGE: { status: 413, description: 'The document is larger than the size limit.' },
  REQUEST_TIMEOUT: { status: 408, description: 'The request was not received in time.' },
  HEADERS_TOO_LARGE: { status: 431, description: 'The request headers are too large.' },
  NOT_FOUND: { status: 404, description: 'No such resource.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'Method not allowed.' },
  // the uploaded file, before its content is read
  INVALID_FILE_NAME: {
    status: 415,
    description:
      'The file name must end in .doc or .dot: this service reads Microsoft Word 97-2003 documents and templates ' +
      '(and older Word, RTF or text files saved under such a name).',
  },
  EMPTY_FILE: { status: 415, description: 'The uploaded file is empty (0 bytes).' },
  // the uploaded file, by its content: the parser's codes (a new parser code needs one row here)
  NOT_OLE: {
    status: 415,
    description: 'This is not a Word document: its content is not in any format this service reads.',
    parserMessage: true,
  },
  NOT_WORD: {
    status: 415,
    description: 'This is an OLE compound file but not a Word document (perhaps Excel or PowerPoint).',
    parserMessage: true,
  },
  UNSUPPORTED_FORMAT: {
    status: 415,
    description: 'This is a document format other than Word 97-2003 (.doc), which this service does not read.',
    parserMessage: true,
  },
  ENCRYPTED: {
    status: 422,
    description:
      'The document is password-protected (encrypted): a password is needed to read it. ' +
      'Send the password in the multipart form field "password" beside "file".',
  },
  WRONG_PASSWORD: {
    status: 422,
    description: 'The password given in the form field "password" does not open this document.',
  },
  TRUNCATED: {
    status: 422,
    description: 'The document is truncated: it ends before the data it declares, so its text cannot be read.',
  },
  CORRUPT: { status: 422, description: 'The document is damaged and its text cannot be read.' },
  UNSUPPORTED_VERSION: {
    status: 422,
    description: 'This version of Word document is not supported; save it as Word 97-2003 (.doc) and try again.',
    parserMessage: true,
  },
  // the server
  DOCUMENT_TOO_COMPLEX: {
    status: 422,
    description: 'The document needs more memory to parse than the server allows.',
  },
  PARSE_TIMEOUT: {
    status: 422,
    description: 'Parsing the document took longer than the server allows.',
  },
  SERVER_BUSY: {
    status: 503,
    description: 'The server is busy with other uploads; retry after the delay in Retry-After.',
  },
  SERVICE_UNAVAILABLE: { status: 503, description: 'The service is shutting down; retry shortly.' },
  INTERNAL_ERROR: { status: 500, description: 'Internal server error.' },
} as const satisfies Record<string, ProblemSpec>;

export type ProblemCode = keyof typeof PROBLEMS;

/** Parser codes that are not answered under their own name. */
const PARSER_CODE_ALIASES: Readonly<Record<string, ProblemCode>> = {
  INTERNAL: 'INTERNAL_ERROR',
};

export interface ProblemBody {
  title: string;
  description: string;
  /** A ProblemCode, or a parser code newer than the table above. */
  code: string;
}

/** An error that becomes exactly one HTTP error answer. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly code: string;
  readonly statusCode: number;
  readonly description: string;
  /** Extra response headers (Retry-After, Allow). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ProblemCode,
    description?: string,
    options?: { cause?: unknown; statusCode?: number; headers?: Record<string, string>; code?: string },
  ) {
    const spec: ProblemSpec = PROBLEMS[code];
    const text = description ?? spec.description;
    super(`${options?.code ?? code}: ${text}`, { cause: options?.cause });
    this.code = options?.code ?? code;
    this.statusCode = options?.statusCode ?? spec.status;
    this.description = text;
    this.headers = options?.headers ?? {};
  }

  get body(): ProblemBody {
    return problemBody(this.statusCode, this.code, this.description);
  }
}

export function problemBody(status: number, code: string, description?: string): ProblemBody {
  return {
    title: STATUS_CODES[status] ?? 'Error',
    description: description ?? (PROBLEMS as Record<string, ProblemSpec>)[code]?.description ?? '',
    code,
  };
}

/** The answer to a parser error (a DocParseError's code and message, as they crossed the worker boundary). */
export function problemFromParser(code: string, message: string): HttpProblem {
  const alias = PARSER_CODE_ALIASES[code];
  if (alias !== undefined) return new HttpProblem(alias);
  if (Object.hasOwn(PROBLEMS, code)) {
    const spec: ProblemSpec = PROBLEMS[code as ProblemCode];
    return new HttpProblem(code as ProblemCode, spec.parserMessage ? message : undefined);
  }
  // A code newer than this table: the document could not be read; say which code.
  return new HttpProblem('CORRUPT', `The document cannot be read (${code}).`, { code });
}

export function tooLarge(maxFileBytes: number, cause?: unknown): HttpProblem {
  return new HttpProblem('FILE_TOO_LARGE', `The document is larger than the limit of ${maxFileBytes} bytes.`, {
    cause,
  });
}

export function serverBusy(retryAfterS: number, cause?: unknown): HttpProblem {
  return new HttpProblem('SERVER_BUSY', undefined, { cause, headers: { 'retry-after': String(retryAfterS) } });
}
