/**
 * ?format=markdown|html|json and ?images=inline|omit on real fixtures (fixtures/*.doc with their
 * hand-written fixtures/*.structure.md and .html), parsed on a real parse worker.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../src/index.js';
import { FIXTURES, docUpload, expectedProblem, read } from './helpers.js';

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
/** The two PNGs of images.doc, as its LibreOffice source holds them (base64). */
const PNGS = [...fixture('src/images.fodt').matchAll(/<office:binary-data>([^<]+)<\/office:binary-data>/g)].map((m) => m[1]!.replace(/\s+/g, ''));
const PNG_BYTES = PNGS.map((b64) => Buffer.from(b64, 'base64').length);

const apps: FastifyInstance[] = [];
function app(options: Parameters<typeof createApp>[0] = {}) {
  const a = createApp({ logger: false, parseThreads: 1, ...options });
  apps.push(a);
  return a;
}
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
});

const service = app();

async function post(name: string, query: string, on = service) {
  const { body, contentType } = docUpload(read(join(FIXTURES, name)), name);
  return on.inject({ method: 'POST', url: `/doc-parser${query}`, headers: { 'content-type': contentType }, payload: body });
}

describe('structured formats', () => {
  it.each(['headings', 'merged-table', 'nested-lists', 'notes', 'fields'])('%s.doc: markdown and html are the hand-written renderings', async (name) => {
    for (const [format, ext] of [['markdown', 'md'], ['html', 'html']] as const) {
      const res = await post(`${name}.doc`, `?format=${format}`);
      expect(res.statusCode, format).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.json()).toEqual({ text: fixture(`${name}.structure.${ext}`), file: `${name}.doc` });
    }
  });

  it('json: text is the document tree, serialised', async () => {
    const res = await post('headings.doc', '?format=json');
    expect(res.statusCode).toBe(200);
    const { text, file } = res.json() as { text: string; file: string };
    expect(file).toBe('headings.doc');
    const tree = JSON.parse(text);
    expect(tree.type).toBe('document');
    const headings = tree.body.filter((b: { type: string }) => b.type === 'heading');
    expect(headings.map((h: { level: number }) => h.level)).toEqual([1, 2, 3, 2, 3]);
    expect(headings[0].children).toEqual([{ type: 'text', text: 'Annual Report' }]);
  });

  it('a server whose DEFAULT_FORMAT is markdown answers markdown without a query', async () => {
    const res = await post('table.doc', '', app({ defaultFormat: 'markdown' }));
    expect(res.json().text).toBe(fixture('table.structure.md'));
  });

  it('format and images are validated by the one schema (400 naming the allowed values)', async () => {
    const bad = await post('headings.doc', '?format=markdown&images=base64');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual(
      expectedProblem('INVALID_OPTION', 'Invalid value "base64" for the query parameter "images": it must be one of omit, inline.'),
    );
    const openapi = (await service.inject({ method: 'GET', url: '/openapi.json' })).json();
    const params = openapi.paths['/doc-parser'].post.parameters as Array<{ name: string; schema: unknown }>;
    expect(params.find((p) => p.name === 'format')!.schema).toEqual({ type: 'string', enum: ['catdoc', 'plain', 'markdown', 'html', 'json'] });
    expect(params.find((p) => p.name === 'images')!.schema).toEqual({ type: 'string', enum: ['omit', 'inline'] });
  });

  it('a damaged document in a structured format is a 4xx with the parser code, not a 500', async () => {
    const bytes = read(join(FIXTURES, 'headings.doc')).subarray(0, 3000);
    const { body, contentType } = docUpload(Buffer.from(bytes), 'cut.doc');
    const res = await service.inject({ method: 'POST', url: '/doc-parser?format=json', headers: { 'content-type': contentType }, payload: body });
    expect([415, 422]).toContain(res.statusCode);
    expect(['TRUNCATED', 'CORRUPT', 'NOT_OLE']).toContain(res.json().code);
  });
});

describe('images', () => {
  const dataUrl = (i: number) => `data:image/png;base64,${PNGS[i]}`;
  const md = fixture('images.structure.md');
  const html = fixture('images.structure.html');

  it('the source holds two PNGs', () => {
    expect(PNGS).toHaveLength(2);
  });

  it('default and images=omit: pictures left out', async () => {
    for (const query of ['?format=markdown', '?format=markdown&images=omit']) {
      const res = await post('images.doc', query);
      expect(res.json().text).toBe(md.replace('![](image1.png)', '').replace('![](image2.png)', ''));
      expect(res.headers['x-images-omitted']).toBeUndefined();
    }
  });

  it('images=inline: data URLs in markdown, html and json', async () => {
    const m = await post('images.doc', '?format=markdown&images=inline');
    expect(m.json().text).toBe(md.replace('image1.png', dataUrl(0)).replace('image2.png', dataUrl(1)));
    const h = await post('images.doc', '?format=html&images=inline');
    expect(h.json().text).toBe(html.replace('image1.png', dataUrl(0)).replace('image2.png', dataUrl(1)));
    const j = await post('images.doc', '?format=json&images=inline');
    expect(JSON.parse(j.json().text).images).toEqual([
      { contentType: 'image/png', byteLength: PNG_BYTES[0], src: dataUrl(0) },
      { contentType: 'image/png', byteLength: PNG_BYTES[1], src: dataUrl(1) },
    ]);
    for (const res of [m, h, j]) expect(res.headers['x-images-omitted']).toBeUndefined();
  });

  it('past INLINE_IMAGES_BYTES: pictures in document order until the next would pass it, the rest left out and counted', async () => {
    const capped = app({ inlineImagesBytes: PNG_BYTES[0]! + PNG_BYTES[1]! - 1 });
    const res = await post('images.doc', '?format=markdown&images=inline', capped);
    expect(res.statusCode).toBe(200);
    expect(res.json().text).toBe(md.replace('image1.png', dataUrl(0)).replace('![](image2.png)', ''));
    expect(res.headers['x-images-omitted']).toBe('1');
    const none = await post('images.doc', '?format=json&images=inline', app({ inlineImagesBytes: 0 }));
    expect(JSON.parse(none.json().text).images).toEqual([
      { contentType: 'image/png', byteLength: PNG_BYTES[0] },
      { contentType: 'image/png', byteLength: PNG_BYTES[1] },
    ]);
    expect(none.headers['x-images-omitted']).toBe('2');
  });

  it('images=inline does not change plain or catdoc text', async () => {
    for (const format of ['plain', 'catdoc']) {
      const a = await post('images.doc', `?format=${format}`);
      const b = await post('images.doc', `?format=${format}&images=inline`);
      expect(b.json()).toEqual(a.json());
    }
  });
});
