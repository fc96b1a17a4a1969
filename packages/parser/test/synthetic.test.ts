/**
 * Synthetic Word 97 files built by the test-only writer (support/doc-writer.ts) for the cases no
 * real writer makes on demand: several pieces, mixed 8-bit and UTF-16 pieces, pieces out of
 * stream order, pieces past the end of the stream, Prc entries, odd stream names, encryption.
 */
import { describe, expect, it } from 'vitest';
import { DocParseError, parseDoc } from '../src/index.js';
import { writeDoc } from '../harness/doc-writer.js';
import { SYNTHETIC_CASES, type StoryKey } from './support/synthetic-cases.js';

describe('synthetic documents', () => {
  for (const [name, { about, spec, expect: want }] of Object.entries(SYNTHETIC_CASES)) {
    it(`${name}: ${about}`, () => {
      const bytes = writeDoc(spec);
      if (want.kind === 'error') {
        expect(() => parseDoc(bytes)).toThrowError(expect.objectContaining({ code: want.code }));
        return;
      }
      if (want.kind === 'damaged') {
        try {
          const doc = parseDoc(bytes);
          expect(doc.text('body')).toBe(want.salvage);
          expect(doc.info.warnings.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(DocParseError);
          expect(want.codes).toContain((error as DocParseError).code);
        }
        return;
      }
      const doc = parseDoc(bytes);
      expect(doc.characters('body')).toBe(want.characters);
      expect(doc.text('body')).toBe(want.text);
      for (const [story, chars] of Object.entries(want.stories ?? {})) {
        expect(doc.characters(story as StoryKey)).toBe(chars);
      }
    });
  }
});
