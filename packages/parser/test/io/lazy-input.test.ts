/**
 * A lazy input (src/io/lazy-input.ts: the command line's large compound files, read where the
 * parser needs them) gives what the same bytes in memory give, on every fixture and corpus file,
 * and reads in only the structures: a large document's text is read through a window, never into
 * the input's array.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDoc } from '../../harness/doc-writer.js';
import { runDoc2text } from '../../src/cli/doc2text.js';
import { lazyInput, loadedBytes } from '../../src/io/lazy-input.js';
import { DocParseError, extractText, parseDoc } from '../../src/index.js';
import { openCompoundFile } from '../../src/ole/index.js';
import { buildCfb } from '../support/cfb-build.js';
import { corpusFiles, hasCorpus, readCorpusFile, repoRoot } from '../support/corpus.js';

/** A lazy input over `bytes`, as the command line makes one over a file; `reads` counts the calls. */
function lazyOver(bytes: Uint8Array) {
  const stats = { reads: 0 };
  const input = lazyInput(bytes.length, (into, position) => {
    stats.reads++;
    const n = Math.max(0, Math.min(into.length, bytes.length - position));
    into.set(bytes.subarray(position, position + n));
    return n;
  });
  return { input, stats };
}

/** What a parse gives, as one comparable value: every story's text, the characters, the tree; or the error's code. */
function outcome(bytes: Uint8Array, withTree: boolean): unknown {
  try {
    const doc = parseDoc(bytes);
    return { main: doc.text(), all: doc.text('all'), characters: doc.characters('all'), ...(withTree ? { tree: JSON.stringify(doc.tree()) } : {}) };
  } catch (error) {
    if (error instanceof DocParseError) return { code: error.code, message: error.message };
    throw error;
  }
}

const fixtures = join(repoRoot, 'fixtures');
const fixtureDocs = readdirSync(fixtures).filter((f) => /\.(doc|dot)$/.test(f));

describe('a lazy input gives what the bytes in memory give', () => {
  it.each(fixtureDocs)('fixtures/%s: text, characters and tree', (name) => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, name)));
    expect(outcome(lazyOver(bytes).input, true)).toEqual(outcome(bytes, true));
  });

  it.skipIf(!hasCorpus)('every corpus file: text of every story and the characters, or the same error', () => {
    const differ: string[] = [];
    for (const file of corpusFiles()) {
      const bytes = readCorpusFile(file);
      if (JSON.stringify(outcome(lazyOver(bytes).input, false)) !== JSON.stringify(outcome(bytes, false))) differ.push(file);
    }
    expect(differ).toEqual([]);
    expect(corpusFiles().length).toBe(193);
  });
});

/** A document of `paragraphs` Cyrillic and Latin paragraphs in one UTF-16 piece, and one 8-bit piece after it. */
function largeDoc(paragraphs: number): Uint8Array {
  const paragraph = (k: number) => `${k} ${'Съешь же ещё этих мягких французских булок. '.repeat(4)}\u0007${'The quick brown fox. '.repeat(4)}\r`;
  const text = Array.from({ length: paragraphs }, (_, k) => paragraph(k)).join('');
  const latin = 'Plain cp1252 text: caf\u00e9, na\u00efve. '.repeat(400) + '\r';
  return writeDoc({ pieces: [{ text, compressed: false }, { text: latin, compressed: true }] });
}

describe('a lazy input reads in the structures, not the text', () => {
  const doc = largeDoc(6_000); // ~2.5 MB

  it('one part: the text through a window; the array holds the FIB, the tables and the pages only', () => {
    const { input, stats } = lazyOver(doc);
    const text = extractText(input);
    expect(text).toBe(extractText(doc));
    expect(text.length).toBeGreaterThan(1_000_000);
    // The structures are a few 4 KiB pages: header, FAT, directory, mini stream, FIB, table stream.
    expect(loadedBytes(input)).toBeLessThan(doc.length / 20);
    expect(loadedBytes(input)).toBeGreaterThan(0);
    expect(stats.reads).toBeGreaterThan(10); // the text, window by window
  });

  it('a stream in scattered sectors (parts): the same text, the same few pages', () => {
    const file = openCompoundFile(doc);
    // A second big stream: the writer deals out the two streams' sectors in turn.
    const streams = [...file.root.children.map((entry) => ({ name: entry.name, data: file.read(entry) })), { name: 'Filler', data: new Uint8Array(300_000).fill(7) }];
    const scattered = buildCfb({ streams, interleave: true }).bytes;
    expect(openCompoundFile(scattered).streamParts('WordDocument')!.length).toBeGreaterThan(1);
    const { input } = lazyOver(scattered);
    expect(extractText(input)).toBe(extractText(doc));
    expect(loadedBytes(input)).toBeLessThan(scattered.length / 20);
  });

  it('catdoc characters and the tree read the text in (they make a string of it): still the same', () => {
    const { input } = lazyOver(doc);
    const lazy = parseDoc(input);
    expect(lazy.characters('all')).toBe(parseDoc(doc).characters('all'));
    expect(loadedBytes(input)).toBeGreaterThan(doc.length / 2);
  });

  it('a file cut short while it is read (its reads stop early): text or a DocParseError, never anything else', () => {
    for (const cut of [doc.length - 4096, doc.length >> 1, 600_000, 70_000]) {
      const input = lazyInput(doc.length, (into, position) => {
        const n = Math.max(0, Math.min(into.length, cut - position));
        into.set(doc.subarray(position, position + n));
        return n;
      });
      try {
        expect(typeof extractText(input)).toBe('string');
      } catch (error) {
        expect(error).toBeInstanceOf(DocParseError);
      }
    }
  });
});

describe('doc2text on a lazy input', () => {
  const doc = largeDoc(3_000);

  it('a read that fails midway: the system’s words and status 1, not an INTERNAL error', () => {
    const failAt = 200_000; // inside the text: the read fails after the structures were read
    let reads = 0;
    let err = '';
    const status = runDoc2text(['big.doc'], {
      readFile: () => new Uint8Array(0),
      openInput: () => ({
        bytes: lazyInput(doc.length, (into, position) => {
          reads++;
          if (position + into.length > failAt) throw new Error('EIO: i/o error, read');
          into.set(doc.subarray(position, position + into.length));
          return into.length;
        }),
        close: () => {},
      }),
      readStdin: () => new Uint8Array(0),
      stdinIsTTY: false,
      stdout: () => {},
      stderr: (t) => (err += t),
      writeFile: () => {},
    });
    expect(reads).toBeGreaterThan(3);
    expect(status).toBe(1);
    expect(err).toBe('doc2text: big.doc: EIO: i/o error, read\n');
  });

  it('the Node command line reads a large compound file lazily, and its output is extractText’s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doc2text-lazy-'));
    try {
      const path = join(dir, 'big.doc');
      writeFileSync(path, doc);
      expect(doc.length).toBeGreaterThan(1 << 20); // node.ts: LAZY_MIN
      const cli = join(import.meta.dirname, '../../src/cli.ts');
      const r = spawnSync(process.execPath, ['--import', 'tsx', cli, path], { maxBuffer: 1 << 26 });
      expect(r.stderr.toString()).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.equals(Buffer.from(extractText(doc), 'utf8'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
