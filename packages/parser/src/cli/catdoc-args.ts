/**
 * catdoc-compatible command-line options (catdoc 0.95 src/catdoc.c: getopt "Vls:d:f:taubxv8wm:").
 *
 * GNU getopt rules: options may be grouped (-wx), a value may be attached (-m60, -dcp1251) or be
 * the next argument (-m 60), options and files may be mixed, "--" ends the options, "-" is stdin.
 * catdoc's quirks kept: an unknown -d/-s charset is silently ignored (the previous value stays);
 * -m 0 is -w; a later option overrides an earlier one.
 */
import { CATDOC_DEFAULTS, type CatdocFormat, type CatdocOptions, isCatdocCharset } from '../render/catdoc/format.js';

export type CatdocAction = 'run' | 'list' | 'version' | 'help';

export interface CatdocArgs {
  action: CatdocAction;
  /** Formatter options (-w -m -d -f -a -t -x). */
  options: CatdocOptions;
  /** -s: catdoc charset name for 8-bit text, or undefined (the document's own code page). */
  sourceCharset?: string;
  /** -b: do not check the file signature; read the input as raw 8-bit text. */
  broken: boolean;
  /** -u / -8: catdoc's reader hints (UTF-16 / 8-bit). Our reader uses the piece table; kept for reference. */
  readerHint?: 'unicode' | '8bit';
  /** -v */
  verbose: boolean;
  /** Input files ("-" = stdin). Empty: stdin. */
  files: string[];
  /** Set with action 'help' when the arguments were wrong: the message for stderr (exit 1). */
  error?: string;
}

export const CATDOC_VERSION_LINE = 'Catdoc Version 0.95';
export const CATDOC_USAGE = 'Usage:\n catdoc [-vu8btawxlV] [-m number] [-s charset] [-d charset] [ -f format] files\n';

/** The text `catdoc -l` prints. */
export function catdocCharsetList(names: readonly string[]): string {
  let s = 'Available charsets:';
  names.forEach((n, i) => {
    s += (i % 5 === 0 ? '\n' : '\t') + n;
  });
  return s + '\n';
}

const WITH_VALUE = new Set(['s', 'd', 'f', 'm']);
const FLAGS = new Set(['V', 'l', 't', 'a', 'u', 'b', 'x', 'v', '8', 'w']);

/** catdoc's strtol(optarg, &end, 0) with the whole string required. */
function parseMargin(v: string): number | null {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(v);
  if (!m) return null;
  const t = m[2];
  const n = /^0[xX]/.test(t) ? parseInt(t.slice(2), 16) : t.length > 1 && t[0] === '0' ? parseInt(t, 8) : parseInt(t, 10);
  return m[1] === '-' ? -n : n;
}

export function parseCatdocArgs(argv: readonly string[], defaults: Partial<CatdocOptions> = {}): CatdocArgs {
  const res: CatdocArgs = {
    action: 'run',
    options: { ...CATDOC_DEFAULTS, ...defaults },
    broken: false,
    verbose: false,
    files: [],
  };
  const fail = (msg: string): CatdocArgs => ({ ...res, action: 'help', error: msg });
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      res.files.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-' || !a.startsWith('-')) {
      res.files.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (WITH_VALUE.has(c)) {
        let v: string | undefined = a.slice(j + 1);
        if (v === '') v = argv[++i];
        if (v === undefined) return fail(`catdoc: option requires an argument -- '${c}'`);
        switch (c) {
          case 's':
            if (isCatdocCharset(v)) res.sourceCharset = v;
            break;
          case 'd':
            if (isCatdocCharset(v)) res.options.targetCharset = v;
            break;
          case 'f':
            if (v !== 'ascii' && v !== 'tex') return fail(`Cannot read substitution map ${v}.specchars`);
            res.options.format = v as CatdocFormat;
            break;
          case 'm': {
            const n = parseMargin(v);
            if (n === null) return fail(`Invalid wrap margin value \`${v}'`);
            if (n < 0) return fail(`Invalid wrap margin value \`${v}'`);
            res.options.width = n;
            break;
          }
        }
        break; // the value used the rest of this argument
      }
      if (!FLAGS.has(c)) return fail(`catdoc: invalid option -- '${c}'`);
      switch (c) {
        case 'V':
          return { ...res, action: 'version' };
        case 'l':
          return { ...res, action: 'list' };
        case 't':
          res.options.format = 'tex';
          break;
        case 'a':
          res.options.format = 'ascii';
          break;
        case 'u':
          res.readerHint = 'unicode';
          break;
        case '8':
          res.readerHint = '8bit';
          break;
        case 'b':
          res.broken = true;
          break;
        case 'x':
          res.options.unknownAsHex = true;
          break;
        case 'v':
          res.verbose = true;
          break;
        case 'w':
          res.options.width = 0;
          break;
      }
    }
  }
  return res;
}
