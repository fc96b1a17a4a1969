import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoc2text } from '../../src/cli/doc2text.js';

const FIXTURES = join(import.meta.dirname, '../../../../fixtures');

function run(argv: string[]) {
  const out: Buffer[] = [];
  let err = '';
  const written = new Map<string, Uint8Array>();
  const status = runDoc2text(argv, {
    readFile: (p) => new Uint8Array(readFileSync(join(FIXTURES, p))),
    readStdin: () => new Uint8Array(0),
    stdinIsTTY: false,
    stdout: (b) => out.push(Buffer.from(b)),
    stderr: (t) => (err += t),
    writeFile: (p, b) => written.set(p, b),
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
