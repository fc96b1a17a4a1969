/** JSON from the document tree: the tree itself (types.ts documents every field). */
import type { DocumentTree } from './types.js';

export function renderJson(tree: DocumentTree): string {
  return JSON.stringify(tree);
}
