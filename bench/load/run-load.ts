/**
 * The load phase: autocannon (keep-alive mix of documents, invalid and corrupt uploads) beside raw
 * sockets (scenarios.ts), /health from a worker thread, RSS and full GCs of the server child.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { prng } from '../lib/prng.js';
import { percentile } from '../lib/stats.js';
import { MiB, REPO_ROOT, bump, latencySummary, sleep, type LoadOptions } from './common.js';
import { rawExchange } from './raw.js';
import { MULTIPART_TYPE, buildMix, fileBody, loadCorpus, rightShape, send, type Kind, type MixRequest } from './requests.js';
import { newGroup, type GroupStats, type HostileOutcome, type LoadResult } from './results.js';
import { rawScenarios } from './scenarios.js';
import { HEALTH_WORKER, getHealth, startServer, type HealthSample, type ServerChild } from './server-child.js';

interface Autocannon {
  (options: Record<string, unknown>): AutocannonInstance;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(
    event: 'response',
    listener: (
      client: { requestIterator: { currentRequest: MixRequest } },
      status: number,
      bytes: number,
      ms: number,
    ) => void,
  ): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
  stop(): void;
}
interface AutocannonResult {
  errors: number;
  timeouts: number;
  resets: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number; max: number };
  requests: { average: number; total: number; sent: number };
}

/** autocannon is a devDependency of bench/: load it from there. */
function loadAutocannon(): Autocannon {
  return createRequire(join(REPO_ROOT, 'bench/package.json'))('autocannon') as Autocannon;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const random = prng(options.seed);
  const corpus = loadCorpus(options);
  const simple = corpus.docs.find((d) => d.label.endsWith('simple.doc'))?.bytes ?? corpus.docs[0]!.bytes;
  const scenarios = rawScenarios(simple, options);
  const totalWeight = scenarios.reduce((sum, s) => sum + s.weight, 0);

  const connectionsRaw = Math.max(1, Math.round(options.connections / 4));
  const connectionsAutocannon = Math.max(1, options.connections - connectionsRaw);

  options.log(`[load] starting the server (${options.entry}, MAX_FILE_BYTES=${options.maxFileBytes})`);
  const start = () =>
    startServer(
      options.entry,
      { MAX_FILE_BYTES: String(options.maxFileBytes), REQUEST_TIMEOUT_MS: String(options.loadRequestTimeoutMs) },
      'load',
      ['--trace-gc', ...(options.serverNodeArgs ?? [])],
      options.logSink ?? 'file',
    );
  let server = await start();

  // Hostile files one at a time first: one that kills the process is recorded, left out of the load
  // (which could not go on otherwise) and the server restarted.
  const hostile: HostileOutcome[] = [];
  const files = { cwd: [] as string[], tmp: [] as string[] };
  const crashedOn = new Set<string>();
  if (corpus.fuzz.length) options.log(`[load] ${corpus.fuzz.length} hostile files, one at a time`);
  for (const doc of corpus.fuzz) {
    const started = performance.now();
    try {
      const res = await send(server.port, {
        path: '/doc-parser',
        headers: { 'content-type': MULTIPART_TYPE },
        body: fileBody(doc.bytes, 'hostile.doc'),
      });
      let code = '';
      try {
        code = (JSON.parse(res.body) as { code?: string }).code ?? '';
      } catch {
        // not JSON: reported as is
      }
      hostile.push({ label: doc.label, status: res.status, code, ms: performance.now() - started });
    } catch (error) {
      const ms = performance.now() - started;
      await sleep(300);
      const crash = server.crash as ServerChild['crash'];
      if (!crash) {
        hostile.push({ label: doc.label, ms, error: (error as Error).message });
        continue;
      }
      const lines = crash.output.split('\n').filter((l) => !l.startsWith('{'));
      const fatal =
        lines.find((l) => /Fatal JavaScript|out of memory|RangeError|Maximum call stack/.test(l)) ??
        lines.find((l) => /Fatal|FATAL|Error/.test(l)) ??
        '';
      hostile.push({
        label: doc.label,
        ms,
        crash: `exit ${crash.code ?? ''}${crash.signal ?? ''}: ${fatal.replace('[stderr] ', '').trim()}`,
      });
      crashedOn.add(doc.label);
      const created = server.filesCreated();
      files.cwd.push(...created.cwd);
      files.tmp.push(...created.tmp);
      server.cleanup();
      server = await start();
    }
  }
  corpus.fuzz = corpus.fuzz.filter((doc) => !crashedOn.has(doc.label));
  const mix = buildMix(corpus, random);
  const byKind: Record<string, GroupStats> = {};
  const byRawGroup: Record<string, GroupStats> = {};
  const statuses: Record<string, number> = {};
  const rawOutcomes: Record<string, number> = {};
  const validMs: number[] = [];
  const allMs: number[] = [];
  const oversizeSent: number[] = [];
  const healthMs: number[] = [];
  const healthFailures: string[] = [];
  let healthChecks = 0;
  const rssSamples: Array<[number, number]> = [];
  const autocannonErrors: Record<string, number> = {};
  let result: LoadResult | undefined;
  try {
    // Baseline: every distinct request once, one at a time. Also warms the server up.
    options.log(`[load] baseline: ${mix.length} requests`);
    const baseline: Record<Kind, Record<string, number>> = { doc: {}, 'invalid-type': {}, corrupt: {} };
    const invalidBaseline: LoadResult['invalidBaseline'] = [];
    const seen = new Map<number, number>();
    for (const request of mix) {
      const key = request.id;
      if (!seen.has(key)) {
        let status: number;
        try {
          const res = await send(server.port, request);
          status = res.status;
          if (request.kind === 'invalid-type') {
            let code = '';
            try {
              code = (JSON.parse(res.body) as { code?: string }).code ?? '';
            } catch {
              // reported without a code
            }
            invalidBaseline.push({ label: request.label, status, code });
          }
        } catch (error) {
          await sleep(200);
          const crash = server.crash as ServerChild['crash'];
          throw new Error(
            crash
              ? `the server crashed (code ${crash.code}, signal ${crash.signal}) on ${request.kind} "${request.label}" during the baseline pass:\n${crash.output}`
              : `baseline request ${request.kind} "${request.label}" failed: ${(error as Error).message}`,
          );
        }
        seen.set(key, status);
        bump(baseline[request.kind], status);
      }
      request.expected = seen.get(key);
    }
    const rssStart = server.rssMiB();
    const cpuStart = server.cpuSeconds();

    // Response accounting for the keep-alive mix.
    for (const request of mix) {
      request.onResponse = (status: number, body: string) => {
        const group = (byKind[request.kind] ??= newGroup());
        group.checked += 1;
        if (!rightShape(status, body)) {
          group.badShape += 1;
          if (group.examples.length < 5)
            group.examples.push(`bad shape: ${request.label} → ${status} ${body.slice(0, 200)}`);
        }
      };
    }

    const t0 = performance.now();
    const deadline = t0 + options.durationSec * 1000;
    let loadDone = false;

    // RSS every second; /health every second from a worker thread, so that its timing does not
    // include the load generator's own event-loop lag (measured below).
    const samplers = (async () => {
      let next = t0;
      while (!loadDone) {
        next += 1000;
        await sleep(Math.max(0, next - performance.now()));
        rssSamples.push([Math.round((performance.now() - t0) / 1000), server.rssMiB()]);
      }
    })();
    const healthWorker = new Worker(HEALTH_WORKER, {
      eval: true,
      workerData: { port: server.port, intervalMs: 1000, timeoutMs: options.healthTimeoutMs },
    });
    const healthDone = new Promise<void>((resolveDone) => {
      healthWorker.on('message', (message: HealthSample | 'done') => {
        if (message === 'done') return resolveDone();
        healthChecks += 1;
        if (message.ok) healthMs.push(message.ms);
        else
          healthFailures.push(
            `t=${((message.at - performance.timeOrigin - t0) / 1000).toFixed(1)} s: ${message.status ?? message.error}`,
          );
      });
      healthWorker.on('error', (error) => {
        healthFailures.push(`health worker: ${error.message}`);
        resolveDone();
      });
    });
    const generatorLag = monitorEventLoopDelay({ resolution: 10 });
    generatorLag.enable();

    // Keep-alive mix through autocannon.
    const autocannon = loadAutocannon();
    let rotation = 0;
    const instance = autocannon({
      url: `http://127.0.0.1:${server.port}`,
      connections: connectionsAutocannon,
      ...(options.requestsPerConnection === undefined
        ? { duration: options.durationSec }
        : { amount: options.requestsPerConnection * connectionsAutocannon }),
      timeout: 30,
      requests: mix,
      // Start each connection at a different place in the mix.
      setupClient: (client: { setRequests(r: MixRequest[]): void }) => {
        const offset = Math.floor((rotation++ * mix.length) / connectionsAutocannon);
        client.setRequests([...mix.slice(offset), ...mix.slice(0, offset)]);
      },
    });
    instance.on('reqError', (error) => {
      const message = (error as NodeJS.ErrnoException).code ?? error.message;
      bump(autocannonErrors, message);
    });
    instance.on('response', (client, status, _bytes, ms) => {
      const request = client.requestIterator.currentRequest;
      const group = (byKind[request.kind] ??= newGroup());
      group.sent += 1;
      bump(group.statuses, status);
      bump(statuses, status);
      allMs.push(ms);
      if (request.kind === 'doc' && status === 200) validMs.push(ms);
      if (request.expected !== undefined && status !== request.expected) {
        group.unexpected += 1;
        if (group.examples.length < 5) group.examples.push(`${request.label}: ${status}, baseline ${request.expected}`);
      }
    });

    // Raw-socket loops.
    const rawLoop = async (worker: number) => {
      const rnd = prng(options.seed * 1000 + worker);
      const more = (done: number) =>
        options.requestsPerConnection === undefined ? performance.now() < deadline : done < options.requestsPerConnection;
      for (let done = 0; more(done) && !server.crash; done++) {
        let pick = rnd() * totalWeight;
        const scenario = scenarios.find((s) => (pick -= s.weight) < 0) ?? scenarios[0]!;
        const res = await rawExchange(server.port, { ...scenario.plan(rnd), timeoutMs: 30_000 });
        const group = (byRawGroup[scenario.group] ??= newGroup());
        group.sent += 1;
        bump(rawOutcomes, res.outcome);
        if (scenario.expect === undefined) {
          bump(group.statuses, res.status ?? 'no answer (aborted)');
          if (res.status !== undefined) bump(statuses, res.status);
          if (res.status !== undefined && res.status >= 500) group.unexpected += 1;
          continue;
        }
        bump(group.statuses, res.status ?? res.outcome);
        if (res.status !== undefined) {
          bump(statuses, res.status);
          allMs.push(res.ms);
        }
        if (scenario.group === 'oversize' && res.sentAtAnswer !== undefined) oversizeSent.push(res.sentAtAnswer / MiB);
        if (res.status === undefined || !scenario.expect.includes(res.status)) {
          group.unexpected += 1;
          if (group.examples.length < 5)
            group.examples.push(`${scenario.label}: ${res.status ?? `${res.outcome} ${res.error ?? ''}`}`);
        } else if ((group.checked += 1) && !rightShape(res.status, res.body)) {
          group.badShape += 1;
          if (group.examples.length < 5)
            group.examples.push(`bad shape: ${scenario.label} → ${res.status} ${res.body.slice(0, 200)}`);
        }
      }
    };

    options.log(
      `[load] ${options.durationSec} s: ${connectionsAutocannon} autocannon + ${connectionsRaw} raw connections (server pid ${server.pid})`,
    );
    const crashWatch = setInterval(() => {
      if (server.crash) instance.stop();
    }, 200);
    const [acResult] = await Promise.all([
      instance as PromiseLike<AutocannonResult>,
      ...Array.from({ length: connectionsRaw }, (_, i) => rawLoop(i)),
    ]);
    clearInterval(crashWatch);
    const elapsed = (performance.now() - t0) / 1000;
    loadDone = true;
    generatorLag.disable();
    healthWorker.postMessage('stop');
    await Promise.all([samplers, healthDone]);
    await healthWorker.terminate();
    const rssEnd = rssSamples.length ? rssSamples[rssSamples.length - 1]![1] : NaN;
    await sleep(2_000);
    const rssAfter = server.rssMiB();
    const cpuSeconds = server.cpuSeconds() - cpuStart;
    const finalHealth = await getHealth(server.port, options.healthTimeoutMs);
    if (!finalHealth.ok && !server.crash)
      healthFailures.push(`after the load: ${finalHealth.status ?? finalHealth.error}`);

    const filesAfter = server.filesCreated();
    const crash = server.crash;
    const exit = crash ? undefined : await server.stop();
    const filesFinal = server.filesCreated();
    files.cwd.push(...filesAfter.cwd, ...filesFinal.cwd);
    files.tmp.push(...filesAfter.tmp, ...filesFinal.tmp);

    const at = (fraction: number) => {
      const t = Math.round(elapsed * fraction);
      return rssSamples.find(([s]) => s >= t)?.[1] ?? NaN;
    };
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    // V8 heap after each full GC, by thirds of the load: the leak signal (RSS also moves with heap sizing).
    const thirds = [0, 1, 2].map((i) => {
      const from = t0 + (i * elapsed * 1000) / 3;
      const to = t0 + ((i + 1) * elapsed * 1000) / 3;
      const after = server.gcFull.filter(([t]) => t >= from && t < to).map(([, mb]) => mb);
      const committed = server.gcFull.filter(([t]) => t >= from && t < to).map(([, , c]) => c);
      const sorted = [...after].sort((a, b) => a - b);
      return {
        count: after.length,
        minMB: sorted.length ? sorted[0]! : NaN,
        medianMB: percentile(sorted, 50),
        maxMB: sorted.length ? sorted[sorted.length - 1]! : NaN,
        committedMaxMB: committed.length ? Math.max(...committed) : NaN,
      };
    });
    const groups = [...Object.values(byKind), ...Object.values(byRawGroup)];
    result = {
      options: stripLog(options),
      startedAt: new Date().toISOString(),
      durationSec: elapsed,
      connectionsAutocannon,
      connectionsRaw,
      mixSize: {
        doc: mix.filter((m) => m.kind === 'doc').length,
        'invalid-type': mix.filter((m) => m.kind === 'invalid-type').length,
        corrupt: mix.filter((m) => m.kind === 'corrupt').length,
      },
      corpusFiles: corpus.corpusFiles,
      fuzzFiles: corpus.fuzz.length,
      baseline,
      invalidBaseline,
      statuses,
      byKind,
      byRawGroup,
      total,
      fiveXX: Object.entries(statuses)
        .filter(([s]) => Number(s) >= 500)
        .reduce((a, [, n]) => a + n, 0),
      unexpected: groups.reduce((a, g) => a + g.unexpected, 0),
      badShape: groups.reduce((a, g) => a + g.badShape, 0),
      autocannon: {
        errorKinds: autocannonErrors,
        errors: acResult.errors,
        timeouts: acResult.timeouts,
        reqPerSec: acResult.requests.average,
        total: acResult.requests.total,
      },
      rawOutcomes,
      validLatency: latencySummary(validMs),
      allLatency: latencySummary(allMs),
      oversizeSentAtAnswerMiB: {
        count: oversizeSent.length,
        p50: latencySummary(oversizeSent).p50,
        max: latencySummary(oversizeSent).max,
      },
      generatorLagMs: {
        p50: generatorLag.percentile(50) / 1e6,
        p99: generatorLag.percentile(99) / 1e6,
        max: generatorLag.max / 1e6,
      },
      health: {
        checks: healthChecks + 1,
        failures: healthFailures.length,
        latency: latencySummary(healthMs),
        failureExamples: healthFailures.slice(0, 10),
      },
      rss: {
        startMiB: rssStart,
        warmMiB: at(options.durationSec >= 20 ? 0.1 : 0.2),
        middleMiB: at(0.5),
        endMiB: rssEnd,
        afterMiB: rssAfter,
        maxMiB: Math.max(...rssSamples.map(([, v]) => v)),
        samples: rssSamples,
      },
      cpuSeconds,
      heapAfterFullGc: thirds,
      crash,
      exit,
      files: { cwd: [...new Set(files.cwd)].sort(), tmp: [...new Set(files.tmp)].sort() },
      hostile,
      logLevels: { ...server.logLevels },
      errorLines: [...server.errorLines],
    };
  } finally {
    if (!result) await server.stop();
    server.cleanup();
  }
  return result;
}

function stripLog(options: LoadOptions): Omit<LoadOptions, 'log'> {
  const { log: _log, ...rest } = options;
  return rest;
}
