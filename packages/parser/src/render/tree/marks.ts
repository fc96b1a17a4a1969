/**
 * Character formatting as properly nested spans. Word formats runs (each run is bold or not,
 * italic or not…); Markdown and HTML need spans that nest. `markSpans` turns a paragraph's inlines
 * into a token stream of text, opaque inlines and balanced open/close marks:
 * - runs of the same mark merge into one span, the longest-running mark outermost, so
 *   bold "a ", bold+italic "b", bold " c" gives <b>a <i>b</i> c</b>, not three spans;
 * - white space at a span's edge moves outside it (`**a **` is not emphasis in Markdown);
 * - white-space-only runs and inlines without text (breaks, note marks, images) keep the spans
 *   around them open instead of splitting them;
 * - a link is one unit carrying the marks all of its text shares; the rest are applied inside it.
 * Linear in the number of inlines (each mark opens and closes at most once per run).
 */
import { MARKS, type Inline, type Link, type Mark, type Text } from './types.js';

export type Token =
  | { kind: 'open'; mark: Mark }
  | { kind: 'close'; mark: Mark }
  | { kind: 'text'; text: string }
  /** A link: render `inline.children` through `markSpans(…, inherited)`. */
  | { kind: 'link'; inline: Link; inherited: ReadonlySet<Mark> }
  | { kind: 'inline'; inline: Exclude<Inline, Text | Link> };

/** The marks a text run has. */
export function marksOf(run: Text): Set<Mark> {
  const set = new Set<Mark>();
  for (const mark of MARKS) if (run[mark] === true) set.add(mark);
  return set;
}

interface Unit {
  token: Token;
  /** Marks of a text run or link; null for units that keep the open spans (white space, breaks, notes…). */
  marks: Set<Mark> | null;
}

/**
 * The span tokens of `inlines`. `inherited` marks are already applied by an enclosing span (a
 * link's content inside a bold span) and are not opened again.
 */
export function markSpans(inlines: readonly Inline[], inherited: ReadonlySet<Mark> = new Set()): Token[] {
  const units = toUnits(inlines, inherited);
  const runEnd = runEnds(units);
  const tokens: Token[] = [];
  const stack: Mark[] = [];
  // Spans close right after the last unit that has their marks, before any units without marks
  // that follow it (a break or a note mark after bold text stays outside the bold).
  let afterMarked = 0;
  const closeAbove = (keep: number) => {
    const closes: Token[] = [];
    while (stack.length > keep) closes.push({ kind: 'close', mark: stack.pop()! });
    if (closes.length > 0) tokens.splice(afterMarked, 0, ...closes);
  };
  units.forEach((unit, i) => {
    const marks = unit.marks;
    if (marks) {
      let keep = 0;
      while (keep < stack.length && marks.has(stack[keep]!)) keep++;
      closeAbove(keep);
      const opening = MARKS.filter((m) => marks.has(m) && !stack.includes(m));
      // The mark that runs longest opens first, so it closes last.
      opening.sort((a, b) => runEnd[i]!.get(b)! - runEnd[i]!.get(a)! || MARKS.indexOf(a) - MARKS.indexOf(b));
      for (const mark of opening) {
        tokens.push({ kind: 'open', mark });
        stack.push(mark);
      }
    }
    tokens.push(unit.token);
    if (marks) afterMarked = tokens.length;
  });
  closeAbove(0);
  return moveEdgeSpaces(tokens);
}

function toUnits(inlines: readonly Inline[], inherited: ReadonlySet<Mark>): Unit[] {
  const units: Unit[] = [];
  for (const inline of inlines) {
    if (inline.type === 'text') {
      const text = typeof inline.text === 'string' ? inline.text : '';
      if (text === '') continue;
      const marks = /^\s+$/.test(text) ? null : without(marksOf(inline), inherited);
      units.push({ token: { kind: 'text', text }, marks });
    } else if (inline.type === 'link') {
      const shared = without(sharedMarks(inline), inherited);
      units.push({ token: { kind: 'link', inline, inherited: new Set([...inherited, ...shared]) }, marks: shared });
    } else {
      units.push({ token: { kind: 'inline', inline }, marks: null });
    }
  }
  return units;
}

/** Marks every non-blank text run directly in the link has (none when it has no text). */
function sharedMarks(link: Link): Set<Mark> {
  let shared: Set<Mark> | undefined;
  for (const child of Array.isArray(link.children) ? link.children : []) {
    if (child.type !== 'text' || typeof child.text !== 'string' || /^\s*$/.test(child.text)) continue;
    const marks = marksOf(child);
    if (shared === undefined) shared = marks;
    else for (const mark of [...shared]) if (!marks.has(mark)) shared.delete(mark);
  }
  return shared ?? new Set();
}

function without(marks: Set<Mark>, inherited: ReadonlySet<Mark>): Set<Mark> {
  for (const mark of inherited) marks.delete(mark);
  return marks;
}

/** For each unit with marks: per mark, the index of the last unit of the run of units carrying it. */
function runEnds(units: Unit[]): Array<Map<Mark, number> | undefined> {
  const ends: Array<Map<Mark, number> | undefined> = new Array(units.length);
  let next: Map<Mark, number> | undefined;
  for (let i = units.length - 1; i >= 0; i--) {
    const marks = units[i]!.marks;
    if (!marks) continue;
    const own = new Map<Mark, number>();
    for (const mark of marks) own.set(mark, next?.get(mark) ?? i);
    ends[i] = own;
    next = own;
  }
  return ends;
}

/**
 * Moves white space at the inner edge of spans outside them: leading spaces of the text after an
 * open go before it, trailing spaces of the text before a close go after it. Spans left empty
 * (an open directly followed by its close) are dropped.
 */
function moveEdgeSpaces(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'close') {
      // Peel trailing white space off the text tokens just before this close (and its group).
      let moved = '';
      let j = out.length - 1;
      while (j >= 0) {
        const previous = out[j]!;
        if (previous.kind === 'close') {
          j--;
          continue;
        }
        if (previous.kind !== 'text') break;
        const trimmed = previous.text.replace(/\s+$/, '');
        moved = previous.text.slice(trimmed.length) + moved;
        if (trimmed !== '') {
          previous.text = trimmed;
          break;
        }
        out.splice(j, 1);
        j--;
      }
      const last = out[out.length - 1];
      if (last?.kind === 'open' && last.mark === token.mark) out.pop();
      else out.push(token);
      if (moved) out.push({ kind: 'text', text: moved });
    } else if (token.kind === 'text') {
      let text = token.text;
      // Leading white space of the first text inside opens goes before the opens.
      let k = out.length;
      while (k > 0 && out[k - 1]!.kind === 'open') k--;
      if (k < out.length) {
        const lead = /^\s+/.exec(text)?.[0] ?? '';
        if (lead) {
          out.splice(k, 0, { kind: 'text', text: lead });
          text = text.slice(lead.length);
        }
      }
      if (text !== '') out.push({ kind: 'text', text });
    } else {
      out.push(token);
    }
  }
  return out;
}

