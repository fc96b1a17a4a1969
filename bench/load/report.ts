/** Goals (verdicts) and the markdown report of a load run. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { MiB } from './common.js';
import type { GroupStats, LoadResult, ProbesResult, Verdict } from './results.js';

export function verdicts(load: LoadResult, probes: ProbesResult): Verdict[] {
  const rssGrowth = load.rss.endMiB - load.rss.warmMiB;
  const hostileCrashes = load.hostile.filter((h) => h.crash);
  return [
    { goal: '5xx answers: 0', ok: load.fiveXX === 0, value: String(load.fiveXX) },
    {
      goal: 'crashes: 0 (the server process stays up)',
      ok: !load.crash && !probes.crash && hostileCrashes.length === 0,
      value:
        String(hostileCrashes.length + (load.crash ? 1 : 0) + (probes.crash ? 1 : 0)) +
        (hostileCrashes.length ? ` (${hostileCrashes.map((h) => h.label).join(', ')})` : '') +
        (load.crash ? ` (during the load: exit ${load.crash.code ?? load.crash.signal})` : ''),
    },
    {
      goal: 'failed /health checks (every second, 5 s timeout): 0',
      ok: load.health.failures === 0,
      value: `${load.health.failures} of ${load.health.checks}`,
    },
    {
      goal: 'answers that differ from their baseline or expected status: 0',
      ok: load.unexpected === 0,
      value: String(load.unexpected),
    },
    { goal: 'answers not in the service shape: 0', ok: load.badShape === 0, value: String(load.badShape) },
    {
      goal: 'files created in the cwd or TMPDIR: 0',
      ok: [...load.files.cwd, ...load.files.tmp, ...probes.files.cwd, ...probes.files.tmp].length === 0,
      value: String([...load.files.cwd, ...load.files.tmp, ...probes.files.cwd, ...probes.files.tmp].length),
    },
    {
      goal: 'server errors logged (level ≥ 50): 0',
      ok: (load.logLevels.error ?? 0) + (load.logLevels.fatal ?? 0) === 0 && probes.errorLines.length === 0,
      value: String((load.logLevels.error ?? 0) + (load.logLevels.fatal ?? 0) + probes.errorLines.length),
    },
    load.durationSec >= 30
      ? {
          goal: 'RSS flat after warm-up (end − warm-up < 64 MiB)',
          ok: Number.isFinite(rssGrowth) && rssGrowth < 64,
          value: `${rssGrowth >= 0 ? '+' : ''}${fmt(rssGrowth)} MiB`,
        }
      : {
          goal: 'RSS flat after warm-up (not judged in runs under 30 s)',
          ok: true,
          value: `${rssGrowth >= 0 ? '+' : ''}${fmt(rssGrowth)} MiB`,
        },
    {
      goal: 'probes (timeouts, early 413, limits) as expected',
      ok: probes.probes.every((p) => p.ok) && probes.healthyAfter,
      value: `${probes.probes.filter((p) => p.ok).length} of ${probes.probes.length}`,
    },
  ];
}

function machine(): string[] {
  const cpus = os.cpus();
  let memAvailable = '';
  try {
    const kib = /MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (kib) memAvailable = `, ${(Number(kib[1]) / MiB).toFixed(1)} GiB available`;
  } catch {
    // not Linux
  }
  return [
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} logical cores (os.availableParallelism ${os.availableParallelism()})`,
    `- memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB${memAvailable}`,
    `- OS: ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node ${process.version} (server and load generator on the same machine, 127.0.0.1)`,
  ];
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

function statusTable(groups: Record<string, GroupStats>, title: string): string[] {
  const lines = [
    `| ${title} | requests | statuses | unexpected | bad shape / bodies checked |`,
    '|---|---:|---|---:|---:|',
  ];
  for (const [name, g] of Object.entries(groups).sort()) {
    const st = Object.entries(g.statuses)
      .sort()
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    lines.push(`| ${name} | ${g.sent} | ${st} | ${g.unexpected} | ${g.badShape} / ${g.checked} |`);
  }
  return lines;
}

export function renderReport(load: LoadResult, probes: ProbesResult, command: string): string {
  const v = verdicts(load, probes);
  const o = load.options;
  const lines: string[] = [];
  lines.push('# Server under hostile input and load (issue 6)', '');
  lines.push(`Run ${load.startedAt} with:`, '', '```sh', command, '```', '');
  lines.push(...machine(), '');
  lines.push(
    `The service ran as a child process (\`${o.entry === 'dist' ? 'node --single-threaded-gc packages/server/dist/start.js' : 'node --single-threaded-gc --import tsx packages/server/src/start.ts'}\`) ` +
      `on 127.0.0.1 with MAX_FILE_BYTES=${o.maxFileBytes} (${o.maxFileBytes / MiB} MiB), REQUEST_TIMEOUT_MS=${o.loadRequestTimeoutMs}, ` +
      `LOG_LEVEL=info, \`node --trace-gc\`, stdout (the pino log and the GC trace) to a file of the load generator's, ` +
      `in a fresh temporary working directory with a fresh TMPDIR. ` +
      `For ${fmt(load.durationSec)} s, ${load.connectionsAutocannon + load.connectionsRaw} connections at once: ` +
      `${load.connectionsAutocannon} through autocannon (keep-alive) cycling through ${load.mixSize.doc} document requests ` +
      `(fixtures/*.doc and ${load.corpusFiles} corpus files, some repeated), ${load.mixSize['invalid-type']} invalid-type requests and ` +
      `${load.mixSize.corrupt} corrupt documents (truncated, bit-flipped, sectors overwritten, CFB header fields randomised` +
      `${load.fuzzFiles ? `, and the ${load.fuzzFiles} hostile files of fixtures/fuzz/` : ''}); ` +
      `${load.connectionsRaw} raw-socket loops with one request per connection: wrong request Content-Type, ` +
      `${o.oversizeBytes / MiB} MiB bodies (declared and chunked), malformed multipart, malformed HTTP, part/field/file limits, ` +
      `and uploads aborted part-way. Every distinct keep-alive request was sent once before the load; under load each answer ` +
      `must have that same status. /health was requested every second on a new connection and VmRSS read from /proc. ` +
      `Seed ${o.seed}.`,
    '',
  );
  lines.push('## Goals', '', '| goal | result | |', '|---|---|---|');
  for (const x of v) lines.push(`| ${x.goal} | ${x.value} | ${x.ok ? 'ok' : '**missed**'} |`);
  lines.push('');

  lines.push('## Answers', '');
  const total = load.total;
  lines.push(
    `${total} answers in ${fmt(load.durationSec)} s (${fmt(total / load.durationSec, 0)}/s; autocannon ${load.autocannon.total} of them, ` +
      `${load.autocannon.errors} errors${
        load.autocannon.errors
          ? ` (${Object.entries(load.autocannon.errorKinds)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')})`
          : ''
      }, ${load.autocannon.timeouts} timeouts). Server CPU: ${fmt(load.cpuSeconds)} s ` +
      `(${fmt((100 * load.cpuSeconds) / load.durationSec, 0)} % of one core).`,
    '',
  );
  lines.push('| status | count |', '|---|---:|');
  for (const [s, n] of Object.entries(load.statuses).sort()) lines.push(`| ${s} | ${n} |`);
  lines.push('');
  lines.push(...statusTable(load.byKind, 'keep-alive mix (autocannon)'), '');
  lines.push(...statusTable(load.byRawGroup, 'raw sockets'), '');
  lines.push(
    `Raw-socket outcomes: ${Object.entries(load.rawOutcomes)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')} ` +
      `(\`aborted\` = the client destroyed the socket as planned). Oversize requests: the client had written ` +
      `${fmt(load.oversizeSentAtAnswerMiB.p50)} MiB (median; max ${fmt(load.oversizeSentAtAnswerMiB.max)} MiB) of ${o.oversizeBytes / MiB} MiB ` +
      `when the 413 arrived; on loopback most of a 6 MiB body fits in socket buffers, so the 60 MB probes below are the ` +
      `measure of an early answer.`,
    '',
  );
  const examples = [...Object.entries(load.byKind), ...Object.entries(load.byRawGroup)].flatMap(([k, g]) =>
    g.examples.map((e) => `- ${k}: ${e}`),
  );
  if (examples.length) lines.push('Unexpected answers (first few):', '', ...examples, '');
  lines.push('Baseline statuses of the distinct keep-alive requests (sent once each before the load):', '');
  for (const [kind, st] of Object.entries(load.baseline)) {
    lines.push(
      `- ${kind}: ${Object.entries(st)
        .sort()
        .map(([s, n]) => `${s} × ${n}`)
        .join(', ')}`,
    );
  }
  lines.push(
    '',
    'The invalid-type requests one by one (a plain-text or PDF body named .doc is passed through as text, as ' +
      '`catdoc` does; the two 400s are form-shape errors):',
    '',
    '| request | baseline answer |',
    '|---|---|',
    ...load.invalidBaseline.map((b) => `| ${b.label} | ${`${b.status} ${b.code}`.trim()} |`),
  );
  lines.push('');

  if (load.hostile.length) {
    lines.push(
      '## Hostile files, one at a time',
      '',
      'The regression files of fixtures/fuzz/ (see its README), each sent alone before the load. A file that kills the ' +
        'process is left out of the load mix (the server is restarted); the others are part of the corrupt documents.',
      '',
      '| file | answer | time |',
      '|---|---|---:|',
    );
    for (const h of load.hostile) {
      const answer = h.crash
        ? `**server process died** (${h.crash})`
        : h.error
          ? `error: ${h.error}`
          : `${h.status} ${h.code ?? ''}`.trim();
      lines.push(`| ${h.label} | ${answer} | ${fmt(h.ms, 0)} ms |`);
    }
    lines.push('');
  }

  lines.push('## Latency', '', '| | answers | p50 ms | p90 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|---:|');
  const row = (name: string, l: LoadResult['validLatency']) =>
    `| ${name} | ${l.count} | ${fmt(l.p50)} | ${fmt(l.p90)} | ${fmt(l.p99)} | ${fmt(l.max)} |`;
  lines.push(row('documents answered 200 (keep-alive)', load.validLatency));
  lines.push(row('every answer', load.allLatency));
  lines.push(row('GET /health during the load (new connection, from a worker thread)', load.health.latency));
  lines.push('');
  lines.push(
    `Parsing is synchronous: one process parses one document at a time, so with ${load.connectionsAutocannon + load.connectionsRaw} ` +
      'connections a request waits for the ones ahead of it; the latencies are queueing plus parsing, not parsing alone. ' +
      `The load generator runs on the same machine; its own event-loop delay during the load was p50 ${fmt(load.generatorLagMs.p50)} ms, ` +
      `p99 ${fmt(load.generatorLagMs.p99)} ms, max ${fmt(load.generatorLagMs.max)} ms (it adds to the latencies measured on the main thread, ` +
      'not to /health, which is timed from a worker thread). A /health check opens a new connection to a saturated server ' +
      '(the keep-alive connections always have a request ready), and the server, the generator and its health worker share ' +
      `${os.cpus().length} cores: read its latency as that of a new client of a busy server, not of the route.`,
    '',
  );

  lines.push('## Memory (VmRSS of the server process)', '');
  lines.push(
    '| start (after the baseline pass) | after warm-up | middle | end | 2 s after the load | max |',
    '|---:|---:|---:|---:|---:|---:|',
  );
  lines.push(
    `| ${fmt(load.rss.startMiB)} MiB | ${fmt(load.rss.warmMiB)} MiB | ${fmt(load.rss.middleMiB)} MiB | ${fmt(load.rss.endMiB)} MiB | ${fmt(load.rss.afterMiB)} MiB | ${fmt(load.rss.maxMiB)} MiB |`,
  );
  lines.push('');
  const step = Math.max(1, Math.ceil(load.rss.samples.length / 12));
  lines.push(
    `Samples (t s: MiB): ${load.rss.samples
      .filter((_, i) => i % step === 0 || i === load.rss.samples.length - 1)
      .map(([t, m]) => `${t}: ${fmt(m, 0)}`)
      .join(', ')}.`,
    '',
  );

  lines.push(
    'V8 heap after each full (mark-compact) GC of the server (`node --trace-gc`), by thirds of the load — what is still ' +
      'alive after a collection, so the leak signal; RSS also follows how large V8 lets the heap grow between collections:',
    '',
    '| third of the load | full GCs | heap after GC: min | median | max | heap committed: max |',
    '|---|---:|---:|---:|---:|---:|',
  );
  load.heapAfterFullGc.forEach((h, i) =>
    lines.push(
      `| ${['first', 'second', 'last'][i]} | ${h.count} | ${fmt(h.minMB)} MB | ${fmt(h.medianMB)} MB | ${fmt(h.maxMB)} MB | ${fmt(h.committedMaxMB)} MB |`,
    ),
  );
  lines.push('');

  lines.push('## Files', '');
  lines.push(
    `Created in the server's working directory: ${load.files.cwd.length ? load.files.cwd.join(', ') : 'none'}; in its TMPDIR: ${load.files.tmp.length ? load.files.tmp.join(', ') : 'none'} (compared before and after the load, and after the process exited).`,
    '',
  );

  lines.push('## Probes', '');
  lines.push(
    `A second server process with REQUEST_TIMEOUT_MS=${probes.requestTimeoutMs} and MAX_FILE_BYTES=${o.maxFileBytes} ` +
      `(body limit ${o.maxFileBytes / MiB + 1} MiB with the multipart allowance):`,
    '',
    '| probe | result | |',
    '|---|---|---|',
  );
  for (const p of probes.probes) lines.push(`| ${p.name} | ${p.detail} | ${p.ok ? 'ok' : '**missed**'} |`);
  lines.push('', `/health after the probes: ${probes.healthyAfter ? 'ok' : '**failed**'}.`, '');

  lines.push('## Server log', '');
  lines.push(
    `Lines by level during the load: ${Object.entries(load.logLevels)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}.`,
  );
  if (load.errorLines.length || probes.errorLines.length) {
    lines.push(
      '',
      'Error lines (first few):',
      '',
      '```',
      ...load.errorLines.slice(0, 5).map((l) => l.slice(0, 500)),
      ...probes.errorLines.slice(0, 5).map((l) => l.slice(0, 500)),
      '```',
    );
  }
  if (load.crash)
    lines.push(
      '',
      `**The server exited during the load** (code ${load.crash.code}, signal ${load.crash.signal}):`,
      '',
      '```',
      load.crash.output.slice(-3000),
      '```',
    );
  if (load.health.failureExamples.length)
    lines.push('', 'Failed /health checks:', '', ...load.health.failureExamples.map((f) => `- ${f}`));
  lines.push('');
  return lines.join('\n');
}
