/**
 * Invokes a deployed Lambda handler the way AWS does, with the three HTTP event shapes:
 *
 *   node lambda-invoke.mjs HANDLER_FILE EXPORT FIXTURES_DIR
 *   (e.g. /var/task/dist/lambda.js handler /fixtures, or ./lambda.mjs handler ./fixtures)
 *
 * API Gateway REST API (payload 1.0), HTTP API (payload 2.0) and a Function URL (2.0 shape,
 * lambda-url domain), each POSTing fixtures/multilingual.doc as a base64 multipart body (as API
 * Gateway delivers binary media types), plus GET /health. The answer's text must equal
 * fixtures/multilingual.body.txt. Runs anywhere Node runs: inside the Lambda image, or in the folder
 * a Lambda zip was unpacked to. Exits non-zero on the first failure.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, exportName, fixtures] = process.argv.slice(2);
if (!file || !exportName || !fixtures) throw new Error('usage: lambda-invoke.mjs HANDLER_FILE EXPORT FIXTURES_DIR');
const fail = (message) => {
  console.error(`lambda: FAILED: ${message}`);
  process.exit(1);
};

process.env.LOG_LEVEL ??= 'warn';
const loadStart = performance.now();
const handler = (await import(pathToFileURL(resolve(file)).href))[exportName];
if (typeof handler !== 'function') fail(`${file} has no function export ${exportName}`);
const initMs = performance.now() - loadStart;

const doc = readFileSync(join(fixtures, 'multilingual.doc'));
const expected = readFileSync(join(fixtures, 'multilingual.body.txt'), 'utf8');
const boundary = '----lambdaE2E7MA4YWxkTrZu0gW';
const body = Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="multilingual.doc"\r\nContent-Type: application/msword\r\n\r\n`),
  doc,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]).toString('base64');
const contentType = `multipart/form-data; boundary=${boundary}`;
const now = Date.now();

const restV1 = {
  resource: '/doc-parser', path: '/doc-parser', httpMethod: 'POST',
  headers: { 'Content-Type': contentType, Host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
  multiValueHeaders: { 'Content-Type': [contentType], Host: ['abc123.execute-api.eu-west-1.amazonaws.com'] },
  queryStringParameters: { format: 'plain' }, multiValueQueryStringParameters: { format: ['plain'] },
  pathParameters: null, stageVariables: null,
  requestContext: {
    resourcePath: '/doc-parser', httpMethod: 'POST', path: '/prod/doc-parser', stage: 'prod', requestId: 'e2e-v1',
    requestTimeEpoch: now, identity: { sourceIp: '203.0.113.7', userAgent: 'curl/8' }, accountId: '123456789012', apiId: 'abc123',
  },
  body, isBase64Encoded: true,
};
const v2 = (domain, stage, rawPath, method = 'POST') => ({
  version: '2.0', routeKey: '$default', rawPath, rawQueryString: method === 'POST' ? 'format=plain' : '',
  headers: { 'content-type': contentType, host: domain }, queryStringParameters: { format: 'plain' },
  requestContext: {
    accountId: '123456789012', apiId: domain.split('.')[0], domainName: domain, domainPrefix: domain.split('.')[0],
    http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8' },
    requestId: `e2e-${stage}`, routeKey: '$default', stage, time: new Date(now).toUTCString(), timeEpoch: now,
  },
  ...(method === 'POST' ? { body, isBase64Encoded: true } : { isBase64Encoded: false }),
});
const events = [
  ['API Gateway REST API (payload 1.0)', restV1],
  ['API Gateway HTTP API (payload 2.0, stage prod)', v2('def456.execute-api.eu-west-1.amazonaws.com', 'prod', '/prod/doc-parser')],
  ['Lambda Function URL', v2('ghi789abc.lambda-url.eu-west-1.on.aws', '$default', '/doc-parser')],
];
const context = { awsRequestId: 'e2e', functionName: 'doc2text', getRemainingTimeInMillis: () => 30_000, callbackWaitsForEmptyEventLoop: true };

const health = await handler(v2('ghi789abc.lambda-url.eu-west-1.on.aws', '$default', '/health', 'GET'), context);
if (health.statusCode !== 200) fail(`GET /health → ${health.statusCode} ${health.body}`);
for (const [label, event] of events) {
  const result = await handler(event, context);
  const raw = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString('utf8') : result.body;
  let json;
  try {
    json = JSON.parse(raw);
  } catch {
    fail(`${label}: not JSON (${result.statusCode}): ${String(raw).slice(0, 200)}`);
  }
  if (result.statusCode !== 200) fail(`${label}: ${result.statusCode} ${raw.slice(0, 300)}`);
  if (json.file !== 'multilingual.doc' || json.text !== expected) fail(`${label}: the text differs from multilingual.body.txt`);
  console.log(`  ok  ${label}: base64 multipart POST /doc-parser → 200, ${json.text.length} chars = multilingual.body.txt`);
}
console.log(`lambda: OK on Node ${process.versions.node} (${file}#${exportName}; module load + app ready ${initMs.toFixed(0)} ms)`);
process.exit(0);
