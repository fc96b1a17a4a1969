/**
 * Fields ([MS-DOC] 2.8.25 PlcFld, 2.9.90 Fld): a field is written in the text as
 *   0x13 instruction [0x14 result] 0x15
 * and fields nest. Word shows the result; the instruction ("HYPERLINK "…"", "PAGE", …) is hidden.
 * A field with no separator has no result and shows nothing.
 */
export const FIELD_BEGIN = 0x13;
export const FIELD_SEPARATOR = 0x14;
export const FIELD_END = 0x15;

/**
 * Tracks field nesting while characters stream by. `visible` tells whether the current character
 * belongs to displayed text, i.e. no enclosing field is still in its instruction part.
 */
export class FieldState {
  /** One entry per open field: true once its separator was seen. */
  private readonly stack: boolean[] = [];
  /** Number of open fields still in their instruction part. */
  private inInstruction = 0;

  get visible(): boolean {
    return this.inInstruction === 0;
  }

  get depth(): number {
    return this.stack.length;
  }

  /** Feeds a field mark (0x13/0x14/0x15); returns false for any other character. */
  mark(code: number): boolean {
    if (code === FIELD_BEGIN) {
      this.stack.push(false);
      this.inInstruction++;
    } else if (code === FIELD_SEPARATOR) {
      const top = this.stack.length - 1;
      if (top >= 0 && !this.stack[top]) {
        this.stack[top] = true;
        this.inInstruction--;
      }
    } else if (code === FIELD_END) {
      // An unmatched end mark is ignored.
      if (this.stack.length > 0 && !this.stack.pop()) this.inInstruction--;
    } else {
      return false;
    }
    return true;
  }
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
