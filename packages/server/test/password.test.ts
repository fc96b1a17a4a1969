/**
 * The `password` form field: an encrypted document (fixtures/encrypted.doc, LibreOffice RC4,
 * password "secret") opens with it, a wrong one is 422 WRONG_PASSWORD, none is 422 ENCRYPTED saying
 * how to give one; the password is never echoed and never logged (real HTTP on 127.0.0.1, every log
 * line at level trace captured). The Lambda handler's side is in lambda.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../src/index.js';
import { FIXTURES, expectedProblem, logSink, multipart, read } from './helpers.js';

const ENCRYPTED = read(join(FIXTURES, 'encrypted.doc'));
const BODY = readFileSync(join(FIXTURES, 'simple.body.txt'), 'utf8');
/** The fixture's password, and a wrong one unlike anything else in a request or a log line. */
const PASSWORD = 'secret';
const WRONG = 'Wr0ng-pa55word-7Qx';

function form(password: string | undefined, name = 'enc.doc') {
  return multipart([
    { name: 'file', filename: name, data: ENCRYPTED },
    ...(password === undefined ? [] : [{ name: 'password', data: password }]),
  ]);
}

const sink = logSink();
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = createApp({ logger: { level: 'trace', stream: sink.stream }, parseThreads: 1, defaultFormat: 'plain' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await app.close();
});

async function send(password: string | undefined, query = '') {
  const { body, contentType } = form(password);
  const res = await fetch(`${base}/doc-parser${query}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, text: await res.text() };
}

describe('password field (real HTTP)', () => {
  it('the right password opens the document', async () => {
    const res = await send(PASSWORD);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ text: BODY, file: 'enc.doc' });
  });

  it('also with a structured format, and with the field before the file', async () => {
    const { body, contentType } = multipart([
      { name: 'password', data: PASSWORD },
      { name: 'file', filename: 'enc.doc', data: ENCRYPTED },
    ]);
    const res = await fetch(`${base}/doc-parser?format=markdown`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status).toBe(200);
    // The same Markdown as the unencrypted document it was saved from (fixtures/simple.doc).
    const plain = multipart([{ name: 'file', filename: 'simple.doc', data: read(join(FIXTURES, 'simple.doc')) }]);
    const reference = await fetch(`${base}/doc-parser?format=markdown`, { method: 'POST', headers: { 'content-type': plain.contentType }, body: plain.body });
    const expected = (await reference.json()).text as string;
    expect(expected).toContain('The quick brown fox jumps over the lazy dog.\n\n');
    expect((await res.json()).text).toBe(expected);
  });

  it('a wrong password → 422 WRONG_PASSWORD, not echoed', async () => {
    const res = await send(WRONG);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text)).toEqual(expectedProblem('WRONG_PASSWORD'));
    expect(res.text).not.toContain(WRONG);
  });

  it('no password → 422 ENCRYPTED, saying a password is needed and how to send it', async () => {
    const res = await send(undefined);
    expect(res.status).toBe(422);
    const problem = JSON.parse(res.text);
    expect(problem).toEqual(expectedProblem('ENCRYPTED'));
    expect(problem.description).toMatch(/password is needed/);
    expect(problem.description).toContain('form field "password"');
  });

  it('an empty password is no password (ENCRYPTED)', async () => {
    expect(JSON.parse((await send('')).text).code).toBe('ENCRYPTED');
  });

  it('the password is never in the logs, at any level', async () => {
    sink.lines.length = 0;
    await send(PASSWORD);
    await send(WRONG);
    await send(WRONG, '?format=json');
    const logged = sink.lines.map((line) => JSON.stringify(line)).join('\n');
    // The log captured what happened (so the test would see a password logged with the request)...
    expect(sink.lines.filter((l) => l.msg === 'document parsed')).toHaveLength(1);
    expect(sink.lines.filter((l) => l.msg === 'document refused' && l.parserCode === 'WRONG_PASSWORD')).toHaveLength(2);
    expect(sink.lines.filter((l) => l.msg === 'incoming request')).toHaveLength(3);
    // ...and neither password appears anywhere in it.
    expect(logged).not.toContain(WRONG);
    expect(logged).not.toContain(PASSWORD);
  });

  it('a password that reaches a log call anyway is censored', () => {
    sink.lines.length = 0;
    app.log.info({ fields: { password: WRONG }, password: WRONG }, 'fields');
    expect(sink.lines.at(-1)).toMatchObject({ fields: { password: '[redacted]' }, password: '[redacted]' });
  });
});
