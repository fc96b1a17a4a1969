/** render/story-cursors.ts: ParagraphCursor over synthetic paragraph runs. */
import { describe, expect, it } from 'vitest';
import { ParagraphCursor } from '../../src/render/story-cursors.js';
import { PropertyRuns, type PropertyRun } from '../../src/word/property-runs.js';
import { NO_PARAGRAPH_PROPS, ParagraphRuns } from '../../src/word/paragraph-props.js';
import { PieceTable } from '../../src/word/piece-table.js';

describe('ParagraphCursor', () => {
  // One 8-bit piece: CP = stream offset - 100. Runs (CPs): [0,4) [4,8) [8,12) ilfo 3; [12,16)
  // [16,20) ilfo 4; a gap; [24,28) [28,32) ilfo 4 again.
  const bytes = Uint8Array.of(0x0b, 0x46, 0x03, 0x00, 0x0b, 0x46, 0x04, 0x00);
  const run = (from: number, to: number, start: number): PropertyRun => ({ fcStart: 100 + from, fcEnd: 100 + to, bytes, start, end: start + 4, istd: 0 });
  const runs = [run(0, 4, 0), run(4, 8, 0), run(8, 12, 0), run(12, 16, 4), run(16, 20, 4), run(24, 28, 4), run(28, 32, 4)];
  const paragraphs = new ParagraphRuns(new PieceTable([{ cpStart: 0, cpEnd: 40, offset: 100, compressed: true }]), PropertyRuns.of(runs), [], new Uint8Array(0));

  it('takes runs that follow one another with the same properties as one, and stops at other properties and at gaps', () => {
    const cursor = new ParagraphCursor(paragraphs, 0);
    const seen: Array<[number, number, number]> = [];
    for (let cp = 0; cp < 34; cp++) {
      const props = cursor.at(cp);
      seen.push([cp, props === NO_PARAGRAPH_PROPS ? -1 : props.ilfo, cursor.sameUntil(cp)]);
    }
    const at = (cp: number) => seen[cp]!.slice(1);
    expect(at(0)).toEqual([3, 12]);
    expect(at(11)).toEqual([3, 12]);
    expect(at(12)).toEqual([4, 20]);
    expect(at(19)).toEqual([4, 20]);
    expect(at(20)).toEqual([-1, 24]); // the gap: no properties until the next run
    expect(at(24)).toEqual([4, 32]);
    expect(at(33)).toEqual([-1, 0x3fffffff]);
  });

  it('starts inside a run of equal runs at the run holding its first CP', () => {
    const cursor = new ParagraphCursor(paragraphs, 5);
    expect([cursor.at(5).ilfo, cursor.sameUntil(5)]).toEqual([3, 12]);
  });
});
