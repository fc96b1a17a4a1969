/**
 * A table's rows, as the story walk collected them (each cell's blocks, and the row's TAP from
 * its end mark), → the tree's table in the HTML model: a cell spans the grid columns between its
 * boundaries (rgdxaCenter; Word 2000+ and LibreOffice store a merged cell as one wider cell) plus
 * any cells merged into it (Word 97's fMerged); a cell that continues the one above (fVertMerge)
 * is dropped and the cell above spans one more row.
 */
import type { TableRowProps } from '../../word/table-row.js';
import type { Block, Table, TableCell, TableRow } from './types.js';

export interface CollectedRow {
  cells: Block[][];
  props: TableRowProps | null;
}

/** Boundaries closer than this (twips, 1/1440 inch) are one grid line: rows drawn "the same" differ by a few. */
const SNAP = 30;

export function assembleTable(rows: readonly CollectedRow[]): Table {
  const grid = gridLines(rows);
  const out: TableRow[] = [];
  /** The cell that last started at each grid column, for vertical merges. */
  const above = new Map<number, TableCell>();
  for (const row of rows) {
    const cells: TableCell[] = [];
    const starts: number[] = [];
    const boundaries = row.props && row.props.boundaries.length === row.cells.length + 1 ? row.props.boundaries : null;
    let column = 0;
    for (let i = 0; i < row.cells.length; i++) {
      const blocks = row.cells[i]!;
      const flags = row.props?.cells[i];
      let span = 1;
      let start = column;
      if (boundaries && grid) {
        start = lineIndex(grid, boundaries[i]!);
        span = Math.max(1, lineIndex(grid, boundaries[i + 1]!) - start);
      }
      column = start + span;
      const previous = cells[cells.length - 1];
      if (flags?.mergedLeft && previous) {
        previous.colspan = (previous.colspan ?? 1) + span;
        previous.blocks.push(...blocks);
        continue;
      }
      const owner = above.get(start);
      if (flags?.mergedUp && owner && (owner.colspan ?? 1) === span) {
        owner.rowspan = (owner.rowspan ?? 1) + 1;
        if (blocks.some((b) => b.type !== 'paragraph' || b.children.length > 0)) owner.blocks.push(...blocks);
        continue;
      }
      const cell: TableCell = { blocks };
      if (span > 1) cell.colspan = span;
      cells.push(cell);
      starts.push(start);
    }
    // This row's cells are the ones above the next row's (a vertically merged owner stays).
    cells.forEach((cell, i) => {
      const start = starts[i]!;
      for (let c = start + 1; c < start + (cell.colspan ?? 1); c++) above.delete(c);
      above.set(start, cell);
    });
    const tableRow: TableRow = { cells };
    if (row.props?.header) tableRow.header = true;
    out.push(tableRow);
  }
  return { type: 'table', rows: out };
}

/** The sorted, snapped grid lines of all rows that have boundaries; null when none has. */
function gridLines(rows: readonly CollectedRow[]): number[] | null {
  const all: number[] = [];
  for (const row of rows) if (row.props && row.props.boundaries.length === row.cells.length + 1) all.push(...row.props.boundaries);
  if (all.length === 0) return null;
  all.sort((a, b) => a - b);
  const lines: number[] = [];
  for (const x of all) if (lines.length === 0 || x - lines[lines.length - 1]! > SNAP) lines.push(x);
  return lines;
}

/** Index of the grid line nearest to `x`. */
function lineIndex(grid: readonly number[], x: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (grid[mid]! < x - SNAP) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
