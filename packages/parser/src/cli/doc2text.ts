/**
 * doc2text [--story main|body|all|footnotes|…] [--format plain|markdown|html|json [--images DIR]]
 *          [--info] [--meta] [--password PW] file.doc… ('-' reads standard input)
 *
 * Prints the text of each file. Errors go to stderr as "doc2text: FILE: CODE: message"; the exit
 * status is 0 when every file was read, 1 otherwise, 2 for a usage error.
 */
import { asDocParseError } from '../errors.js';
import { InputReadError } from '../io/lazy-input.js';
import { parseModel, wordDocument, type WordDocument } from '../parse.js';
import { streamPlainText } from '../render/plain-text.js';
import { renderHtmlDocument } from '../render/tree/html.js';
import { renderJson } from '../render/tree/json.js';
import { renderMarkdown } from '../render/tree/markdown.js';
import { STORY_NAMES, STORY_SELECTORS, type StorySelector } from '../types.js';
import { wholeInput, type CliIo, type Input } from './io.js';
import { Utf8Out } from './utf8-out.js';

const HELP = `usage: doc2text [options] file.doc...   ('-' reads standard input)

Prints the text of Word 97-2003 (and Word 6/95) .doc files.

options:
  --story NAME   what to print: main (default: the body, with text boxes where they are
                 anchored), body (the body story alone), all (every story once, in order),
                 ${STORY_NAMES.filter((s) => s !== 'body').join(', ')}
  --format F     plain (default: text), or the document's structure: markdown (GitHub-flavoured,
                 footnotes as [^n]), html (a complete page), json (the document tree)
  --images DIR   with markdown or html: write the pictures to DIR (NAME-1.png, …) and link them
  --info         print what the parser learned about each file (JSON) instead of its text
  --meta         print each file's document properties (JSON: title, author, dates, counts…)
  --password PW  the password of encrypted files (RC4, RC4 CryptoAPI, XOR obfuscation); the
                 environment variable DOC2TEXT_PASSWORD gives it without putting it on the
                 command line. Without either, the standard password VelvetSweatshop is tried.
  --catdoc ...   behave as catdoc 0.95: all stories, catdoc's text conventions and wrapping,
                 and its options (-w -m N -d CHARSET -s CHARSET -f ascii|tex -a -t -x -l -V -b
                 -8 -u -v; see 'doc2text --catdoc -h'). alias catdoc='doc2text --catdoc' works
                 in existing scripts; so does a link to this program named catdoc.
  -h, --help     this help

exit status: 0 all files read; 1 some file could not be read (stderr says why, with an error
code: NOT_OLE, NOT_WORD, ENCRYPTED (a password is needed), WRONG_PASSWORD, TRUNCATED, CORRUPT,
UNSUPPORTED_VERSION, UNSUPPORTED_FORMAT; INTERNAL is a bug in doc2text: please report it);
2 usage error.`;

const encoder = new TextEncoder();

export function runDoc2text(argv: readonly string[], io: CliIo): number {
  const out = (text: string) => io.stdout(encoder.encode(text));
  let story: StorySelector = 'main';
  let info = false;
  let meta = false;
  let format: OutputFormat = 'plain';
  let images: string | null = null;
  let password = io.env?.('DOC2TEXT_PASSWORD');
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') {
      out(`${HELP}\n`);
      return 0;
    } else if (a === '--story') {
      const value = argv[++i];
      if (!value || !(STORY_SELECTORS as readonly string[]).includes(value)) {
        io.stderr(`doc2text: --story takes one of: ${STORY_SELECTORS.join(', ')}\n`);
        return 2;
      }
      story = value as StorySelector;
    } else if (a === '--format') {
      const value = argv[++i];
      if (!value || !(OUTPUT_FORMATS as readonly string[]).includes(value)) {
        io.stderr(`doc2text: --format takes one of: ${OUTPUT_FORMATS.join(', ')}\n`);
        return 2;
      }
      format = value as OutputFormat;
    } else if (a === '--images') {
      const value = argv[++i];
      if (!value) {
        io.stderr('doc2text: --images needs a folder\n');
        return 2;
      }
      images = value;
    } else if (a === '--info') {
      info = true;
    } else if (a === '--meta') {
      meta = true;
    } else if (a === '--password') {
      password = argv[++i];
      if (password === undefined) {
        io.stderr('doc2text: --password takes the password (or set DOC2TEXT_PASSWORD)\n');
        return 2;
      }
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr(`doc2text: unknown option ${a}\n${HELP}\n`);
      return 2;
    } else {
      files.push(a);
    }
  }
  if (files.length === 0) {
    io.stderr(`${HELP}\n`);
    return 2;
  }
  let status = 0;
  for (const file of files) {
    let input: Input;
    try {
      if (file === '-') input = wholeInput(io.readStdin());
      else input = io.openInput ? io.openInput(file) : wholeInput(io.readFile(file));
    } catch (error) {
      status = 1;
      io.stderr(`doc2text: ${file}: ${(error as Error).message}\n`); // the system's words: no such file, …
      continue;
    }
    try {
      const model = parseModel(input.bytes, password ? { password } : {});
      const doc = wordDocument(model);
      if (info) out(`${JSON.stringify({ file, ...doc.info, stories: doc.stories }, null, 2)}\n`);
      else if (meta) out(`${JSON.stringify({ file, ...doc.metadata }, null, 2)}\n`);
      // Chunk by chunk as the renderer fills them (utf8-out.ts): never joined, nor encoded whole.
      else if (format === 'plain') {
        const utf8 = new Utf8Out((chunk) => io.stdout(chunk));
        streamPlainText(model, story, (text) => utf8.text(text));
        utf8.end();
      }
      else out(structured(doc, format, file, images, io));
    } catch (e) {
      status = 1;
      if (e instanceof ImageWriteError) {
        io.stderr(`doc2text: ${file}: ${e.message}\n`); // the system's words: no such folder, …
        continue;
      }
      const error = asDocParseError(e);
      if (error.cause instanceof InputReadError) io.stderr(`doc2text: ${file}: ${error.cause.message}\n`); // the system's words: EIO, …
      else io.stderr(`doc2text: ${file}: ${error.code}: ${error.message}\n`);
    } finally {
      input.close();
    }
  }
  return status;
}

const OUTPUT_FORMATS = ['plain', 'markdown', 'html', 'json'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/x-emf': 'emf',
  'image/x-wmf': 'wmf',
  'image/x-pict': 'pct',
};

/** The document's structure as Markdown, an HTML page or JSON; pictures written to `images` when given. */
/** A picture that could not be written to the --images folder (not a fault of the document). */
class ImageWriteError extends Error {}

function structured(doc: WordDocument, format: Exclude<OutputFormat, 'plain'>, file: string, images: string | null, io: CliIo): string {
  const tree = doc.tree();
  if (format === 'json') return `${renderJson(tree)}\n`;
  const stem = file === '-' ? 'stdin' : (file.split(/[\\/]/).pop() ?? 'doc').replace(/\.[^.]*$/, '');
  const written = new Map<number, string>();
  const imageSrc = (image: { image: number }) => {
    if (images === null) return null;
    let path = written.get(image.image);
    const picture = doc.images()[image.image];
    if (path === undefined && picture) {
      path = `${images.replace(/\/+$/, '')}/${stem}-${image.image + 1}.${EXTENSIONS[picture.contentType] ?? 'bin'}`;
      try {
        io.writeFile(path, picture.bytes);
      } catch (error) {
        throw new ImageWriteError(`${path}: ${(error as Error).message}`);
      }
      written.set(image.image, path);
    }
    return path ?? null;
  };
  if (format === 'markdown') return renderMarkdown(tree, { imageSrc });
  return renderHtmlDocument(tree, { imageSrc, title: doc.metadata.title || stem });
}
