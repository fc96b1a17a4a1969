/**
 * What the load runner sends: request bodies (through bench/lib/multipart.ts, the one builder), the
 * documents (fixtures, a corpus sample, damaged copies) and the keep-alive mix.
 */
import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildMultipart, type FormPart } from '../lib/multipart.js';
import { tinyZip } from '../lib/samples.js';
import { CORPUS_DOCS, FIXTURES, docsIn, type LoadOptions } from './common.js';

export const BOUNDARY = '----doc2textLoadBoundary4f9a';
export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** A part as the runner writes it: `type` undefined leaves the part's Content-Type out. */
export interface PartSpec extends Omit<FormPart, 'contentType'> {
  type?: string;
}

export function multipart(parts: PartSpec[], boundary = BOUNDARY, close = true): Buffer {
  const form = parts.map(({ type, ...part }) => ({ ...part, contentType: type ?? null }));
  return buildMultipart(form, boundary, { close }).body;
}

/** One `file` part; `type: null` leaves out the part's Content-Type. */
export function fileBody(data: Buffer, filename = 'document.doc', type: string | null = 'application/msword'): Buffer {
  return multipart([{ name: 'file', filename, type: type ?? undefined, data }]);
}

export interface Corpus {
  docs: Array<{ label: string; bytes: Buffer }>;
  fuzz: Array<{ label: string; bytes: Buffer }>;
  corpusFiles: number;
}

export function loadCorpus(options: LoadOptions): Corpus {
  const docs = docsIn(FIXTURES, false).map((path) => ({
    label: `fixtures/${relative(FIXTURES, path)}`,
    bytes: readFileSync(path),
  }));
  const corpus = docsIn(CORPUS_DOCS, true).filter((path) => statSync(path).size <= 256 * 1024);
  const step = corpus.length / Math.max(1, options.corpusSample);
  const sampled: string[] = [];
  for (let i = 0; i < options.corpusSample && i * step < corpus.length; i++)
    sampled.push(corpus[Math.floor(i * step)]!);
  for (const path of sampled) docs.push({ label: `corpus/${relative(CORPUS_DOCS, path)}`, bytes: readFileSync(path) });
  const fuzz = options.fuzzFixtures
    ? docsIn(join(FIXTURES, 'fuzz'), false).map((path) => ({
        label: `fixtures/fuzz/${relative(join(FIXTURES, 'fuzz'), path)}`,
        bytes: readFileSync(path),
      }))
    : [];
  if (docs.length === 0) throw new Error(`no .doc found in ${FIXTURES} or ${CORPUS_DOCS}`);
  return { docs, fuzz, corpusFiles: sampled.length };
}

/** Damaged copies of real documents: truncated, bit-flipped, a sector zeroed, a header field broken. */
export function corruptVariants(docs: Corpus['docs'], random: () => number): Array<{ label: string; bytes: Buffer }> {
  const out: Array<{ label: string; bytes: Buffer }> = [];
  const pick = () => docs[Math.floor(random() * docs.length)]!;
  for (let i = 0; i < 12; i++) {
    const doc = pick();
    const cut = [512, 1536, Math.floor(doc.bytes.length * random())][i % 3]!;
    out.push({ label: `truncated ${doc.label} @${cut}`, bytes: doc.bytes.subarray(0, Math.max(1, cut)) });
  }
  for (let i = 0; i < 18; i++) {
    const doc = pick();
    const bytes = Buffer.from(doc.bytes);
    const flips = [1, 8, 64][i % 3]!;
    for (let f = 0; f < flips; f++) {
      const at = Math.floor(random() * bytes.length);
      bytes[at]! ^= 1 << Math.floor(random() * 8);
    }
    out.push({ label: `${flips} bit(s) flipped in ${doc.label}`, bytes });
  }
  for (let i = 0; i < 6; i++) {
    const doc = pick();
    const bytes = Buffer.from(doc.bytes);
    const sectors = Math.max(1, Math.floor(bytes.length / 512));
    const sector = 1 + Math.floor(random() * (sectors - 1));
    bytes.fill(i % 2 ? 0xff : 0x00, sector * 512, sector * 512 + 512);
    out.push({ label: `sector ${sector} ${i % 2 ? 'set to FF' : 'zeroed'} in ${doc.label}`, bytes });
  }
  for (let i = 0; i < 6; i++) {
    const doc = pick();
    const bytes = Buffer.from(doc.bytes);
    // CFB header fields: sector shift (0x1E), directory start (0x30), FAT sector count (0x2C), first DIFAT (0x44)
    const at = [0x1e, 0x30, 0x2c, 0x44, 0x3c, 0x40][i]!;
    bytes.writeUInt32LE(Math.floor(random() * 0xffffffff), at);
    out.push({ label: `CFB header @0x${at.toString(16)} randomised in ${doc.label}`, bytes });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// keep-alive mix through autocannon

export type Kind = 'doc' | 'invalid-type' | 'corrupt';

export interface MixRequest {
  /** Distinct request (copies of a document request share it). */
  id: number;
  kind: Kind;
  label: string;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Status of the baseline request, sent once before the load. */
  expected?: number;
  onResponse?: (status: number, body: string) => void;
}

export function buildMix(corpus: Corpus, random: () => number): MixRequest[] {
  let ids = 0;
  const req = (kind: Kind, label: string, body: Buffer, query = ''): MixRequest => ({
    id: ids++,
    kind,
    label,
    method: 'POST',
    path: `/doc-parser${query}`,
    headers: { 'content-type': MULTIPART_TYPE },
    body,
  });
  const mix: MixRequest[] = [];
  const queries = ['', '?format=plain', '?format=plain&story=all', '?width=0'];
  corpus.docs.forEach((doc, i) =>
    mix.push(req('doc', doc.label, fileBody(doc.bytes, 'document.doc'), queries[i % queries.length])),
  );
  const simple = corpus.docs.find((d) => d.label.endsWith('simple.doc'))?.bytes ?? corpus.docs[0]!.bytes;
  // The declared type does not decide (the content does): these are documents too.
  const declared: Array<[string, Buffer]> = [
    ['part type image/png', fileBody(simple, 'a.doc', 'image/png')],
    [
      'part type of a .docx',
      fileBody(simple, 'a.doc', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    ],
    ['no part Content-Type (Python requests)', fileBody(simple, 'a.doc', null)],
    ['a template name (.dot)', fileBody(simple, 'a.dot')],
  ];
  for (const [label, body] of declared) mix.push(req('doc', label, body));
  const invalid: Array<[string, Buffer]> = [
    ['a .txt name', fileBody(simple, 'notes.txt')],
    ['no extension', fileBody(simple, 'document')],
    ['a .docx named .doc', fileBody(tinyZip(), 'renamed.doc')],
    ['a PDF named .doc', fileBody(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), 'paper.doc')],
    ['an ELF binary named .doc', fileBody(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), 'a.doc')],
    ['plain text named .doc', fileBody(Buffer.from('just some text\r\n'.repeat(50)), 'text.doc')],
    ['an empty file', fileBody(Buffer.alloc(0), 'empty.doc')],
    ['file sent as a text field', multipart([{ name: 'file', data: 'not a file' }])],
    [
      'file in the field "upload"',
      multipart([{ name: 'upload', filename: 'a.doc', type: 'application/msword', data: simple }]),
    ],
  ];
  // (Answers given before the body is read close the connection: those are in the raw-socket scenarios.)
  for (const [label, body] of invalid) mix.push(req('invalid-type', label, body));
  for (const variant of corruptVariants(corpus.docs, random))
    mix.push(req('corrupt', variant.label, fileBody(variant.bytes, 'damaged.doc')));
  for (const doc of corpus.fuzz) mix.push(req('corrupt', doc.label, fileBody(doc.bytes, 'hostile.doc')));
  // About half documents, half everything else: repeat the documents.
  const others = mix.filter((m) => m.kind !== 'doc').length;
  const docs = mix.filter((m) => m.kind === 'doc');
  for (let copies = 1; copies * docs.length < others; copies++) mix.push(...docs.map((d) => ({ ...d })));
  // Shuffle (Fisher-Yates, seeded).
  for (let i = mix.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [mix[i], mix[j]] = [mix[j]!, mix[i]!];
  }
  return mix;
}

/** True when `body` is exactly {title, description, code} with strings (or {text, file} for a 200). */
export function rightShape(status: number, body: string): boolean {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const keys = Object.keys(json).sort().join(',');
    if (status === 200) return keys === 'file,text' && typeof json.text === 'string' && typeof json.file === 'string';
    return (
      keys === 'code,description,title' &&
      typeof json.title === 'string' &&
      typeof json.description === 'string' &&
      typeof json.code === 'string'
    );
  } catch {
    return false;
  }
}

/** One request through node:http (for the baseline pass). */
export function send(
  port: number,
  request: Pick<MixRequest, 'path' | 'headers' | 'body'>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolveSend, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: request.path,
        agent: false,
        headers: { ...request.headers, 'content-length': request.body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveSend({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('baseline request timed out')));
    req.on('error', reject);
    req.end(request.body);
  });
}
