/**
 * Lays out the text of one story of an HTML page the way a browser's `innerText` does, with the
 * plain-text conventions of the Word binary path: whitespace collapses and is trimmed at line
 * ends; a block element ends its line ("\n", however many blocks end there); a paragraph holding
 * only no-break spaces (how Word writes an empty paragraph) is an empty line; table cells are
 * joined by "\t" and rows end with "\n".
 */
import { plainCharacters } from '../plain-characters.js';

export class LineWriter {
  private readonly parts: string[] = [];
  /** Index in `parts` where the current line (or table cell) began. */
  private lineStart = 0;
  /** Nothing has been written on the current line (or in the current cell) yet. */
  private atLineStart = true;
  /** A block ended: the next text starts a new line. */
  private pendingBreak = false;
  /** Collapsed whitespace waiting for the next word. */
  private pendingSpace = false;
  /** The current line holds only no-break spaces so far. */
  private onlyNbsp = false;
  /** The current line holds only a list marker: a block starting in the list item continues it. */
  private afterMarker = false;
  /** Index in `parts` where the current table cell began. */
  private cellStartIndex = 0;

  /** Text in normal white-space: runs of spaces, tabs and newlines are one space. */
  text(raw: string): void {
    const collapsed = raw.replace(/[ \t\n\r\f]+/g, ' ');
    if (collapsed === ' ') {
      if (!this.atLineStart) this.pendingSpace = true;
      return;
    }
    const leading = collapsed.startsWith(' ');
    const trailing = collapsed.endsWith(' ');
    const word = collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined);
    if (word === '') return;
    if (leading && !this.atLineStart) this.pendingSpace = true;
    this.write(word);
    this.pendingSpace = trailing;
  }

  /** Preformatted text (pre, textarea): spaces kept, newlines end lines. */
  preformatted(raw: string): void {
    const lines = raw.replace(/\r\n?/g, '\n').split('\n');
    lines.forEach((line, i) => {
      if (i > 0) this.lineBreak();
      if (line !== '') this.write(line);
    });
  }

  /** Text written as it is (tabs, Word's list numbers): not collapsed. */
  literal(text: string): void {
    this.write(text);
  }

  /** A list item's marker ("•\t", "1.\t"): the item's first block goes on the same line. */
  marker(text: string): void {
    this.write(text);
    this.afterMarker = true;
  }

  /** `<br>`: ends the line even if it is empty. */
  lineBreak(): void {
    this.flushBreak();
    this.parts.push('\n');
    this.newLine();
  }

  /** A block starts or ends here. */
  blockBoundary(): void {
    this.pendingSpace = false;
    if (this.atLineStart || this.afterMarker) return;
    if (this.onlyNbsp) {
      // An empty paragraph as Word writes it (&nbsp;): an empty line, not a line of spaces.
      this.parts.length = this.lineStart;
      this.parts.push('\n');
      this.newLine();
      return;
    }
    this.pendingBreak = true;
  }

  cellStart(): void {
    this.flushBreak();
    this.newLine();
    this.cellStartIndex = this.parts.length;
  }

  /** Ends a table cell: "\t" (the row end removes the last one). */
  cellEnd(): void {
    this.pendingBreak = false;
    this.pendingSpace = false;
    if (this.onlyNbsp && !this.atLineStart) this.parts.length = this.lineStart;
    // A <br> that ends a cell (LibreOffice's empty cells: <p><br/></p>) draws no extra line.
    if (this.parts.length > this.cellStartIndex && this.parts[this.parts.length - 1] === '\n') this.parts.pop();
    this.parts.push('\t');
    this.newLine();
  }

  rowEnd(): void {
    this.pendingBreak = false;
    this.pendingSpace = false;
    if (this.parts[this.parts.length - 1] === '\t') this.parts.pop();
    this.parts.push('\n');
    this.newLine();
  }

  /** The story's text; every line, the last included, ends with "\n". */
  finish(): string {
    this.blockBoundary();
    if (!this.atLineStart) this.parts.push('\n');
    this.newLine();
    return this.parts.join('');
  }

  private write(text: string): void {
    this.flushBreak();
    if (this.pendingSpace && !this.atLineStart) this.parts.push(' ');
    this.pendingSpace = false;
    const nbspOnly = /^\u00a0+$/.test(text);
    this.onlyNbsp = this.atLineStart ? nbspOnly : this.onlyNbsp && nbspOnly;
    this.parts.push(plainCharacters(text));
    this.atLineStart = false;
    this.afterMarker = false;
  }

  private flushBreak(): void {
    if (!this.pendingBreak) return;
    this.pendingBreak = false;
    this.parts.push('\n');
    this.newLine();
  }

  private newLine(): void {
    this.lineStart = this.parts.length;
    this.atLineStart = true;
    this.onlyNbsp = false;
    this.pendingSpace = false;
    this.afterMarker = false;
  }
}
