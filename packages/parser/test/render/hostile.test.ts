/**
 * Hostile input for the structured output: the document tree and its Markdown, HTML and JSON of
 * real files and of seeded mutations (the fuzz harness's Word-level and OLE-level mutators) either
 * come out as strings no longer than the input allows, or the document is refused with a
 * DocParseError — never another exception. No wall-clock limit here: the test runner's timeout
 * catches a hang; the size-driven cases (harness/fuzz-craft.ts) show the renderers stay linear.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { craftAlternatingHidden, craftParagraphStyle, craftPiecesTimesRuns, craftStyleToggle } from '../../harness/fuzz-craft.js';
import { loadSeeds, mutate, prepare } from '../../harness/fuzz.js';
import { DocParseError, parseDoc, renderHtml, renderJson, renderMarkdown } from '../../src/index.js';

/** Markdown and HTML carry markup per character: an empty one-byte cell is `<td></td>`. */
const CHARS_PER_BYTE = 16;
const CHARS_EXTRA = 1 << 16;

const seeds = loadSeeds()
  .map(prepare)
  .filter((s) => s.bytes.length <= 64 * 1024 || s.name.includes('clusterfuzz'));

/** Renders one input; returns null when it is refused (typed), throws on anything else. */
function structured(bytes: Uint8Array, label: string): { markdown: string; html: string; json: string } | null {
  let doc;
  try {
    doc = parseDoc(bytes);
  } catch (error) {
    if (error instanceof DocParseError) return null;
    throw new Error(`${label}: parseDoc threw ${String(error)}`, { cause: error });
  }
  try {
    const tree = doc.tree();
    const out = { markdown: renderMarkdown(tree), html: renderHtml(tree), json: renderJson(tree) };
    const bound = CHARS_PER_BYTE * bytes.length + CHARS_EXTRA;
    for (const [name, s] of Object.entries(out)) {
      if (typeof s !== 'string') throw new Error(`${label}: ${name} is ${typeof s}`);
      if (name !== 'json' && s.length > bound) throw new Error(`${label}: ${name} is ${s.length} characters from ${bytes.length} bytes`);
    }
    return out;
  } catch (error) {
    if (error instanceof DocParseError) return null;
    throw new Error(`${label}: the structure threw ${String(error)}`, { cause: error });
  }
}

describe('structured output of hostile input', () => {
  it('has seeds (fixtures, small corpus files, clusterfuzz cases)', () => {
    expect(seeds.length).toBeGreaterThan(20);
  });

  it('renders every seed, or refuses it with a DocParseError', () => {
    let rendered = 0;
    for (const s of seeds) if (structured(s.bytes, s.name)) rendered++;
    expect(rendered).toBeGreaterThan(seeds.length / 2);
  });

  it('renders 600 mutated seeds, or refuses them with a DocParseError', () => {
    fc.assert(
      fc.property(fc.noShrink(fc.nat(seeds.length - 1)), fc.noShrink(fc.integer()), (i, caseSeed) => {
        const s = seeds[i]!;
        const m = mutate(s, caseSeed, undefined);
        structured(m.bytes, `${s.name} case ${caseSeed}: ${m.what.join('; ')}`);
      }),
      { seed: 0x5712, numRuns: 600 },
    );
  });

  it.each([
    ['one hidden range per character', craftAlternatingHidden],
    ['hidden toggles against a 64 KB character style', craftStyleToggle],
    ['paragraph runs in a 64 KB paragraph style', craftParagraphStyle],
    ['pieces × hidden runs', craftPiecesTimesRuns],
  ])('%s: rendered within the size bound', (label, make) => {
    expect(structured(make(), label)).not.toBeNull();
  });
});
