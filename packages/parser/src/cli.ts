#!/usr/bin/env node
/**
 * doc2text [--story body|all|footnotes|…] [--info] file.doc… ('-' reads standard input)
 * doc2text --catdoc [catdoc options] file.doc…   (catdoc 0.95-compatible; also when run as `catdoc`)
 *
 * Prints the text of each file. Errors go to stderr as "doc2text: FILE: CODE: message"; the exit
 * status is 0 when every file was read, 1 otherwise, 2 for a usage error.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DocParseError, STORY_NAMES, parseDoc, runCatdoc, type StorySelector } from './index.js';

const HELP = `usage: doc2text [options] file.doc...   ('-' reads standard input)

Prints the text of Word 97-2003 (and Word 6/95) .doc files.

options:
  --story NAME   which story to print: body (default), all, ${STORY_NAMES.filter((s) => s !== 'body').join(', ')}
  --info         print what the parser learned about each file (JSON) instead of its text
  --meta         print each file's document properties (JSON: title, author, dates, counts…)
  --catdoc ...   behave as catdoc 0.95: all stories, catdoc's text conventions and wrapping,
                 and its options (-w -m N -d CHARSET -s CHARSET -f ascii|tex -a -t -x -l -V -b
                 -8 -u -v; see 'doc2text --catdoc -h'). alias catdoc='doc2text --catdoc' works
                 in existing scripts; so does a link to this program named catdoc.
  -h, --help     this help

exit status: 0 all files read; 1 some file could not be read (stderr says why, with an error
code: NOT_OLE, NOT_WORD, ENCRYPTED, TRUNCATED, CORRUPT, UNSUPPORTED_VERSION, UNSUPPORTED_FORMAT);
2 usage error.`;

function main(argv: string[]): number {
  let story: StorySelector = 'body';
  let info = false;
  let meta = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') {
      process.stdout.write(`${HELP}\n`);
      return 0;
    } else if (a === '--story') {
      const value = argv[++i];
      if (!value || (value !== 'all' && !(STORY_NAMES as readonly string[]).includes(value))) {
        process.stderr.write(`doc2text: --story takes one of: all, ${STORY_NAMES.join(', ')}\n`);
        return 2;
      }
      story = value as StorySelector;
    } else if (a === '--info') {
      info = true;
    } else if (a === '--meta') {
      meta = true;
    } else if (a.startsWith('-') && a !== '-') {
      process.stderr.write(`doc2text: unknown option ${a}\n${HELP}\n`);
      return 2;
    } else {
      files.push(a);
    }
  }
  if (files.length === 0) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  let status = 0;
  for (const file of files) {
    try {
      const bytes = readFileSync(file === '-' ? 0 : file);
      const doc = parseDoc(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
      if (info) process.stdout.write(`${JSON.stringify({ file, ...doc.info, stories: doc.stories }, null, 2)}\n`);
      else if (meta) process.stdout.write(`${JSON.stringify({ file, ...doc.metadata }, null, 2)}\n`);
      else process.stdout.write(doc.text(story));
    } catch (error) {
      status = 1;
      if (error instanceof DocParseError) process.stderr.write(`doc2text: ${file}: ${error.code}: ${error.message}\n`);
      else process.stderr.write(`doc2text: ${file}: ${(error as Error).message}\n`);
    }
  }
  return status;
}

function catdoc(argv: string[]): number {
  return runCatdoc(argv, {
    readFile: (path) => {
      try {
        return readFileSync(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new Error(code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (error as Error).message);
      }
    },
    readStdin: () => readFileSync(0),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdout: (bytes) => process.stdout.write(bytes),
    stderr: (text) => process.stderr.write(text),
  });
}

// A reader that stops early (`doc2text big.doc | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const argv = process.argv.slice(2);
if (basename(process.argv[1] ?? '') === 'catdoc') process.exitCode = catdoc(argv);
else if (argv[0] === '--catdoc') process.exitCode = catdoc(argv.slice(1));
else process.exitCode = main(argv);
