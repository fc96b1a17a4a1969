// The child process of test/support/cfb-oracle.ts: reads each input with our reader (dist/) and,
// when ours reads it, with cfb, and sends back both results. A separate process, so cfb's endless loops and heap
// exhaustion on damaged files end here, not in the test runner.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const CFB = require('cfb');
const ours = await import(process.argv[2]);

function readAll(file) {
  const streams = [];
  const walk = (e, path) => {
    for (const c of e.children) {
      if (c.kind === 'stream') streams.push({ id: c.id, path: path + c.name, data: Uint8Array.from(file.read(c)) });
      else walk(c, path + c.name + '/');
    }
  };
  walk(file.root, '');
  return streams;
}

process.on('message', ({ bytes }) => {
  bytes = new Uint8Array(bytes);
  try {
    process.send({ ours: { kind: 'ok', streams: readAll(ours.openCompoundFile(bytes)) } });
  } catch (e) {
    process.send({ ours: { kind: e && e.name === 'DocParseError' ? 'rejected' : 'failure', error: String((e && e.stack) || e) } });
    return; // nothing to compare (and cfb would loop for ever on many of these)
  }
  try {
    const c = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), { type: 'buffer' });
    const entries = c.FileIndex.map((e, i) => ({ type: e.type, path: c.FullPaths[i], content: e.content ? Uint8Array.from(e.content) : null }));
    process.send({ cfb: { kind: 'ok', entries } });
  } catch (e) {
    process.send({ cfb: { kind: 'throws', error: String(e && e.message) } });
  }
});
process.send({ ready: true });
