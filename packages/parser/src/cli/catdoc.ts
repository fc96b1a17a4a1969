/**
 * A catdoc-compatible command line, for `doc2text` to dispatch to (e.g. `doc2text --catdoc …` or
 * when invoked as `catdoc`). Input and output go through `CliIo`, so this module does no I/O
 * of its own.
 *
 * What it does per input, like catdoc 0.95 (src/catdoc.c main, src/analyze.c analyze_format):
 * - OLE file: our parser (piece table, so fast-saved files are right) -> all stories in CP order ->
 *   formatCatdoc; -s chooses the code page of 8-bit text;
 * - -b: the whole input is read as 8-bit text in the -s charset through catdoc's paragraph rules;
 * - ZIP (docx): catdoc's message, exit 1;
 * - any other file that is not RTF, Write or Word 2: copied out through the source charset
 *   (catdoc's copy_out: no paragraph rules, no wrapping);
 * - RTF / Write / Word 2 and damaged files: our parser's error message on stderr.
 * Exit status: 0, or 1 for a file that could not be read or parsed, 69 for an encrypted document
 * (catdoc's code), the last failure winning as in catdoc.
 */
import { hasCfbSignature } from '../container.js';
import { detect } from '../detect.js';
import { asDocParseError } from '../errors.js';
import { parseModel } from '../parse.js';
import { CatdocOptionError, catdocCharsetNames, formatCatdoc, formatCatdocExact, resolveCatdocOptions } from '../render/catdoc/format.js';
import { catdocCharsetToIconv, catdocCopyOut, decodeCatdocCharset } from '../render/catdoc/source.js';
import type { DetectedFormat } from '../types.js';
import { CATDOC_USAGE, CATDOC_VERSION_LINE, catdocCharsetList, parseCatdocArgs } from './catdoc-args.js';
import type { CliIo } from './io.js';

const enc = (s: string) => new TextEncoder().encode(s);
/** What the parser reads (catdoc's other inputs are copied out through the source charset). */
const PARSED: ReadonlySet<DetectedFormat> = new Set(['ole', 'rtf', 'write', 'word2']);
/** An OLE file by its signature alone (detect() would open the container, which parseDoc does anyway). */
const kindOf = (bytes: Uint8Array): DetectedFormat => (hasCfbSignature(bytes) ? 'ole' : detect(bytes));

export function runCatdoc(argv: readonly string[], io: CliIo, versionLine = CATDOC_VERSION_LINE): number {
  const args = parseCatdocArgs(argv);
  switch (args.action) {
    case 'version':
      io.stdout(enc(versionLine + '\n'));
      return 0;
    case 'list':
      io.stdout(enc(catdocCharsetList(catdocCharsetNames())));
      return 0;
    case 'help':
      if (args.error) io.stderr(args.error + '\n');
      if (!args.error || args.error.startsWith('catdoc:')) io.stdout(enc(CATDOC_USAGE));
      return 1;
  }
  let options;
  try {
    options = resolveCatdocOptions(args.options);
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
    return 1;
  }
  const source = args.sourceCharset;
  const files = args.files.length > 0 ? args.files : ['-'];
  if (args.files.length === 0 && io.stdinIsTTY) {
    io.stdout(enc(CATDOC_USAGE));
    return 0;
  }
  let status = 0;
  let stdinDone = false;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      if (file === '-') {
        if (stdinDone) {
          io.stderr('Cannot process stdin twice\n');
          return 1;
        }
        stdinDone = true;
        bytes = io.readStdin();
      } else bytes = io.readFile(file);
    } catch (e) {
      io.stderr(`catdoc: ${readErrorMessage(e)}\n`);
      status = 1;
      continue;
    }
    try {
      const kind = kindOf(bytes);
      if (args.broken) {
        // catdoc's 8-bit reader returns EOF (-1, stored as U+FFFF) once past the end, and its
        // writer never prints the last unfinished line: reproduced exactly.
        io.stdout(formatCatdocExact(decodeCatdocCharset(bytes, source ?? 'cp1252') + '\uffff', options));
      } else if (kind === 'docx') {
        io.stderr('This file looks like ZIP archive or Office 2007 or later file.\nNot supported by catdoc\n');
        return 1;
      } else if (PARSED.has(kind)) {
        // Everything the parser reads goes through its characters, so the text is right even
        // where catdoc's raw-byte reading is not.
        const codePage = source ? catdocCharsetToIconv(source) ?? undefined : undefined;
        const doc = parseModel(bytes, codePage ? { codePage } : {});
        io.stdout(formatCatdoc(doc.characters('all'), options));
      } else {
        io.stdout(catdocCopyOut(bytes, { ...options, sourceCharset: source }));
      }
    } catch (e) {
      if (e instanceof CatdocOptionError) {
        io.stderr(`${e.message}\n`);
        return 1;
      }
      const error = asDocParseError(e); // a bug in this file's path is INTERNAL, reported like any failure
      io.stderr(`${file === '-' ? 'stdin' : file}: ${error.message}\n`);
      status = error.code === 'ENCRYPTED' ? 69 : 1;
    }
  }
  return status;
}

/** catdoc's words for a file it cannot read (a Node error's code), else the error's own message. */
function readErrorMessage(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : (error as Error).message;
}
