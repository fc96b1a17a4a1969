/**
 * Where a large document's in-process time goes when fresh memory is dear (issue #13): passes of
 * extractText and of the text's string alone (made from a ready array of its units, the least a
 * parse returning that text does), alternating in one process, each pass classed by its page
 * faults: *fresh* when the result's memory was fresh pages (at least half the string's pages
 * faulted in), else *reused* (the allocator handed back memory a collected result had). Which a
 * pass gets depends on when V8 collects the earlier results, not on the code under test; the
 * bench's tinybench loop mixes both.
 *
 *   env -u NODE_EXTRA_CA_CERTS node --import tsx bench/fresh-or-reused.ts [bench/generated/cyrillic-cjk-16mb.doc] [--passes 40]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extractText } from '@doc2text/parser';
import { median } from './lib/stats.js';

const args = process.argv.slice(2);
const passes = Number(args[args.indexOf('--passes') + 1] || 40);
const file = args.find((a) => !a.startsWith('--') && a !== String(passes)) ?? 'bench/generated/cyrillic-cjk-16mb.doc';
const bytes = new Uint8Array(readFileSync(file));
const text = extractText(bytes);
let narrow = true;
for (let i = 0; i < text.length && narrow; i++) narrow = text.charCodeAt(i) <= 0xff;
const units = Buffer.from(text, narrow ? 'latin1' : 'utf16le');
const stringPages = units.length / 4096;

const contenders = {
  extractText: () => extractText(bytes).length,
  'the string alone': () => units.toString(narrow ? 'latin1' : 'utf16le').length,
};
type Name = keyof typeof contenders;
const passesOf: Record<Name, Array<{ ms: number; faults: number }>> = { extractText: [], 'the string alone': [] };
let sink = 0;
for (let p = 0; p < passes; p++) {
  for (const name of (p % 2 === 0 ? ['extractText', 'the string alone'] : ['the string alone', 'extractText']) as Name[]) {
    const faults = process.resourceUsage().minorPageFault;
    const started = performance.now();
    sink += contenders[name]();
    passesOf[name].push({ ms: performance.now() - started, faults: process.resourceUsage().minorPageFault - faults });
  }
}
if (sink < 0) console.log(sink);

const mb = bytes.length / 1e6;
console.log(`${file}: ${mb.toFixed(1)} MB, text ${text.length.toLocaleString('en-US')} units (${narrow ? 'one' : 'two'} bytes each: ${Math.round(stringPages).toLocaleString('en-US')} pages), ${passes} alternating passes each, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
console.log('| contender | pass | passes | median ms | MB/s of the file | median page faults |');
console.log('|---|---|---|---|---|---|');
for (const name of Object.keys(passesOf) as Name[]) {
  for (const kind of ['fresh', 'reused'] as const) {
    const chosen = passesOf[name].filter((x) => (x.faults >= stringPages / 2) === (kind === 'fresh'));
    if (chosen.length === 0) {
      console.log(`| ${name} | ${kind} | 0 | – | – | – |`);
      continue;
    }
    const ms = median(chosen.map((x) => x.ms));
    console.log(`| ${name} | ${kind} | ${chosen.length} | ${ms.toFixed(1)} | ${Math.round(mb / (ms / 1000))} | ${Math.round(median(chosen.map((x) => x.faults)))} |`);
  }
}
