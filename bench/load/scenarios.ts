/** The raw-socket half of the load: wrong types, oversize, malformed multipart and HTTP, limits, aborts. */
import { MiB, type LoadOptions } from './common.js';
import { BOUNDARY, MULTIPART_TYPE, fileBody, multipart } from './requests.js';
import { piecesOf, postHead, type RawPlan } from './raw.js';
export interface Scenario {
  group: 'wrong-content-type' | 'oversize' | 'malformed-multipart' | 'malformed-http' | 'limits' | 'aborted';
  label: string;
  weight: number;
  /** Acceptable statuses; undefined for aborted uploads (no answer expected). */
  expect?: number[];
  plan: (random: () => number) => RawPlan;
}

export function rawScenarios(doc: Buffer, options: LoadOptions): Scenario[] {
  const good = fileBody(doc, 'a.doc');
  const big = Buffer.alloc(options.oversizeBytes, 0x41);
  const bigBody = fileBody(big, 'big.doc');
  const fixed = (head: string, body: Buffer, chunked = false): RawPlan => ({ head, pieces: piecesOf(body, chunked) });
  const mp = (body: Buffer, contentType = MULTIPART_TYPE) => fixed(postHead(contentType, body.length), body);
  const fields = (n: number) => multipart(Array.from({ length: n }, (_, i) => ({ name: `f${i}`, data: 'x' })));
  return [
    // wrong request Content-Type: answered 415 before the body is read
    { group: 'wrong-content-type', label: 'text/plain', weight: 2, expect: [415], plan: () => mp(good, 'text/plain') },
    {
      group: 'wrong-content-type',
      label: 'application/json',
      weight: 1,
      expect: [415],
      plan: () => mp(Buffer.from('{"file":"x"}'), 'application/json'),
    },
    {
      group: 'wrong-content-type',
      label: 'urlencoded',
      weight: 1,
      expect: [415],
      plan: () => mp(Buffer.from('file=abc'), 'application/x-www-form-urlencoded'),
    },
    {
      group: 'wrong-content-type',
      label: 'application/msword (raw document)',
      weight: 1,
      expect: [415],
      plan: () => mp(doc, 'application/msword'),
    },
    {
      group: 'wrong-content-type',
      label: 'no Content-Type',
      weight: 1,
      expect: [415],
      plan: () => fixed(postHead(undefined, good.length), good),
    },
    // a bad query option: refused before the body is read
    {
      group: 'malformed-http',
      label: 'bad query option (format=docx)',
      weight: 1,
      expect: [400],
      plan: () => ({
        ...fixed(postHead(MULTIPART_TYPE, good.length), good),
        head: postHead(MULTIPART_TYPE, good.length).replace('/doc-parser', '/doc-parser?format=docx'),
      }),
    },
    // oversize bodies
    {
      group: 'oversize',
      label: `${options.oversizeBytes / MiB} MiB, Content-Length`,
      weight: 3,
      expect: [413],
      plan: () => fixed(postHead(MULTIPART_TYPE, bigBody.length), bigBody),
    },
    {
      group: 'oversize',
      label: `${options.oversizeBytes / MiB} MiB, chunked`,
      weight: 2,
      expect: [413],
      plan: () => fixed(postHead(MULTIPART_TYPE, 'chunked'), bigBody, true),
    },
    // malformed multipart
    {
      group: 'malformed-multipart',
      label: 'boundary differs from the header',
      weight: 2,
      expect: [400],
      plan: () =>
        mp(
          multipart([{ name: 'file', filename: 'a.doc', type: 'application/msword', data: doc }], 'xxOtherBoundaryxx'),
        ),
    },
    {
      group: 'malformed-multipart',
      label: 'no final boundary',
      weight: 2,
      expect: [400],
      plan: () =>
        mp(multipart([{ name: 'file', filename: 'a.doc', type: 'application/msword', data: doc }], BOUNDARY, false)),
    },
    {
      group: 'malformed-multipart',
      label: 'cut in the middle of the file',
      weight: 2,
      expect: [400],
      plan: () => mp(good.subarray(0, Math.floor(good.length / 2))),
    },
    {
      group: 'malformed-multipart',
      label: 'no boundary parameter',
      weight: 1,
      expect: [400],
      plan: () => mp(good, 'multipart/form-data'),
    },
    {
      group: 'malformed-multipart',
      label: 'boundary of 200 characters (RFC 2046: at most 70)',
      weight: 1,
      expect: [200, 400],
      plan: () =>
        mp(
          multipart([{ name: 'file', filename: 'a.doc', type: 'application/msword', data: doc }], 'b'.repeat(200)),
          `multipart/form-data; boundary=${'b'.repeat(200)}`,
        ),
    },
    {
      group: 'malformed-multipart',
      label: 'garbage part headers',
      weight: 2,
      expect: [400],
      plan: (random) => {
        const junk = Buffer.from(Array.from({ length: 300 }, () => Math.floor(random() * 256)));
        return mp(
          Buffer.concat([
            Buffer.from(`--${BOUNDARY}\r\n`),
            junk,
            Buffer.from('\r\n\r\n'),
            doc,
            Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
          ]),
        );
      },
    },
    {
      group: 'malformed-multipart',
      label: 'part without Content-Disposition',
      weight: 1,
      expect: [400],
      plan: () =>
        mp(
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Type: application/msword\r\n\r\n${'x'.repeat(100)}\r\n--${BOUNDARY}--\r\n`,
          ),
        ),
    },
    {
      group: 'malformed-multipart',
      label: 'unterminated quote in the file name',
      weight: 1,
      expect: [200, 400, 415],
      plan: () =>
        mp(
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.doc\r\nContent-Type: application/msword\r\n\r\n${'x'.repeat(100)}\r\n--${BOUNDARY}--\r\n`,
          ),
        ),
    },
    {
      group: 'malformed-multipart',
      label: 'only garbage, no parts',
      weight: 1,
      expect: [400],
      plan: (random) => mp(Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)))),
    },
    // malformed HTTP (answered by the connection's error handler)
    {
      group: 'malformed-http',
      label: 'garbage request line',
      weight: 1,
      expect: [400],
      plan: () => ({ head: 'GARBAGE /\x01\x02 NOT-HTTP\r\n\r\n' }),
    },
    {
      group: 'malformed-http',
      label: 'header without a colon',
      weight: 1,
      expect: [400],
      plan: () => ({ head: 'POST /doc-parser HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n\r\n' }),
    },
    {
      group: 'malformed-http',
      label: '20 KiB header',
      weight: 1,
      expect: [431],
      plan: () => ({ head: `POST /doc-parser HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n` }),
    },
    {
      group: 'malformed-http',
      label: 'Content-Length and chunked together',
      weight: 1,
      expect: [400],
      plan: () => fixed(postHead(MULTIPART_TYPE, good.length, 'Transfer-Encoding: chunked\r\n'), good),
    },
    {
      group: 'malformed-http',
      label: 'bad chunk size',
      weight: 1,
      expect: [400],
      plan: () => ({
        head: postHead(MULTIPART_TYPE, 'chunked'),
        pieces: piecesOf(
          Buffer.from(`zz\r\n${good.subarray(0, 100).toString('latin1')}\r\n0\r\n\r\n`, 'latin1'),
          false,
        ),
      }),
    },
    // limits: files, fields, parts, part header pairs, field size
    {
      group: 'limits',
      label: 'two files',
      weight: 1,
      expect: [400],
      plan: () =>
        mp(
          multipart([
            { name: 'file', filename: 'a.doc', type: 'application/msword', data: doc },
            { name: 'file', filename: 'b.doc', type: 'application/msword', data: doc },
          ]),
        ),
    },
    {
      group: 'limits',
      label: '5 files',
      weight: 1,
      expect: [400],
      plan: () =>
        mp(
          multipart(
            Array.from({ length: 5 }, (_, i) => ({
              name: 'file',
              filename: `${i}.doc`,
              type: 'application/msword',
              data: doc,
            })),
          ),
        ),
    },
    { group: 'limits', label: '50 fields', weight: 1, expect: [400], plan: () => mp(fields(50)) },
    { group: 'limits', label: '1000 parts', weight: 1, expect: [400], plan: () => mp(fields(1000)) },
    {
      group: 'limits',
      label: '500 header lines in a part',
      weight: 1,
      expect: [200, 400, 415],
      plan: () =>
        mp(
          multipart([
            {
              name: 'file',
              filename: 'a.doc',
              type: 'application/msword',
              data: doc,
              extraHeaders: Array.from({ length: 500 }, (_, i) => `X-H${i}: v\r\n`).join(''),
            },
          ]),
        ),
    },
    {
      group: 'limits',
      label: '1 MiB text field',
      weight: 1,
      expect: [400],
      plan: () =>
        mp(
          multipart([
            { name: 'note', data: 'n'.repeat(MiB) },
            { name: 'file', filename: 'a.doc', type: 'application/msword', data: doc },
          ]),
        ),
    },
    // aborted uploads: the client goes away
    {
      group: 'aborted',
      label: 'in the request headers',
      weight: 2,
      plan: (random) => ({ head: postHead(MULTIPART_TYPE, good.length), abortAfter: 10 + Math.floor(random() * 60) }),
    },
    {
      group: 'aborted',
      label: 'after the headers',
      weight: 2,
      plan: () => ({
        head: postHead(MULTIPART_TYPE, good.length),
        abortAfter: postHead(MULTIPART_TYPE, good.length).length,
        abortDelayMs: 20,
      }),
    },
    {
      group: 'aborted',
      label: 'in the middle of the file',
      weight: 4,
      plan: (random) => {
        const head = postHead(MULTIPART_TYPE, good.length);
        return {
          head,
          pieces: piecesOf(good, false, 4096),
          abortAfter: head.length + Math.floor(random() * good.length),
          abortDelayMs: Math.floor(random() * 50),
        };
      },
    },
    {
      group: 'aborted',
      label: 'in the middle of a chunked 6 MiB upload',
      weight: 2,
      plan: (random) => {
        const head = postHead(MULTIPART_TYPE, 'chunked');
        return {
          head,
          pieces: piecesOf(bigBody, true),
          abortAfter: head.length + Math.floor(random() * bigBody.length * 0.8),
        };
      },
    },
  ];
}
