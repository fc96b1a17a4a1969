import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/render/tree/html.js';
import { renderMarkdown } from '../../src/render/tree/markdown.js';
import { FIXTURE_TREES, imageSrc } from './fixture-trees.js';

const FIXTURES = join(import.meta.dirname, '../../../../fixtures');

// The hand-written fixtures/<name>.structure.md and .structure.html against the renderers fed with the hand-written
// trees of those documents. (The tree builder's own test compares its trees with these too.)
describe('renderers reproduce the fixtures’ expected Markdown and HTML from their trees', () => {
  for (const [name, tree] of Object.entries(FIXTURE_TREES)) {
    it(`${name}.structure.md`, () => {
      expect(renderMarkdown(tree, { imageSrc })).toBe(readFileSync(join(FIXTURES, `${name}.structure.md`), 'utf8'));
    });
    it(`${name}.structure.html`, () => {
      expect(renderHtml(tree, { imageSrc })).toBe(readFileSync(join(FIXTURES, `${name}.structure.html`), 'utf8'));
    });
  }
});
