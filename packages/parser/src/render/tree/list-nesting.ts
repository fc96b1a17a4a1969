/**
 * Word's lists are flat: each list paragraph has a level (ilvl 0..8) and a list (ilfo). Markdown
 * and HTML nest lists. `nestLists` turns a run of consecutive list items into nested groups: an
 * item deeper than the item before it opens a sub-list inside that item; a shallower one closes
 * sub-lists; a change of list or of kind (numbered/bulleted) at the same level starts a new group.
 * An item that skips levels nests one step only (Markdown and HTML cannot skip). Linear; the
 * nesting is at most MAX_LIST_LEVEL + 1 deep because levels are clamped.
 */
import { MAX_LIST_LEVEL, type Block, type ListItem } from './types.js';

export interface ListGroup {
  kind: ListItem['kind'];
  list: number;
  /** The (clamped) level of the group's items. */
  level: number;
  items: ListNode[];
}

export interface ListNode {
  item: ListItem;
  /** Groups of deeper items that follow this item. */
  children: ListGroup[];
}

export function listLevel(item: ListItem): number {
  const level = Math.trunc(Number(item.level));
  return Number.isFinite(level) ? Math.min(Math.max(level, 0), MAX_LIST_LEVEL) : 0;
}

export function nestLists(items: readonly ListItem[]): ListGroup[] {
  const roots: ListGroup[] = [];
  const open: ListGroup[] = [];
  for (const item of items) {
    const level = listLevel(item);
    const kind = item.kind === 'numbered' ? 'numbered' : 'bulleted';
    while (open.length > 0 && open[open.length - 1]!.level > level) open.pop();
    let top: ListGroup | undefined = open[open.length - 1];
    if (top && top.level === level && (top.kind !== kind || top.list !== item.list)) {
      open.pop();
      top = undefined;
    }
    if (!top || top.level !== level) {
      const group: ListGroup = { kind, list: item.list, level, items: [] };
      const parent = open[open.length - 1];
      if (parent) parent.items[parent.items.length - 1]!.children.push(group);
      else roots.push(group);
      open.push(group);
      top = group;
    }
    top.items.push({ item, children: [] });
  }
  return roots;
}

/** A story's blocks with each run of consecutive list items nested into groups (what both renderers walk). */
export type BlockUnit = { kind: 'block'; block: Block } | { kind: 'lists'; groups: ListGroup[] };

export function* blockUnits(blocks: readonly Block[]): Generator<BlockUnit> {
  const list = Array.isArray(blocks) ? blocks : [];
  for (let i = 0; i < list.length; i++) {
    if (list[i]!.type !== 'listItem') {
      yield { kind: 'block', block: list[i]! };
      continue;
    }
    let end = i + 1;
    while (end < list.length && list[end]!.type === 'listItem') end++;
    yield { kind: 'lists', groups: nestLists(list.slice(i, end) as ListItem[]) };
    i = end - 1;
  }
}
