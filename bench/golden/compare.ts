/**
 * Golden comparison of doc2text's catdoc mode with real catdoc 0.95.
 *
 *   npx tsx bench/golden/compare.ts [--out bench/results/golden.md] [--only SUBSTRING] [--strict]
 *
 * Every fixture (fixtures/*.doc) and every corpus file (../shared/corpus/docs/<source>/*.doc) goes
 * through real `catdoc -d utf-8` and through our catdoc mode (parseDoc(bytes).characters('all') ->
 * formatCatdoc) with the same flags: default wrap, and -w. Outputs are compared byte for byte and
 * each difference is classified: a catdoc defect (with the reason) or ours.
 *
 * How a difference is classified: the runner also emulates what catdoc *reads* (catdoc-raw.ts: the
 * raw WordDocument bytes from fcMin, catdoc's 256-byte UTF-16 guess, cp1252 for 8-bit text) and
 * formats that with our formatter. If that reproduces catdoc's output exactly, our formatter is
 * right and the difference lies in the characters: catdoc's raw reading versus our piece table.
 * The reason is then named from the file (fast-saved, encrypted, bytes read past the text, a
 * block the UTF-16 guess got wrong, pieces out of file order, Word 6 code page, …).
 *
 * catdoc comes from `CATDOC`: `docker` (image built from bench/catdoc.Dockerfile, run with
 * `docker run -i`, every file in one container), `host` (the `catdoc` on PATH), or a path to a
 * catdoc binary. Default: docker when a Docker engine answers, else host. The report names the
 * catdoc it ran (Debian package version and `catdoc -V`).
 *
 * --strict: exit 1 when a difference is classified as ours.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDoc, DocParseError } from '../../packages/parser/src/index.js';
import { formatCatdoc, formatCatdocExact } from '../../packages/parser/src/render/catdoc/format.js';
import { openContainer } from '../../packages/parser/src/container.js';
import { FcLcb, parseFib } from '../../packages/parser/src/word/fib.js';
import { parseClx, type Piece } from '../../packages/parser/src/word/piece-table.js';
import { catdocRawRead, type RawRead } from './catdoc-raw.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const IMAGE = 'doc2text-catdoc:0.95';

// ------------------------------------------------------------------ catdoc runner

type CatdocResult = { stdout: Buffer; stderr: string; status: number };
type Runner = {
  kind: string;
  run(file: string, flags: string[]): CatdocResult;
  /** Optional: run every file with every flag set at once (one container instead of one per call). */
  prepare?(files: string[], flagSets: string[][]): void;
};

/**
 * Every file through `docker run -i IMAGE` once per batch: the files go in as a tar on stdin, each
 * is fed to `catdoc -d utf-8 FLAGS < file` inside, and the outputs come back as a tar on stdout.
 * One container start (~0.6 s here) instead of one per file and mode.
 */
function dockerBatch(image: string, files: string[], flagSets: string[][]): Map<string, CatdocResult> {
  const work = mkdtempSync(join(tmpdir(), 'golden-catdoc-'));
  try {
    mkdirSync(join(work, 'in'));
    files.forEach((file, i) => symlinkSync(resolve(file), join(work, 'in', String(i))));
    const tar = spawnSync('tar', ['-chf', '-', '-C', join(work, 'in'), '.'], { maxBuffer: 1 << 30 });
    if (tar.status !== 0) throw new Error(`tar of the inputs failed: ${tar.stderr}`);
    const script = [
      'set -e; mkdir -p /tmp/in /tmp/out; tar -xf - -C /tmp/in; cd /tmp/in',
      'for f in *; do m=0; for flags in "$@"; do',
      '  catdoc -d utf-8 $flags < "$f" > /tmp/out/$f.$m.out 2> /tmp/out/$f.$m.err && s=0 || s=$?; echo $s > /tmp/out/$f.$m.st; m=$((m+1))',
      'done; done; tar -cf - -C /tmp/out .',
    ].join('\n');
    const flagArgs = flagSets.map((f) => f.join(' '));
    const r = spawnSync('docker', ['run', '-i', '--rm', '--network', 'none', '-e', 'LANG=C.UTF-8', image, 'sh', '-c', script, 'sh', ...flagArgs], {
      input: tar.stdout,
      maxBuffer: 1 << 30,
    });
    if (r.status !== 0) throw new Error(`docker run of the catdoc batch failed (${r.status}): ${r.stderr}`);
    mkdirSync(join(work, 'out'));
    const untar = spawnSync('tar', ['-xf', '-', '-C', join(work, 'out')], { input: r.stdout, maxBuffer: 1 << 30 });
    if (untar.status !== 0) throw new Error(`tar of the outputs failed: ${untar.stderr}`);
    const results = new Map<string, CatdocResult>();
    files.forEach((file, i) =>
      flagSets.forEach((flags, m) => {
        const base = join(work, 'out', `${i}.${m}`);
        results.set(`${resolve(file)}\0${flags.join(' ')}`, {
          stdout: readFileSync(`${base}.out`),
          stderr: readFileSync(`${base}.err`, 'utf8'),
          status: Number(readFileSync(`${base}.st`, 'utf8').trim()),
        });
      }),
    );
    return results;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function dockerWorks(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 && r.stdout.trim() !== '';
}

function makeRunner(): Runner {
  const want = process.env.CATDOC ?? 'auto';
  const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const useDocker = want === 'docker' || (want === 'auto' && dockerWorks());
  if (useDocker) {
    // The Dockerfile needs no build context: send it on stdin.
    // Host networking for apt-get (engines here and in many CI runners have no bridge network).
    const b = spawnSync('docker', ['build', '-q', '--network', 'host', '-t', IMAGE, '-'], {
      input: readFileSync(join(root, 'bench/catdoc.Dockerfile')),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    if (b.status !== 0) throw new Error('docker build of bench/catdoc.Dockerfile failed');
    // Which catdoc: the Debian package in the image and what the binary says about itself.
    const about = spawnSync('docker', ['run', '--rm', '--network', 'none', IMAGE, 'sh', '-c', "dpkg-query -W -f '${Package} ${Version}' catdoc; echo; catdoc -V"], { encoding: 'utf8' });
    const [pkg, version] = `${about.stdout}${about.stderr}`.trim().split('\n').map((l) => l.trim());
    let batch = new Map<string, CatdocResult>();
    return {
      kind: `docker (${IMAGE}: Debian ${pkg}, \`${version}\`)`,
      prepare(files, flagSets) {
        batch = dockerBatch(IMAGE, files, flagSets);
      },
      run(file, flags) {
        const done = batch.get(`${resolve(file)}\0${flags.join(' ')}`);
        if (done) return done;
        const r = spawnSync('docker', ['run', '-i', '--rm', '--network', 'none', '-e', 'LANG=C.UTF-8', IMAGE, 'catdoc', '-d', 'utf-8', ...flags], {
          input: readFileSync(file),
          maxBuffer: 1 << 28,
        });
        return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status ?? -1 };
      },
    };
  }
  const bin = want === 'auto' || want === 'host' ? 'catdoc' : want;
  const v = spawnSync(bin, ['-V'], { encoding: 'utf8' });
  if (v.status !== 0) throw new Error(`no catdoc: ${bin} -V failed (install catdoc, or set CATDOC=docker|host|/path)`);
  return {
    kind: `host (${bin}: ${v.stdout.trim()})`,
    run(file, flags) {
      const r = spawnSync(bin, ['-d', 'utf-8', ...flags, file], { env, maxBuffer: 1 << 28 });
      return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status ?? -1 };
    },
  };
}

// ------------------------------------------------------------------ inputs

function listInputs(): { name: string; path: string }[] {
  const files: { name: string; path: string }[] = [];
  const fixtures = join(root, 'fixtures');
  if (existsSync(fixtures)) {
    for (const f of readdirSync(fixtures).sort()) if (f.endsWith('.doc')) files.push({ name: `fixtures/${f}`, path: join(fixtures, f) });
  }
  const corpus = resolve(root, '../shared/corpus/docs');
  if (existsSync(corpus)) {
    for (const src of readdirSync(corpus).sort()) {
      const dir = join(corpus, src);
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir).sort()) files.push({ name: `corpus/${src}/${f}`, path: join(dir, f) });
    }
  }
  return files;
}

// ------------------------------------------------------------------ classification

interface Ours {
  chars?: string;
  error?: string;
  info?: ReturnType<typeof parseDoc>['info'];
}

function readOurs(bytes: Uint8Array): Ours {
  try {
    const doc = parseDoc(bytes);
    return { chars: doc.characters('all'), info: doc.info };
  } catch (e) {
    return { error: e instanceof DocParseError ? `${e.code}: ${e.message}` : String(e) };
  }
}

const show = (s: string) => JSON.stringify(s).slice(1, -1);

function firstDiff(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return a.length === b.length ? -1 : n;
}

/** The piece table (Word 97+ only), for naming why catdoc's raw reading differs. */
function pieces(bytes: Uint8Array): Piece[] | null {
  try {
    const c = openContainer(bytes);
    const wd = c.stream('WordDocument');
    if (!wd) return null;
    const fib = parseFib(wd);
    if (fib.version !== 'word97') return null;
    const t = c.stream(fib.fWhichTblStm ? '1Table' : '0Table');
    const clx = fib.fcLcb(FcLcb.Clx);
    return t ? parseClx(t, clx.fc, clx.lcb, 'fc-compressed').pieces : null;
  } catch {
    return null;
  }
}

/** Why catdoc's raw reading gives other characters than our piece table (formatter proven right). */
function rawReason(raw: RawRead, ours: Ours, bytes: Uint8Array): string {
  const info = ours.info!;
  const chars = ours.chars!;
  if (raw.encrypted) return 'catdoc: encrypted, prints nothing';
  if (raw.word2Shift) return `catdoc: Word 2 file read from fcMin + ${raw.word2Shift} (header offset sign error in parse_word_header), skipping the start of the text`;
  if (raw.streams === 0) return 'catdoc: no stream named exactly "WordDocument" (its case differs), prints nothing';
  if (info.complex) return `catdoc: fast-saved (fComplex, ${info.pieces} pieces) — reads raw bytes, not the piece table`;
  if (raw.streams > 1) return `catdoc: also prints the text of ${raw.streams - 1} embedded Word object(s) (every stream named WordDocument)`;
  if (info.format === 'word6' && info.codePage !== 1252) return `catdoc: Word 6 8-bit text read as cp1252 (document code page ${info.codePage})`;
  const d = firstDiff(raw.chars, chars);
  const ctx = d >= 0 ? ` — at CP ${d} catdoc reads "${show(raw.chars.slice(d, d + 10))}", the piece table holds "${show(chars.slice(d, d + 10))}"` : '';
  const ps = pieces(bytes);
  if (ps && ps.length > 0) {
    const sorted = [...ps].sort((a, b) => a.cpStart - b.cpStart);
    if (sorted[0].offset !== raw.fcMin) return `catdoc: text starts at fcMin (${raw.fcMin}), but the first piece is at ${sorted[0].offset}${ctx}`;
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const end = prev.offset + (prev.cpEnd - prev.cpStart) * (prev.compressed ? 1 : 2);
      if (sorted[i].offset !== end) return `catdoc: reads fcMin..fcMac in file order, but piece ${i} is not where piece ${i - 1} ends (${sorted[i].offset} ≠ ${end})${ctx}`;
    }
    // Contiguous from fcMin: compare catdoc's per-block UTF-16 guess with the pieces' encoding.
    for (let k = 0; k < raw.blocksUnicode.length; k++) {
      // catdoc's blocks follow its own offset, which is a byte offset only while guesses are right:
      // the first wrong guess is the one that matters.
      const at = raw.fcMin + k * 256;
      const p = sorted.find((x) => at >= x.offset && at < x.offset + (x.cpEnd - x.cpStart) * (x.compressed ? 1 : 2));
      if (!p) break;
      if (p.compressed === raw.blocksUnicode[k]) {
        return `catdoc: its 256-byte UTF-16 guess took block ${k} (file offset ${at}) for ${raw.blocksUnicode[k] ? 'UTF-16' : '8-bit'} text, but the piece there is ${p.compressed ? '8-bit' : 'UTF-16 (without an ASCII space or punctuation in the block)'}${ctx}`;
      }
    }
  }
  if (d === chars.length && raw.chars.length > chars.length) {
    return `catdoc: reads ${raw.chars.length - chars.length} code units past the last story (fcMac or the paragraph it finishes lies beyond the text)`;
  }
  if (raw.chars.length < chars.length && d === raw.chars.length) return `catdoc: stops reading after ${raw.chars.length} of ${chars.length} code units (fcMac / stream end)`;
  return `catdoc: raw-stream text differs${ctx}`;
}

// ------------------------------------------------------------------ main

interface Row {
  name: string;
  mode: string;
  identical: boolean;
  verdict: 'identical' | 'catdoc' | 'ours' | 'both-fail' | 'deliberate';
  reason: string;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (n: string) => {
    const i = args.indexOf(n);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const outFile = resolve(opt('--out') ?? join(root, 'bench/results/golden.md'));
  const only = opt('--only');
  const strict = args.includes('--strict');
  const runner = makeRunner();
  const inputs = listInputs().filter((f) => !only || f.name.includes(only));
  const rows: Row[] = [];
  const modes: { name: string; flags: string[]; width: number }[] = [
    { name: 'wrap 72', flags: [], width: 72 },
    { name: '-w', flags: ['-w'], width: 0 },
  ];
  const t0 = performance.now();
  runner.prepare?.(inputs.map((i) => i.path), modes.map((m) => m.flags));
  for (const input of inputs) {
    const buf = readFileSync(input.path);
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    const ours = readOurs(bytes);
    let raw: RawRead | null = null;
    try {
      raw = catdocRawRead(bytes);
    } catch {
      raw = null;
    }
    for (const mode of modes) {
      const theirs = runner.run(input.path, mode.flags);
      const mine = ours.chars !== undefined ? Buffer.from(formatCatdoc(ours.chars, { width: mode.width })) : null;
      const row: Row = { name: input.name, mode: mode.name, identical: false, verdict: 'ours', reason: '' };
      const ole = bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
      if (mine && mine.equals(theirs.stdout)) {
        row.identical = true;
        row.verdict = 'identical';
      } else if (!mine) {
        const catdocFailed = theirs.status !== 0 || theirs.stdout.length === 0;
        // A container the reader (src/ole) rejects as damaged or cut short: catdoc prints whatever
        // its reader salvages from it; we refuse with a typed error by design (issue 6).
        const damagedContainer = ole && /^(CORRUPT: The OLE container|TRUNCATED: The file is cut short)/.test(ours.error ?? '');
        row.verdict = catdocFailed ? 'both-fail' : damagedContainer ? 'deliberate' : 'ours';
        row.reason = `we refuse (${ours.error?.split('.')[0]}); catdoc ${catdocFailed ? `fails too (exit ${theirs.status}${theirs.stderr ? ': ' + theirs.stderr.trim().split('\n')[0] : ''})` : `prints ${theirs.stdout.length} bytes${theirs.stderr ? ' (' + theirs.stderr.trim().split('\n')[0] + ')' : ''}`}`;
      } else {
        const cesu = Buffer.from(formatCatdocExact(ours.chars!, { width: mode.width }));
        const emulated = raw ? Buffer.from(formatCatdocExact(raw.chars, { width: mode.width })) : null;
        if (cesu.equals(theirs.stdout)) {
          row.verdict = 'catdoc';
          row.reason = 'catdoc: writes characters outside the BMP as two 3-byte surrogate sequences (CESU-8, invalid UTF-8); we write UTF-8';
        } else if (emulated && emulated.equals(theirs.stdout)) {
          row.verdict = 'catdoc';
          row.reason = rawReason(raw!, ours, bytes);
        } else if (theirs.status !== 0 && theirs.stdout.length === 0) {
          row.verdict = 'catdoc';
          row.reason = `catdoc fails (exit ${theirs.status}: ${theirs.stderr.trim().split('\n')[0]})`;
        } else if (ole && !raw) {
          // Damaged containers our reader tolerates (a directory link past its end leads nowhere) but
          // the emulation's reader (cfb) cannot open: catdoc salvages them its own way.
          row.verdict = 'deliberate';
          row.reason = 'damaged container (cfb cannot open it, so catdoc\'s reading is not emulated): catdoc salvages its own way; we read the entries the directory tree reaches';
        } else if (!ole) {
          // Not a Word binary (RTF, plain text): catdoc runs its own RTF reader or copies bytes
          // through cp1252; catdoc mode formats the text our RTF/text readers extract.
          row.verdict = 'deliberate';
          row.reason = 'not a Word binary: catdoc reads it with its RTF reader or copies it out as cp1252; we extract the text and format it';
        } else {
          row.verdict = 'ours';
          const a = theirs.stdout.toString('utf8');
          const b = mine.toString('utf8');
          const d = firstDiff(a, b);
          row.reason = `unexplained: at byte-string index ${d}: catdoc "${show(a.slice(Math.max(0, d - 10), d + 30))}" vs ours "${show(b.slice(Math.max(0, d - 10), d + 30))}"${emulated ? '' : ' (no raw emulation)'}`;
        }
      }
      rows.push(row);
    }
    process.stdout.write(rows.slice(-2).every((r) => r.identical) ? '.' : rows.slice(-2).some((r) => r.verdict === 'ours') ? 'X' : 'c');
  }
  process.stdout.write('\n');
  writeReport(outFile, rows, runner.kind, inputs.length, performance.now() - t0);
  const oursCount = rows.filter((r) => r.verdict === 'ours').length;
  console.log(`${rows.filter((r) => r.identical).length}/${rows.length} identical; ${rows.filter((r) => r.verdict === 'catdoc').length} catdoc defects; ${rows.filter((r) => r.verdict === 'both-fail').length} both fail; ${rows.filter((r) => r.verdict === 'deliberate').length} deliberate; ${oursCount} ours → ${relative(process.cwd(), outFile)}`);
  if (strict && oursCount > 0) process.exit(1);
}

function writeReport(outFile: string, rows: Row[], runnerKind: string, files: number, ms: number): void {
  const lines: string[] = [];
  const count = (pred: (r: Row) => boolean) => rows.filter(pred).length;
  lines.push('# Golden comparison: catdoc mode vs catdoc 0.95', '');
  lines.push(`Generated by \`npx tsx bench/golden/compare.ts\` — catdoc: ${runnerKind}; ${files} files × 2 modes (\`-d utf-8\` with default wrap, and \`-w\`); ${(ms / 1000).toFixed(1)} s.`, '');
  lines.push('| mode | files | identical | catdoc defect | both fail | deliberate | ours |', '|---|---|---|---|---|---|---|');
  for (const mode of ['wrap 72', '-w']) {
    const m = rows.filter((r) => r.mode === mode);
    const n = (v: Row['verdict']) => m.filter((r) => r.verdict === v).length;
    lines.push(`| ${mode} | ${m.length} | ${m.filter((r) => r.identical).length} | ${n('catdoc')} | ${n('both-fail')} | ${n('deliberate')} | ${n('ours')} |`);
  }
  lines.push('', `Total: **${count((r) => r.identical)}/${rows.length} identical**; every other result is classified below.`, '');
  lines.push(
    'A difference counts as a *catdoc defect* when formatting what catdoc actually reads (its raw',
    'WordDocument bytes, emulated by `bench/golden/catdoc-raw.ts`) with our formatter reproduces catdoc\'s',
    'output byte for byte — so the formatter is right and catdoc read other characters than the piece',
    'table holds — or when catdoc fails. *Both fail*: we refuse the file with a typed error and catdoc',
    'prints nothing. *Deliberate*: a damaged OLE container we refuse by design while catdoc prints what',
    'it salvages, or a file that is not a Word binary (RTF, plain text). *Ours*: anything else.',
    '',
  );
  const category = (r: Row) =>
    r.reason
      .replace(/^catdoc: /, '')
      .split(/ — |; /)[0]
      .replace(/ \([^)]*\)/g, '')
      .replace(/(?<![\w-]|Word )\d+(?![\w-])/g, 'N')
      .replace(/but piece N is not where piece N ends/, 'but the pieces are not contiguous');
  const cats = new Map<string, Set<string>>();
  for (const r of rows.filter((r) => r.verdict === 'catdoc')) cats.set(category(r), (cats.get(category(r)) ?? new Set()).add(r.name));
  lines.push('### catdoc defects by reason', '', '| reason | files |', '|---|---|');
  for (const [c, names] of [...cats].sort((a, b) => b[1].size - a[1].size)) lines.push(`| ${c.replace(/\|/g, '\\|')} | ${names.size} |`);
  lines.push('');
  const byReason = new Map<string, Row[]>();
  for (const r of rows.filter((r) => !r.identical)) {
    const key = `${r.verdict}|${r.name}`;
    byReason.set(key, [...(byReason.get(key) ?? []), r]);
  }
  for (const [title, verdict] of [
    ['Ours', 'ours'],
    ['catdoc defects', 'catdoc'],
    ['Both fail', 'both-fail'],
    ['Deliberate', 'deliberate'],
  ] as const) {
    const list = [...byReason.entries()].filter(([k]) => k.startsWith(verdict + '|'));
    lines.push(`## ${title} (${list.length} files)`, '');
    if (list.length === 0) lines.push('None.', '');
    else {
      lines.push('| file | modes | reason |', '|---|---|---|');
      for (const [, rs] of list) lines.push(`| ${rs[0].name} | ${rs.map((r) => r.mode).join(', ')} | ${rs[0].reason.replace(/\|/g, '\\|')} |`);
      lines.push('');
    }
  }
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, lines.join('\n'));
}

main();
void basename;
