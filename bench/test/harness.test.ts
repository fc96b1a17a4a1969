/**
 * The cheap parts of the bench harness, checked: multipart builder/parser, the baseline server's
 * contract, the service load helper, the memory child and the report writers.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@doc2text/server';
import { startBaselineServer } from '../baseline-server.js';
import { fixturesDir } from '../lib/files.js';
import { describeMachine } from '../lib/machine.js';
import { boundaryOf, buildMultipart, docUpload, parseMultipart } from '../lib/multipart.js';
import { evaluateGoals, markdown, ratioBars, ratiosSvg } from '../lib/report.js';
import type { BenchResults } from '../lib/results.js';
import { median, percentile } from '../lib/stats.js';
import { measureMemory } from '../sections/large.js';
import { load, postOnce } from '../sections/service.js';

const simplePath = join(fixturesDir, 'simple.doc');
const simple = readFileSync(simplePath);
const hasCatdoc = !spawnSync('catdoc', ['-V']).error;

describe('multipart builder', () => {
  it('round-trips through the bench parser, binary-safe', () => {
    const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff);
    const upload = buildMultipart([
      { name: 'note', data: 'héllo' },
      { name: 'file', filename: 'a "quoted".doc', contentType: 'application/msword', data: binary },
    ]);
    const boundary = boundaryOf(upload.contentType);
    expect(boundary).toBe(upload.boundary);
    const parts = parseMultipart(upload.body, boundary!);
    expect(parts.map((p) => p.name)).toEqual(['note', 'file']);
    expect(parts[0]!.data.toString('utf8')).toBe('héllo');
    expect(parts[1]!.filename).toBe('a %22quoted%22.doc');
    expect(parts[1]!.contentType).toBe('application/msword');
    expect(Buffer.compare(parts[1]!.data, Buffer.from(binary))).toBe(0);
  });

  it('produces a body our server (busboy via @fastify/multipart) accepts', async () => {
    const app = createApp({ logger: false });
    try {
      const upload = docUpload('simple.doc', simple);
      const response = await app.inject({ method: 'POST', url: '/doc-parser?format=plain', headers: { 'content-type': upload.contentType }, payload: upload.body });
      expect(response.statusCode).toBe(200);
      const json = response.json() as { text: string; file: string };
      expect(json.file).toBe('simple.doc');
      expect(json.text.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});

describe.skipIf(!hasCatdoc)('baseline server', () => {
  let baseline: Awaited<ReturnType<typeof startBaselineServer>>;
  beforeAll(async () => {
    baseline = await startBaselineServer(0);
  });
  afterAll(async () => {
    await baseline?.close();
  });

  it('listens on loopback only', () => {
    expect(baseline.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers /doc-parser with catdoc -a output', async () => {
    const expected = spawnSync('catdoc', ['-a', simplePath], { encoding: 'utf8' }).stdout;
    const answer = await postOnce(baseline.url, docUpload('simple.doc', simple));
    expect(answer).toEqual({ status: 200, text: expected, file: 'simple.doc' });
  });

  it('refuses what the contract refuses', async () => {
    const noFile = buildMultipart([{ name: 'other', data: 'x' }]);
    const r1 = await fetch(`${baseline.url}/doc-parser`, { method: 'POST', headers: { 'content-type': noFile.contentType }, body: new Uint8Array(noFile.body) });
    expect(r1.status).toBe(400);
    const r2 = await fetch(`${baseline.url}/doc-parser`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(r2.status).toBe(415);
    const r3 = await fetch(`${baseline.url}/elsewhere`);
    expect(r3.status).toBe(404);
    const r4 = await postOnce(baseline.url, docUpload('empty.doc', Buffer.alloc(0)));
    expect(r4.status).toBe(400);
    // Faithful to the seed: catdoc prints a non-Word file as plain text, so that is a 200.
    const r5 = await postOnce(baseline.url, docUpload('junk.doc', Buffer.from('not a word file')));
    expect(r5).toEqual({ status: 200, text: 'not a word file', file: 'junk.doc' });
  });

  it('drives a bounded autocannon run and reports sub-millisecond percentiles', async () => {
    const f = await load(baseline.url, docUpload('simple.doc', simple), { connections: 2, durationS: 1, timeoutS: 10 });
    expect(f.requests).toBeGreaterThan(0);
    expect(f.errors + f.non2xx).toBe(0);
    expect(f.p99Ms).toBeGreaterThanOrEqual(f.p50Ms);
    expect(f.durationS).toBeGreaterThan(0.5); // it ran about the time asked (no upper bound: a busy machine is slow)
  });
});

describe('measurement helpers', () => {
  it('percentiles interpolate between sorted samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5], 99)).toBe(5);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('the memory child measures both tools on a small document', async () => {
    const ours = await measureMemory('ours', simplePath, 30_000);
    const we = await measureMemory('word-extractor', simplePath, 30_000);
    expect(ours.textChars).toBeGreaterThan(0);
    expect(we.textChars).toBeGreaterThan(0);
    expect(ours.maxRss).toBeGreaterThan(ours.peakRssDelta);
    expect(ours.peakRssDelta).toBeGreaterThanOrEqual(0);
  });
});

describe('report', () => {
  const timing = { runs: 3, warmup: 1, medianMs: 50, minMs: 40, maxMs: 60, p90Ms: 58, exitCodes: [0] };
  const load1 = { connections: 32, durationS: 1, requests: 100, reqPerSec: 100, p50Ms: 5, p99Ms: 9, maxMs: 12, errors: 0, non2xx: 0 };
  const results: Omit<BenchResults, 'goals'> = {
    date: '2026-01-01T00:00:00.000Z',
    label: null,
    mode: 'quick',
    durationS: 1,
    machine: describeMachine({ soffice: false }),
    corpus: null,
    large: [
      {
        name: 'latin-16mb',
        kind: 'latin',
        file: 'bench/generated/latin-16mb.doc',
        bytes: 16e6,
        textChars: 8e6,
        textUtf8Bytes: 8e6,
        inProcess: {
          ours: { meanMs: 20, p50Ms: 20, samples: 5, filesPerSec: 50, mbPerSec: 800 },
          wordExtractor: { meanMs: 200, p50Ms: 200, samples: 5, filesPerSec: 5, mbPerSec: 80 },
          ratio: 10,
          wordExtractorChars: 8e6,
        },
        memory: {
          ours: { peakRssDelta: 30e6, peakHeapDelta: 20e6, maxRss: 90e6, ms: 20, textChars: 8e6 },
          wordExtractor: { peakRssDelta: 300e6, peakHeapDelta: 200e6, maxRss: 400e6, ms: 200, textChars: 8e6 },
          floor: { peakRssDelta: 25e6, peakHeapDelta: 16e6, maxRss: 85e6, ms: 5, textChars: 8e6 },
          limitBytes: 48e6,
        },
        wholeProcess: { ours: timing, catdoc: { ...timing, medianMs: 100 }, ratio: 2, oursCommand: 'node cli.js f', catdocCommand: 'catdoc -w f' },
      },
    ],
    perFile: null,
    service: {
      query: '',
      doc: { file: 'fixtures/long.doc', bytes: 65536, oursChars: 10, baselineChars: 10 },
      largeDoc: { file: 'bench/generated/latin-16mb.doc', bytes: 16e6 },
      levels: [{ connections: 32, ours: load1, baseline: { ...load1, reqPerSec: 10, p99Ms: 90 }, rpsRatio: 10, p99Ratio: 10 }],
      mixed: {
        smallConnections: 8,
        largeConnections: 2,
        ours: { small: load1, large: load1, eventLoop: { p50: 1, p99: 2, max: 3 } },
        baseline: { small: { ...load1, p99Ms: 45 }, large: load1, eventLoop: { p50: 1, p99: 2, max: 3 } },
      },
      crafted: null,
    },
    originalService: {
      doc: 'fixtures/long.doc',
      connections: 32,
      durationS: 10,
      rounds: 3,
      command: 'wrk …',
      servers: [
        { name: 'original', how: 'gunicorn', median: { reqPerSec: 100, p50Ms: 200, p99Ms: 400, requests: 1000, errors: 0, non2xx: 0 }, runs: [] },
        {
          name: 'ours',
          how: 'node',
          median: { reqPerSec: 900, p50Ms: 20, p99Ms: 90, requests: 9000, errors: 0, non2xx: 0, serverCpuUs: 1850.4, wrkCpuUs: 97 },
          runs: [],
        },
      ],
      loadAverages: [0.5],
      rpsRatio: 9,
      p99Ratio: 400 / 90,
    },
    notes: ['a note'],
  };

  it('evaluates goals, leaving sections that did not run open', () => {
    const goals = evaluateGoals(results);
    const byId = Object.fromEntries(goals.map((g) => [g.id, g.met]));
    expect(byId).toEqual({
      'corpus-files-per-sec': null,
      'large-mb-per-sec': true,
      'large-vs-word-extractor': true,
      'cli-vs-catdoc': true,
      'peak-memory': true,
      'server-rps': true,
      'server-p99': true,
      'mixed-small-p99': true,
      'crafted-small-p99': null,
      'original-service': false, // 9× the req/s: short of 10×
    });
  });

  it('takes the original-service goal as met when either model the server ships meets both of its figures', () => {
    const met = (processes: { rpsRatio: number; p99Ratio: number }) =>
      evaluateGoals({ ...results, originalService: { ...results.originalService!, processes } }).find((g) => g.id === 'original-service');
    expect(met({ rpsRatio: 12, p99Ratio: 5 })?.met).toBe(true);
    expect(met({ rpsRatio: 12, p99Ratio: 5 })?.actual).toContain('processes 12× req/s, p99 5× lower');
    expect(met({ rpsRatio: 12, p99Ratio: 3 })?.met).toBe(false); // p99 only 3× lower
    expect(met({ rpsRatio: 8, p99Ratio: 5 })?.met).toBe(false); // 8× the req/s
  });

  it('writes a well-formed SVG with one bar per ratio and markdown with the machine', () => {
    const full: BenchResults = { ...results, goals: evaluateGoals(results) };
    const svg = ratiosSvg(full);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const bars = ratioBars(full);
    expect(bars.length).toBe(6);
    expect(svg.match(/<rect /g)?.length).toBe(1 + bars.length); // background + bars
    expect(svg).not.toMatch(/NaN|Infinity/);
    const md = markdown(full, 'x.json');
    expect(md).toContain(`| CPU | ${full.machine.cpu} |`);
    // The page fault's cost, measured on this machine: a positive number of microseconds.
    expect(full.machine.pageFaultUs).toBeGreaterThan(0);
    expect(md).toContain(`| page fault (first write to a fresh 4 KiB page) | ${full.machine.pageFaultUs} µs |`);
    expect(md).toContain('| node |');
    expect(md).toContain('| ours | 900 | 20.0 | 90.0 | 1850 | 97 | 0 |');
    // A result written before the CPU columns existed: its CPU cells are empty, the row stays whole.
    expect(md).toContain('| original | 100 | 200.0 | 400.0 | — | — | 0 |');
    expect(md).toContain('**9.0× the req/s** (goal ≥ 10×)');
  });
});
