/**
 * The Node.js host of the command lines: files and standard streams as a `CliIo`, and the
 * dispatch between doc2text and its catdoc mode (`doc2text --catdoc …`, or run as `catdoc`).
 */
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { lazyInput } from '../io/lazy-input.js';
import { hasCfbSignature } from '../ole/index.js';
import { runCatdoc } from './catdoc.js';
import { runDoc2text } from './doc2text.js';
import { wholeInput, type CliIo, type Input } from './io.js';

const nodeIo: CliIo = {
  readFile: (path) => bytesOf(readFileSync(path)),
  openInput,
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

/**
 * Compound files from LAZY_MIN bytes up are read where the parser needs them (io/lazy-input.ts):
 * a whole read of a large file is as many fresh pages as the file has (bench/generated/
 * cyrillic-cjk-16mb.doc: 3,900 page faults, ~45 ms of the command's ~250 on the bench machine).
 * Below it, one read costs less than the reads of its parts would.
 */
const LAZY_MIN = 1 << 20;

function openInput(path: string): Input {
  const fd = openSync(path, 'r');
  const readAt = (into: Uint8Array, position: number) => readSync(fd, into, 0, into.length, position);
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size >= LAZY_MIN) {
      const head = new Uint8Array(8);
      if (readAt(head, 0) === 8 && hasCfbSignature(head)) return { bytes: lazyInput(stat.size, readAt), close: () => closeSync(fd) };
    }
    const bytes = bytesOf(readFileSync(fd));
    closeSync(fd);
    return wholeInput(bytes);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

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
