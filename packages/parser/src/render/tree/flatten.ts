/**
 * Tables nested deeper than MAX_TABLE_DEPTH are shown as their content: the paragraphs, headings
 * and list items of every cell, in reading order (row by row, cell by cell), tables inside them
 * flattened too. Iterative, so a hostile nesting depth costs no stack.
 */
import type { Block, Table } from './types.js';

export function flattenTable(table: Table): Block[] {
  const out: Block[] = [];
  // Each frame walks one list of blocks; a table's cells are pushed as one list per cell, in reverse.
  const stack: Array<{ blocks: readonly Block[]; next: number }> = [];
  const pushTable = (t: Table) => {
    const cells = (Array.isArray(t.rows) ? t.rows : []).flatMap((row) => (Array.isArray(row?.cells) ? row.cells : []));
    for (let i = cells.length - 1; i >= 0; i--) {
      const blocks = cells[i]?.blocks;
      stack.push({ blocks: Array.isArray(blocks) ? blocks : [], next: 0 });
    }
  };
  pushTable(table);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.blocks.length) {
      stack.pop();
      continue;
    }
    const block = top.blocks[top.next++]!;
    if (block.type === 'table') pushTable(block);
    else out.push(block);
  }
  return out;
}
