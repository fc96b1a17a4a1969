/**
 * The plain-text formatter: a story's characters ([MS-DOC] 2.4.x control characters intact) to
 * the text a reader sees. Each rule sits next to its code below.
 */
import { FieldState } from './fields.js';

export interface PlainTextInput {
  /** The story's characters, one code unit per CP. */
  chars: string;
  /** True for an 0x07 that ends a table row (a TTP paragraph mark, 2.4.3); other 0x07s end cells. */
  isRowEnd: (index: number) => boolean;
  /** True for a character to leave out (deleted revision, hidden text); optional. */
  isHidden?: (index: number) => boolean;
}

export function toPlainText({ chars, isRowEnd, isHidden }: PlainTextInput): string {
  let out = '';
  let run = 0; // start of the pending run of ordinary characters
  const fields = new FieldState();
  const flush = (i: number) => {
    if (i > run) out += chars.slice(run, i);
    run = i + 1;
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    const ordinary = c >= 0x20 && c !== 0xa0 && c !== 0xfeff;
    if (ordinary && fields.visible && !(isHidden && isHidden(i))) continue;
    flush(i);
    if (fields.mark(c)) continue; // 0x13/0x14/0x15: keep results, drop instructions (fields.ts)
    if (!fields.visible || (isHidden && isHidden(i))) continue;
    switch (c) {
      case 0x0d: // paragraph mark
      case 0x0b: // line break (vertical tab)
      case 0x0c: // page break / section break
        out += '\n';
        break;
      case 0x07: // cell mark → tab; the row-end mark (TTP) → newline, dropping the tab before it
        if (isRowEnd(i)) {
          if (out.endsWith('\t')) out = out.slice(0, -1);
          out += '\n';
        } else {
          out += '\t';
        }
        break;
      case 0x09: // tab
        out += '\t';
        break;
      case 0x1e: // non-breaking hyphen
        out += '-';
        break;
      case 0xa0: // non-breaking space
        out += ' ';
        break;
      // Everything else below 0x20 is an anchor or mark with no text of its own: 0x01 picture,
      // 0x02 auto-numbered footnote reference, 0x03/0x04 footnote separators, 0x05 comment
      // anchor, 0x08 drawn object, 0x1F soft hyphen, …; U+FEFF is a zero-width no-break space.
      default:
        break;
    }
  }
  flush(chars.length);
  return out;
}

/**
 * Without paragraph properties (Word 6/95, or a damaged PAPX table) a row end is recognised as an
 * 0x07 that directly follows another cell mark and is itself followed by a paragraph start.
 */
export function guessRowEnds(chars: string): (index: number) => boolean {
  return (i) => i > 0 && chars.charCodeAt(i - 1) === 0x07;
}
