/**
 * 2. Large documents: in-process MB/s (us vs word-extractor), peak memory of each in a child
 * process of its own, and whole-process time of our CLI vs `catdoc -w` on the same file.
 */
import { spawn } from 'node:child_process';
import { relative } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { benchDir, cliPath, loadDoc, repoRoot } from '../lib/files.js';
import { compareInProcess } from '../lib/inprocess.js';
import type { LargeResult, MemoryFigures, Throughput } from '../lib/results.js';
import { repeatSpawnAlternating, startupEnv, type RepeatedTiming } from '../lib/spawn.js';
import { oursText, wordExtractorText } from '../lib/tools.js';
import type { GeneratedDoc } from '../generate-large.js';

const MEMORY_CHILD = `${benchDir}/memory-child.ts`;
const GC_LINE = /ms: [A-Za-z() -]+? ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;

interface ChildReport {
  fileBytes: number;
  textChars: number;
  textUtf8Bytes: number;
  ms: number;
  baselineRss: number;
  maxRss: number;
  baselineHeapUsed: number;
  heapUsedAfter: number;
}

/** Runs memory-child.ts for one tool and file; bounded by timeoutMs. */
export function measureMemory(tool: 'ours' | 'word-extractor' | 'floor', file: string, timeoutMs = 120_000): Promise<MemoryFigures & { report: ChildReport }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--trace-gc', '--import', 'tsx', MEMORY_CHILD, tool, file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const lines = out.split('\n');
      const mark = lines.indexOf('MARK');
      const resultLine = lines.find((l) => l.startsWith('RESULT '));
      if (code !== 0 || mark < 0 || !resultLine) {
        reject(new Error(`memory-child ${tool} ${file} failed (${signal ?? `exit ${code}`}): ${err.slice(-2000)}`));
        return;
      }
      const report = JSON.parse(resultLine.slice('RESULT '.length)) as ChildReport;
      let heapPeak = report.heapUsedAfter;
      for (const line of lines.slice(mark + 1)) {
        const m = GC_LINE.exec(line);
        if (m) heapPeak = Math.max(heapPeak, Number(m[1]) * 2 ** 20);
      }
      resolve({
        peakRssDelta: report.maxRss - report.baselineRss,
        peakHeapDelta: heapPeak - report.baselineHeapUsed,
        maxRss: report.maxRss,
        ms: report.ms,
        textChars: report.textChars,
        report,
      });
    });
  });
}

export async function runLarge(ctx: BenchContext, docs: GeneratedDoc[]): Promise<LargeResult[]> {
  const results: LargeResult[] = [];
  for (const generated of docs) {
    const doc = loadDoc(generated.path);
    const mb = (doc.bytes.byteLength / 1e6).toFixed(1);
    ctx.log(`large: ${generated.name} (${mb} MB)`);

    const oursTextValue = oursText(doc.bytes);
    const weChars = (await wordExtractorText(doc.bytes)).length;
    let sink = 0;
    const [ours, we] = (await compareInProcess(
      [
        {
          name: 'doc2text',
          files: 1,
          bytes: doc.bytes.byteLength,
          fn: () => {
            sink += oursText(doc.bytes).length;
          },
        },
        {
          name: 'word-extractor',
          files: 1,
          bytes: doc.bytes.byteLength,
          fn: async () => {
            sink += (await wordExtractorText(doc.bytes)).length;
          },
        },
      ],
      ctx.quick ? { rounds: 1, timeMs: 0, iterations: 2, warmupIterations: 1 } : { rounds: 3, timeMs: 0, iterations: 3, warmupIterations: 1 },
    )) as [Throughput, Throughput];
    if (sink < 0) ctx.log(String(sink));
    ctx.log(`  in-process: ours ${ours.mbPerSec.toFixed(1)} MB/s, word-extractor ${we.mbPerSec.toFixed(1)} MB/s`);

    const oursMem = await measureMemory('ours', doc.path);
    const weMem = await measureMemory('word-extractor', doc.path);
    const floorMem = await measureMemory('floor', doc.path);
    const textUtf8Bytes = Buffer.byteLength(oursTextValue, 'utf8');
    const limitBytes = 2 * (doc.bytes.byteLength + textUtf8Bytes);
    ctx.log(`  peak RSS growth: ours ${(oursMem.peakRssDelta / 2 ** 20).toFixed(0)} MiB, word-extractor ${(weMem.peakRssDelta / 2 ** 20).toFixed(0)} MiB (limit ${(limitBytes / 2 ** 20).toFixed(0)} MiB; floor ${(floorMem.peakRssDelta / 2 ** 20).toFixed(0)} MiB)`);

    const runs = ctx.quick ? 2 : 10;
    // Start-up is timed without NODE_EXTRA_CA_CERTS (the house rule for timing process start-up):
    // where it is set, node reads the whole CA bundle before the first line runs (~35 ms here).
    const env = startupEnv();
    const oursCommand = { name: 'doc2text', file: process.execPath, args: [cliPath, doc.path], env };
    const catdocCommand = { name: 'catdoc', file: 'catdoc', args: ['-w', '-d', 'utf-8', doc.path], env };
    const [oursWhole, catdocWhole] = (await repeatSpawnAlternating([oursCommand, catdocCommand], runs, 1, 120_000)) as [RepeatedTiming, RepeatedTiming];
    ctx.log(`  whole process (median of ${runs}): doc2text CLI ${oursWhole.medianMs.toFixed(0)} ms, catdoc -w ${catdocWhole.medianMs.toFixed(0)} ms`);

    const rel = (p: string) => relative(repoRoot, p);
    results.push({
      name: generated.name,
      kind: generated.kind,
      file: rel(doc.path),
      bytes: doc.bytes.byteLength,
      textChars: oursTextValue.length,
      textUtf8Bytes,
      inProcess: {
        ours,
        wordExtractor: we,
        ratio: ours.mbPerSec / we.mbPerSec,
        wordExtractorChars: weChars,
        freshFloorMbPerSec: doc.bytes.byteLength / 1e6 / (floorMem.ms / 1000),
      },
      memory: {
        ours: { peakRssDelta: oursMem.peakRssDelta, peakHeapDelta: oursMem.peakHeapDelta, maxRss: oursMem.maxRss, ms: oursMem.ms, textChars: oursMem.textChars },
        wordExtractor: { peakRssDelta: weMem.peakRssDelta, peakHeapDelta: weMem.peakHeapDelta, maxRss: weMem.maxRss, ms: weMem.ms, textChars: weMem.textChars },
        floor: { peakRssDelta: floorMem.peakRssDelta, peakHeapDelta: floorMem.peakHeapDelta, maxRss: floorMem.maxRss, ms: floorMem.ms, textChars: floorMem.textChars },
        limitBytes,
      },
      wholeProcess: {
        ours: oursWhole,
        catdoc: catdocWhole,
        ratio: catdocWhole.medianMs / oursWhole.medianMs,
        oursCommand: `env -u NODE_EXTRA_CA_CERTS node ${rel(cliPath)} ${rel(doc.path)}`,
        catdocCommand: `catdoc -w -d utf-8 ${rel(doc.path)}`,
      },
    });
  }
  return results;
}
