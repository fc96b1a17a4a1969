/**
 * Text boxes in the renderers: each is shown once, after the block that anchors it; anchors inside
 * a note, a text box or another story are ignored (so a text box cannot pull itself in, and
 * rendering stays linear and shallow).
 */
import type { Block, DocumentTree } from './types.js';

export class TextboxQueue {
  private readonly shown = new Set<number>();
  private pending: number[] = [];
  /** > 0 while a story other than the body is written. */
  private storyDepth = 0;

  constructor(private readonly tree: DocumentTree) {}

  /** A text box is anchored at the point being written. */
  anchor(index: number): void {
    if (this.storyDepth === 0 && Number.isInteger(index) && this.tree.textboxes?.[index]) this.pending.push(index);
  }

  /** Writes (with `write`) the text boxes anchored since the last call that were not shown yet. */
  flush<T>(write: (blocks: readonly Block[]) => T): T[] {
    const out: T[] = [];
    const pending = this.pending;
    this.pending = [];
    for (const index of pending) {
      if (this.shown.has(index)) continue;
      this.shown.add(index);
      const blocks = this.tree.textboxes[index]!.blocks;
      out.push(this.inStory(() => write(Array.isArray(blocks) ? blocks : [])));
    }
    return out;
  }

  /** Runs `write` for a story other than the body: text boxes anchored in it are not shown. */
  inStory<T>(write: () => T): T {
    this.storyDepth++;
    try {
      return write();
    } finally {
      this.storyDepth--;
    }
  }
}
