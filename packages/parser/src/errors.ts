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
  /** The input is larger than the configured limit. */
  | 'TOO_LARGE';

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
