/**
 * The readers of the formats identify() recognises that are not Word binaries, by kind, each
 * behind one error wrap: whatever goes wrong inside comes out as a DocParseError.
 */
import { asDocParseError } from '../errors.js';
import { textOnlyResult, type ReadResult } from '../model/read-result.js';
import { readHtml } from './html/read-html.js';
import type { MarkupKind } from './identify.js';
import { readMhtml } from './mhtml.js';
import { readDocx } from './ooxml/docx.js';
import type { FormatReadResult } from './result.js';
import { readWordXml } from './wordml.js';

export const FORMAT_READERS: Readonly<Record<MarkupKind, (bytes: Uint8Array) => FormatReadResult>> = {
  zip: readDocx,
  wordml: readWordXml,
  'flat-opc': readWordXml,
  html: readHtml,
  mhtml: readMhtml,
};

/** Reads bytes identify() classified as `kind`. Throws DocParseError only. */
export function readFormat(kind: MarkupKind, bytes: Uint8Array): FormatReadResult {
  try {
    return FORMAT_READERS[kind](bytes);
  } catch (error) {
    throw asDocParseError(error); // a reader's own faults are DocParseErrors already: anything else is a bug
  }
}

/** parse.ts's reader for a kind: the stories' text as a text-only ReadResult (model/read-result.ts). */
export function markupReader(kind: MarkupKind): (bytes: Uint8Array) => ReadResult {
  return (bytes) => {
    const { format, version, stories, metadata } = readFormat(kind, bytes);
    return textOnlyResult({ format, version }, stories, metadata);
  };
}
