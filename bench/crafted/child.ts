/**
 * One crafted case in one mode, in a process of its own (bench/crafted/run.ts spawns it):
 *
 *   node --expose-gc --trace-gc --max-old-space-size=4096 --import tsx bench/crafted/child.ts CASE MODE
 *
 * Modes (public API only, so this keeps working whatever the parser's inner layout):
 *   plain-all        parseDoc, then doc.text(s) for every story of STORY_NAMES, then doc.text('all')
 *   plain-footnotes  extractText(bytes, { story: 'footnotes' })  (the service's ?story=footnotes)
 *   catdoc           extractText(bytes, { format: 'catdoc' })
 *
 * Loads the input, collects garbage, prints `MARK`, does the work, and prints `RESULT {json}`.
 * The parent reads the `--trace-gc` lines after MARK for the heap high-water mark.
 */
import { DocParseError, STORY_NAMES, extractText, parseDoc } from '@doc2text/parser';
import { findCase } from './cases.js';
import { MODES, peakRss, type ChildResult, type Mode, type Outcome } from './protocol.js';

function describe(error: unknown): Outcome {
  if (error instanceof DocParseError) return { kind: 'DocParseError', code: error.code, message: error.message };
  if (error instanceof Error) return { kind: 'error', name: error.constructor.name, message: error.message };
  return { kind: 'error', name: typeof error, message: String(error) };
}

function main(): void {
  const [name, mode] = process.argv.slice(2) as [string, Mode];
  if (!name || !MODES.includes(mode)) {
    console.error(`usage: child.ts CASE ${MODES.join('|')}`);
    process.exit(2);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const bytes = findCase(name).load();
  gc();
  gc();
  const before = process.memoryUsage();
  process.stdout.write('MARK\n');

  const result: Partial<ChildResult> = { mode, bytes: bytes.byteLength };
  const started = performance.now();
  try {
    if (mode === 'plain-all') {
      const doc = parseDoc(bytes);
      result.parseMs = performance.now() - started;
      result.warnings = doc.info.warnings.length;
      for (const story of [...STORY_NAMES, 'all'] as const) {
        result.failedAt = story;
        const text = doc.text(story);
        if (story === 'all') result.outcome = { kind: 'ok', chars: text.length };
      }
      delete result.failedAt;
    } else {
      const text = extractText(bytes, mode === 'catdoc' ? { format: 'catdoc' } : { story: 'footnotes' });
      result.outcome = { kind: 'ok', chars: text.length };
    }
  } catch (error) {
    result.outcome = describe(error);
  }
  result.ms = performance.now() - started;
  const after = process.memoryUsage();
  Object.assign(result, {
    baselineHeapUsed: before.heapUsed,
    heapUsedAfter: after.heapUsed,
    externalAfter: after.external,
    baselineRss: before.rss,
    peakRss: peakRss(),
  });
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main();
