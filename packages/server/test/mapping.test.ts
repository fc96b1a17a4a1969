/**
 * The server only maps: options go to extractText unchanged, every parser error code becomes one
 * fixed answer. Tested with a stand-in for extractText so it holds whatever the parser does (inline
 * parsing, PARSE_THREADS=0: a stand-in cannot reach a worker thread; the outcome is mapped by the same
 * code either way, see pool.test.ts).
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

const { DocParseError, formatCatdocText } = await import('@doc2text/parser');
const { createApp } = await import('../src/index.js');
const { docUpload, expectedProblem } = await import('./helpers.js');

const catdocApp = createApp({ logger: false, parseThreads: 0 });
const plainApp = createApp({ logger: false, parseThreads: 0, defaultFormat: 'plain', maxFileBytes: 4096 });
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
    expect(bytes.byteLength).toBe(DOC.length);
    // Allocated once from the declared body length (the file plus its multipart framing), not per chunk.
    expect(bytes.buffer.byteLength).toBeGreaterThanOrEqual(DOC.length);
    expect(bytes.buffer.byteLength).toBeLessThan(DOC.length + 1024);
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
    await upload(catdocApp, '?format=docx');
    const { body, contentType } = docUpload(DOC, 'x.txt');
    await catdocApp.inject({ method: 'POST', url: '/doc-parser', headers: { 'content-type': contentType }, payload: body });
    expect(calls).toHaveLength(0);
  });
});

describe('each parser error code maps to one answer', () => {
  const table: Array<[DocErrorCode, number, string, string]> = [
    // These codes' messages say what the file is, for people: they are the description.
    ['NOT_OLE', 415, 'NOT_OLE', 'internal detail at offset 1234 (NOT_OLE)'],
    ['NOT_WORD', 415, 'NOT_WORD', 'internal detail at offset 1234 (NOT_WORD)'],
    ['UNSUPPORTED_FORMAT', 415, 'UNSUPPORTED_FORMAT', 'internal detail at offset 1234 (UNSUPPORTED_FORMAT)'],
    ['ENCRYPTED', 422, 'ENCRYPTED', 'The document is password-protected (encrypted): a password is needed to read it. Send the password in the multipart form field "password" beside "file".'],
    ['WRONG_PASSWORD', 422, 'WRONG_PASSWORD', 'The password given in the form field "password" does not open this document.'],
    ['TRUNCATED', 422, 'TRUNCATED', 'The document is truncated: it ends before the data it declares, so its text cannot be read.'],
    ['CORRUPT', 422, 'CORRUPT', 'The document is damaged and its text cannot be read.'],
    [
      'UNSUPPORTED_VERSION',
      422,
      'UNSUPPORTED_VERSION',
      'internal detail at offset 1234 (UNSUPPORTED_VERSION)',
    ],
  ];
  it.each(table)('%s → %i %s', async (parserCode, status, code, description) => {
    behaviour = () => {
      throw new DocParseError(parserCode, `internal detail at offset 1234 (${parserCode})`);
    };
    const res = await upload();
    expect(res.statusCode).toBe(status);
    const titles: Record<number, string> = { 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity' };
    expect(res.json()).toEqual({ title: titles[status], description, code });
    // Parser internals stay in the logs, except where the message is the description.
    if (!description.includes('offset 1234')) expect(res.body).not.toContain('offset 1234');
  });

  it('a parser code newer than the table → 422 under its own name, no internals', async () => {
    behaviour = () => {
      throw new DocParseError('SPREADSHEET' as DocErrorCode, 'internal detail at offset 1234');
    };
    const res = await upload();
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ title: 'Unprocessable Entity', description: 'The document cannot be read (SPREADSHEET).', code: 'SPREADSHEET' });
  });

  it('the parser\'s INTERNAL code (a parser bug it caught) → 500 INTERNAL_ERROR', async () => {
    behaviour = () => {
      throw new DocParseError('INTERNAL' as DocErrorCode, 'RangeError: Maximum call stack size exceeded');
    };
    const res = await upload();
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual(expectedProblem('INTERNAL_ERROR'));
  });

  it('a catdoc option error from the formatter cannot happen: the query bounds are the formatter\'s', async () => {
    behaviour = (_bytes, options) => {
      // the real formatter's check, on the options the request produced
      formatCatdocText('', { width: options?.width ?? 72 });
      return 'TEXT';
    };
    expect((await upload(catdocApp, '?width=505')).statusCode).toBe(200);
    expect((await upload(catdocApp, '?width=506')).statusCode).toBe(400);
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
