// Experiment: small-doc latency with the large-doc load generated in this process vs in a separate process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { load, startServerChild } from '../sections/service.js';
import { docUpload } from '../lib/multipart.js';

const mode = process.argv[2];
if (mode === 'large-child') {
  const url = process.argv[3]!;
  const large = docUpload('latin-16mb.doc', readFileSync('bench/generated/latin-16mb.doc'));
  const r = await load(url, large, { connections: 2, durationS: 15, timeoutS: 60 });
  process.stdout.write(JSON.stringify(r) + '\n');
  process.exit(0);
}
const small = docUpload('long.doc', readFileSync('fixtures/long.doc'));
const large = docUpload('latin-16mb.doc', readFileSync('bench/generated/latin-16mb.doc'));
const server = await startServerChild('ours');
for (let round = 0; round < 2; round++) {
  for (const variant of ['same-process', 'separate-process']) {
    server.eventLoopReset();
    let smallR;
    if (variant === 'same-process') {
      [smallR] = await Promise.all([load(server.url, small, { connections: 8, durationS: 15, timeoutS: 60 }), load(server.url, large, { connections: 2, durationS: 15, timeoutS: 60 })]);
    } else {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/tmp-exp/exp.ts', 'large-child', server.url], { stdio: ['ignore', 'pipe', 'inherit'] });
      smallR = await load(server.url, small, { connections: 8, durationS: 15, timeoutS: 60 });
      await new Promise((r) => child.on('exit', r));
    }
    const eld = await server.eventLoop();
    console.log(round, variant, `small ${smallR.reqPerSec.toFixed(0)} req/s p50 ${smallR.p50Ms.toFixed(1)} p99 ${smallR.p99Ms.toFixed(1)} max ${smallR.maxMs.toFixed(0)}; eld p99 ${eld.p99.toFixed(1)} max ${eld.max.toFixed(0)}`);
  }
}
await server.close();
