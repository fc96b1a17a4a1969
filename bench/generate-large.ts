/**
 * Generates large Word 97 .doc files for the bench: a deterministic HTML source (many paragraphs,
 * Latin or Cyrillic + CJK text) converted by LibreOffice headless
 * (`soffice --headless --convert-to 'doc:MS Word 97'`). Output goes to bench/generated/
 * (git-ignored) with a manifest per file; a file whose manifest matches is not regenerated.
 *
 *   tsx bench/generate-large.ts [--size 16] [--force]     (size in MB of .doc, roughly)
 */
import { prng } from './lib/prng.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatedDir } from './lib/files.js';

/** Bump a kind's number when its text recipe changes, so cached files are rebuilt. */
const RECIPE_VERSION: Record<LargeKind, number> = { latin: 1, 'cyrillic-cjk': 2 };

export type LargeKind = 'latin' | 'cyrillic-cjk';

export interface GeneratedDoc {
  name: string;
  kind: LargeKind;
  path: string;
  bytes: number;
  /** Characters of text in the HTML source (paragraph text only). */
  sourceChars: number;
  paragraphs: number;
  /** True when this call converted it, false when the cached file was reused. */
  generated: boolean;
}

interface Manifest {
  version: number;
  kind: LargeKind;
  sizeMB: number;
  bytes: number;
  sourceChars: number;
  paragraphs: number;
}


const LATIN = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ' +
  'enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure ' +
  'in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt ' +
  'culpa qui officia deserunt mollit anim id est laborum café naïve façade Zürich smörgåsbord jalapeño'
).split(' ');
const CYRILLIC = (
  'съешь же ещё этих мягких французских булок да выпей чаю широкая электрификация южных губерний даст мощный толчок ' +
  'подъёму сельского хозяйства в чащах юга жил бы цитрус но фальшивый экземпляр документ текст абзац страница'
).split(' ');
const CJK = [
  '我能吞下玻璃而不伤身体', '天地玄黄宇宙洪荒', '日月盈昃辰宿列张', '文档处理', '段落', '中文文本',
  'いろはにほへと', 'ちりぬるを', '色は匂へど散りぬるを', '日本語のテキスト', '文書', '東京', '情報処理',
];

function paragraph(kind: LargeKind, random: () => number): string {
  const words = 20 + Math.floor(random() * 100);
  const out: string[] = [];
  if (kind === 'latin') {
    for (let i = 0; i < words; i++) out.push(LATIN[Math.floor(random() * LATIN.length)]!);
    out[0] = out[0]!.charAt(0).toUpperCase() + out[0]!.slice(1);
    return `${out.join(' ')}.`;
  }
  // Mostly Cyrillic paragraphs; about one in 16 is CJK (no spaces, CJK punctuation). LibreOffice
  // lays CJK out ~15× slower than Cyrillic, so more of it would make generation take many minutes.
  if (random() < 1 / 16) {
    for (let i = 0; i < words / 4; i++) out.push(CJK[Math.floor(random() * CJK.length)]!);
    return `${out.join('，')}。`;
  }
  for (let i = 0; i < words; i++) out.push(CYRILLIC[Math.floor(random() * CYRILLIC.length)]!);
  out[0] = out[0]!.charAt(0).toUpperCase() + out[0]!.slice(1);
  return `${out.join(' ')}.`;
}

const escapeHtml = (s: string) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/** HTML with enough paragraph text for a .doc of about `sizeMB` MB (Word 97 stores it as UTF-16). */
function buildHtml(kind: LargeKind, sizeMB: number): { html: string; chars: number; paragraphs: number } {
  const random = prng(kind === 'latin' ? 0x5eed1 : 0x5eed2);
  // LibreOffice's Word 97 export stores text as UTF-16 (2 bytes a character) plus ~3% structure.
  const targetChars = Math.round((sizeMB * 1_000_000 * 0.485) / 1);
  const parts: string[] = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>doc2text bench</title></head><body>'];
  let chars = 0;
  let paragraphs = 0;
  while (chars < targetChars) {
    if (paragraphs % 200 === 0) {
      const title = kind === 'latin' ? `Section ${paragraphs / 200 + 1}` : `Раздел ${paragraphs / 200 + 1} 第${paragraphs / 200 + 1}章`;
      parts.push(`<h2>${title}</h2>`);
      chars += title.length;
    }
    const text = paragraph(kind, random);
    parts.push(`<p>${escapeHtml(text)}</p>`);
    chars += text.length;
    paragraphs++;
  }
  parts.push('</body></html>');
  return { html: parts.join('\n'), chars, paragraphs };
}

export function sofficeAvailable(): boolean {
  const r = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return !r.error && r.status === 0;
}

const nameOf = (kind: LargeKind, sizeMB: number) => `${kind}-${sizeMB}mb`;

function readManifest(path: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/**
 * Returns the generated documents for `sizeMB`, converting only those not cached yet.
 * Throws when soffice is needed and missing or fails.
 */
export function ensureLargeDocs(options: { sizeMB: number; kinds?: LargeKind[]; force?: boolean; log?: (line: string) => void }): GeneratedDoc[] {
  const { sizeMB, force = false, log = () => undefined } = options;
  const kinds = options.kinds ?? ['latin', 'cyrillic-cjk'];
  mkdirSync(generatedDir, { recursive: true });
  const result: GeneratedDoc[] = [];
  const missing: { kind: LargeKind; name: string; chars: number; paragraphs: number }[] = [];
  for (const kind of kinds) {
    const name = nameOf(kind, sizeMB);
    const doc = join(generatedDir, `${name}.doc`);
    const manifest = readManifest(join(generatedDir, `${name}.json`));
    if (!force && manifest && manifest.version === RECIPE_VERSION[kind] && existsSync(doc) && statSync(doc).size === manifest.bytes) {
      result.push({ name, kind, path: doc, bytes: manifest.bytes, sourceChars: manifest.sourceChars, paragraphs: manifest.paragraphs, generated: false });
      continue;
    }
    const { html, chars, paragraphs } = buildHtml(kind, sizeMB);
    writeFileSync(join(generatedDir, `${name}.html`), html);
    missing.push({ kind, name, chars, paragraphs });
  }
  if (missing.length > 0) {
    if (!sofficeAvailable()) throw new Error('soffice (LibreOffice) is not installed: cannot generate the large documents');
    // A private profile, so a LibreOffice running elsewhere on the machine does not swallow the job.
    const profile = join(tmpdir(), `doc2text-bench-lo-profile-${process.getuid?.() ?? 0}`);
    for (const m of missing) {
      const html = join(generatedDir, `${m.name}.html`);
      const doc = join(generatedDir, `${m.name}.doc`);
      rmSync(doc, { force: true });
      const started = Date.now();
      log(`generating ${m.name}.doc with LibreOffice (${m.paragraphs} paragraphs; a 16 MB file takes about 30 s for Latin, 90 s for Cyrillic/CJK)…`);
      const r = spawnSync(
        'soffice',
        [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'doc:MS Word 97', '--outdir', generatedDir, html],
        { encoding: 'utf8', timeout: 15 * 60_000 },
      );
      rmSync(html, { force: true });
      if (r.error || r.status !== 0 || !existsSync(doc)) {
        throw new Error(`soffice failed on ${m.name}: ${r.error?.message ?? `exit ${r.status}`} ${r.stdout ?? ''} ${r.stderr ?? ''}`.trim());
      }
      log(`  converted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const bytes = statSync(doc).size;
      const manifest: Manifest = { version: RECIPE_VERSION[m.kind], kind: m.kind, sizeMB, bytes, sourceChars: m.chars, paragraphs: m.paragraphs };
      writeFileSync(join(generatedDir, `${m.name}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
      result.push({ name: m.name, kind: m.kind, path: doc, bytes, sourceChars: m.chars, paragraphs: m.paragraphs, generated: true });
    }
  }
  return kinds.map((k) => result.find((d) => d.kind === k)!);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const sizeAt = args.indexOf('--size');
  const sizeMB = sizeAt >= 0 ? Number(args[sizeAt + 1]) : 16;
  if (!(sizeMB > 0 && sizeMB <= 200)) {
    console.error('usage: tsx bench/generate-large.ts [--size MB (0 < MB ≤ 200)] [--force]');
    process.exit(2);
  }
  for (const doc of ensureLargeDocs({ sizeMB, force: args.includes('--force'), log: (l) => console.log(l) })) {
    console.log(`${doc.path}: ${(doc.bytes / 1e6).toFixed(2)} MB, ${doc.paragraphs} paragraphs, ${doc.sourceChars} chars${doc.generated ? '' : ' (cached)'}`);
  }
}
