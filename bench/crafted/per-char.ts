/**
 * Formatting cost per control character against per ordinary character (issue 12: a mark may
 * cost at most 3× an ordinary character). Variants of three crafted documents, made in memory by
 * rewriting their one run of text bytes (each crafted file holds its story as one 8-bit piece),
 * so every variant has the same structure and size and differs only in its characters:
 *
 *   A crafted-cells-240k    245,000 CPs, no paragraph properties (row ends guessed: 0x07 after 0x07)
 *   B crafted-rowend-250k   250,000 CPs, one PAPX run with sprmPFTtp over all of them (every mark a row end)
 *   C crafted-footnote-marks-200k  200,000 CPs of footnotes story (0x02 = auto-numbered note mark: 1, 2, 3…)
 *   D crafted-endnote-marks-200k   200,000 CPs of endnotes story (0x02: i, ii, iii… to mmmcmxcix, then 4000, 4001…)
 *
 * Every rewritten story ends with a paragraph mark, as every Word story does: without one, the
 * text of the all-ordinary variant would be handed back as a view of the decoded characters (no
 * copy), and "per ordinary character" would time the search for special characters only, not
 * the making of the text every real story gets. Marks are either dense (every character, every
 * 2nd) or lone, between runs of ordinary text (every 8th, every 64th character).
 *
 * Each round parses every variant (timed apart), collects garbage, then times `doc.text(story)`
 * on the fresh document; the variants' order rotates per round and the figure is the median over
 * rounds, all in one run. Both costs are measured on the same base file:
 *   per ordinary character   c = t_ordinary / ordinary chars (the all-ordinary variant);
 *   net per mark             (t_variant − c × its ordinary chars) / its marks;
 * "× ordinary" is their ratio (issue 12's goal: ≤ 3); "story × ordinary" compares the variant's
 * whole story per character with c.
 *
 * With `--base DIR` (another build of the parser, e.g. main's, copied into the repository as
 * bench/compare-builds.ts says), that build is timed too, in the same rounds (the two builds'
 * order alternating), and its "× ordinary" is shown beside this one's: before/after on a busy
 * machine from one run.
 *
 *   node --expose-gc --import tsx bench/crafted/per-char.ts [--rounds 11] [--out bench/results/crafted-per-char] [--base packages/parser/dist-base]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as thisBuild from '@doc2text/parser';
import { DocParseError, parseDoc, type StoryName } from '@doc2text/parser';
import { describeMachine } from '../lib/machine.js';
import { repoRoot, resultsDir } from '../lib/files.js';
import { median } from '../lib/stats.js';
import { crashersDir } from './cases.js';

const PROSE = 'The quick brown fox jumps over the lazy dog, and then it rests; 1234567890 (Lorem ipsum dolor sit amet). ';

interface Base {
  id: string;
  file: string;
  story: StoryName;
  bytes: Buffer;
  /** Offset and length of the story's text bytes in the file. */
  at: number;
  length: number;
}

function loadBase(id: string, name: string, story: StoryName): Base {
  const bytes = gunzipSync(readFileSync(join(crashersDir, `${name}.doc.gz`)));
  const expected = parseDoc(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).info.storyLengths[story];
  // The longest run of one byte value is the crafted story (asserted against the FIB's count).
  let best = 0;
  let at = 0;
  for (let i = 0, s = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] !== bytes[s]) {
      if (i - s > best) [best, at] = [i - s, s];
      s = i;
    }
  }
  if (best !== expected) throw new Error(`${name}: longest byte run ${best} ≠ ${story} length ${expected}`);
  return { id, file: name, story, bytes, at, length: best };
}

interface Variant {
  name: string;
  base: Base;
  /** Characters of the story that are marks (the final paragraph mark not counted), and that are ordinary. */
  marks: number;
  ordinary: number;
  bytes: Uint8Array;
}

/**
 * The base file with its story rewritten: `mark` every `every` characters (0: none), prose
 * elsewhere, and a paragraph mark last (in every variant alike: not counted).
 */
function variant(name: string, base: Base, mark: number | null, every: number): Variant {
  const copy = Buffer.from(base.bytes);
  let marks = 0;
  for (let i = 0; i < base.length - 1; i++) {
    const isMark = mark !== null && every > 0 && i % every === every - 1;
    copy[base.at + i] = isMark ? mark : PROSE.charCodeAt(i % PROSE.length);
    if (isMark) marks++;
  }
  copy[base.at + base.length - 1] = 0x0d;
  return { name, base, marks, ordinary: base.length - 1 - marks, bytes: new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength) };
}

function asCrafted(name: string, base: Base): Variant {
  return { name, base, marks: base.length, ordinary: 0, bytes: new Uint8Array(base.bytes.buffer, base.bytes.byteOffset, base.bytes.byteLength) };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

type Build = Pick<typeof thisBuild, 'parseDoc' | 'DocParseError'>;

async function main(): Promise<void> {
  const rounds = Number(option('rounds') ?? 11);
  const baseDir = option('base');
  const builds: Array<[string, Build]> = [['this build', thisBuild]];
  if (baseDir) builds.push([`base build (${baseDir})`, (await import(pathToFileURL(resolve(repoRoot, baseDir, 'index.js')).href)) as Build]);
  const out = resolve(option('out') ?? join(resultsDir, 'crafted-per-char'));
  const A = loadBase('A', 'crafted-cells-240k', 'body');
  const B = loadBase('B', 'crafted-rowend-250k', 'body');
  const C = loadBase('C', 'crafted-footnote-marks-200k', 'footnotes');
  const D = loadBase('D', 'crafted-endnote-marks-200k', 'endnotes');
  const variants: Variant[] = [
    variant('ordinary text', A, null, 0),
    variant('paragraph marks 0x0D, every 64th char (lone)', A, 0x0d, 64),
    variant('paragraph marks 0x0D, every 8th char (lone)', A, 0x0d, 8),
    variant('paragraph marks 0x0D, every 2nd char', A, 0x0d, 2),
    variant('paragraph marks 0x0D, every char', A, 0x0d, 1),
    variant('cell marks 0x07, every 8th char (lone)', A, 0x07, 8),
    variant('cell marks 0x07, every 2nd char', A, 0x07, 2),
    asCrafted('cell marks 0x07, every char (crafted; every 2nd a guessed row end)', A),
    variant('ordinary text', B, null, 0),
    variant('row ends 0x0D+TTP, every 8th char (lone)', B, 0x0d, 8),
    variant('row ends 0x0D+TTP, every 2nd char', B, 0x0d, 2),
    asCrafted('row ends 0x0D+TTP, every char (crafted)', B),
    variant('ordinary text', C, null, 0),
    variant('note marks 0x02, every 8th char (lone)', C, 0x02, 8),
    variant('note marks 0x02, every 2nd char', C, 0x02, 2),
    asCrafted('note marks 0x02, every char (crafted)', C),
    variant('ordinary text', D, null, 0),
    variant('note marks 0x02, every 8th char (lone)', D, 0x02, 8),
    variant('note marks 0x02, every 2nd char', D, 0x02, 2),
    asCrafted('note marks 0x02, every char (crafted)', D),
  ];
  const times = builds.map(() => ({ formatMs: variants.map(() => [] as number[]), parseMs: variants.map(() => [] as number[]), failures: variants.map(() => ''), units: variants.map(() => 0) }));
  for (let round = -1; round < rounds; round++) {
    for (let k = 0; k < variants.length; k++) {
      const v = (k + Math.max(round, 0)) % variants.length;
      const { bytes, base } = variants[v]!;
      for (let b = 0; b < builds.length; b++) {
        // The builds' order alternates by round and variant.
        const which = (b + round + k + 1) % builds.length;
        const build = builds[which]![1];
        const t = times[which]!;
        gc();
        const t0 = performance.now();
        const doc = build.parseDoc(bytes);
        const tParse = performance.now() - t0;
        gc(); // the parse's garbage is not the formatter's
        const t1 = performance.now();
        try {
          t.units[v] = doc.text(base.story).length;
        } catch (error) {
          t.failures[v] = error instanceof build.DocParseError ? `DocParseError ${error.code}` : `${(error as Error).constructor.name}: ${(error as Error).message}`;
        }
        const t2 = performance.now();
        if (round >= 0) {
          t.parseMs[v]!.push(tParse);
          t.formatMs[v]!.push(t2 - t1);
        }
      }
    }
  }
  const tables = times.map((t) => table(variants, t.formatMs, t.parseMs, t.failures, t.units));
  const machine = describeMachine({ soffice: false });
  const lines = [
    '# Formatting cost per control character vs per ordinary character',
    '',
    `Generated by \`node --expose-gc --import tsx bench/crafted/per-char.ts --rounds ${rounds}${baseDir ? ` --base ${baseDir}` : ''}\` on ${new Date().toISOString()}; commit ${machine.commit}; node ${process.version}; ${machine.cpu}, ${machine.cores} cores; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' / ')}.`,
    '',
    `Medians of ${rounds} alternating rounds (one warm-up round discarded)${baseDir ? ', both builds in each round, their order alternating' : ''}. **format** = \`doc.text(story)\` on a freshly parsed document; **parse+format** adds \`parseDoc\`.`,
    'Every rewritten story ends with a paragraph mark (as every Word story does), so the all-ordinary variant\'s text is made, not handed back as a view of the decoded characters.',
    '**ns/ordinary char** = t_ordinary ÷ its ordinary characters, on the all-ordinary variant of the same base file; **net ns/mark** = (t − ns/ordinary char × the variant\'s ordinary characters) ÷ its marks; **× ordinary** = net ns/mark ÷ ns/ordinary char (goal ≤ 3); **story × ordinary** = the variant\'s ns/char ÷ ns/ordinary char; **per output unit × ordinary** = the variant\'s format time per unit of the text it gives ÷ the all-ordinary variant\'s (a note mark gives its number: several units).',
    '',
  ];
  if (baseDir) {
    lines.push(
      '## Side by side: format × ordinary (net ns/mark)',
      '',
      `| base | variant | ${builds.map(([name]) => name).join(' | ')} |`,
      `|---|---|${builds.map(() => '---').join('|')}|`,
      ...variants.map((v, k) => `| ${tables[0]!.rows[k]!.base} | ${v.name} | ${tables.map((t) => (t.rows[k]!.formatRatio === null ? '—' : `${f(t.rows[k]!.formatRatio)} (${f(t.rows[k]!.formatNetNsPerMark)})`)).join(' | ')} |`),
      '',
    );
  }
  builds.forEach(([name], b) => {
    if (baseDir) lines.push(`## ${name}`, '');
    lines.push(...tables[b]!.lines, '');
  });
  const md = lines.join('\n');
  process.stdout.write(md);
  writeFileSync(`${out}.md`, md);
  writeFileSync(`${out}.json`, `${JSON.stringify({ date: new Date().toISOString(), commit: machine.commit, rounds, builds: builds.map(([name], b) => ({ name, rows: tables[b]!.rows })) }, null, 2)}\n`);
}

const f = (x: number | null, d = 1) => (x === null ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(d));

/** The rows of one build's figures, and its markdown table. */
function table(variants: Variant[], formatMs: number[][], parseMs: number[][], failures: string[], units: number[]) {
  const ordinary = (b: Base) => variants.findIndex((v) => v.base.id === b.id && v.marks === 0);
  const rows = variants.map((v, k) => {
    const n = v.base.length;
    const fmt = median(formatMs[k]!);
    const all = median(parseMs[k]!) + fmt;
    const o = variants[ordinary(v.base)]!;
    const oFmt = median(formatMs[ordinary(v.base)]!);
    const oAll = median(parseMs[ordinary(v.base)]!) + oFmt;
    // ns per ordinary character, measured on the all-ordinary variant; net ns per mark after its ordinary characters' share.
    const perOrdinary = (tOrd: number) => (tOrd * 1e6) / o.ordinary;
    const net = (t: number, tOrd: number) => (v.marks ? (t * 1e6 - perOrdinary(tOrd) * v.ordinary) / v.marks : null);
    return {
      base: `${v.base.id} ${v.base.file} (${v.base.story})`,
      variant: v.name,
      chars: n,
      marks: v.marks,
      formatMs: fmt,
      formatNsPerChar: (fmt * 1e6) / n,
      formatNsPerOrdinaryChar: perOrdinary(oFmt),
      formatNetNsPerMark: net(fmt, oFmt),
      formatRatio: v.marks ? net(fmt, oFmt)! / perOrdinary(oFmt) : null,
      formatStoryRatio: v.marks ? (fmt * 1e6) / n / perOrdinary(oFmt) : null,
      outputUnits: units[k]!,
      // The story's cost per unit of text it gives, against the all-ordinary variant's: a note mark gives its number (several units).
      formatOutputRatio: v.marks ? (fmt / units[k]!) / (oFmt / units[ordinary(v.base)]!) : null,
      parseAndFormatNsPerChar: (all * 1e6) / n,
      parseAndFormatNetNsPerMark: net(all, oAll),
      parseAndFormatRatio: v.marks ? net(all, oAll)! / perOrdinary(oAll) : null,
      failure: failures[k] || null,
    };
  });
  const lines = [
    '| base | variant | chars | marks | format ms | format ns/char | format ns/ordinary char | format net ns/mark | × ordinary | story × ordinary | output units | per output unit × ordinary | parse+format ns/char | parse+format net ns/mark | × ordinary | failure |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.base} | ${r.variant} | ${r.chars.toLocaleString('en-US')} | ${r.marks.toLocaleString('en-US')} | ${f(r.formatMs, 2)} | ${f(r.formatNsPerChar)} | ${f(r.formatNsPerOrdinaryChar, 2)} | ${f(r.formatNetNsPerMark)} | ${f(r.formatRatio)} | ${f(r.formatStoryRatio)} | ${r.outputUnits.toLocaleString('en-US')} | ${f(r.formatOutputRatio)} | ${f(r.parseAndFormatNsPerChar)} | ${f(r.parseAndFormatNetNsPerMark)} | ${f(r.parseAndFormatRatio)} | ${r.failure ?? ''} |`,
    ),
  ];
  return { rows, lines };
}

await main();
