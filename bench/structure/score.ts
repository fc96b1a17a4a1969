/**
 * Structure report: our Markdown against the LibreOffice → docx → pandoc reference, per structure.
 *
 *   tsx bench/structure/score.ts OURS [--ref DIR] [--worst N] [--json FILE] [--notes TSV] [--docs DIR]
 *
 * OURS holds `<source>/<name>.doc.md` (what `pnpm corpus OURS --format markdown` writes; a
 * `<name>.doc.txt` is read when there is no .md). The reference is `bench/structure/.cache/md`
 * (references.sh). Both sides go through the same parser, pandoc's gfm reader to HTML, and
 * structures.ts takes headings, table cells, list items, links and emphasised words from the
 * HTML; each is compared as a multiset per file (F1).
 *
 * A file counts for a structure when its reference has that structure; files where only we find
 * it are listed apart. For the worst files the report says why, from the texts: "not as X" =
 * the other side has the text but not as that structure (a heading shown as a paragraph, a table
 * as tabs); "text missing" = the other side lacks the text itself (LibreOffice dropped a floating
 * table or text box; we dropped a story). `reference-notes.tsv` classifies reference mistakes
 * checked by hand; the means are also given without the files it names for a structure.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { detect } from '@doc2text/parser';
import { extractStructures, multisetF1, normalise, STRUCTURES, type StructureName, type Structures } from './structures.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

interface FileScore {
  file: string;
  /** What the parser's detect() says the document is (word97, word6, …). */
  format: string;
  scores: Partial<Record<StructureName, { f1: number; reference: number; ours: number; matched: number; why: string }>>;
}

interface Options {
  ours: string;
  ref: string;
  worst: number;
  json?: string;
  notes: string;
  /** The corpus documents (for their formats). */
  docs: string;
}

function parseArgs(argv: string[]): Options {
  const options: Partial<Options> = { ref: join(here, '.cache/md'), worst: 8, notes: join(here, 'reference-notes.tsv'), docs: join(here, '../../../shared/corpus/docs') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--ref') options.ref = resolve(value());
    else if (a === '--worst') options.worst = Number(value());
    else if (a === '--json') options.json = resolve(value());
    else if (a === '--notes') options.notes = resolve(value());
    else if (a === '--docs') options.docs = resolve(value());
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else options.ours = resolve(a);
  }
  if (!options.ours) usage();
  return options as Options;
}

function usage(message?: string): never {
  if (message) console.error(`score: ${message}`);
  console.error('usage: tsx bench/structure/score.ts OURS [--ref DIR] [--worst N] [--json FILE] [--notes TSV] [--docs DIR]');
  process.exit(2);
}

/**
 * The Markdown reader: GitHub-flavoured, without the extensions that invent structure the writer
 * did not write (bare URLs as links, :emoji:, task lists, a YAML block at the top).
 */
const READER = 'gfm-autolink_bare_uris-emoji-task_lists-yaml_metadata_block';

/** Markdown → HTML with pandoc; references are cached beside their Markdown (…/html-<reader>/). */
async function toHtml(markdownPath: string, cachePath?: string): Promise<string> {
  if (cachePath && existsSync(cachePath) && statSync(cachePath).mtimeMs >= statSync(markdownPath).mtimeMs) return readFileSync(cachePath, 'utf8');
  const { stdout } = await run('pandoc', ['-f', READER, '-t', 'html', '--wrap=none', markdownPath], { maxBuffer: 256 << 20 });
  if (cachePath) {
    mkdirSync(dirname(cachePath), { recursive: true });
    writeFileSync(cachePath, stdout);
  }
  return stdout;
}

/** The text part of a structure's key ("2 title" → "title", "http://x text" → "text"). */
function textOf(name: StructureName, key: string): string {
  return name === 'headings' || name === 'links' || name === 'emphasis' ? key.slice(key.indexOf(' ') + 1) : key;
}

/** Why one side's items did not match: is their text on the other side at all? */
function why(name: StructureName, unmatched: string[], otherText: string, side: string): string {
  if (unmatched.length === 0) return '';
  const present = unmatched.filter((key) => otherText.includes(textOf(name, key))).length;
  const parts: string[] = [];
  if (present > 0) parts.push(`${present} ${side} not as ${name}`);
  if (unmatched.length - present > 0) parts.push(`${unmatched.length - present} ${side} text missing`);
  return parts.join(', ');
}

function unmatchedOf(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of b) counts.set(key, (counts.get(key) ?? 0) + 1);
  return a.filter((key) => {
    const n = counts.get(key) ?? 0;
    if (n > 0) counts.set(key, n - 1);
    return n === 0;
  });
}

function score(file: string, format: string, reference: Structures, ours: Structures): FileScore {
  const result: FileScore = { file, format, scores: {} };
  for (const name of STRUCTURES) {
    const r = reference.items[name];
    const o = ours.items[name];
    const { f1, matched } = multisetF1(r, o);
    if (f1 === null) continue;
    const reasons = [why(name, unmatchedOf(r, o), ours.text, 'reference-only:'), why(name, unmatchedOf(o, r), reference.text, 'ours-only:')].filter(Boolean);
    result.scores[name] = { f1, reference: r.length, ours: o.length, matched, why: reasons.join('; ') };
  }
  return result;
}

/** reference-notes.tsv: file, structure (or *), class, note. */
function readNotes(path: string): Map<string, { structure: string; klass: string; note: string }[]> {
  const notes = new Map<string, { structure: string; klass: string; note: string }[]>();
  if (!existsSync(path)) return notes;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [file, structure, klass, note] = line.split('\t');
    if (!file || !structure || !klass) continue;
    notes.set(file, [...(notes.get(file) ?? []), { structure, klass, note: note ?? '' }]);
  }
  return notes;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(options.ref)) usage(`${options.ref} is absent: run bench/structure/references.sh first`);
  const files: string[] = [];
  for (const source of readdirSync(options.ref).sort()) {
    for (const name of readdirSync(join(options.ref, source)).sort()) if (name.endsWith('.md')) files.push(join(source, name.slice(0, -3)));
  }
  const notes = readNotes(options.notes);
  const htmlCache = join(dirname(options.ref), `html-${READER}`);
  const results: FileScore[] = [];
  let missing = 0;
  // Two pandoc processes at a time (the machine has two cores).
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const refPath = join(options.ref, `${file}.md`);
      const oursPath = [`${file}.md`, `${file}.txt`].map((f) => join(options.ours, f)).find((p) => existsSync(p));
      const reference = extractStructures(await toHtml(refPath, join(htmlCache, `${file}.html`)));
      if (normalise(reference.text) === '') continue;
      if (!oursPath) missing++;
      const ours = oursPath ? extractStructures(await toHtml(oursPath)) : extractStructures('');
      const source = join(options.docs, file);
      const format = existsSync(source) ? detect(new Uint8Array(readFileSync(source))) : '?';
      results.push(score(file, format, reference, ours));
    }
  };
  await Promise.all([worker(), worker()]);
  results.sort((a, b) => a.file.localeCompare(b.file));
  const excluded = (file: string, name: StructureName) => (notes.get(file) ?? []).some((n) => n.structure === name || n.structure === '*');

  const lines: string[] = [`# Structure report: ${options.ours} against ${options.ref}`, '', `${results.length} files with a non-empty reference; ${missing} without our output.`, ''];
  lines.push('| structure | files | mean F1 | micro F1 | files ≥ 0.95 | mean F1 w/o noted reference mistakes (files) | ours only (files) |', '|---|---|---|---|---|---|---|');
  const summary: Record<string, unknown> = {};
  for (const name of STRUCTURES) {
    const withRef = results.filter((r) => r.scores[name] && r.scores[name]!.reference > 0);
    const oursOnly = results.filter((r) => r.scores[name] && r.scores[name]!.reference === 0);
    const mean = (list: FileScore[]) => list.reduce((s, r) => s + r.scores[name]!.f1, 0) / Math.max(1, list.length);
    const totals = withRef.reduce((t, r) => ({ m: t.m + r.scores[name]!.matched, r: t.r + r.scores[name]!.reference, o: t.o + r.scores[name]!.ours }), { m: 0, r: 0, o: 0 });
    const micro = totals.m === 0 ? 0 : (2 * totals.m) / (totals.r + totals.o);
    const clean = withRef.filter((r) => !excluded(r.file, name));
    const good = withRef.filter((r) => r.scores[name]!.f1 >= 0.95).length;
    lines.push(`| ${name} | ${withRef.length} | ${mean(withRef).toFixed(3)} | ${micro.toFixed(3)} | ${good} | ${mean(clean).toFixed(3)} (${clean.length}) | ${oursOnly.length} |`);
    summary[name] = { files: withRef.length, mean: round(mean(withRef)), micro: round(micro), atLeast095: good, meanWithoutNoted: round(mean(clean)), filesWithoutNoted: clean.length, oursOnly: oursOnly.map((r) => r.file) };
  }
  // The same means by document format (Word 6/95 files have no list numbering in the tree).
  const formats = [...new Set(results.map((r) => r.format))].sort();
  lines.push('', '### Mean F1 by format (files)', '', `| structure | ${formats.join(' | ')} |`, `|---|${formats.map(() => '---|').join('')}`);
  for (const name of STRUCTURES) {
    const cells = formats.map((format) => {
      const list = results.filter((r) => r.format === format && r.scores[name] && r.scores[name]!.reference > 0);
      return list.length === 0 ? '–' : `${(list.reduce((sum, r) => sum + r.scores[name]!.f1, 0) / list.length).toFixed(3)} (${list.length})`;
    });
    lines.push(`| ${name} | ${cells.join(' | ')} |`);
  }
  for (const name of STRUCTURES) {
    const worst = results
      .filter((r) => r.scores[name] && r.scores[name]!.f1 < 1)
      .sort((a, b) => a.scores[name]!.f1 - b.scores[name]!.f1 || b.scores[name]!.reference - a.scores[name]!.reference)
      .slice(0, options.worst);
    if (worst.length === 0) continue;
    lines.push('', `## Worst files: ${name}`, '', '| file | format | F1 | reference | ours | matched | why | reference notes |', '|---|---|---|---|---|---|---|---|');
    for (const r of worst) {
      const s = r.scores[name]!;
      const noted = (notes.get(r.file) ?? []).filter((n) => n.structure === name || n.structure === '*').map((n) => `${n.klass}: ${n.note}`).join('; ');
      lines.push(`| ${r.file} | ${r.format} | ${s.f1.toFixed(3)} | ${s.reference} | ${s.ours} | ${s.matched} | ${s.why} | ${noted} |`);
    }
  }
  console.log(lines.join('\n'));
  if (options.json) writeFileSync(options.json, JSON.stringify({ summary, files: results }, null, 1));
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}

await main();
