/** createApp() through app.inject: routes, contract, statuses and error bodies. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CATDOC_MAX_WIDTH, extractText, isDocParseError, type ExtractOptions } from '@doc2text/parser';
import { createApp, ConfigError, DEFAULT_CONFIG, loadConfig, PROBLEMS } from '../src/index.js';
import {
  CORPUS_SIMPLE_PATH,
  CORPUS_SIMPLE_TEXT,
  DOC_FILES,
  ENCRYPTED_DOC_PATH,
  FIXTURES,
  HAS_CORPUS,
  SIMPLE_DOC_PATH,
  docUpload,
  expectedProblem,
  multipart,
  read,
  tinyZip,
} from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = createApp({ logger: false });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

function post(body: Buffer, contentType: string, query = '') {
  return app.inject({
    method: 'POST',
    url: `/doc-parser${query}`,
    headers: { 'content-type': contentType },
    payload: body,
  });
}

const simple = SIMPLE_DOC_PATH ? read(SIMPLE_DOC_PATH) : undefined;

describe('probes and description', () => {
  it('GET /health answers 200 {status:"ok"}', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('HEAD /health answers 200', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/health' });
    expect(res.statusCode).toBe(200);
  });

  it('GET /openapi.json describes the API', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/doc-parser', '/health', '/openapi.json']));
    const post = doc.paths['/doc-parser'].post;
    expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(['format', 'images', 'story', 'width']);
    expect(Object.keys(post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(post.responses)).toEqual(['200', '400', '404', '405', '408', '413', '415', '422', '431', '500', '503']);
    // Generated from the route's schema: the bounds are the ones the query is validated against.
    const width = post.parameters.find((p: { name: string }) => p.name === 'width');
    expect(width.schema).toEqual({ type: 'integer', minimum: 0, maximum: CATDOC_MAX_WIDTH });
    expect(CATDOC_MAX_WIDTH).toBe(505); // catdoc: LINE_BUF_SIZE 512 minus its longest substitution
    for (const code of Object.keys(PROBLEMS)) expect(doc.components.schemas.Problem.properties.code.description).toContain(code);
    for (const [status, response] of Object.entries(post.responses) as Array<[string, { description: string }]>) {
      if (status === '200') continue;
      for (const code of Object.keys(PROBLEMS).filter((c) => String(PROBLEMS[c as keyof typeof PROBLEMS].status) === status)) {
        expect(response.description, status).toContain(code);
      }
    }
    expect(doc.paths['/doc-parser'].options).toBeUndefined();
  });

  it('unknown routes answer 404 with the error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(expectedProblem('NOT_FOUND'));
  });

  it.each(['GET', 'PUT', 'PATCH', 'DELETE', 'TRACE'] as const)('%s /doc-parser answers 405 with Allow: POST, OPTIONS', async (method) => {
    for (const url of ['/doc-parser', '/doc-parser/', '/doc-parser?format=plain']) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(405);
      expect(res.headers.allow).toBe('POST, OPTIONS');
      expect(res.json()).toEqual(expectedProblem('METHOD_NOT_ALLOWED', `${method} is not allowed here; use POST, OPTIONS.`));
    }
  });

  it('POST /health answers 405 with Allow: GET, HEAD', async () => {
    const res = await app.inject({ method: 'POST', url: '/health' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('OPTIONS /doc-parser answers 204 with Allow; no CORS headers while CORS is off', async () => {
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/doc-parser',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers.allow).toBe('POST, OPTIONS');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('request shape (no parsing involved)', () => {
  it('no body at all → 400 MISSING_FILE', async () => {
    const res = await app.inject({ method: 'POST', url: '/doc-parser' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expectedProblem('MISSING_FILE'));
  });

  it('an empty multipart form → 400 MISSING_FILE', async () => {
    const { body, contentType } = multipart([]);
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expectedProblem('MISSING_FILE'));
  });

  it('wrong field name → 400 UNEXPECTED_FIELD', async () => {
    const { body, contentType } = multipart([
      { name: 'upload', filename: 'a.doc', type: 'application/msword', data: Buffer.from('x') },
    ]);
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expectedProblem('UNEXPECTED_FIELD'));
  });

  it('two files in "file" → 400 TOO_MANY_FILES', async () => {
    const { body, contentType } = multipart([
      { name: 'file', filename: 'a.doc', type: 'application/msword', data: Buffer.from('x') },
      { name: 'file', filename: 'b.doc', type: 'application/msword', data: Buffer.from('y') },
    ]);
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expectedProblem('TOO_MANY_FILES'));
  });

  it('three files → 400 TOO_MANY_FILES', async () => {
    const file = { name: 'file', filename: 'a.doc', type: 'application/msword', data: Buffer.from('x') };
    const { body, contentType } = multipart([file, file, file]);
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expectedProblem('TOO_MANY_FILES'));
  });

  it('a file plus an extra text field → 400 UNEXPECTED_FIELD', async () => {
    const { body, contentType } = multipart([
      { name: 'file', filename: 'a.doc', type: 'application/msword', data: Buffer.from('x') },
      { name: 'comment', data: 'hello' },
    ]);
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expectedProblem('UNEXPECTED_FIELD'));
  });

  it('"file" sent as a text value → 400 MISSING_FILE', async () => {
    const { body, contentType } = multipart([{ name: 'file', data: 'not a file' }]);
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(
      expectedProblem('MISSING_FILE', 'The form field "file" must be a file upload (with a filename), not a text value.'),
    );
  });

  it('multipart without a boundary → 400 MALFORMED_REQUEST', async () => {
    const res = await post(Buffer.from('garbage'), 'multipart/form-data');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expectedProblem('MALFORMED_REQUEST'));
  });

  it('multipart cut off in the middle → 400 MALFORMED_REQUEST', async () => {
    const { body, contentType } = docUpload(Buffer.alloc(5000, 1));
    const res = await post(body.subarray(0, 300), contentType);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(expectedProblem('MALFORMED_REQUEST'));
  });

  it('a JSON body → 415 NOT_MULTIPART', async () => {
    const res = await app.inject({ method: 'POST', url: '/doc-parser', payload: { file: 'x' } });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual(expectedProblem('NOT_MULTIPART'));
  });

  it('the raw document as the body → 415 NOT_MULTIPART', async () => {
    const res = await post(Buffer.from('\xd0\xcf\x11\xe0', 'latin1'), 'application/msword');
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual(expectedProblem('NOT_MULTIPART'));
  });

  it.each([
    ['-1', 'a whole number from 0 to 505'],
    ['abc', 'a whole number from 0 to 505'],
    ['1.5', 'a whole number from 0 to 505'],
    ['506', 'a whole number from 0 to 505'],
    ['100000', 'a whole number from 0 to 505'],
  ])('width=%s → 400 INVALID_OPTION naming the parameter and its bounds', async (width, allowed) => {
    const { body, contentType } = docUpload(Buffer.from('x'));
    const res = await post(body, contentType, `?width=${width}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(
      expectedProblem('INVALID_OPTION', `Invalid value "${width}" for the query parameter "width": it must be ${allowed}.`),
    );
    expect(res.body).not.toContain('querystring/');
  });

  it.each(['0', '505'])('width=%s is valid (the empty file is what gets refused)', async (width) => {
    const { body, contentType } = docUpload(Buffer.alloc(0));
    const res = await post(body, contentType, `?width=${width}`);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual(expectedProblem('EMPTY_FILE'));
  });

  it('format=docx → 400 INVALID_OPTION naming the allowed values', async () => {
    const { body, contentType } = docUpload(Buffer.from('x'));
    const res = await post(body, contentType, '?format=docx');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(
      expectedProblem('INVALID_OPTION', 'Invalid value "docx" for the query parameter "format": it must be one of catdoc, plain, markdown, html, json.'),
    );
  });

  it('story=everything → 400 INVALID_OPTION naming the allowed values', async () => {
    const { body, contentType } = docUpload(Buffer.from('x'));
    const res = await post(body, contentType, '?story=everything');
    expect(res.statusCode).toBe(400);
    expect(res.json().description).toBe(
      'Invalid value "everything" for the query parameter "story": it must be one of main, all, body, footnotes, headers, macros, comments, endnotes, textboxes, headerTextboxes.',
    );
  });
});

describe('declared name and type (no parsing involved)', () => {
  it.each(['report.docx', 'report.txt', 'report', 'report.doc.exe', '.doc.', 'report.dotx', ''])(
    'name %j → 415 INVALID_FILE_NAME',
    async (filename) => {
      const { body, contentType } = docUpload(Buffer.from('\xd0\xcf\x11\xe0', 'latin1'), filename);
      const res = await post(body, contentType);
      expect(res.statusCode).toBe(415);
      expect(res.json()).toEqual(expectedProblem('INVALID_FILE_NAME'));
      expect(res.json().description).toMatch(/must end in \.doc or \.dot/);
    },
  );

  it('an empty .doc → 415 EMPTY_FILE, saying so', async () => {
    const { body, contentType } = docUpload(Buffer.alloc(0), 'empty.doc');
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({ title: 'Unsupported Media Type', description: 'The uploaded file is empty (0 bytes).', code: 'EMPTY_FILE' });
  });

  it.each(['REPORT.DOC', 'template.dot', 'TEMPLATE.DOT'])('the name %j is accepted', async (filename) => {
    const { body, contentType } = docUpload(Buffer.alloc(0), filename);
    const res = await post(body, contentType);
    expect(res.json().code).toBe('EMPTY_FILE'); // got past the name check
  });

  it.each([
    'application/msword',
    'application/octet-stream',
    'text/plain',
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'image/png',
    'Application/MSWord',
  ])('the declared type %s does not decide (the content does)', async (type) => {
    const { body, contentType } = docUpload(Buffer.alloc(0), 'a.doc', type);
    const res = await post(body, contentType);
    expect(res.json().code).toBe('EMPTY_FILE'); // got past the name check, whatever the type
  });

  it('no distinct message is the old one with its "93" typo', () => {
    for (const { description } of Object.values(PROBLEMS)) expect(description).not.toMatch(/93 -2003/);
    const descriptions = Object.values(PROBLEMS).map((p) => p.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });
});

describe('size limit', () => {
  it('a 60 MB upload against the default 50 MB limit → 413 FILE_TOO_LARGE', async () => {
    expect(DEFAULT_CONFIG.maxFileBytes).toBe(50 * 1024 * 1024);
    const { body, contentType } = docUpload(Buffer.alloc(60 * 1024 * 1024, 0x41), 'big.doc');
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual(
      expectedProblem('FILE_TOO_LARGE', 'The document is larger than the limit of 52428800 bytes.'),
    );
  });

  it('a file just over a small limit → 413, even when the whole body fits the overhead allowance', async () => {
    const small = createApp({ logger: false, maxFileBytes: 1000 });
    try {
      const { body, contentType } = docUpload(Buffer.alloc(1001, 0x41), 'big.doc');
      const res = await small.inject({
        method: 'POST',
        url: '/doc-parser',
        headers: { 'content-type': contentType },
        payload: body,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual(expectedProblem('FILE_TOO_LARGE', 'The document is larger than the limit of 1000 bytes.'));
    } finally {
      await small.close();
    }
  });

  it('a file of exactly the limit is read (and then judged by its content)', async () => {
    const small = createApp({ logger: false, maxFileBytes: 1000 });
    try {
      const { body, contentType } = docUpload(Buffer.alloc(1000, 0x41), 'exact.doc');
      const res = await small.inject({
        method: 'POST',
        url: '/doc-parser',
        headers: { 'content-type': contentType },
        payload: body,
      });
      expect(res.statusCode).not.toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('configuration', () => {
  it('loadConfig reads the environment', () => {
    expect(loadConfig({})).toEqual(DEFAULT_CONFIG);
    expect(
      loadConfig({
        PORT: '9000',
        HOST: '127.0.0.1',
        MAX_FILE_BYTES: '1024',
        DEFAULT_FORMAT: 'markdown',
        INLINE_IMAGES_BYTES: '1000',
        LOG_LEVEL: 'warn',
        REQUEST_TIMEOUT_MS: '5000',
        SHUTDOWN_TIMEOUT_MS: '100',
        INFLIGHT_BYTES: '10000000',
        PARSE_THREADS: '3',
        PARSE_HEAP_MB: '256',
        PARSE_TIMEOUT_MS: '9000',
        CORS_ORIGINS: 'https://app.example, http://localhost:3000',
      }),
    ).toEqual({
      port: 9000,
      host: '127.0.0.1',
      maxFileBytes: 1024,
      defaultFormat: 'markdown',
      inlineImagesBytes: 1000,
      logLevel: 'warn',
      requestTimeoutMs: 5000,
      shutdownTimeoutMs: 100,
      inflightBytes: 10_000_000,
      concurrency: 'threads',
      parseThreads: 3,
      parseHeapMb: 256,
      parseTimeoutMs: 9000,
      corsOrigins: ['https://app.example', 'http://localhost:3000'],
    });
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(loadConfig({ PARSE_THREADS: '0' }).parseThreads).toBe(0);
    // A process per core, each parsing on its event loop: no parse workers, unless asked for (refused).
    expect(loadConfig({ CONCURRENCY: 'processes' })).toMatchObject({ concurrency: 'processes', parseThreads: 0 });
    expect(loadConfig({ CONCURRENCY: 'Processes', PARSE_THREADS: '0' })).toMatchObject({ concurrency: 'processes', parseThreads: 0 });
    expect(() => loadConfig({ CONCURRENCY: 'processes', PARSE_THREADS: '4' })).toThrow(/PARSE_THREADS \(4\) is for CONCURRENCY=threads/);
  });

  it.each([
    { PORT: 'http' },
    { PORT: '70000' },
    { MAX_FILE_BYTES: '0' },
    { MAX_FILE_BYTES: '50MB' },
    { DEFAULT_FORMAT: 'docx' },
    { INLINE_IMAGES_BYTES: '4MB' },
    { LOG_LEVEL: 'loud' },
    { REQUEST_TIMEOUT_MS: '-5' },
    { PARSE_THREADS: 'many' },
    { PARSE_THREADS: '1000' },
    { PARSE_HEAP_MB: '8' },
    { PARSE_TIMEOUT_MS: '0' },
    { INFLIGHT_BYTES: '1MB' },
    { CORS_ORIGINS: 'app.example' },
    { CORS_ORIGINS: 'https://app.example/path' },
    { CORS_ORIGINS: 'ftp://app.example' },
  ])('loadConfig rejects %j', (env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
  });

  it('a budget smaller than one largest upload stops start-up, saying why', () => {
    expect(() => loadConfig({ MAX_FILE_BYTES: '10000000', INFLIGHT_BYTES: '5000000' })).toThrow(
      /INFLIGHT_BYTES \(5000000\) must be at least MAX_FILE_BYTES \+ 1 MiB/,
    );
    expect(() => createApp({ logger: false, maxFileBytes: 10_000_000, inflightBytes: 5_000_000 })).toThrow(ConfigError);
  });
});

// ---- the following need the real parser (@doc2text/parser built from the core) ----

describe.skipIf(!simple)('real documents (needs the parser core)', () => {
  it('a Word 97 document → 200 {text, file}', async () => {
    const { body, contentType } = docUpload(simple!, 'simple.doc');
    const res = await post(body, contentType, '?format=plain');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const json = res.json();
    expect(Object.keys(json)).toEqual(['text', 'file']);
    expect(json.file).toBe('simple.doc');
    expect(typeof json.text).toBe('string');
    expect(json.text.trim().length).toBeGreaterThan(0);
  });

  it.skipIf(!CORPUS_SIMPLE_PATH)('corpus poi/simple.doc → its text', async () => {
    const { body, contentType } = docUpload(read(CORPUS_SIMPLE_PATH!), 'simple.doc', 'application/octet-stream');
    for (const query of ['', '?format=plain', '?format=catdoc', '?format=catdoc&width=0', '?story=all&format=plain']) {
      const res = await post(body, contentType, query);
      expect(res.statusCode, query).toBe(200);
      expect(res.json().text, query).toContain(CORPUS_SIMPLE_TEXT);
      expect(res.json().file).toBe('simple.doc');
    }
  });

  it.skipIf(!CORPUS_SIMPLE_PATH)('the text is exactly what extractText gives, default format = catdoc', async () => {
    const bytes = read(CORPUS_SIMPLE_PATH!);
    const { body, contentType } = docUpload(bytes, 'simple.doc');
    const cases: Array<[string, ExtractOptions]> = [
      ['', { format: 'catdoc' }],
      ['?width=0', { format: 'catdoc', width: 0 }],
      ['?format=plain', { format: 'plain' }],
      ['?format=plain&story=all', { format: 'plain', story: 'all' }],
    ];
    for (const [query, options] of cases) {
      const res = await post(body, contentType, query);
      expect(res.statusCode, query).toBe(200);
      expect(res.json().text, query).toBe(extractText(new Uint8Array(bytes), options));
    }
  });

  it.each([
    'Отчёт 2024 – résumé.doc',
    '报告 📄.doc',
    '../../etc/passwd.doc',
    'a;rm -rf ~.doc',
    '$(id).doc',
    '`touch PWNED`.doc',
    'C:/Users/x/My Documents/a.doc',
    '  spaced  .doc',
  ])('the file name %j is echoed verbatim', async (filename) => {
    const { body, contentType } = docUpload(simple!, filename);
    const res = await post(body, contentType, '?format=plain');
    expect(res.statusCode).toBe(200);
    expect(res.json().file).toBe(filename);
  });

  it('content that is not a Word document, named .doc → 415 NOT_OLE, saying so', async () => {
    const { body, contentType } = docUpload(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), 'fake.doc');
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('NOT_OLE');
    expect(res.json().description).toMatch(/not a Word document/);
  });

  it('a .docx renamed .doc → 200 with its text (formats/ooxml)', async () => {
    const { body, contentType } = docUpload(read(join(FIXTURES, 'docx', 'simple.docx')), 'renamed.doc', 'application/msword');
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(200);
    expect(res.json().text).toContain('The quick brown fox jumps over the lazy dog.');
  });

  it('a ZIP with no Word document in it, named .doc → 415 UNSUPPORTED_FORMAT that says what it is', async () => {
    const zip = tinyZip();
    expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    const { body, contentType } = docUpload(zip, 'renamed.doc', 'application/msword');
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_FORMAT');
    expect(res.json().description).toMatch(/Office Open XML/);
  });

  it('a WordPerfect file named .doc → 415 UNSUPPORTED_FORMAT that names WordPerfect', async () => {
    const wp = Buffer.concat([Buffer.from([0xff, 0x57, 0x50, 0x43]), Buffer.alloc(60, 0)]);
    const { body, contentType } = docUpload(wp, 'old.doc');
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_FORMAT');
    expect(res.json().description).toMatch(/WordPerfect/);
  });

  it('a real document sent as a template name (.dot) → 200', async () => {
    const { body, contentType } = docUpload(simple!, 'letter.dot', 'application/octet-stream');
    const res = await post(body, contentType, '?format=plain');
    expect(res.statusCode).toBe(200);
    expect(res.json().file).toBe('letter.dot');
  });

  it('a real document in a part without Content-Type (Python requests) → 200', async () => {
    const { body, contentType } = multipart([{ name: 'file', filename: 'report.doc', data: simple! }]);
    expect(body.toString('latin1')).not.toMatch(/Content-Type/i);
    const res = await post(body, contentType, '?format=plain');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ text: extractText(new Uint8Array(simple!), { format: 'plain' }), file: 'report.doc' });
  });

  it('a truncated document (first 4096 bytes) → 422 TRUNCATED or CORRUPT', async () => {
    const { body, contentType } = docUpload(simple!.subarray(0, 4096), 'truncated.doc');
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(422);
    const json = res.json();
    expect(['TRUNCATED', 'CORRUPT']).toContain(json.code);
    expect(json).toEqual(expectedProblem(json.code));
  });

  it.skipIf(!ENCRYPTED_DOC_PATH)('an encrypted document → 422 ENCRYPTED', async () => {
    const { body, contentType } = docUpload(read(ENCRYPTED_DOC_PATH!), 'secret.doc');
    const res = await post(body, contentType);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      title: 'Unprocessable Entity',
      description:
        'The document is password-protected (encrypted): a password is needed to read it. Send the password in the multipart form field "password" beside "file".',
      code: 'ENCRYPTED',
    });
  });

  it.skipIf(!HAS_CORPUS && DOC_FILES.length === 0)(
    'every fixture and corpus .doc: the answer is exactly what the parser says',
    async () => {
      const statuses: Record<number, number> = {};
      for (const path of DOC_FILES) {
        const bytes = read(path);
        let expected: { status: number; body: unknown };
        try {
          expected = { status: 200, body: { text: extractText(new Uint8Array(bytes), { format: 'plain' }), file: 'x.doc' } };
        } catch (error) {
          if (!isDocParseError(error)) throw error;
          const code = error.code;
          const spec: { parserMessage?: true } = PROBLEMS[code];
          expected = { status: PROBLEMS[code].status, body: expectedProblem(code, spec.parserMessage ? error.message : undefined) };
        }
        const { body, contentType } = docUpload(bytes, 'x.doc');
        const res = await post(body, contentType, '?format=plain');
        expect(res.statusCode, path).toBe(expected.status);
        expect(res.json(), path).toEqual(expected.body);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      }
      expect(statuses[200]).toBeGreaterThan(0);
    },
    120_000,
  );

  it('the app keeps answering after all of the above', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
  });
});
