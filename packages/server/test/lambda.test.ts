/**
 * src/lambda.ts behind API Gateway REST (payload 1.0), HTTP API (payload 2.0) and a Function URL,
 * with events shaped like recorded ones and multipart bodies base64-encoded as API Gateway sends them.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CORPUS_SIMPLE_PATH,
  CORPUS_SIMPLE_TEXT,
  ENCRYPTED_DOC_PATH,
  FIXTURES,
  SIMPLE_DOC_PATH,
  docUpload,
  expectedProblem,
  multipart,
  read,
} from './helpers.js';

// lambda.ts reads its configuration from the environment when it is loaded.
const savedEnv = { ...process.env };
process.env.LOG_LEVEL = 'silent';
process.env.MAX_FILE_BYTES = '1000000';
delete process.env.DEFAULT_FORMAT;
const { handler, app } = await import('../src/lambda.js');
afterAll(async () => {
  process.env = savedEnv;
  await app.close();
});

const simple = SIMPLE_DOC_PATH ? read(SIMPLE_DOC_PATH) : undefined;
const context = () => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'doc2text',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:doc2text',
  memoryLimitInMB: '1024',
  awsRequestId: '8f5a7c1e-2a53-4a39-9a3b-1b9b0c3d0e11',
  logGroupName: '/aws/lambda/doc2text',
  logStreamName: '2026/11/23/[$LATEST]0123456789abcdef',
  getRemainingTimeInMillis: () => 29_000,
});

type Query = Record<string, string>;

/** API Gateway REST API, Lambda proxy integration (payload format 1.0). */
function restEvent(method: string, path: string, opts: { headers?: Record<string, string>; query?: Query; body?: Buffer; base64?: boolean } = {}) {
  const headers: Record<string, string> = {
    Accept: '*/*',
    'CloudFront-Forwarded-Proto': 'https',
    'CloudFront-Viewer-Country': 'DE',
    Host: 'abc123defg.execute-api.eu-west-1.amazonaws.com',
    'User-Agent': 'curl/8.5.0',
    Via: '2.0 9f1e3c2b0d8a.cloudfront.net (CloudFront)',
    'X-Amz-Cf-Id': 'd8yE2oRk7mX1x0eQe3x4bIuT1p2kx5b3l-2vq8H6Jc0P2dYZcE4kQw==',
    'X-Amzn-Trace-Id': 'Root=1-6741b2c0-0a1b2c3d4e5f60718293a4b5',
    'X-Forwarded-For': '203.0.113.7, 130.176.0.12',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...opts.headers,
  };
  const base64 = opts.base64 ?? true;
  return {
    resource: path,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: opts.query ?? null,
    multiValueQueryStringParameters: opts.query
      ? Object.fromEntries(Object.entries(opts.query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourceId: 'x1y2z3',
      resourcePath: path,
      httpMethod: method,
      extendedRequestId: 'BqTpGFJjliAEMyQ=',
      requestTime: '23/Nov/2026:11:30:00 +0000',
      path: `/prod${path}`,
      accountId: '123456789012',
      protocol: 'HTTP/1.1',
      stage: 'prod',
      domainPrefix: 'abc123defg',
      requestTimeEpoch: 1795433400000,
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: '203.0.113.7',
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: 'curl/8.5.0',
        user: null,
      },
      domainName: 'abc123defg.execute-api.eu-west-1.amazonaws.com',
      apiId: 'abc123defg',
    },
    body: opts.body === undefined ? null : opts.body.toString(base64 ? 'base64' : 'utf8'),
    isBase64Encoded: opts.body === undefined ? false : base64,
  };
}

/** HTTP API (payload format 2.0); with `functionUrl`, the event a Lambda Function URL sends. */
function httpApiEvent(
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; query?: Query; body?: Buffer; stage?: string; functionUrl?: boolean } = {},
) {
  const stage = opts.stage ?? '$default';
  const rawPath = stage === '$default' || opts.functionUrl ? path : `/${stage}${path}`;
  const domainName = opts.functionUrl
    ? 'a1b2c3d4e5f6g7h8i9j0klmnop.lambda-url.eu-west-1.on.aws'
    : 'abc123defg.execute-api.eu-west-1.amazonaws.com';
  const rawQueryString = new URLSearchParams(opts.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: opts.functionUrl ? '$default' : `${method} ${path}`,
    rawPath,
    rawQueryString,
    headers: {
      accept: '*/*',
      host: domainName,
      'user-agent': 'python-requests/2.32.3',
      'x-amzn-trace-id': 'Root=1-6741b2c0-0a1b2c3d4e5f60718293a4b5',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(opts.body ? { 'content-length': String(opts.body.length) } : {}),
      ...opts.headers,
    },
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    requestContext: {
      accountId: opts.functionUrl ? 'anonymous' : '123456789012',
      apiId: opts.functionUrl ? 'a1b2c3d4e5f6g7h8i9j0klmnop' : 'abc123defg',
      domainName,
      domainPrefix: domainName.split('.')[0],
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'python-requests/2.32.3' },
      requestId: opts.functionUrl ? '1ac06eee-f687-44ec-9036-dfd49d0be0a3' : 'JKJaXmPLvHcESHA=',
      routeKey: opts.functionUrl ? '$default' : `${method} ${path}`,
      stage,
      time: '23/Nov/2026:11:30:00 +0000',
      timeEpoch: 1795433400000,
    },
    ...(opts.body ? { body: opts.body.toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

function jsonOf(result: { body: string; isBase64Encoded?: boolean }) {
  const text = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body;
  return JSON.parse(text);
}

describe('no parsing involved', () => {
  it('REST API: GET /health', async () => {
    const result = await handler(restEvent('GET', '/health'), context());
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(jsonOf(result)).toEqual({ status: 'ok' });
  });

  it('HTTP API: GET /health on $default and on a named stage', async () => {
    for (const stage of ['$default', 'prod']) {
      const result = await handler(httpApiEvent('GET', '/health', { stage }), context());
      expect(result.statusCode, stage).toBe(200);
      expect(jsonOf(result)).toEqual({ status: 'ok' });
    }
  });

  it('Function URL: GET /openapi.json', async () => {
    const result = await handler(httpApiEvent('GET', '/openapi.json', { functionUrl: true }), context());
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result).openapi).toMatch(/^3\./);
  });

  it('REST API: a base64 multipart upload with a .txt name → 415 INVALID_FILE_NAME', async () => {
    const { body, contentType } = docUpload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 255]), 'notes.txt');
    const result = await handler(restEvent('POST', '/doc-parser', { headers: { 'Content-Type': contentType }, body }), context());
    expect(result.statusCode).toBe(415);
    expect(jsonOf(result)).toEqual(expectedProblem('INVALID_FILE_NAME'));
  });

  it('REST API without binary media types (text body): wrong field → 400 UNEXPECTED_FIELD', async () => {
    const { body, contentType } = multipart([{ name: 'upload', filename: 'a.doc', type: 'application/msword', data: 'x' }]);
    const result = await handler(
      restEvent('POST', '/doc-parser', { headers: { 'Content-Type': contentType }, body, base64: false }),
      context(),
    );
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result)).toEqual(expectedProblem('UNEXPECTED_FIELD'));
  });

  it('REST API: multi-value query parameters are understood (width=0 valid, empty file refused)', async () => {
    const { body, contentType } = docUpload(Buffer.alloc(0), 'empty.doc');
    const result = await handler(
      restEvent('POST', '/doc-parser', { headers: { 'Content-Type': contentType }, query: { width: '0', format: 'catdoc' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(415);
    expect(jsonOf(result).code).toBe('EMPTY_FILE');
  });

  it('HTTP API: a bad option → 400 INVALID_OPTION', async () => {
    const { body, contentType } = docUpload(Buffer.from('x'), 'a.doc');
    const result = await handler(
      httpApiEvent('POST', '/doc-parser', { headers: { 'content-type': contentType }, query: { format: 'docx' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result).code).toBe('INVALID_OPTION');
  });

  it.each(['506', '100000'])('width=%s → 400 INVALID_OPTION naming the bounds (was 500)', async (width) => {
    const { body, contentType } = docUpload(simple ?? Buffer.from('x'), 'a.doc');
    const result = await handler(
      restEvent('POST', '/doc-parser', { headers: { 'Content-Type': contentType }, query: { width }, body }),
      context(),
    );
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result)).toEqual(
      expectedProblem('INVALID_OPTION', `Invalid value "${width}" for the query parameter "width": it must be a whole number from 0 to 505.`),
    );
  });

  it('OPTIONS /doc-parser → 204 Allow; GET /doc-parser/ (trailing slash) → 405 Allow', async () => {
    const options = await handler(restEvent('OPTIONS', '/doc-parser'), context());
    expect(options.statusCode).toBe(204);
    expect(options.headers.allow).toBe('POST, OPTIONS');
    const get = await handler(httpApiEvent('GET', '/doc-parser/'), context());
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST, OPTIONS');
  });

  it('Function URL: two files → 400 TOO_MANY_FILES', async () => {
    const file = { name: 'file', filename: 'a.doc', type: 'application/msword', data: Buffer.from('x') };
    const { body, contentType } = multipart([file, file]);
    const result = await handler(
      httpApiEvent('POST', '/doc-parser', { headers: { 'content-type': contentType }, body, functionUrl: true }),
      context(),
    );
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result)).toEqual(expectedProblem('TOO_MANY_FILES'));
  });

  it('an upload over MAX_FILE_BYTES → 413', async () => {
    const { body, contentType } = docUpload(Buffer.alloc(1_000_001, 0x41), 'big.doc');
    const result = await handler(
      httpApiEvent('POST', '/doc-parser', { headers: { 'content-type': contentType }, body }),
      context(),
    );
    expect(result.statusCode).toBe(413);
    expect(jsonOf(result)).toEqual(
      expectedProblem('FILE_TOO_LARGE', 'The document is larger than the limit of 1000000 bytes.'),
    );
  });

  it('unknown path → 404', async () => {
    const result = await handler(httpApiEvent('GET', '/nope'), context());
    expect(result.statusCode).toBe(404);
    expect(jsonOf(result)).toEqual(expectedProblem('NOT_FOUND'));
  });
});

// ---- the following need the real parser (@doc2text/parser built from the core) ----

describe.skipIf(!simple)('real documents (needs the parser core)', () => {
  const expectText = (text: string) => {
    if (CORPUS_SIMPLE_PATH && SIMPLE_DOC_PATH === CORPUS_SIMPLE_PATH) expect(text).toContain(CORPUS_SIMPLE_TEXT);
    expect(text.trim().length).toBeGreaterThan(0);
  };

  it('REST API (payload 1.0), base64 body, capitalised headers', async () => {
    const filename = 'Отчёт 2024 – résumé.doc';
    const { body, contentType } = docUpload(simple!, filename);
    const result = await handler(
      restEvent('POST', '/doc-parser', { headers: { 'Content-Type': contentType }, query: { format: 'plain' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(false);
    const json = jsonOf(result);
    expect(json.file).toBe(filename);
    expectText(json.text);
  });

  it('HTTP API (payload 2.0), $default stage', async () => {
    const { body, contentType } = docUpload(simple!, '../../etc/passwd.doc', 'application/octet-stream');
    const result = await handler(
      httpApiEvent('POST', '/doc-parser', { headers: { 'content-type': contentType }, query: { format: 'plain' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result).file).toBe('../../etc/passwd.doc');
    expectText(jsonOf(result).text);
  });

  it('HTTP API (payload 2.0), named stage in rawPath', async () => {
    const { body, contentType } = docUpload(simple!, 'staged.doc');
    const result = await handler(
      httpApiEvent('POST', '/doc-parser', { headers: { 'content-type': contentType }, body, stage: 'prod' }),
      context(),
    );
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result).file).toBe('staged.doc');
  });

  it('a Python requests-style upload (part without Content-Type), .dot name → 200', async () => {
    const { body, contentType } = multipart([{ name: 'file', filename: 'memo.dot', data: simple! }]);
    const result = await handler(
      restEvent('POST', '/doc-parser/', { headers: { 'Content-Type': contentType }, query: { format: 'plain' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result).file).toBe('memo.dot');
    expectText(jsonOf(result).text);
  });

  it('Function URL, default format', async () => {
    const { body, contentType } = docUpload(simple!, '$(id).doc');
    const result = await handler(
      httpApiEvent('POST', '/doc-parser', { headers: { 'content-type': contentType }, body, functionUrl: true }),
      context(),
    );
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result).file).toBe('$(id).doc');
    expectText(jsonOf(result).text);
  });

  it.skipIf(!ENCRYPTED_DOC_PATH)('an encrypted document → 422 ENCRYPTED', async () => {
    const { body, contentType } = docUpload(read(ENCRYPTED_DOC_PATH!), 'secret.doc');
    const result = await handler(restEvent('POST', '/doc-parser', { headers: { 'Content-Type': contentType }, body }), context());
    expect(result.statusCode).toBe(422);
    expect(jsonOf(result)).toEqual(expectedProblem('ENCRYPTED'));
  });
});

describe('structured formats and the password field', () => {
  const fixture = (name: string) => read(join(FIXTURES, name));

  it('REST API: ?format=markdown → the hand-written Markdown of headings.doc', async () => {
    const { body, contentType } = docUpload(fixture('headings.doc'), 'headings.doc');
    const result = await handler(
      restEvent('POST', '/doc-parser', { headers: { 'Content-Type': contentType }, query: { format: 'markdown' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(200);
    expect(jsonOf(result)).toEqual({ text: fixture('headings.structure.md').toString('utf8'), file: 'headings.doc' });
  });

  it('HTTP API: ?format=html&images=inline → data URLs of both pictures', async () => {
    const { body, contentType } = docUpload(fixture('images.doc'), 'images.doc');
    const result = await handler(
      httpApiEvent('POST', '/doc-parser', { headers: { 'content-type': contentType }, query: { format: 'html', images: 'inline' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(200);
    const pngs = [...fixture('src/images.fodt').toString('utf8').matchAll(/<office:binary-data>([^<]+)<\/office:binary-data>/g)].map((m) => m[1]!);
    const html = fixture('images.structure.html').toString('utf8');
    expect(jsonOf(result).text).toBe(html.replace('image1.png', `data:image/png;base64,${pngs[0]}`).replace('image2.png', `data:image/png;base64,${pngs[1]}`));
  });

  it('HTTP API: ?images=everything → 400 INVALID_OPTION', async () => {
    const { body, contentType } = docUpload(fixture('images.doc'), 'images.doc');
    const result = await handler(
      httpApiEvent('POST', '/doc-parser', { headers: { 'content-type': contentType }, query: { format: 'html', images: 'everything' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(400);
    expect(jsonOf(result).code).toBe('INVALID_OPTION');
  });

  it.each([
    ['secret', 200, undefined],
    ['not-the-password', 422, 'WRONG_PASSWORD'],
    [undefined, 422, 'ENCRYPTED'],
  ] as const)('fixtures/encrypted.doc with password %j → %i %s', async (password, status, code) => {
    const { body, contentType } = multipart([
      { name: 'file', filename: 'enc.doc', data: fixture('encrypted.doc') },
      ...(password === undefined ? [] : [{ name: 'password', data: password }]),
    ]);
    const result = await handler(
      restEvent('POST', '/doc-parser', { headers: { 'Content-Type': contentType }, query: { format: 'plain' }, body }),
      context(),
    );
    expect(result.statusCode).toBe(status);
    if (code === undefined) expect(jsonOf(result)).toEqual({ text: fixture('simple.body.txt').toString('utf8'), file: 'enc.doc' });
    else expect(jsonOf(result)).toEqual(expectedProblem(code));
    if (password !== undefined) expect(result.body).not.toContain(password);
  });
});
