/**
 * The project's own fixtures (fixtures/): real Word 97 files written by LibreOffice from
 * hand-written sources, each with the body text it must give (written by hand) and phrases its
 * other stories must contain.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocParseError, parseDoc, type StoryName } from '../src/index.js';
import { repoRoot } from './support/corpus.js';

const dir = join(repoRoot, 'fixtures');
const docs = readdirSync(dir).filter((f) => /\.(doc|dot)$/.test(f));
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const stem = (name: string) => name.replace(/\.(doc|dot)$/, '');

describe('fixtures', () => {
  it('has fixtures to test', () => {
    expect(docs.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of docs) {
    const base = join(dir, stem(name));
    if (existsSync(`${base}.error.txt`)) {
      it(`${name} fails with ${readFileSync(`${base}.error.txt`, 'utf8').trim()}`, () => {
        const code = readFileSync(`${base}.error.txt`, 'utf8').trim();
        expect(() => parseDoc(read(name))).toThrowError(DocParseError);
        try {
          parseDoc(read(name));
        } catch (error) {
          expect((error as DocParseError).code).toBe(code);
        }
      });
      continue;
    }
    it(`${name}: body text`, () => {
      const expected = readFileSync(`${base}.body.txt`, 'utf8');
      expect(parseDoc(read(name)).text('body')).toBe(expected);
    });
    // The default text: the body with its text boxes at their anchors (<name>.main.txt), which is
    // the body itself for a document without text boxes in its body.
    it(`${name}: main text (the default)`, () => {
      const expected = readFileSync(existsSync(`${base}.main.txt`) ? `${base}.main.txt` : `${base}.body.txt`, 'utf8');
      expect(parseDoc(read(name)).text()).toBe(expected);
    });
    if (existsSync(`${base}.stories.json`)) {
      it(`${name}: other stories`, () => {
        const doc = parseDoc(read(name));
        const stories = JSON.parse(readFileSync(`${base}.stories.json`, 'utf8')) as Partial<Record<StoryName, string[]>>;
        for (const [story, phrases] of Object.entries(stories)) {
          const text = doc.text(story as StoryName);
          for (const phrase of phrases ?? []) expect(text, `${story} of ${name}`).toContain(phrase);
          expect(doc.text('all')).toContain(text);
        }
      });
    }
  }

  it('template.dot is flagged as a template', () => {
    expect(parseDoc(read('template.dot')).info.template).toBe(true);
    expect(parseDoc(read('simple.doc')).info.template).toBe(false);
  });
});
