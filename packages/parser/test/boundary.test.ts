/**
 * Every public entry point lets only DocParseError out (issue 12): a bug — an exception the
 * parser did not mean to throw — becomes DocParseError INTERNAL, whose message never carries the
 * exception's text (it is the error's `cause`, for logs). The bugs are planted: the plain-text
 * renderer and catdoc's converter are replaced by ones that throw, and a code page's decoder
 * (the host's fallback) throws while the pieces are decoded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCatdoc } from '../src/cli/catdoc.js';
import { runDoc2text } from '../src/cli/doc2text.js';
import type { CliIo } from '../src/cli/io.js';
import { INTERNAL_MESSAGE } from '../src/errors.js';
import { CatdocOptionError, DocParseError, extractCatdocText, extractText, formatCatdoc, parseDoc, setDecoderFallback } from '../src/index.js';
import { repoRoot } from '../harness/paths.js';
import { writeDoc } from '../harness/doc-writer.js';

const SECRET = 'secret internal detail 0xdeadbeef';
const plant = vi.hoisted(() => ({ renderer: false, converter: false }));

vi.mock('../src/render/plain-text.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/render/plain-text.js')>();
  const bug = () => {
    if (plant.renderer) (undefined as unknown as { x: { y: number } }).x.y = 1; // a TypeError, as a bug would throw
  };
  // Both entry points: text() renders through renderPlainText, the doc2text CLI through streamPlainText.
  return {
    ...real,
    renderPlainText: (...args: Parameters<typeof real.renderPlainText>) => (bug(), real.renderPlainText(...args)),
    streamPlainText: (...args: Parameters<typeof real.streamPlainText>) => (bug(), real.streamPlainText(...args)),
  };
});
vi.mock('../src/render/catdoc/convert.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/render/catdoc/convert.js')>();
  return {
    ...real,
    converterFor: (...args: Parameters<typeof real.converterFor>) => {
      if (plant.converter) throw new RangeError(SECRET);
      return real.converterFor(...args);
    },
  };
});

afterEach(() => {
  plant.renderer = plant.converter = false;
  setDecoderFallback(null);
});

const simple = () => new Uint8Array(readFileSync(join(repoRoot, 'fixtures', 'simple.doc')));

/** The error `work` throws, which must be a DocParseError. */
function thrown(work: () => unknown): DocParseError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DocParseError);
    return error as DocParseError;
  }
  throw new Error('expected an error');
}

function expectInternal(error: DocParseError, causeType: new (...a: never[]) => Error): void {
  expect(error.code).toBe('INTERNAL');
  expect(error.message).toBe(INTERNAL_MESSAGE);
  expect(error.message).not.toContain(SECRET);
  expect(error.cause).toBeInstanceOf(causeType);
}

function cliIo(bytes: Uint8Array) {
  const err: string[] = [];
  const out: Uint8Array[] = [];
  const io: CliIo = { readFile: () => bytes, readStdin: () => bytes, stdinIsTTY: false, stdout: (b) => void out.push(b), stderr: (t) => void err.push(t) };
  return { io, err, out };
}

describe('a bug in formatting after parseDoc', () => {
  it('is INTERNAL from text(), extractText and the doc2text CLI; characters() still works', () => {
    const doc = parseDoc(simple());
    plant.renderer = true;
    expectInternal(thrown(() => doc.text('body')), TypeError);
    expectInternal(thrown(() => doc.text('all')), TypeError);
    expectInternal(thrown(() => extractText(simple())), TypeError);
    expect(doc.characters('body').length).toBeGreaterThan(0);
    const cli = cliIo(simple());
    expect(runDoc2text(['x.doc'], cli.io)).toBe(1);
    expect(cli.err.join('')).toBe(`doc2text: x.doc: INTERNAL: ${INTERNAL_MESSAGE}\n`);
    plant.renderer = false;
    expect(doc.text('body').length).toBeGreaterThan(0);
  });

  it('is INTERNAL from the catdoc formatters, extractCatdocText and the catdoc CLI; bad options stay CatdocOptionError', () => {
    const chars = parseDoc(simple()).characters('all');
    plant.converter = true;
    expectInternal(thrown(() => formatCatdoc(chars)), RangeError);
    expectInternal(thrown(() => extractCatdocText(simple())), RangeError);
    expectInternal(thrown(() => extractText(simple(), { format: 'catdoc' })), RangeError);
    const cli = cliIo(simple());
    expect(runCatdoc(['x.doc'], cli.io)).toBe(1);
    expect(cli.err.join('')).toBe(`x.doc: ${INTERNAL_MESSAGE}\n`);
    plant.converter = false;
    expect(() => formatCatdoc(chars, { width: -1 })).toThrow(CatdocOptionError);
  });
});

describe('a bug while parsing', () => {
  it('is INTERNAL from parseDoc and extractText, not CORRUPT with the exception’s text', () => {
    // A host's decoder for a code page the parser has no table for, which fails (a bug outside the file).
    setDecoderFallback(() => () => {
      throw new TypeError(SECRET);
    });
    const bytes = writeDoc({ pieces: [{ text: 'eight-bit text\r', compressed: true }] });
    expectInternal(thrown(() => parseDoc(bytes, { codePage: 'x-failing' })), TypeError);
    expectInternal(thrown(() => extractText(bytes, { codePage: 'x-failing' })), TypeError);
  });
});
