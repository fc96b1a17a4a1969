/**
 * The Node.js host of the command lines: files and standard streams as a `CliIo`, and the
 * dispatch between doc2text and its catdoc mode (`doc2text --catdoc …`, or run as `catdoc`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { runCatdoc } from './catdoc.js';
import { runDoc2text } from './doc2text.js';
import type { CliIo } from './io.js';

const nodeIo: CliIo = {
  readFile: (path) => bytesOf(readFileSync(path)),
  readStdin: () => bytesOf(readFileSync(0)),
  // A getter: process.stdin is made on first use (a stream, and the modules behind it: ~3 ms of start-up).
  get stdinIsTTY() {
    return Boolean(process.stdin.isTTY);
  },
  // Done with the bytes when the stream holds none of them: a file (or /dev/null) takes them at
  // once; a pipe takes what fits (64 KiB) and the stream keeps the rest, and them, until it drains.
  stdout: (bytes) => {
    process.stdout.write(bytes);
    return process.stdout.writableLength === 0;
  },
  stderr: (text) => process.stderr.write(text),
  writeFile(path, bytes) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  },
  env: (name) => process.env[name],
};

function bytesOf(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** Runs the command line of `argv` (process.argv) and sets the exit code. */
export function main(argv: readonly string[]): void {
  // A reader that stops early (`doc2text big.doc | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const args = argv.slice(2);
  if (basename(argv[1] ?? '') === 'catdoc') process.exitCode = runCatdoc(args, nodeIo);
  else if (args[0] === '--catdoc') process.exitCode = runCatdoc(args.slice(1), nodeIo);
  else process.exitCode = runDoc2text(args, nodeIo);
}
