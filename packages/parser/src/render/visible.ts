/**
 * The characters of a story as Word shows them, before any renderer's rules: symbol-font
 * characters replaced by the Unicode characters they draw, deleted revisions and hidden text set
 * to U+0000 (so indexes still match CPs). Shared by the plain-text and structured renderers.
 */
import type { Formatting } from '../model/read-result.js';
import { spansWithin, symbolCharacters } from '../word/character-props.js';
import type { StoryRange } from '../word/stories.js';

export function visibleCharacters(chars: string, range: Pick<StoryRange, 'cpStart' | 'cpEnd'>, f: Formatting): string {
  // Symbol-font characters as the Unicode characters they show.
  chars = replaceAt(chars, symbolCharacters(f.symbols, chars, range.cpStart));
  // Deleted revisions and hidden text are not part of the text Word shows.
  // One pass (ranges are sorted): re-slicing the story per range is quadratic.
  const hidden = spansWithin(f.hidden, range.cpStart, range.cpEnd);
  if (hidden.length === 0) return chars;
  const parts: string[] = [];
  let last = 0;
  for (const span of hidden) {
    const from = Math.max(span.cpStart - range.cpStart, last);
    const b = Math.min(span.cpEnd - range.cpStart, chars.length);
    if (b <= from) continue;
    parts.push(chars.slice(last, from), '\0'.repeat(b - from));
    last = b;
  }
  parts.push(chars.slice(last));
  return parts.join('');
}

/** `chars` with single characters replaced at the given (ordered) indexes. */
function replaceAt(chars: string, replacements: ReadonlyArray<readonly [number, string]>): string {
  if (replacements.length === 0) return chars;
  const parts: string[] = [];
  let last = 0;
  for (const [i, c] of replacements) {
    parts.push(chars.slice(last, i), c);
    last = i + 1;
  }
  parts.push(chars.slice(last));
  return parts.join('');
}
