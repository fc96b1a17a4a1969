/**
 * Differential test of the catdoc formatter against the installed catdoc 0.95 on random
 * characters: control characters, table marks, fields, ASCII, Latin-1, Cyrillic, CJK, spaces and
 * tabs, in every output mode. Skipped where catdoc is not installed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCatdoc, type CatdocOptions } from '../src/render/catdoc/format.js';
import { hostCatdocAvailable, oracleSafe, runCatdocOnChars } from './catdoc-oracle.js';

const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefghij XYZ.,;'.split('')) },
  { weight: 2, arbitrary: fc.constantFrom('\r', '\x07', '\x0b', '\x0c', '\t', '\x13', '\x14', '\x15', '\x01', '\x02', '\x1e', '\x1f', '\x08', '\x05', '\x03', '\ufeff', '\u00ad') },
  { weight: 2, arbitrary: fc.constantFrom('é', 'ß', '€', '–', '“', 'Ж', 'щ', '中', 'ā', '\u00a0', '#', '%', '$', '_', '{', '\\', '~') },
  { weight: 1, arbitrary: fc.constantFrom('word ', 'longerwordwithoutspaces', ' ', '  ') },
);
// Paragraph marks at the end: catdoc reads on past unterminated text (see the formatter's notes).
const text = fc.array(unit, { maxLength: 400 }).map((parts) => oracleSafe(parts.join('') + '\r'));
// Mostly paragraphs of printable ASCII, which the formatter cuts into lines as strings.
const plainUnit = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...'abcdefghij XYZ.,;'.split(''), 'word ', '  ', 'longerwordwithoutspacesandmore') },
  { weight: 3, arbitrary: fc.constantFrom('\r', '\t', '\x0c', '\x0b') },
  { weight: 1, arbitrary: fc.constantFrom('\x07', '\x13', '\x15', '\x05', 'é', '中', '{', '\\') },
);
const plainText = fc.array(plainUnit, { maxLength: 500 }).map((parts) => oracleSafe(parts.join('') + '\r'));

const modes: { flags: string[]; options: Partial<CatdocOptions> }[] = [
  { flags: [], options: {} },
  { flags: ['-w'], options: { width: 0 } },
  { flags: ['-m', '17'], options: { width: 17 } },
  { flags: ['-m', '1'], options: { width: 1 } },
  { flags: ['-t'], options: { format: 'tex' } },
  { flags: ['-d', 'cp1251', '-m', '30'], options: { targetCharset: 'cp1251', width: 30 } },
  { flags: ['-d', 'us-ascii', '-x'], options: { targetCharset: 'us-ascii', unknownAsHex: true } },
  { flags: ['-t', '-d', '8859-1', '-w'], options: { format: 'tex', targetCharset: '8859-1', width: 0 } },
];

describe.skipIf(!hostCatdocAvailable())('catdoc formatter = catdoc 0.95 on random characters', () => {
  for (const [kind, texts] of [['', text], [', mostly plain ASCII paragraphs', plainText]] as const) for (const mode of modes) {
    it(`catdoc ${mode.flags.join(' ') || '(defaults)'}${kind}`, () => {
      fc.assert(
        fc.property(texts, (chars) => {
          const ours = Buffer.from(formatCatdoc(chars, mode.options));
          const theirs = runCatdocOnChars(chars, mode.flags);
          expect(ours.toString('latin1')).toBe(theirs.toString('latin1'));
        }),
        { numRuns: Number(process.env.CATDOC_FUZZ_RUNS ?? 60) },
      );
    });
  }
});
