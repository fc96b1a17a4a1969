/** Goals, the markdown summary and the hand-written SVG chart of the ratios. */
import { originalServiceMarkdown } from '../sections/original-service.js';
import type { BenchResults, FixedRateFigures, Goal } from './results.js';
import { fmt } from './stats.js';

const MiB = 2 ** 20;
const mib = (bytes: number) => `${fmt(bytes / MiB)} MiB`;

export function evaluateGoals(r: Omit<BenchResults, 'goals'>): Goal[] {
  const goals: Goal[] = [];
  const all = <T>(list: T[], test: (x: T) => boolean): boolean | null => (list.length === 0 ? null : list.every(test));

  const c = r.corpus;
  goals.push({
    id: 'corpus-files-per-sec',
    goal: 'Corpus files/s vs word-extractor (files both read)',
    target: '≥ 3×',
    actual: c ? `${fmt(c.both.ratio)}× (${fmt(c.both.ours.filesPerSec)} vs ${fmt(c.both.wordExtractor.filesPerSec)} files/s, ${c.both.files} files)` : 'not run',
    met: c ? c.both.ratio >= 3 : null,
  });
  goals.push({
    id: 'large-mb-per-sec',
    goal: 'Large doc, in process, our MB/s',
    target: '≥ 400 MB/s',
    actual: r.large.length
      ? r.large
          .map((l) => {
            const floor = l.inProcess.freshFloorMbPerSec;
            return `${l.name}: ${fmt(l.inProcess.ours.mbPerSec)} MB/s${floor ? ` (one string of the file's size alone, in a fresh process: ${fmt(floor)} MB/s)` : ''}`;
          })
          .join('; ')
      : 'not run',
    met: all(r.large, (l) => l.inProcess.ours.mbPerSec >= 400),
  });
  goals.push({
    id: 'large-vs-word-extractor',
    goal: 'Large doc, in process, vs word-extractor',
    target: '≥ 3×',
    actual: r.large.length ? r.large.map((l) => `${l.name}: ${fmt(l.inProcess.ratio)}×`).join('; ') : 'not run',
    met: all(r.large, (l) => l.inProcess.ratio >= 3),
  });
  goals.push({
    id: 'cli-vs-catdoc',
    goal: 'Large doc, whole process: CLI vs `catdoc -w`',
    target: 'faster (> 1×)',
    actual: r.large.length
      ? r.large.map((l) => `${l.name}: ${fmt(l.wholeProcess.ours.medianMs)} vs ${fmt(l.wholeProcess.catdoc.medianMs)} ms (${fmt(l.wholeProcess.ratio)}×)`).join('; ')
      : 'not run',
    met: all(r.large, (l) => l.wholeProcess.ratio > 1),
  });
  goals.push({
    id: 'peak-memory',
    goal: 'Large doc, peak memory (RSS growth) ≤ 2 × (file + text)',
    target: '≤ 2 × (file + UTF-8 text)',
    actual: r.large.length ? r.large.map((l) => `${l.name}: ${mib(l.memory.ours.peakRssDelta)} of ${mib(l.memory.limitBytes)}`).join('; ') : 'not run',
    met: all(r.large, (l) => l.memory.ours.peakRssDelta <= l.memory.limitBytes),
  });
  const s = r.service;
  const at32 = s?.levels.find((l) => l.connections === 32);
  goals.push({
    id: 'server-rps',
    goal: 'Server req/s vs baseline at 32 connections',
    target: '≥ 5×',
    actual: at32 ? `${fmt(at32.rpsRatio)}× (${fmt(at32.ours.reqPerSec)} vs ${fmt(at32.baseline.reqPerSec)} req/s)` : 'not run',
    met: at32 ? at32.rpsRatio >= 5 : null,
  });
  goals.push({
    id: 'server-p99',
    goal: 'Server p99 vs baseline at 32 connections',
    target: '≤ ⅓ of baseline',
    actual: at32 ? `${fmt(at32.ours.p99Ms)} vs ${fmt(at32.baseline.p99Ms)} ms (${fmt(at32.ours.p99Ms / at32.baseline.p99Ms)} of baseline)` : 'not run',
    met: at32 ? at32.ours.p99Ms <= at32.baseline.p99Ms / 3 : null,
  });
  goals.push({
    id: 'mixed-small-p99',
    goal: 'Small-doc p99 while large docs are parsed concurrently',
    target: '< 20 ms',
    actual: s
      ? `${fmt(s.mixed.ours.small.p99Ms)} ms (event-loop delay max ${fmt(s.mixed.ours.eventLoop.max)} ms; baseline ${fmt(s.mixed.baseline.small.p99Ms)} ms)` +
        (s.fixedRate ? `; at a fixed ${s.fixedRate.rate} req/s: ${fmt(s.fixedRate.large.p99Ms)} ms` : '')
      : 'not run',
    met: s ? s.mixed.ours.small.p99Ms < 20 : null,
  });
  goals.push({
    id: 'crafted-small-p99',
    goal: 'Small-doc p99 while 4 connections post the crafted 260 KB files',
    target: '< 50 ms',
    actual: s?.crafted
      ? `${fmt(s.crafted.small.p99Ms)} ms (event-loop delay max ${fmt(s.crafted.eventLoop.max)} ms)` +
        (s.fixedRate?.crafted ? `; at a fixed ${s.fixedRate.rate} req/s: ${fmt(s.fixedRate.crafted.p99Ms)} ms` : '')
      : 'not run',
    met: s?.crafted ? s.crafted.small.p99Ms < 50 : null,
  });
  const o = r.originalService;
  goals.push({
    id: 'original-service',
    goal: 'Against the original service (wrk, Connection: close, 32 connections), either model the server ships',
    target: '≥ 10× req/s at ≤ ¼ of its p99',
    actual: o
      ? `threads (default) ${fmt(o.rpsRatio)}× req/s, p99 ${fmt(o.servers[1]!.median.p99Ms)} vs ${fmt(o.servers[0]!.median.p99Ms)} ms` +
        (o.processes ? `; processes ${fmt(o.processes.rpsRatio)}× req/s, p99 ${fmt(o.processes.p99Ratio)}× lower` : '') +
        (typeof o.ceiling === 'number' ? ` (ceiling here, a bare node:http server parsing nothing: ${fmt(o.ceiling)}×)` : '')
      : 'not run',
    met: o ? (o.rpsRatio >= 10 && o.p99Ratio >= 4) || (o.processes !== undefined && o.processes.rpsRatio >= 10 && o.processes.p99Ratio >= 4) : null,
  });
  return goals;
}

interface Bar {
  label: string;
  value: number;
  goal?: number;
}

/** Every comparison as "times better than the other tool" (> 1 = doc2text wins). */
export function ratioBars(r: BenchResults): Bar[] {
  const bars: Bar[] = [];
  if (r.corpus) bars.push({ label: `corpus files/s vs word-extractor (${r.corpus.both.files} files)`, value: r.corpus.both.ratio, goal: 3 });
  for (const l of r.large) {
    bars.push({ label: `${l.name}: MB/s vs word-extractor`, value: l.inProcess.ratio, goal: 3 });
    bars.push({ label: `${l.name}: whole process vs catdoc -w`, value: l.wholeProcess.ratio, goal: 1 });
    bars.push({ label: `${l.name}: 2×(file+text) ÷ our peak RSS growth`, value: l.memory.limitBytes / l.memory.ours.peakRssDelta, goal: 1 });
  }
  if (r.perFile) bars.push({ label: `process per file vs catdoc (${r.perFile.files} files)`, value: r.perFile.ratio });
  if (r.service) {
    for (const l of r.service.levels) {
      bars.push({ label: `server req/s vs baseline, ${l.connections} conn`, value: l.rpsRatio, goal: l.connections === 32 ? 5 : undefined });
    }
    const at32 = r.service.levels.find((l) => l.connections === 32);
    if (at32) bars.push({ label: 'server p99, 32 conn: baseline ÷ ours', value: at32.p99Ratio, goal: 3 });
    bars.push({ label: 'small-doc p99 under large-doc load: baseline ÷ ours', value: r.service.mixed.baseline.small.p99Ms / r.service.mixed.ours.small.p99Ms });
  }
  return bars.filter((b) => Number.isFinite(b.value) && b.value > 0);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A horizontal bar chart on a log scale centred on 1× (bars right of it: we are faster). */
export function ratiosSvg(r: BenchResults): string {
  const bars = ratioBars(r);
  const labelW = 400;
  const plotW = 440;
  const rowH = 26;
  const top = 56;
  const width = labelW + plotW + 90;
  const height = top + bars.length * rowH + 44;
  const values = bars.flatMap((b) => [b.value, b.goal ?? 1]);
  const lo = Math.min(0.1, ...values) / 1.5;
  const hi = Math.max(10, ...values) * 1.5;
  const decadeLo = Math.floor(Math.log10(lo));
  const decadeHi = Math.ceil(Math.log10(hi));
  const x = (v: number) => labelW + ((Math.log10(v) - decadeLo) / (decadeHi - decadeLo)) * plotW;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="12" y="22" font-size="15" font-weight="600">doc2text vs the tools in use today — how many times better (log scale, &gt; 1× = doc2text wins)</text>`);
  out.push(`<text x="12" y="40" fill="#555">${esc(`${r.date} · ${r.mode} run · ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB · node ${r.machine.node} · ◆ = goal`)}</text>`);
  for (let d = decadeLo; d <= decadeHi; d++) {
    const v = 10 ** d;
    const gx = x(v).toFixed(1);
    out.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${top + bars.length * rowH}" stroke="${d === 0 ? '#333' : '#ddd'}" stroke-width="${d === 0 ? 1.5 : 1}"/>`);
    out.push(`<text x="${gx}" y="${top + bars.length * rowH + 16}" text-anchor="middle" fill="#555">${v >= 1 ? v : v.toFixed(-d)}×</text>`);
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const x1 = x(1);
    const xv = x(b.value);
    const met = b.goal === undefined ? b.value >= 1 : b.value >= b.goal;
    const color = met ? '#2e7d32' : b.value >= 1 ? '#f9a825' : '#c62828';
    out.push(`<text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(b.label)}</text>`);
    out.push(`<rect x="${Math.min(x1, xv).toFixed(1)}" y="${y + 5}" width="${Math.max(1, Math.abs(xv - x1)).toFixed(1)}" height="${rowH - 10}" fill="${color}" rx="2"/>`);
    out.push(`<text x="${(Math.max(x1, xv) + 6).toFixed(1)}" y="${y + rowH / 2 + 4}" fill="#222">${esc(fmt(b.value))}×</text>`);
    if (b.goal !== undefined) {
      const gx = x(b.goal);
      const cy = y + rowH / 2;
      out.push(`<path d="M ${gx.toFixed(1)} ${cy - 6} L ${(gx + 5).toFixed(1)} ${cy} L ${gx.toFixed(1)} ${cy + 6} L ${(gx - 5).toFixed(1)} ${cy} Z" fill="none" stroke="#000" stroke-width="1.2"><title>goal ${b.goal}×</title></path>`);
    }
  });
  out.push(`<text x="12" y="${height - 8}" fill="#555">green: goal met (or ≥ 1× where there is none) · amber: faster but short of the goal · red: slower</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

const yesNo = (met: boolean | null) => (met === null ? '—' : met ? '✅ met' : '❌ missed');

export function markdown(r: BenchResults, jsonName: string): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push('# doc2text benchmarks');
  lines.push('');
  lines.push(`Generated by \`pnpm bench${r.mode === 'quick' ? ' --quick' : ''}\` (bench/run.ts) on ${r.date} in ${fmt(r.durationS)} s — raw figures in [${jsonName}](${jsonName}), chart below.`);
  if (r.mode === 'quick') lines.push('', '> **Quick mode**: tiny durations, few files, a small generated document instead of the 16 MB ones. It checks that the harness works; the figures are not the real ones.');
  lines.push('');
  lines.push('| machine | |');
  lines.push('|---|---|');
  lines.push(`| CPU | ${m.cpu} |`);
  lines.push(`| cores | ${m.cores} |`);
  lines.push(`| memory | ${m.memoryGiB} GiB |`);
  lines.push(`| node | ${m.node} |`);
  lines.push(`| OS | ${m.os} |`);
  lines.push(`| catdoc | ${m.catdoc ?? 'absent'} |`);
  lines.push(`| word-extractor | ${m.wordExtractor} |`);
  if (m.soffice) lines.push(`| LibreOffice (generator) | ${m.soffice} |`);
  if (m.commit) lines.push(`| commit | ${m.commit} |`);
  lines.push(`| load average at start (1/5/15 min) | ${m.loadAverage.join(' / ')} |`);
  if (m.pageFaultUs !== undefined) lines.push(`| page fault (first write to a fresh 4 KiB page) | ${m.pageFaultUs} µs |`);
  lines.push('');
  lines.push('## Goals');
  lines.push('');
  lines.push('| goal | target | measured | |');
  lines.push('|---|---|---|---|');
  for (const g of r.goals) lines.push(`| ${g.goal} | ${g.target} | ${g.actual} | ${yesNo(g.met)} |`);
  lines.push('');
  lines.push('![ratios](ratios.svg)');
  lines.push('');

  if (r.corpus) {
    const c = r.corpus;
    lines.push('## 1. Corpus, in process (tinybench)');
    lines.push('');
    lines.push(
      `${c.files} files, ${fmt(c.bytes / 1e6)} MB: ${c.corpusPresent ? `${c.corpusFiles} from the shared corpus` : 'shared corpus **absent**'} + ${c.fixtureFiles} fixtures. ` +
        `Read by us: ${c.readable.ours}; by word-extractor: ${c.readable.wordExtractor}; by both: **${c.readable.both}** (the ratio set); by neither: ${c.readable.neither}. ` +
        'Both tools get the same in-memory buffer (word-extractor the Buffer, we a Uint8Array view of it, as our CLI and server pass it). ' +
        'tinybench in rounds (task order alternating; full run: 3 rounds of ≥ 3 s per task), figures are the median of the rounds\' mean pass times.',
    );
    lines.push('');
    lines.push('| set | tool | files/s | MB/s | ms per pass | samples |');
    lines.push('|---|---|---|---|---|---|');
    lines.push(`| both read (${c.both.files} files, ${fmt(c.both.bytes / 1e6)} MB) | doc2text | ${fmt(c.both.ours.filesPerSec)} | ${fmt(c.both.ours.mbPerSec)} | ${fmt(c.both.ours.meanMs)} | ${c.both.ours.samples} |`);
    lines.push(`| | word-extractor | ${fmt(c.both.wordExtractor.filesPerSec)} | ${fmt(c.both.wordExtractor.mbPerSec)} | ${fmt(c.both.wordExtractor.meanMs)} | ${c.both.wordExtractor.samples} |`);
    lines.push(`| | **ratio** | **${fmt(c.both.ratio)}×** | | | |`);
    lines.push(`| all we read (${c.oursAll.files} files) | doc2text | ${fmt(c.oursAll.filesPerSec)} | ${fmt(c.oursAll.mbPerSec)} | ${fmt(c.oursAll.meanMs)} | ${c.oursAll.samples} |`);
    lines.push('');
    if (c.onlyOurs.length) lines.push(`Only we read (${c.onlyOurs.length}): ${c.onlyOurs.join('; ')}.`, '');
    if (c.onlyWordExtractor.length) lines.push(`Only word-extractor reads (${c.onlyWordExtractor.length}): ${c.onlyWordExtractor.join('; ')}.`, '');
  }

  if (r.large.length) {
    lines.push('## 2. Large documents');
    lines.push('');
    lines.push('Generated by `bench/generate-large.ts` (HTML → LibreOffice `doc:MS Word 97`), cached in bench/generated/. In-process: tinybench, same buffer for both, 3 rounds (alternating order) of ≥ 3 passes each, median of the round means. Memory: one child process per tool and file (`bench/memory-child.ts`), growth of the resident set (peak: /proc/self/status VmHWM) and of the V8 heap (highest `--trace-gc` reading) over the post-import baseline, file included; *floor* = the same child reading the file and decoding all of it as one UTF-16 string (runtime overhead such as new-space growth included), the least any extractor needs. Whole process: spawn, output to /dev/null, 1 warm-up, then the two commands alternate; median.');
    lines.push('');
    lines.push(
      '*Fresh floor MB/s*: the file\'s MB ÷ the memory child\'s floor time, one string of the file\'s size made in a fresh process: what a parse returning a text that long spends at least where all of its memory is fresh pages. In tinybench\'s loop a large result lands in fresh or reused memory as V8\'s collections happen to fall (`bench/fresh-or-reused.ts` times both kinds of pass).',
    );
    lines.push('');
    lines.push('| document | size | text chars | ours MB/s | word-extractor MB/s | ratio | fresh floor MB/s | ours peak RSS / heap | word-extractor peak RSS / heap | floor RSS | limit 2×(file+text) | CLI ms | catdoc -w ms | ratio |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const l of r.large) {
      lines.push(
        `| ${l.name} | ${fmt(l.bytes / 1e6)} MB | ${l.textChars.toLocaleString('en-US')} | ${fmt(l.inProcess.ours.mbPerSec)} | ${fmt(l.inProcess.wordExtractor.mbPerSec)} | **${fmt(l.inProcess.ratio)}×** | ` +
          `${l.inProcess.freshFloorMbPerSec ? fmt(l.inProcess.freshFloorMbPerSec) : '–'} | ` +
          `${mib(l.memory.ours.peakRssDelta)} / ${mib(l.memory.ours.peakHeapDelta)} | ${mib(l.memory.wordExtractor.peakRssDelta)} / ${mib(l.memory.wordExtractor.peakHeapDelta)} | ${mib(l.memory.floor.peakRssDelta)} | ${mib(l.memory.limitBytes)} | ` +
          `${fmt(l.wholeProcess.ours.medianMs)} | ${fmt(l.wholeProcess.catdoc.medianMs)} | **${fmt(l.wholeProcess.ratio)}×** |`,
      );
    }
    lines.push('');
    const mismatch = r.large.filter((l) => l.inProcess.wordExtractorChars !== l.textChars);
    if (mismatch.length) lines.push(`Text lengths differ (ours vs word-extractor): ${mismatch.map((l) => `${l.name} ${l.textChars} vs ${l.inProcess.wordExtractorChars}`).join('; ')}.`, '');
  }

  if (r.perFile) {
    const p = r.perFile;
    lines.push('## 3. One process per file');
    lines.push('');
    lines.push(`\`${p.oursCommand}\` vs \`${p.catdocCommand}\`, spawned sequentially for each of ${p.files} files (the two alternate file by file), median of ${p.rounds} round(s).`);
    lines.push('');
    lines.push('| tool | total ms | ms per file | non-zero exits | one invocation for all files, ms |');
    lines.push('|---|---|---|---|---|');
    lines.push(`| doc2text CLI | ${fmt(p.oursMs)} | ${fmt(p.oursMs / p.files)} | ${p.oursFailures} | ${fmt(p.oursBatchMs)} |`);
    lines.push(`| catdoc | ${fmt(p.catdocMs)} | ${fmt(p.catdocMs / p.files)} | ${p.catdocFailures} | ${fmt(p.catdocBatchMs)} |`);
    lines.push(`| **ratio** (catdoc time ÷ ours) | **${fmt(p.ratio)}×** | | | ${fmt(p.catdocBatchMs / p.oursBatchMs)}× |`);
    lines.push('');
  }

  if (r.service) {
    const s = r.service;
    lines.push('## 4. Service');
    lines.push('');
    lines.push(
      `Our server (\`createApp\`, logger off) vs \`bench/baseline-server.ts\` (node:http, upload → temp file → \`catdoc -a\` → JSON), each in a child process on 127.0.0.1; autocannon in the parent posts one prebuilt multipart body: ` +
        `\`${s.doc.file}\` (${fmt(s.doc.bytes / 1024)} KB) to \`/doc-parser${s.query ? `?${s.query}` : ''}\`${s.query ? '' : ' (our default output format: catdoc-compatible)'}. Latency percentiles from every 2xx answer.`,
    );
    lines.push('');
    lines.push('| connections | ours req/s | baseline req/s | ratio | ours p50 / p99 ms | baseline p50 / p99 ms | p99 ratio | errors (ours / baseline) |');
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const l of s.levels) {
      lines.push(
        `| ${l.connections} | ${fmt(l.ours.reqPerSec)} | ${fmt(l.baseline.reqPerSec)} | **${fmt(l.rpsRatio)}×** | ${fmt(l.ours.p50Ms)} / ${fmt(l.ours.p99Ms)} | ${fmt(l.baseline.p50Ms)} / ${fmt(l.baseline.p99Ms)} | ${fmt(l.p99Ratio)}× | ${l.ours.errors + l.ours.non2xx} / ${l.baseline.errors + l.baseline.non2xx} |`,
      );
    }
    lines.push('');
    const mx = s.mixed;
    lines.push(`Small docs (${mx.smallConnections} connections) while a second autocannon, in a process of its own (bench/load-child.ts), posts \`${s.largeDoc.file}\` (${fmt(s.largeDoc.bytes / 1e6)} MB, ${mx.largeConnections} connections); event-loop delay measured inside the server process over the same window:`);
    lines.push('');
    lines.push('| server | small req/s | small p50 / p99 / max ms | large req/s | large p99 ms | event-loop delay p99 / max ms | errors |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const [name, f] of [['ours', mx.ours], ['baseline', mx.baseline]] as const) {
      lines.push(
        `| ${name} | ${fmt(f.small.reqPerSec)} | ${fmt(f.small.p50Ms)} / ${fmt(f.small.p99Ms)} / ${fmt(f.small.maxMs)} | ${fmt(f.large.reqPerSec)} | ${fmt(f.large.p99Ms)} | ${fmt(f.eventLoop.p99)} / ${fmt(f.eventLoop.max)} | ${f.small.errors + f.small.non2xx + f.large.errors + f.large.non2xx} |`,
      );
    }
    lines.push('');
  }

  if (r.service?.crafted) {
    const c = r.service.crafted;
    lines.push('### Beside the crafted control-character files', '');
    lines.push(`Ours: small documents on ${r.service.mixed.smallConnections} connections while ${c.connections} post ${c.files.join(', ')} (\`?${c.query}\`): small p50 ${fmt(c.small.p50Ms)} ms, p99 ${fmt(c.small.p99Ms)} ms, ${fmt(c.small.reqPerSec)} req/s; crafted ${c.crafted.map((f) => `${fmt(f.reqPerSec)} req/s (p99 ${fmt(f.p99Ms)} ms, errors ${f.errors + f.non2xx})`).join('; ')}; event-loop delay max ${fmt(c.eventLoop.max)} ms.`, '');
  }
  if (r.service?.fixedRate) {
    const { rate, alone, large, crafted } = r.service.fixedRate;
    lines.push('### Below saturation: small documents at a fixed rate', '');
    lines.push(
      `The runs above are closed loops (each connection sends its next request when an answer comes back): they saturate the 2 cores, and their latency is mostly queueing. ` +
        `Here \`${r.service.doc.file}\` is sent at a fixed ${rate} req/s (open loop, bench/lib/open-loop.ts) alone and beside the same loads as above.`,
    );
    if (r.service.cpu) {
      const c = r.service.cpu;
      lines.push(
        '',
        `CPU time per small-document request at 8 connections alone: server ${fmt(c.serverMs)} ms (event loop ${fmt(c.eventLoopMs)} ms, parse workers and V8's compiler and garbage-collector threads the rest), load generator ${fmt(c.generatorMs)} ms: ` +
          `2 cores give at most ~${fmt(2000 / (c.serverMs + c.generatorMs))} req/s.`,
      );
    }
    lines.push('', '| small documents | p50 ms | p90 ms | p99 ms | max ms | beside req/s | event-loop delay p99 / max ms | errors |', '|---|---|---|---|---|---|---|---|');
    const rows: [string, FixedRateFigures | null][] = [
      ['alone', alone],
      [`beside ${r.service.largeDoc.file} (${r.service.mixed.largeConnections} connections)`, large],
      [`beside the crafted files (${r.service.crafted?.connections ?? 4} connections)`, crafted],
    ];
    for (const [name, f] of rows) {
      if (f) lines.push(`| ${name} | ${fmt(f.p50Ms)} | ${fmt(f.p90Ms)} | ${fmt(f.p99Ms)} | ${fmt(f.maxMs)} | ${fmt(f.besideReqPerSec)} | ${fmt(f.eventLoop.p99)} / ${fmt(f.eventLoop.max)} | ${f.errors} |`);
    }
    lines.push('');
  }
  if (r.originalService) lines.push(...originalServiceMarkdown(r.originalService));

  if (r.notes.length) {
    lines.push('## Notes');
    lines.push('');
    for (const n of r.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  lines.push('## Rerun');
  lines.push('');
  lines.push('```sh');
  lines.push('pnpm bench                      # everything (generates the 16 MB documents once, ~35 s each)');
  lines.push('pnpm bench --quick              # harness check for CI, < 60 s, writes bench/results/quick/');
  lines.push('pnpm bench --only service --label workers   # one section, e.g. before/after a server change (bench/WORKERS.md)');
  lines.push("pnpm bench --only service --service-query 'format=plain' --label plain   # our server in plain-text mode");
  lines.push('npx tsx bench/profile.ts --runs 5 bench/generated/latin-16mb.doc   # hot functions and lines (add --format catdoc)');
  lines.push('```');
  lines.push('');
  return `${lines.join('\n')}`;
}
