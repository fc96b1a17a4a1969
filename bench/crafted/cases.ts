/**
 * The inputs of the crafted-file harness: the hand-built hostile documents in
 * ../shared/crashers/*.doc.gz (gunzipped in memory, never written anywhere), plus a cut-short OLE
 * file made in memory from a corpus document. Nothing here is copied into the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { defaultCorpusDir, repoRoot } from '../lib/files.js';

export const crashersDir = resolve(repoRoot, '../shared/crashers');

export interface CraftedCase {
  name: string;
  /** What the input is, for the table. */
  source: string;
  load(): Uint8Array;
}

const asView = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The first 4096 bytes of a corpus file whose FAT names sectors past the cut (issue 12: cfb's TypeError leaked as CORRUPT). */
const TRUNCATED_SOURCE = join(defaultCorpusDir, 'poi', '57843.doc');

export function craftedCases(): CraftedCase[] {
  const cases: CraftedCase[] = [];
  if (existsSync(crashersDir)) {
    for (const file of readdirSync(crashersDir).filter((f) => f.endsWith('.doc.gz')).sort()) {
      cases.push({
        name: file.replace(/\.doc\.gz$/, ''),
        source: `crashers/${file}`,
        load: () => asView(gunzipSync(readFileSync(join(crashersDir, file)))),
      });
    }
  }
  if (existsSync(TRUNCATED_SOURCE)) {
    cases.push({
      name: 'truncated-ole-4k',
      source: 'corpus poi/57843.doc, first 4096 bytes',
      load: () => asView(readFileSync(TRUNCATED_SOURCE).subarray(0, 4096)),
    });
  }
  return cases;
}

export function findCase(name: string): CraftedCase {
  const c = craftedCases().find((k) => k.name === name);
  if (!c) throw new Error(`unknown case ${name}; known: ${craftedCases().map((k) => k.name).join(', ')}`);
  return c;
}
