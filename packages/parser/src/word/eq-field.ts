/**
 * The EQ field (Word's equation field, [MS-DOC] 2.9.90 names it; its syntax is Word's field
 * reference): Word draws it from its instruction and stores no result, so its text must come from
 * the instruction. `EQ` is followed by text and switches, each switch a letter with options and
 * a parenthesised, comma-separated argument list:
 *
 *   \o(…)  overstrike      \s(…)  super/subscript (\up n, \do n)   \f(a,b)  fraction
 *   \r(…)  radical          \b(…)  bracket (\lc\c \rc\c \bc\c)      \a(…)    array
 *   \l(…)  list             \i(…)  integral (\su \pr \fc\c \vc\c)   \x(…)    box
 *   \d(…)  displacement (draws nothing)
 *
 * `\,` `\(` `\)` `\\` are literal characters; `\* …` are format switches (font, size, …), skipped.
 * The plain text is the text on the line: fractions as a/b, radicals with √, brackets drawn as
 * characters, super- and subscripts inline. A phonetic guide (ruby, Word's "Phonetic Guide"),
 * `\o\ad(\s\up n(reading),base)`, gives its base text only: the reading is an annotation printed
 * above the base, not part of the sentence.
 */

type Node = string | Switch;

interface Switch {
  name: string;
  options: Map<string, string>;
  args: Node[][];
}

/** Options that take one character (\lc\( or \bc{). */
const CHAR_OPTIONS = new Set(['lc', 'rc', 'bc', 'fc', 'vc']);
/** Nesting beyond this is damage; the rest of the instruction is then read as text. */
const MAX_DEPTH = 32;

const PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** The text an EQ field shows, from its instruction after the "EQ" keyword. */
export function eqText(instruction: string): string {
  const parser = new EqParser(instruction);
  return render(parser.sequence(0, false)).trim();
}

class EqParser {
  private i = 0;

  constructor(private readonly s: string) {}

  /** Text and switches up to the end, or (inside an argument) up to its `,` `;` or `)`. */
  sequence(depth: number, inArgument: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push(text);
      text = '';
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (inArgument && (c === ',' || c === ';' || c === ')')) break;
      if (c !== '\\') {
        text += c;
        this.i++;
        continue;
      }
      const next = this.s[this.i + 1] ?? '';
      if (next === '*') {
        this.i += 2;
        this.skipFormatSwitch();
      } else if (/[A-Za-z]/.test(next)) {
        const name = this.letters();
        if (name.length === 1 && depth < MAX_DEPTH) {
          flush();
          nodes.push(this.switchBody(name.toLowerCase(), depth));
        } else {
          this.optionValue(name.toLowerCase()); // an option with no switch: nothing to show
        }
      } else {
        text += next; // \, \( \) \\ and other escaped characters
        this.i += 2;
      }
    }
    flush();
    return nodes;
  }

  /** After `\x`: options (\al, \up 11, \co2, \lc\[ …), then the argument list if there is one. */
  private switchBody(name: string, depth: number): Switch {
    const options = new Map<string, string>();
    for (;;) {
      this.skipSpaces();
      if (this.s[this.i] !== '\\' || !/[A-Za-z]/.test(this.s[this.i + 1] ?? '')) break;
      const start = this.i;
      const option = this.letters().toLowerCase();
      if (option.length < 2) {
        this.i = start; // a switch of its own: this one has no arguments
        return { name, options, args: [] };
      }
      options.set(option, this.optionValue(option));
    }
    const args: Node[][] = [];
    if (this.s[this.i] === '(') {
      this.i++;
      for (;;) {
        args.push(this.sequence(depth + 1, true));
        const c = this.s[this.i];
        this.i++;
        if (c !== ',' && c !== ';') break; // ')' or the end
      }
    }
    return { name, options, args };
  }

  /** `\name`: the letters after the backslash. */
  private letters(): string {
    const start = ++this.i;
    while (this.i < this.s.length && /[A-Za-z]/.test(this.s[this.i]!)) this.i++;
    return this.s.slice(start, this.i);
  }

  /** The value of an option: one character for \lc \rc \bc \fc \vc (after an optional backslash), else a number. */
  private optionValue(option: string): string {
    if (CHAR_OPTIONS.has(option)) {
      if (this.s[this.i] === '\\') this.i++;
      return this.s[this.i++] ?? '';
    }
    const m = /^ *-?\d+/.exec(this.s.slice(this.i, this.i + 16));
    if (!m) return '';
    this.i += m[0].length;
    return m[0].trim();
  }

  /** `\* word` or `\* "quoted words"`. */
  private skipFormatSwitch(): void {
    this.skipSpaces();
    if (this.s[this.i] === '"') {
      const end = this.s.indexOf('"', this.i + 1);
      this.i = end < 0 ? this.s.length : end + 1;
    } else {
      while (this.i < this.s.length && !/[\s\\]/.test(this.s[this.i]!)) this.i++;
    }
  }

  private skipSpaces(): void {
    while (this.s[this.i] === ' ') this.i++;
  }
}

function render(nodes: readonly Node[]): string {
  let out = '';
  for (const node of nodes) out += typeof node === 'string' ? node : renderSwitch(node);
  return out;
}

function renderSwitch({ name, options, args }: Switch): string {
  const texts = args.map(render);
  switch (name) {
    case 'o': {
      // A phonetic guide: the raised argument is the reading, the other the base.
      const base = args.filter((arg) => !isRaised(arg)).map(render);
      return (base.length > 0 ? base : texts).join('');
    }
    case 'f':
      return texts.length >= 2 ? `${texts[0]}/${texts.slice(1).join('/')}` : texts.join('');
    case 'r':
      return texts.length >= 2 ? `${texts[0]}√${texts[1]}` : `√${texts[0] ?? ''}`;
    case 'b': {
      const both = options.get('bc');
      const left = options.get('lc') ?? both ?? '(';
      const right = options.get('rc') ?? (both !== undefined ? (PAIRS[both] ?? both) : ')');
      return `${left}${texts.join(',')}${right}`;
    }
    case 'a':
      return texts.join(' ');
    case 'l':
      return texts.join(',');
    case 'd':
      return '';
    case 'i': {
      const symbol = options.get('fc') ?? options.get('vc') ?? (options.has('su') ? '∑' : options.has('pr') ? '∏' : '∫');
      return [symbol + (texts[0] ?? ''), ...texts.slice(1)].filter((t) => t !== '').join(' ');
    }
    default: // s, x and switches Word does not know
      return texts.join('');
  }
}

/** An argument that is only a raised \s switch (the reading of a phonetic guide). */
function isRaised(arg: readonly Node[]): boolean {
  const parts = arg.filter((n) => typeof n !== 'string' || n.trim() !== '');
  const only = parts[0];
  return parts.length === 1 && typeof only !== 'string' && only.name === 's' && only.options.has('up');
}
