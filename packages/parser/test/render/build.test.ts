import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDoc } from '../../src/index.js';
import { renderHtml } from '../../src/render/tree/html.js';
import { renderMarkdown } from '../../src/render/tree/markdown.js';
import { FIXTURE_TREES, imageSrc } from './fixture-trees.js';

const FIXTURES = join(import.meta.dirname, '../../../../fixtures');
const load = (name: string) => parseDoc(new Uint8Array(readFileSync(join(FIXTURES, `${name}.doc`))));

describe('tree builder on the structure fixtures (LibreOffice-written .doc files)', () => {
  for (const [name, expected] of Object.entries(FIXTURE_TREES)) {
    it(`${name}.doc gives the hand-written tree, Markdown and HTML`, () => {
      const doc = load(name);
      expect(doc.tree()).toEqual(expected);
      expect(renderMarkdown(doc.tree(), { imageSrc })).toBe(readFileSync(join(FIXTURES, `${name}.structure.md`), 'utf8'));
      expect(renderHtml(doc.tree(), { imageSrc })).toBe(readFileSync(join(FIXTURES, `${name}.structure.html`), 'utf8'));
    });
  }
});

describe('pictures', () => {
  it('images.doc: the inline and the floating PNG, byte for byte as in the source', () => {
    const source = readFileSync(join(FIXTURES, 'src/images.fodt'), 'utf8');
    const pngs = [...source.matchAll(/<office:binary-data>([^<]+)<\/office:binary-data>/g)].map((m) => m[1]!);
    expect(pngs).toHaveLength(2);
    const doc = load('images');
    expect(doc.images().map((p) => p.contentType)).toEqual(['image/png', 'image/png']);
    expect(doc.images().map((p) => Buffer.from(p.bytes).toString('base64'))).toEqual(pngs);
  });
});
