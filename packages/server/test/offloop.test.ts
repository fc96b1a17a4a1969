/**
 * With parse workers (the default), no document is parsed on the event loop — not a large one, not a
 * small one: the main thread's parseTask is replaced by one that fails the test, and every upload is
 * still answered, by the workers (which load their own, real copy of the module).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { extractText } from '@doc2text/parser';

const mainThreadParses: string[] = [];
vi.mock('../src/parse-worker.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/parse-worker.js')>();
  return {
    ...real,
    parseTask: (task: { file: string }) => {
      mainThreadParses.push(task.file);
      throw new Error('parsed on the event loop');
    },
  };
});

const { createApp } = await import('../src/index.js');
const { DOC_FILES, docUpload, read } = await import('./helpers.js');

const app = createApp({ logger: false, parseThreads: 2 });
afterAll(async () => {
  await app.close();
});

describe('parsing stays off the event loop', () => {
  it('every fixture, small or not, is parsed on a worker', async () => {
    const docs = DOC_FILES.filter((f) => f.includes('/fixtures/')).slice(0, 8);
    expect(docs.length).toBeGreaterThan(0);
    for (const path of docs) {
      const bytes = read(path);
      const { body, contentType } = docUpload(bytes, 'a.doc');
      const res = await app.inject({ method: 'POST', url: '/doc-parser?format=plain', payload: body, headers: { 'content-type': contentType } });
      let expected: string | undefined;
      try {
        expected = extractText(new Uint8Array(bytes), { format: 'plain' });
      } catch {
        expected = undefined;
      }
      if (expected === undefined) expect(res.statusCode, path).toBeGreaterThanOrEqual(400);
      else expect(res.json(), path).toEqual({ text: expected, file: 'a.doc' });
      expect(res.statusCode, path).toBeLessThan(500);
    }
    expect(mainThreadParses).toEqual([]);
  });
});
