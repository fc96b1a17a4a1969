/**
 * harness/: tooling shared by packages/parser/test and packages/parser/scripts (never shipped, so
 * runnable scripts import no test code): paths (this file), the fuzz harness (fuzz.ts), crafted
 * fuzz inputs (fuzz-craft.ts), the synthetic .doc writer (doc-writer.ts) and the protector of plain
 * Word files with each encryption scheme (word-protect.ts).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const corpusDir = resolve(repoRoot, '../shared/corpus');
