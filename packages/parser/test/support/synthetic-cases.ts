/**
 * Ready-made synthetic .doc files (built with doc-writer.ts) and what a correct parser gives for
 * each. The expectations are written by hand from the spec inputs below; they are the truth.
 *
 *   const bytes = writeDoc(SYNTHETIC_CASES.severalPieces.spec);
 *
 * Plain-text conventions (as for fixtures/*.body.txt): paragraph mark \r → \n; field → its result
 * only; footnote/comment reference marks dropped.
 */
import type { DocErrorCode } from '../../src/errors.js';
import type { SyntheticDoc } from '../../harness/doc-writer.js';

export type StoryKey = 'footnotes' | 'headers' | 'comments' | 'endnotes' | 'textboxes' | 'headerTextboxes';

export type SyntheticExpectation =
  /** A readable document. */
  | {
      kind: 'text';
      /** Raw characters of the main body (ccpText CPs, control characters intact). */
      characters: string;
      /** Plain text of the body. */
      text: string;
      /** Raw characters of other stories, where the case has them. */
      stories?: Partial<Record<StoryKey, string>>;
    }
  /** The parser must refuse the file with this error code. */
  | { kind: 'error'; code: DocErrorCode }
  /**
   * A damaged file: the parser either throws one of `codes`, or repairs it and returns `salvage`
   * as the body's plain text with a note in `info.warnings`. Anything else (garbage text, a crash
   * that is not a DocParseError) is wrong.
   */
  | { kind: 'damaged'; codes: DocErrorCode[]; salvage: string };

export interface SyntheticCase {
  about: string;
  spec: SyntheticDoc;
  expect: SyntheticExpectation;
}

// Pieces reused below, so the story lengths can be taken from them.
const FTN_BODY = 'Body with a note\u0002.\r';
const FTN_TEXT = '\u0002 The footnote.\r';

export const SYNTHETIC_CASES = {
  oneUnicodePiece: {
    about: 'Baseline: one UTF-16 piece, two paragraphs.',
    spec: { pieces: [{ text: 'Hello, synthetic world.\rSecond paragraph.\r', compressed: false }] },
    expect: {
      kind: 'text',
      characters: 'Hello, synthetic world.\rSecond paragraph.\r',
      text: 'Hello, synthetic world.\nSecond paragraph.\n',
    },
  },

  oneCompressedPiece: {
    about: 'One 8-bit (compressed) piece: FcCompressed.fc holds twice the byte offset, bit 30 set.',
    spec: { pieces: [{ text: 'Plain 8-bit text.\rAnother line.\r', compressed: true }] },
    expect: { kind: 'text', characters: 'Plain 8-bit text.\rAnother line.\r', text: 'Plain 8-bit text.\nAnother line.\n' },
  },

  severalPieces: {
    about: 'Three UTF-16 pieces that split a word and a paragraph.',
    spec: {
      pieces: [
        { text: 'The quick bro', compressed: false },
        { text: 'wn fox jumps\rover the ', compressed: false },
        { text: 'lazy dog.\r', compressed: false },
      ],
    },
    expect: {
      kind: 'text',
      characters: 'The quick brown fox jumps\rover the lazy dog.\r',
      text: 'The quick brown fox jumps\nover the lazy dog.\n',
    },
  },

  mixedCompressedAndUnicode: {
    about:
      '8-bit, UTF-16, 8-bit pieces. The first has cp1252 bytes 0x80-0x9F (€ is 0x80: cp1252 gives €, as ' +
      'LibreOffice, catdoc and antiword read it; the [MS-DOC] FcCompressed table, older than the euro, ' +
      'does not list 0x80) and Latin-1 letters; the second Cyrillic, Greek, CJK, Hebrew, Arabic.',
    spec: {
      pieces: [
        { text: 'cp1252: \u20ac \u201cquoted\u201d \u2018single\u2019 \u2013 \u2014 \u2026 \u2122 \u0160\u0152\u0178\u0192 caf\u00e9\r', compressed: true },
        { text: 'Unicode: \u041f\u0440\u0438\u0432\u0435\u0442 \u0395\u03bb\u03bb\u03ac\u03b4\u03b1 \u4e2d\u6587 \u05e2\u05d1\u05e8\u05d9\u05ea \u0639\u0631\u0628\u064a\r', compressed: false },
        { text: 'Back to 8-bit: na\u00efve \u00bd\r', compressed: true },
      ],
    },
    expect: {
      kind: 'text',
      characters:
        'cp1252: € “quoted” ‘single’ – — … ™ ŠŒŸƒ café\r' +
        'Unicode: Привет Ελλάδα 中文 עברית عربي\r' +
        'Back to 8-bit: naïve ½\r',
      text:
        'cp1252: € “quoted” ‘single’ – — … ™ ŠŒŸƒ café\n' +
        'Unicode: Привет Ελλάδα 中文 עברית عربي\n' +
        'Back to 8-bit: naïve ½\n',
    },
  },

  cp1252Exceptions: {
    about: 'An 8-bit piece with every byte of the [MS-DOC] FcCompressed exception table (0x82-0x8C, 0x91-0x9C, 0x9F).',
    spec: {
      pieces: [
        {
          text: '\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152 \u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153 \u0178\r',
          compressed: true,
        },
      ],
    },
    expect: { kind: 'text', characters: '‚ƒ„…†‡ˆ‰Š‹Œ ‘’“”•–—˜™š›œ Ÿ\r', text: '‚ƒ„…†‡ˆ‰Š‹Œ ‘’“”•–—˜™š›œ Ÿ\n' },
  },

  piecesOutOfStreamOrder: {
    about: 'Pieces laid out in the stream as 2, 0, 1 (CP order is the PlcPcd order, not the fc order).',
    spec: {
      pieces: [
        { text: 'First piece, ', compressed: false },
        { text: 'second piece, ', compressed: true },
        { text: 'third piece.\r', compressed: false },
      ],
      streamOrder: [2, 0, 1],
    },
    expect: { kind: 'text', characters: 'First piece, second piece, third piece.\r', text: 'First piece, second piece, third piece.\n' },
  },

  fastSaved: {
    about: 'fComplex (fast-saved, cQuickSaves 2): the edited middle piece sits at the end of the stream.',
    spec: {
      pieces: [
        { text: 'Original start. ', compressed: true },
        { text: 'Inserted by a fast save. ', compressed: false },
        { text: 'Original end.\r', compressed: true },
      ],
      streamOrder: [0, 2, 1],
      fComplex: true,
      cQuickSaves: 2,
    },
    expect: {
      kind: 'text',
      characters: 'Original start. Inserted by a fast save. Original end.\r',
      text: 'Original start. Inserted by a fast save. Original end.\n',
    },
  },

  piecePastEndOfStream: {
    about: 'The middle piece points 1 MiB into a 4 KiB WordDocument stream.',
    spec: {
      pieces: [
        { text: 'Good start. ', compressed: false },
        { text: 'LOST PIECE ', compressed: false },
        { text: 'Good end.\r', compressed: false },
      ],
      mutatePieces: (pcds) => {
        pcds[1].fc = 0x100000;
      },
    },
    expect: { kind: 'damaged', codes: ['TRUNCATED', 'CORRUPT'], salvage: 'Good start. Good end.\n' },
  },

  ccpTextBeyondPieces: {
    about: 'FibRgLw97.ccpText is 10 more than the piece table holds.',
    spec: { pieces: [{ text: 'Only this text exists.\r', compressed: false }], ccp: { text: 'Only this text exists.\r'.length + 10 } },
    expect: { kind: 'damaged', codes: ['CORRUPT', 'TRUNCATED'], salvage: 'Only this text exists.\n' },
  },

  prcBeforePcdt: {
    about: 'Two Prc entries (clxt 0x01) before the Pcdt; the pieces point at them with Prm1 (igrpprl 0 and 1).',
    spec: {
      pieces: [
        { text: 'Bold text via Prc. ', compressed: false, prm: 0x0001 },
        { text: 'Italic text.\r', compressed: true, prm: 0x0003 },
      ],
      // sprmCFBold 1 (3 bytes: an odd cbGrpprl) and sprmCFItalic 1 + sprmCFBold 0 (6 bytes)
      prcs: [Uint8Array.of(0x35, 0x08, 0x01), Uint8Array.of(0x36, 0x08, 0x01, 0x35, 0x08, 0x00)],
    },
    expect: { kind: 'text', characters: 'Bold text via Prc. Italic text.\r', text: 'Bold text via Prc. Italic text.\n' },
  },

  lowerCaseStreamNames: {
    about: 'Streams named "worddocument" and "1table": [MS-CFB] compares names case-insensitively.',
    spec: { pieces: [{ text: 'Stream names in lower case.\r', compressed: false }], streamNameCase: 'lower' },
    expect: { kind: 'text', characters: 'Stream names in lower case.\r', text: 'Stream names in lower case.\n' },
  },

  upperCaseStreamNames: {
    about: 'Streams named "WORDDOCUMENT" and "1TABLE".',
    spec: { pieces: [{ text: 'Stream names in upper case.\r', compressed: true }], streamNameCase: 'upper' },
    expect: { kind: 'text', characters: 'Stream names in upper case.\r', text: 'Stream names in upper case.\n' },
  },

  table0: {
    about: 'fWhichTblStm = 0: the Clx is in "0Table".',
    spec: { pieces: [{ text: 'The table stream is 0Table.\r', compressed: false }], whichTable: 0 },
    expect: { kind: 'text', characters: 'The table stream is 0Table.\r', text: 'The table stream is 0Table.\n' },
  },

  word2003Fib: {
    about: 'A longer FIB: cbRgFcLcb 0xA4 and cswNew 2 with nFibNew 0x010C (as Word 2003 writes); text after it.',
    spec: { pieces: [{ text: 'FIB with FibRgCswNew.\r', compressed: false }], nFibNew: 0x010c },
    expect: { kind: 'text', characters: 'FIB with FibRgCswNew.\r', text: 'FIB with FibRgCswNew.\n' },
  },

  miniStreamWordDocument: {
    about: 'A WordDocument stream under 4096 bytes, so it lives in the CFB mini stream (catdoc and antiword read nothing here).',
    spec: { pieces: [{ text: 'A small WordDocument stream.\r', compressed: true }], minWordDocumentSize: 0 },
    expect: { kind: 'text', characters: 'A small WordDocument stream.\r', text: 'A small WordDocument stream.\n' },
  },

  footnoteStory: {
    about:
      'A footnote story (ccpFtn) and the extra final paragraph mark [MS-DOC] 2.4.1 puts after the last ' +
      'story; one 8-bit piece spans the end of the body and the start of the footnote story.',
    spec: {
      pieces: [
        { text: FTN_BODY + FTN_TEXT.slice(0, 10), compressed: true },
        { text: FTN_TEXT.slice(10) + '\r', compressed: false },
      ],
      ccp: { text: FTN_BODY.length, ftn: FTN_TEXT.length },
    },
    expect: { kind: 'text', characters: FTN_BODY, text: 'Body with a note.\n', stories: { footnotes: FTN_TEXT } },
  },

  fieldAcrossPieces: {
    about:
      'A HYPERLINK field whose begin/separator are in an 8-bit piece and whose result/end are in a UTF-16 ' +
      'one; PlcfFldMom describes the three field characters.',
    spec: {
      fieldPlc: true,
      pieces: [
        { text: 'See \u0013 HYPERLINK "http://example.com/" \u0014', compressed: true },
        { text: 'the site\u0015 now.\r', compressed: false },
      ],
    },
    expect: {
      kind: 'text',
      characters: 'See \u0013 HYPERLINK "http://example.com/" \u0014the site\u0015 now.\r',
      text: 'See the site now.\n',
    },
  },

  surrogatePairAcrossPieces: {
    about: 'U+1D11E stored as a surrogate pair whose two halves are in two different UTF-16 pieces.',
    spec: {
      pieces: [
        { text: 'Clef: \ud834', compressed: false },
        { text: '\udd1e end.\r', compressed: false },
      ],
    },
    expect: { kind: 'text', characters: 'Clef: 𝄞 end.\r', text: 'Clef: 𝄞 end.\n' },
  },

  russianLid8bit: {
    about:
      'lid 0x0419 (Russian) and an 8-bit piece holding the cp1251 bytes of "Привет, мир.". The lid does ' +
      'not change how a Word 97 8-bit piece decodes: bytes are Latin-1 plus the FcCompressed table. ' +
      'LibreOffice, catdoc and antiword all give the text below (Word 97 and later store text outside cp1252 as UTF-16 pieces).',
    spec: { pieces: [{ text: 'Привет, мир.\r', compressed: true, encoding: 'cp1251' }], lid: 0x0419 },
    expect: { kind: 'text', characters: 'Ïðèâåò, ìèð.\r', text: 'Ïðèâåò, ìèð.\n' },
  },

  encrypted: {
    about: 'fEncrypted = 1 (lKey 0x34, the size an RC4 CryptoAPI header would have); the text is actually clear.',
    spec: { pieces: [{ text: 'This must not be shown.\r', compressed: false }], fEncrypted: true, lKey: 0x34 },
    expect: { kind: 'error', code: 'ENCRYPTED' },
  },

  obfuscated: {
    about: 'fEncrypted = 1 and fObfuscated = 1 (XOR obfuscation; lKey is the verifier).',
    spec: { pieces: [{ text: 'This must not be shown either.\r', compressed: true }], fEncrypted: true, fObfuscated: true, lKey: 0x1234abcd },
    expect: { kind: 'error', code: 'ENCRYPTED' },
  },
} satisfies Record<string, SyntheticCase>;

export type SyntheticCaseName = keyof typeof SYNTHETIC_CASES;
