/**
 * Fields ([MS-DOC] 2.8.25 PlcFld, 2.9.90 Fld): a field is written in the text as
 *   0x13 instruction [0x14 result] 0x15
 * and fields nest. Word shows the result; the instruction ("HYPERLINK "…"", "PAGE", …) is hidden.
 * A field with no separator has no result: it shows nothing, except the few whose instruction
 * holds what Word draws (EQ, MACROBUTTON, SYMBOL: field-display.ts).
 */
export const FIELD_BEGIN = 0x13;
export const FIELD_SEPARATOR = 0x14;
export const FIELD_END = 0x15;

/**
 * Tracks field nesting while characters stream by. `visible` tells whether the current character
 * belongs to displayed text, i.e. no enclosing field is still in its instruction part.
 */
export class FieldState {
  /** One entry per open field: where its begin mark is, and whether its separator was seen. */
  private readonly stack: Array<{ start: number; separated: boolean }> = [];
  /** Number of open fields still in their instruction part. */
  private inInstruction = 0;
  /**
   * Set by an end mark that closed a field with no separator: the span of its instruction (after
   * its begin mark, before its end mark, as indexes given to `mark`). Null after any other mark.
   */
  closedWithoutResult: { start: number; end: number } | null = null;

  get visible(): boolean {
    return this.inInstruction === 0;
  }

  get depth(): number {
    return this.stack.length;
  }

  /** Feeds a field mark (0x13/0x14/0x15) found at index `at`; returns false for any other character. */
  mark(code: number, at = 0): boolean {
    this.closedWithoutResult = null;
    if (code === FIELD_BEGIN) {
      this.stack.push({ start: at + 1, separated: false });
      this.inInstruction++;
    } else if (code === FIELD_SEPARATOR) {
      const top = this.stack[this.stack.length - 1];
      if (top && !top.separated) {
        top.separated = true;
        this.inInstruction--;
      }
    } else if (code === FIELD_END) {
      // An unmatched end mark is ignored.
      const field = this.stack.pop();
      if (field && !field.separated) {
        this.inInstruction--;
        this.closedWithoutResult = { start: field.start, end: at };
      }
    } else {
      return false;
    }
    return true;
  }
}

/**
 * The instruction of a field as text: nested fields give their results (their instructions and
 * marks dropped), other control characters and hidden text (U+0000) are dropped.
 */
export function instructionText(chars: string): string {
  const nested = new FieldState();
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    if (nested.mark(c, i) || !nested.visible) continue;
    if (c >= 0x20 || c === 0x09) out += chars[i];
  }
  return out;
}

/** Where a HYPERLINK field points: an address, a bookmark (`\l`), or both. */
export interface HyperlinkTarget {
  url?: string;
  anchor?: string;
}

/** Switches of HYPERLINK that take an argument we do not use (tooltip, target frame, …). */
const HYPERLINK_ARGUMENT_SWITCHES = new Set(['\\o', '\\t']);

/** Field type (FLD.flt, [MS-DOC] 2.9.90) of HYPERLINK. */
export const FLT_HYPERLINK = 88;

/**
 * The target of a field instruction `HYPERLINK "address" \l "bookmark" \o "tooltip" …` (Word's
 * field syntax: arguments quoted or bare, `\\` for a backslash inside quotes); null when the
 * instruction is another field or names no target. Localised Word versions write the field's
 * name in their language (LIENHYPERTEXTE): `isHyperlink` (from the field's FLD.flt) accepts any.
 */
export function parseHyperlink(instruction: string, isHyperlink = false): HyperlinkTarget | null {
  const tokens: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  // Control characters (LibreOffice stores a 0x01 data mark in the instruction) are no part of it.
  const text = instruction.replace(/[\u0000-\u001f]/g, ' ');
  for (let m = re.exec(text); m && tokens.length < 32; m = re.exec(text)) tokens.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  if (tokens.length === 0 || (!isHyperlink && tokens[0]!.toUpperCase() !== 'HYPERLINK')) return null;
  const target: HyperlinkTarget = {};
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.toLowerCase() === '\\l') target.anchor = tokens[++i] ?? '';
    else if (HYPERLINK_ARGUMENT_SWITCHES.has(token.toLowerCase())) i++;
    else if (token.startsWith('\\')) continue;
    else if (target.url === undefined) target.url = token.trim();
  }
  if (!target.url) delete target.url;
  if (!target.anchor) delete target.anchor;
  return target.url !== undefined || target.anchor !== undefined ? target : null;
}
