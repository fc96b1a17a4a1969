/**
 * Child-process entry of the service bench's second load (bench/sections/service.ts,
 * startLoadProcess): the 16 MB documents or the crafted files posted beside the small documents by
 * autocannon in a process of its own, so that receiving a large answer does not hold up the event
 * loop that times the small documents (a client of the service does not share one with another).
 *
 * ← {type:'uploads', uploads}: the bodies to post → {type:'ready'}; ← {type:'load', id, url, index,
 * options} → {type:'done', id, figures}; exits when the parent goes.
 */
import type { Multipart } from './lib/multipart.js';
import { load, type LoadOptions } from './sections/service.js';

type Message = { type: 'uploads'; uploads: Multipart[] } | { type: 'load'; id: number; url: string; index: number; options: LoadOptions };

if (!process.send) {
  console.error('load-child.ts expects to be started with an IPC channel (by bench/sections/service.ts)');
  process.exit(2);
}
let uploads: Multipart[] = [];
process.on('message', (message: Message) => {
  if (message.type === 'uploads') {
    uploads = message.uploads.map((u) => ({ ...u, body: Buffer.from(u.body) }));
    process.send!({ type: 'ready' });
  } else {
    void load(message.url, uploads[message.index]!, message.options).then((figures) => process.send!({ type: 'done', id: message.id, figures }));
  }
});
process.on('disconnect', () => process.exit(0));
