/**
 * The one error type the parser throws. Every failure a caller can see carries a stable
 * `code` (for programs) and a message a person understands (for logs and users).
 */
export type DocErrorCode =
  /** Not an OLE compound file (and not another format we recognise). */
  | 'NOT_OLE'
  /** An OLE compound file, but not a Word document (no WordDocument stream, bad wIdent). */
  | 'NOT_WORD'
  /** The document is encrypted or obfuscated (fEncrypted / fObfuscated) and needs a password (none given), or uses a scheme this parser does not decrypt. */
  | 'ENCRYPTED'
  /** The document is encrypted and the password given does not open it. */
  | 'WRONG_PASSWORD'
  /** The file ends before a structure it declares. */
  | 'TRUNCATED'
  /** A structure is internally inconsistent (bad container, impossible piece table, …). */
  | 'CORRUPT'
  /** A Word file of a version this parser does not read. */
  | 'UNSUPPORTED_VERSION'
  /** A recognised non-.doc format (DOCX, WordML XML, WordPerfect, …) sent as a .doc. */
  | 'UNSUPPORTED_FORMAT'
  /**
   * A bug in the parser, not a fault of the document: an unexpected exception, caught at a public
   * entry point. The message says so (never the exception's text); `cause` keeps it for logs.
   * A service answers it as a server error (500), not as a damaged document.
   */
  | 'INTERNAL';

export class DocParseError extends Error {
  override readonly name = 'DocParseError';
  readonly code: DocErrorCode;

  constructor(code: DocErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isDocParseError(value: unknown): value is DocParseError {
  return value instanceof DocParseError;
}

/** The words of every INTERNAL error, whatever went wrong (the exception itself is its `cause`, for logs). */
export const INTERNAL_MESSAGE = 'The parser failed on this document because of a bug in the parser, not a fault of the file; please report it.';

/** `error` as the parser's one error type: a DocParseError as it is; anything else INTERNAL, its text kept only in `cause`. */
export function asDocParseError(error: unknown): DocParseError {
  return error instanceof DocParseError ? error : new DocParseError('INTERNAL', INTERNAL_MESSAGE, { cause: error });
}

/** A public entry point's boundary: runs `work`, and lets only DocParseError out. */
export function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw asDocParseError(error);
  }
}
