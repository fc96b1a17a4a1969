/**
 * Fault and load runner for the /doc-parser service (issue 6, server half).
 *
 *   npx tsx bench/load/main.ts                 # 60 s, 64 connections, writes bench/results/server-fault.md
 *   npx tsx bench/load/main.ts --quick         # 5 s, 8 connections (CI), prints the report only
 *   options: --duration S  --connections N  --report PATH  --no-report  --entry dist|src  --seed N
 *            --probe-timeout MS (request timeout of the probe server)  --no-fuzz-fixtures
 *            --log-pipe (server stdout through a pipe to this process instead of a file)
 *            --server-node-arg ARG (repeatable; e.g. --heapsnapshot-signal=SIGUSR2 to look into the heap)
 *
 * Everything happens on 127.0.0.1. The service runs as a child process (`node --single-threaded-gc packages/server/dist/start.js`,
 * or `src/start.ts` through tsx with `--entry src`) in a fresh temporary working directory with a fresh
 * TMPDIR, so its RSS can be read from /proc, a crash is seen as an exit, and any file it writes shows up.
 *
 * 1. Load (child A: MAX_FILE_BYTES=5 MiB): for the duration, `connections` connections at once:
 *    - 3/4 of them through autocannon, keep-alive: real documents (fixtures/*.doc and a sample of the shared
 *      corpus), invalid types (.txt names, wrong or missing part types, a .docx, a PDF, empty files),
 *      corrupt documents (truncated, bit-flipped, zeroed sectors; fixtures/fuzz/*.doc when present).
 *      Every distinct request is sent once before the load; under load each answer must have the same
 *      status as that baseline.
 *    - 1/4 of them through raw sockets, one request per connection: wrong request Content-Type, 6 MiB
 *      bodies (declared and chunked), malformed multipart (bad/missing/overlong boundary, no final
 *      boundary, garbage part headers, too many parts/files/fields), malformed HTTP (garbage request
 *      line, 20 KiB header, bad chunk framing), and aborted uploads (headers and part of the body, then
 *      the socket is destroyed).
 *    Before the load, fixtures/fuzz/*.doc one at a time (a file that kills the server is recorded, left out
 *    of the mix, and the server restarted). Meanwhile: GET /health every second on a fresh connection
 *    (from a worker thread), VmRSS of the child every second, its full GCs (`node --trace-gc`; the
 *    server's stdout goes to a file of this process's, outside the child's cwd and TMPDIR).
 * 2. Probes (child B: MAX_FILE_BYTES=5 MiB, REQUEST_TIMEOUT_MS=--probe-timeout): a client sending one
 *    byte a second (body, then headers) and an idle connection must be cut after the request timeout;
 *    a 60 MB upload must get 413 before it is all sent, the server reading at most 1 MiB past its refusal
 *    (declared length and chunked; RSS reported); part/field/file/header limits answer 4xx in the service's shape.
 *
 * Goals (the exit code is 1 when one is missed): no 5xx, no crash, /health always answering, no file
 * created in the child's cwd or TMPDIR, every answer in the service's shape and equal to its baseline,
 * every probe as expected. RSS is reported (start, after warm-up, middle, end) and loosely checked in runs
 * of 30 s or more; the heap left after each full GC, by thirds of the load, is the leak signal.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_REPORT, FULL, QUICK, type LoadOptions } from './common.js';
import { runProbes } from './probes.js';
import { renderReport, verdicts } from './report.js';
import { runLoad } from './run-load.js';

function parseArgs(argv: string[]): { options: LoadOptions; report: string | undefined } {
  const quick = argv.includes('--quick');
  const options: LoadOptions = { ...(quick ? QUICK : FULL), log: (line) => process.stderr.write(`${line}\n`) };
  let report: string | undefined = quick ? undefined : DEFAULT_REPORT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${arg} must be a positive integer`);
      return v;
    };
    switch (arg) {
      case '--quick':
        break;
      case '--duration':
        options.durationSec = int();
        break;
      case '--connections':
        options.connections = int();
        if (options.connections < 2) throw new Error('--connections must be at least 2');
        break;
      case '--seed':
        options.seed = int();
        break;
      case '--probe-timeout':
        options.probeRequestTimeoutMs = int();
        break;
      case '--entry': {
        const entry = value();
        if (entry !== 'dist' && entry !== 'src') throw new Error('--entry is dist or src');
        options.entry = entry;
        break;
      }
      case '--report':
        report = resolve(value());
        break;
      case '--no-report':
        report = undefined;
        break;
      case '--log-pipe':
        options.logSink = 'pipe';
        break;
      case '--server-node-arg':
        options.serverNodeArgs = [...(options.serverNodeArgs ?? []), value()];
        break;
      case '--no-fuzz-fixtures':
        options.fuzzFixtures = false;
        break;
      case '--help':
      case '-h':
        process.stdout.write(
          readFileSync(fileURLToPath(import.meta.url), 'utf8')
            .split('\n')
            .slice(1, 10)
            .map((l) => l.replace(/^ \*\s?/, ''))
            .join('\n') + '\n',
        );
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        throw new Error(`unknown option ${arg}`);
    }
  }
  return { options, report };
}

async function main() {
  const argv = process.argv.slice(2);
  const { options, report } = parseArgs(argv);
  const load = await runLoad(options);
  const probes = await runProbes(options);
  const command = `npx tsx bench/load/main.ts${argv.length ? ` ${argv.join(' ')}` : ''}`;
  const markdown = renderReport(load, probes, command);
  if (report) {
    mkdirSync(dirname(report), { recursive: true });
    writeFileSync(report, markdown);
    process.stderr.write(`[load] report written to ${relative(process.cwd(), report) || report}\n`);
  } else {
    process.stdout.write(markdown);
  }
  const missed = verdicts(load, probes).filter((x) => !x.ok);
  for (const x of verdicts(load, probes)) process.stderr.write(`${x.ok ? 'ok    ' : 'MISSED'} ${x.goal}: ${x.value}\n`);
  process.exitCode = missed.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  });
}
