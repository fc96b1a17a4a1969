/**
 * 1. Corpus, in process: every corpus file (and fixtures/*.doc) from the same in-memory buffers,
 * by us and by word-extractor. The ratio counts only the files both read.
 */
import type { BenchContext, CorpusSet } from '../lib/context.js';
import type { DocFile } from '../lib/files.js';
import { compareInProcess } from '../lib/inprocess.js';
import type { CorpusResult } from '../lib/results.js';
import { oursText, tryOurs, tryWordExtractor, wordExtractorText } from '../lib/tools.js';

export async function runCorpusInProcess(ctx: BenchContext, set: CorpusSet): Promise<CorpusResult> {
  const { docs } = set;
  ctx.log(`corpus: ${docs.length} files (${set.corpusFiles} corpus + ${set.fixtureFiles} fixtures), checking which each tool reads…`);
  const ours: DocFile[] = [];
  const both: DocFile[] = [];
  const onlyOurs: string[] = [];
  const onlyWordExtractor: string[] = [];
  let weCount = 0;
  let neither = 0;
  for (const doc of docs) {
    const a = tryOurs(doc.bytes);
    const b = await tryWordExtractor(doc.bytes);
    if (a.ok) ours.push(doc);
    if (b.ok) weCount++;
    if (a.ok && b.ok) both.push(doc);
    else if (a.ok && !b.ok) onlyOurs.push(`${doc.label} (word-extractor: ${b.error})`);
    else if (!a.ok && b.ok) onlyWordExtractor.push(`${doc.label} (ours: ${a.error})`);
    else neither++;
  }
  const sum = (list: DocFile[]) => list.reduce((n, d) => n + d.bytes.byteLength, 0);
  ctx.log(`  ours ${ours.length}, word-extractor ${weCount}, both ${both.length}, neither ${neither}`);

  let sink = 0;
  const [oursBoth, weBoth, oursAll] = await compareInProcess(
    [
      {
        name: 'doc2text (both read)',
        files: both.length,
        bytes: sum(both),
        fn: () => {
          for (const doc of both) sink += oursText(doc.bytes).length;
        },
      },
      {
        name: 'word-extractor (both read)',
        files: both.length,
        bytes: sum(both),
        fn: async () => {
          for (const doc of both) sink += (await wordExtractorText(doc.bytes)).length;
        },
      },
      {
        name: 'doc2text (all it reads)',
        files: ours.length,
        bytes: sum(ours),
        fn: () => {
          for (const doc of ours) sink += oursText(doc.bytes).length;
        },
      },
    ],
    ctx.quick ? { rounds: 1, timeMs: 0, iterations: 2, warmupIterations: 1 } : { rounds: 3, timeMs: 3_000, iterations: 4, warmupIterations: 2 },
  );
  if (sink < 0) ctx.log(String(sink));
  const ratio = oursBoth!.filesPerSec / weBoth!.filesPerSec;
  ctx.log(`  both-readable: ours ${oursBoth!.filesPerSec.toFixed(0)} files/s ${oursBoth!.mbPerSec.toFixed(1)} MB/s; word-extractor ${weBoth!.filesPerSec.toFixed(0)} files/s ${weBoth!.mbPerSec.toFixed(1)} MB/s; ratio ${ratio.toFixed(2)}×`);
  return {
    corpusPresent: set.corpusPresent,
    corpusDir: ctx.corpusDir,
    corpusFiles: set.corpusFiles,
    fixtureFiles: set.fixtureFiles,
    files: docs.length,
    bytes: sum(docs),
    readable: { ours: ours.length, wordExtractor: weCount, both: both.length, neither },
    onlyOurs,
    onlyWordExtractor,
    both: { files: both.length, bytes: sum(both), ours: oursBoth!, wordExtractor: weBoth!, ratio },
    oursAll: { ...oursAll!, files: ours.length, bytes: sum(ours) },
  };
}
