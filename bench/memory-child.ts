/**
 * Peak memory of one extraction, in a process of its own so tools do not mix:
 *
 *   node --expose-gc --trace-gc --import tsx bench/memory-child.ts ours|word-extractor|floor file.doc
 *
 * After loading the tool and collecting garbage it notes the resident set (baseline), prints
 * `MARK`, reads the file, extracts its text, and prints `RESULT {json}`. The parent reads the
 * `--trace-gc` lines after MARK for the V8 heap high-water mark; the kernel's VmHWM (this
 * process image's resident peak) gives the resident peak. Not getrusage's maxRSS: Linux carries
 * that across fork+exec, so it would report the (large) parent's resident set. Both are reported as growth over the baseline, so the file itself counts.
 *
 * `floor` is the reference: read the file and decode all of it as one UTF-16 string (about the
 * size of the text) — what any extractor needs at least, runtime overhead (new space, …) included.
 */
import { readFileSync } from 'node:fs';

/** Peak resident set of this process image, bytes: /proc/self/status VmHWM on Linux. */
function peakRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
import { extractText } from '@doc2text/parser';
import WordExtractor from 'word-extractor';

const [tool, file] = process.argv.slice(2);
if ((tool !== 'ours' && tool !== 'word-extractor' && tool !== 'floor') || !file) {
  console.error('usage: node --expose-gc --trace-gc --import tsx bench/memory-child.ts ours|word-extractor|floor file.doc');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('memory-child: run with --expose-gc');
  process.exit(2);
}

const extractor = new WordExtractor();
gc();
gc();
const before = process.memoryUsage();
process.stdout.write('MARK\n');

const bytes = readFileSync(file);
const started = performance.now();
const text =
  tool === 'ours'
    ? extractText(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    : tool === 'floor'
      ? bytes.toString('utf16le')
      : (await extractor.extract(bytes)).getBody();
const ms = performance.now() - started;
const after = process.memoryUsage();
const maxRss = peakRss();

process.stdout.write(
  `RESULT ${JSON.stringify({
    tool,
    fileBytes: bytes.byteLength,
    textChars: text.length,
    textUtf8Bytes: Buffer.byteLength(text, 'utf8'),
    ms,
    baselineRss: before.rss,
    maxRss,
    baselineHeapUsed: before.heapUsed,
    heapUsedAfter: after.heapUsed,
    externalAfter: after.external - before.external,
  })}\n`,
);
