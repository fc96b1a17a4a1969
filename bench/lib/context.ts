/** Settings shared by the bench sections. */
import type { DocFile } from './files.js';

export interface BenchContext {
  quick: boolean;
  corpusDir: string;
  log: (line: string) => void;
  /** Remarks that end up in the results (missing tools, absent corpus, …). */
  note: (line: string) => void;
}

export interface CorpusSet {
  corpusPresent: boolean;
  corpusFiles: number;
  fixtureFiles: number;
  docs: DocFile[];
}
