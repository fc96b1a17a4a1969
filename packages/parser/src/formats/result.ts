/**
 * What the readers of non-binary formats give: the plain text of each story (same conventions as
 * the Word binary path), the format read, a human version string and document properties.
 */
import type { DocumentMetadata } from '../word/property-set.js';
import type { StoryName } from '../types.js';

export type FormatName = 'docx' | 'wordml' | 'html' | 'mhtml' | 'text';

export interface FormatReadResult {
  format: FormatName;
  /** e.g. "Word 2007+ document (.docx)", "Word 2003 XML", "Word HTML (Microsoft Word 15)". */
  version: string;
  /** Plain text per story; stories without text are absent. Every paragraph ends with "\n". */
  stories: Partial<Record<StoryName, string>>;
  metadata: DocumentMetadata;
}
