/** What the command lines (doc2text, catdoc) need from their host: the one IO interface. */
export interface CliIo {
  /** Reads a file; throws (with a message) when it cannot. */
  readFile(path: string): Uint8Array;
  /**
   * Opens a file for the parser (doc2text): its bytes read whole, or, for a large compound file,
   * where the parser needs them (io/lazy-input.ts), the file open until `close`. Throws (with a
   * message) when it cannot. Absent: `readFile`.
   */
  openInput?(path: string): Input;
  /** Reads all of standard input. */
  readStdin(): Uint8Array;
  /** Is standard input a terminal? (catdoc prints its usage then.) */
  stdinIsTTY: boolean;
  /** Writes `bytes`; true when it is done with them (written out or copied), so the caller may fill them again. */
  stdout(bytes: Uint8Array): boolean | void;
  stderr(text: string): void;
  /** Writes a file, creating its folder (doc2text --images); throws (with a message) when it cannot. */
  writeFile(path: string, bytes: Uint8Array): void;
  /** An environment variable (doc2text reads DOC2TEXT_PASSWORD); absent in hosts without one. */
  env?(name: string): string | undefined;
}

/** A file's bytes for the parser, and what to do when it is done with them (a lazy input's file is open until then). */
export interface Input {
  bytes: Uint8Array;
  close(): void;
}

/** Bytes read whole: nothing to close. */
export function wholeInput(bytes: Uint8Array): Input {
  return { bytes, close: () => {} };
}
