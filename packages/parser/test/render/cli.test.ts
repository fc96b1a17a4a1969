import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDoc } from '../../harness/doc-writer.js';
import { runDoc2text } from '../../src/cli/doc2text.js';
import { extractText } from '../../src/index.js';

const FIXTURES = join(import.meta.dirname, '../../../../fixtures');

function run(argv: string[], writeFile?: (path: string, bytes: Uint8Array) => void) {
  const out: Buffer[] = [];
  let err = '';
  const written = new Map<string, Uint8Array>();
  const status = runDoc2text(argv, {
    readFile: (p) => new Uint8Array(readFileSync(join(FIXTURES, p))),
    readStdin: () => new Uint8Array(0),
    stdinIsTTY: false,
    stdout: (b) => out.push(Buffer.from(b)),
    stderr: (t) => (err += t),
    writeFile: writeFile ?? ((p, b) => written.set(p, b)),
  });
  return { status, stdout: Buffer.concat(out).toString(), stderr: err, written };
}

describe('doc2text --format', () => {
  it('markdown: the fixture’s expected Markdown', () => {
    const r = run(['--format', 'markdown', 'lists.doc']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(FIXTURES, 'lists.structure.md'), 'utf8'));
  });

  it('markdown with --images: writes each picture once and links it', () => {
    const r = run(['--format', 'markdown', '--images', 'pics/', 'images.doc']);
    expect(r.stdout).toBe('Pictures.\n\nAn inline picture ![](pics/images-1.png) in the text.\n\n![](pics/images-2.png)A paragraph with a floating picture.\n\nEnd.\n');
    expect([...r.written.keys()]).toEqual(['pics/images-1.png', 'pics/images-2.png']);
    expect([...r.written.get('pics/images-1.png')!.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('a picture that cannot be written: the system’s words, status 1 (not a parser INTERNAL error)', () => {
    const r = run(['--format', 'markdown', '--images', 'missing', 'images.doc'], () => {
      throw new Error('ENOENT: no such file or directory');
    });
    expect(r).toMatchObject({ status: 1, stdout: '', stderr: 'doc2text: images.doc: missing/images-1.png: ENOENT: no such file or directory\n' });
  });

  it('markdown without --images: pictures left out, nothing written', () => {
    const r = run(['--format', 'markdown', 'images.doc']);
    expect(r.stdout).not.toContain('![');
    expect(r.written.size).toBe(0);
  });

  it('html: a complete page around the fixture’s expected fragment', () => {
    const r = run(['--format', 'html', 'notes.doc']);
    expect(r.stdout.startsWith('<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(r.stdout).toContain(`<body>\n${readFileSync(join(FIXTURES, 'notes.structure.html'), 'utf8')}</body>\n</html>\n`);
    expect(r.stdout).toContain('<title>notes</title>');
  });

  it('json: the tree', () => {
    const tree = JSON.parse(run(['--format', 'json', 'table.doc']).stdout);
    expect(tree.type).toBe('document');
    expect(tree.body[1].rows[2].cells.map((c: { blocks: Array<{ children: Array<{ text: string }> }> }) => c.blocks[0]!.children[0]?.text ?? '')).toEqual(['Pear', '', '0.80']);
  });

  it('refuses an unknown format and a missing --images folder', () => {
    expect(run(['--format', 'pdf', 'lists.doc'])).toMatchObject({ status: 2, stderr: 'doc2text: --format takes one of: plain, markdown, html, json\n' });
    expect(run(['--format', 'markdown', '--images'])).toMatchObject({ status: 2, stderr: 'doc2text: --images needs a folder\n' });
  });
});

describe('doc2text in a Node process (cli/node.ts): a text of several MiB through a pipe', () => {
  it('gives the bytes of extractText, whether the chunks it writes are filled again or fresh', () => {
    // 2.8 MB of UTF-8 in 4,000 paragraphs: three 1 MiB chunks, written while the reader drains
    // the pipe (64 KiB at a time). A chunk filled again before its bytes were out would show.
    const paragraph = (k: number) => `${k} ${'Съешь же ещё этих мягких французских булок. '.repeat(6)}${'The quick brown fox. '.repeat(10)}\r`;
    const text = Array.from({ length: 4_000 }, (_, k) => paragraph(k)).join('');
    const doc = writeDoc({ pieces: [{ text, compressed: false }] });
    const cli = join(import.meta.dirname, '../../src/cli.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, '-'], { input: doc, maxBuffer: 1 << 26 });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(2 << 20);
    expect(r.stdout.equals(Buffer.from(extractText(doc), 'utf8'))).toBe(true);
  });
});
