/**
 * The server only maps: options go to extractText unchanged, every parser error code becomes one
 * fixed answer. Tested with a stand-in for extractText so it holds whatever the parser does.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocErrorCode, ExtractOptions } from '@doc2text/parser';

const calls: Array<{ bytes: Uint8Array; options: ExtractOptions | undefined }> = [];
let behaviour: (bytes: Uint8Array, options?: ExtractOptions) => string = () => 'TEXT';

vi.mock('@doc2text/parser', async (importOriginal) => {
  const real = await importOriginal<typeof import('@doc2text/parser')>();
  return {
    ...real,
    extractText: (bytes: Uint8Array, options?: ExtractOptions) => {
      calls.push({ bytes, options });
      return behaviour(bytes, options);
    },
  };
});

const { DocParseError } = await import('@doc2text/parser');
const { createApp, INVALID_DOCUMENT_MESSAGE } = await import('../src/index.js');
const { docUpload, expectedProblem } = await import('./helpers.js');

const catdocApp = createApp({ logger: false });
const plainApp = createApp({ logger: false, defaultFormat: 'plain', maxFileBytes: 4096 });
afterAll(async () => {
  await Promise.all([catdocApp.close(), plainApp.close()]);
});

beforeEach(() => {
  calls.length = 0;
  behaviour = () => 'TEXT';
});

const DOC = Buffer.from('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 pretend this is a document', 'latin1');

async function upload(app = catdocApp, query = '', data: Buffer = DOC) {
  const { body, contentType } = docUpload(data, 'x.doc');
  return app.inject({ method: 'POST', url: `/doc-parser${query}`, headers: { 'content-type': contentType }, payload: body });
}

describe('options reach extractText unchanged', () => {
  it.each([
    ['catdoc', '', { format: 'catdoc' }],
    ['plain', '', { format: 'plain' }],
    ['catdoc', '?format=plain', { format: 'plain' }],
    ['plain', '?format=catdoc', { format: 'catdoc' }],
    ['catdoc', '?width=0', { format: 'catdoc', width: 0 }],
    ['catdoc', '?format=catdoc&width=100', { format: 'catdoc', width: 100 }],
    ['catdoc', '?format=plain&story=footnotes', { format: 'plain', story: 'footnotes' }],
    ['plain', '?story=all', { format: 'plain', story: 'all' }],
    ['plain', '?story=headerTextboxes&unknown=1', { format: 'plain', story: 'headerTextboxes' }],
  ] as const)('default %s, query %j → %j', async (defaultFormat, query, expected) => {
    const res = await upload(defaultFormat === 'catdoc' ? catdocApp : plainApp, query);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ text: 'TEXT', file: 'x.doc' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.options).toEqual(expected);
  });

  it('the bytes are exactly the upload, in a plain Uint8Array of their own', async () => {
    await upload();
    const { bytes } = calls[0]!;
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(DOC.length);
    expect(Buffer.from(bytes)).toEqual(DOC);
  });

  it('text is returned as is (Unicode, control characters, empty)', async () => {
    for (const text of ['', 'Ünïcödé 📄 \u0007\f\r\n', '"quotes" \\ </script>']) {
      behaviour = () => text;
      const res = await upload();
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ text, file: 'x.doc' });
    }
  });

  it('the parser is not called for uploads refused before parsing', async () => {
    await upload(catdocApp, '', Buffer.alloc(0));
    await upload(catdocApp, '?format=html');
    const { body, contentType } = docUpload(DOC, 'x.txt');
    await catdocApp.inject({ method: 'POST', url: '/doc-parser', headers: { 'content-type': contentType }, payload: body });
    expect(calls).toHaveLength(0);
  });
});

describe('each parser error code maps to one answer', () => {
  const table: Array<[DocErrorCode, number, string, string]> = [
    ['NOT_OLE', 415, 'NOT_OLE', INVALID_DOCUMENT_MESSAGE],
    ['NOT_WORD', 415, 'NOT_WORD', INVALID_DOCUMENT_MESSAGE],
    ['UNSUPPORTED_FORMAT', 415, 'UNSUPPORTED_FORMAT', INVALID_DOCUMENT_MESSAGE],
    ['ENCRYPTED', 422, 'ENCRYPTED', 'The document is password-protected (encrypted); its text cannot be extracted.'],
    ['WRONG_PASSWORD', 422, 'WRONG_PASSWORD', 'The password given does not open this document.'],
    ['TRUNCATED', 422, 'TRUNCATED', 'The document is truncated: it ends before the data it declares, so its text cannot be read.'],
    ['CORRUPT', 422, 'CORRUPT', 'The document is damaged and its text cannot be read.'],
    [
      'UNSUPPORTED_VERSION',
      422,
      'UNSUPPORTED_VERSION',
      'This version of Word document is not supported; save it as Word 97-2003 (.doc) and try again.',
    ],
    ['TOO_LARGE', 413, 'FILE_TOO_LARGE', 'The document is larger than the limit of 52428800 bytes.'],
  ];
  it.each(table)('%s → %i %s', async (parserCode, status, code, description) => {
    behaviour = () => {
      throw new DocParseError(parserCode, `internal detail at offset 1234 (${parserCode})`);
    };
    const res = await upload();
    expect(res.statusCode).toBe(status);
    const titles: Record<number, string> = { 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity' };
    expect(res.json()).toEqual({ title: titles[status], description, code });
    expect(res.body).not.toContain('offset 1234'); // parser internals stay in the logs
  });

  it('an unexpected exception (a parser bug) → 500 INTERNAL_ERROR without details', async () => {
    behaviour = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'secret')");
    };
    const res = await upload();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual(expectedProblem('INTERNAL_ERROR'));
    const health = await catdocApp.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
  });
});
