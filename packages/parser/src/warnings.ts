/**
 * Warnings: what a reader repaired or worked around in a damaged file. A file can hold a million
 * defects of one kind (pieces past the end of the stream, paragraph pages out of order), so they
 * are counted, and only the first KEPT are kept as text: `list()` ends with one line that says how
 * many more there were. A per-item warning asks `keeping` first, so no text is built for the rest.
 */
export class Warnings {
  static readonly KEPT = 100;
  private readonly kept: string[] = [];
  private total = 0;

  /** Whether the next warning's text is still kept. */
  get keeping(): boolean {
    return this.kept.length < Warnings.KEPT;
  }

  /** How many warnings there were, kept or not. */
  get count(): number {
    return this.total;
  }

  add(text: string): void {
    this.total++;
    if (this.kept.length < Warnings.KEPT) this.kept.push(text);
  }

  /** Counts a warning whose text is not kept (after `keeping` said no). */
  skip(): void {
    this.total++;
  }

  /** The kept warnings, then "… and N more warnings" when some were not kept: at most KEPT + 1 lines. */
  list(): string[] {
    const more = this.total - this.kept.length;
    return more > 0 ? [...this.kept, `… and ${more} more warning${more === 1 ? '' : 's'}`] : [...this.kept];
  }
}
