/**
 * A paragraph's characters → the tree's inlines: text runs with their marks, HYPERLINK fields as
 * links, note/comment/text-box references, line breaks, pictures, bookmarks. Field instructions
 * are hidden (only results show); fields nest and span paragraphs (a TOC's result holds many), so
 * the field stack lives across the paragraphs of a story (InlineBuilder is one per story).
 */
import type { CharacterFormat } from '../../word/character-format.js';
import type { CpRuns } from '../../word/cp-runs.js';
import { FIELD_BEGIN, FIELD_END, FIELD_SEPARATOR, parseHyperlink, type HyperlinkTarget } from '../../word/fields.js';
import { isDropDownInstruction } from '../../word/form-fields.js';
import type { Inline, Link, LinkContent, Marks, Text } from './types.js';

/** What an inline builder asks of the tree builder, by CP (story-relative indexes are converted). */
export interface InlineContext {
  characterFormats: CpRuns<CharacterFormat>;
  /** The inline a special character stands for at `cp` (0x01 picture, 0x02 note, 0x05 comment, 0x08 shape), or null. */
  special(code: number, cp: number, format: CharacterFormat | null): Inline | null;
  /** Names of the bookmarks starting at `cp` (ascending calls). */
  bookmarksAt(cp: number): string[];
  /** Whether the field beginning at `cp` is a HYPERLINK by its type (FLD.flt), whatever its name's language. */
  isHyperlink(cp: number): boolean;
  /** The entry a drop-down form field shows, from the format of its 0x01 data mark (its FFData's offset), or null. */
  dropDownText(dataMark: CharacterFormat | null): string | null;
}

interface Field {
  instruction: string[];
  separated: boolean;
  hyperlink: boolean;
  link: HyperlinkTarget | null;
  /** The format of the 0x01 in its instruction (a form field's data mark), or null. */
  dataMark: CharacterFormat | null;
}

/** Deepest field nesting followed; deeper fields are shown as their results. */
const MAX_FIELD_DEPTH = 64;
/** Longest field instruction kept for parsing (a HYPERLINK's is short). */
const MAX_INSTRUCTION = 4096;

export class InlineBuilder {
  private readonly fields: Field[] = [];
  private hiddenDepth = 0;

  constructor(private readonly context: InlineContext) {}

  /** Inlines of story characters [from, to), the first at CP `cp`. */
  build(chars: string, from: number, to: number, cp: number): Inline[] {
    const out = new Output();
    const formats = this.context.characterFormats;
    let k = formats.seek(cp);
    for (let i = from; i < to; i++) {
      const at = cp + (i - from);
      while (k < formats.length && formats.ends[k]! <= at) k++;
      const format = k < formats.length && formats.starts[k]! <= at ? formats.values[k]! : null;
      for (const name of this.context.bookmarksAt(at)) out.inline({ type: 'bookmark', name }, this.link());
      const code = chars.charCodeAt(i);
      if (code === FIELD_BEGIN || code === FIELD_SEPARATOR || code === FIELD_END) {
        const shown = this.field(code, at);
        if (shown) out.text(shown, format, this.link());
        continue;
      }
      if (this.hiddenDepth > 0) {
        const top = this.fields[this.fields.length - 1];
        if (top && !top.separated && top.instruction.length < MAX_INSTRUCTION) top.instruction.push(chars[i]!);
        if (top && !top.separated && code === 0x01) top.dataMark = format;
        continue;
      }
      if (code === 0) continue; // hidden text, deleted revisions
      if (code < 0x20) {
        if (code === 0x09) out.text('\t', format, this.link());
        else if (code === 0x0b) out.inline({ type: 'lineBreak' }, this.link());
        else if (code === 0x1e) out.text('-', format, this.link()); // non-breaking hyphen
        else {
          const inline = this.context.special(code, at, format);
          if (inline) out.inline(inline, this.link());
        }
        continue;
      }
      out.text(code === 0xa0 ? ' ' : chars[i]!, format, this.link());
    }
    return out.finish();
  }

  /** A field mark at `cp`; returns what the field shows at its end when it has no result (a drop-down's entry), else null. */
  private field(code: number, cp: number): string | null {
    if (code === FIELD_BEGIN) {
      if (this.fields.length >= MAX_FIELD_DEPTH) return null;
      this.fields.push({ instruction: [], separated: false, hyperlink: this.context.isHyperlink(cp), link: null, dataMark: null });
      this.hiddenDepth++;
    } else if (code === FIELD_SEPARATOR) {
      const top = this.fields[this.fields.length - 1];
      if (top && !top.separated) {
        top.separated = true;
        this.hiddenDepth--;
        top.link = parseHyperlink(top.instruction.join(''), top.hyperlink);
        top.instruction = [];
      }
    } else {
      const top = this.fields.pop();
      if (top && !top.separated) {
        this.hiddenDepth--;
        // A drop-down form field has no result: Word shows its selected entry (word/form-fields.ts).
        if (this.hiddenDepth === 0 && top.dataMark && isDropDownInstruction(top.instruction.join(''))) return this.context.dropDownText(top.dataMark);
      }
    }
    return null;
  }

  /** The innermost HYPERLINK whose result the current character is in. */
  private link(): HyperlinkTarget | null {
    for (let i = this.fields.length - 1; i >= 0; i--) if (this.fields[i]!.link) return this.fields[i]!.link;
    return null;
  }
}

/** Collects inlines, merging text of equal marks and grouping what belongs to one link. */
class Output {
  private readonly inlines: Inline[] = [];
  private current: Link | null = null;
  private currentTarget: HyperlinkTarget | null = null;
  private pending: { marks: Marks; parts: string[] } | null = null;

  text(text: string, format: CharacterFormat | null, link: HyperlinkTarget | null): void {
    this.enter(link);
    const marks = marksOf(format, link !== null);
    if (this.pending && sameMarks(this.pending.marks, marks)) {
      this.pending.parts.push(text);
      return;
    }
    this.flushText();
    this.pending = { marks, parts: [text] };
  }

  inline(inline: Inline, link: HyperlinkTarget | null): void {
    this.enter(link);
    this.flushText();
    this.push(inline);
  }

  finish(): Inline[] {
    this.flushText();
    this.enter(null);
    return this.inlines;
  }

  private enter(link: HyperlinkTarget | null): void {
    if (link === this.currentTarget) return;
    this.flushText();
    this.current = null;
    this.currentTarget = link;
    if (link) {
      this.current = { type: 'link', ...(link.url !== undefined ? { url: link.url } : {}), ...(link.anchor !== undefined ? { anchor: link.anchor } : {}), children: [] };
      this.inlines.push(this.current);
    }
  }

  private flushText(): void {
    if (!this.pending) return;
    const run: Text = { type: 'text', text: this.pending.parts.join(''), ...this.pending.marks };
    this.pending = null;
    this.push(run);
  }

  private push(inline: Inline): void {
    if (this.current) {
      if (inline.type !== 'link') this.current.children.push(inline as LinkContent);
    } else {
      this.inlines.push(inline);
    }
  }
}

/** The marks of a format; a link's underline is the link's look, not a mark. */
function marksOf(format: CharacterFormat | null, inLink: boolean): Marks {
  const marks: Marks = {};
  if (!format) return marks;
  if (format.bold) marks.bold = true;
  if (format.italic) marks.italic = true;
  if (format.underline && !inLink) marks.underline = true;
  if (format.strike) marks.strike = true;
  if (format.superscript) marks.superscript = true;
  if (format.subscript) marks.subscript = true;
  return marks;
}

function sameMarks(a: Marks, b: Marks): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike && a.superscript === b.superscript && a.subscript === b.subscript;
}
