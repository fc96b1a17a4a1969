/**
 * Stories ([MS-DOC] 2.3 Document Parts): the CP space is cut into consecutive ranges, one per
 * story, in this order: main document, footnotes, headers/footers, macro (unused since Word 97),
 * comments (annotations), endnotes, textboxes, header textboxes. Their lengths come from the FIB.
 */
import { STORY_NAMES, type StoryName } from '../types.js';

export interface StoryRange {
  name: StoryName;
  cpStart: number;
  cpEnd: number;
}

/** Story ranges in CP order, each clamped to the `available` CPs the piece table covers. */
export function storyRanges(ccp: Record<StoryName, number>, available: number): StoryRange[] {
  const ranges: StoryRange[] = [];
  let cp = 0;
  for (const name of STORY_NAMES) {
    const cpStart = Math.min(cp, available);
    const cpEnd = Math.min(cp + ccp[name], available);
    ranges.push({ name, cpStart, cpEnd });
    cp += ccp[name];
  }
  return ranges;
}

/**
 * CPs the document text spans: the sum of the story lengths, plus the final paragraph mark that
 * follows the last story when any story besides the main document is present (2.3).
 */
export function totalCps(ccp: Record<StoryName, number>): number {
  let sum = 0;
  for (const name of STORY_NAMES) sum += ccp[name];
  return sum > ccp.body ? sum + 1 : sum;
}
