/**
 * The plain-text renderer as it was before issue 12 (commit cb7916a: a regex per special
 * character, row and cell ends in Sets, inserts as a sorted list of pairs, hidden text and symbol
 * characters applied to a copy of the story), kept as the oracle of a differential test: the
 * one-pass renderer must give the same text for every input. Driven by a FormattedSpec, with
 * naive lookups (a linear search per paragraph mark) — slow, obviously right.
 */
import { ListNumberer } from '../../src/word/lists.js';
import { formatNumber } from '../../src/word/number-format.js';
import { symbolCode } from '../../src/word/symbol-fonts.js';
import { storyRanges, type StoryRange } from '../../src/word/stories.js';
import { ccpOf } from '../../src/model/read-result.js';
import type { StorySelector } from '../../src/types.js';
import { FieldState } from '../../src/word/fields.js';
import type { FormattedSpec, ParagraphSpec } from './formatted.js';

export function referencePlainText(spec: FormattedSpec, story: StorySelector = 'body'): string {
  const ranges = storyRanges(ccpOf(spec.stories ?? { body: spec.chars.length }), spec.chars.length);
  if (story === 'all') return ranges.filter((r) => r.cpEnd > r.cpStart).map((r) => storyText(spec, r)).join('');
  return storyText(spec, ranges.find((r) => r.name === story)!);
}

function storyText(spec: FormattedSpec, range: StoryRange): string {
  let chars = spec.chars.slice(range.cpStart, range.cpEnd);
  const f = spec.formatting;
  if (!f) return toPlainText(chars, guessRowEnds(chars), new Set(), []);
  const arr = [...chars];
  for (const s of f.symbols ?? []) {
    for (let cp = Math.max(s.cp[0], range.cpStart); cp < Math.min(s.cp[1], range.cpEnd); cp++) {
      const i = cp - range.cpStart;
      const c = chars.charCodeAt(i);
      if (s.placeholder !== undefined) {
        if (c === 0x28) arr[i] = String.fromCharCode(s.placeholder);
      } else if ((c >= 0xf020 && c <= 0xf0ff) || (c >= 0x20 && c <= 0xff)) {
        const u = symbolCode(s.font ?? null, c);
        if (u) arr[i] = String.fromCharCode(u);
      }
    }
  }
  for (const [a, b] of f.hidden ?? []) for (let cp = Math.max(a, range.cpStart); cp < Math.min(b, range.cpEnd); cp++) arr[cp - range.cpStart] = '\0';
  chars = arr.join('');
  const propsAt = (cp: number): ParagraphSpec => (f.paragraphs ?? []).find((p) => p.cp[0] <= cp && cp < p.cp[1]) ?? { cp: [0, 0] };
  const available = (f.paragraphs ?? []).length > 0;
  const rowEnds = new Set<number>();
  const cellEnds = new Set<number>();
  const inserts: Array<[number, string]> = [];
  const numberer = f.lists ? new ListNumberer(f.lists) : null;
  let numberBudget = 4 * chars.length + 65536;
  let paragraphStart = 0;
  const PARAGRAPH_END = /[\r\x07\x0c]/g;
  for (let m = PARAGRAPH_END.exec(chars); m; m = PARAGRAPH_END.exec(chars)) {
    const i = m.index;
    const c = chars.charCodeAt(i);
    const props = propsAt(range.cpStart + i);
    const ilfo = props.ilfo ?? 0;
    if (props.rowEnd) rowEnds.add(i);
    else if (c === 0x0d && props.cellEnd) cellEnds.add(i);
    else if (numberer && ilfo > 0 && ilfo < 2047 && i > paragraphStart) {
      const number = numberer.next(ilfo, props.ilvl ?? 0);
      if (number && number.length <= numberBudget) {
        inserts.push([paragraphStart, number]);
        numberBudget -= number.length;
      }
    }
    paragraphStart = i + 1;
  }
  if (!available) for (const i of guessRowEnds(chars)) rowEnds.add(i);
  const noteMarks = (cps: readonly number[], format: (n: number) => string) => {
    let n = 0;
    for (const cp of cps) {
      const i = cp - range.cpStart;
      if (i < 0 || i >= chars.length || chars.charCodeAt(i) !== 0x02) continue;
      inserts.push([i, format(++n)]);
    }
  };
  if (range.name === 'body') {
    noteMarks(f.footnoteRefs ?? [], (n) => String(n));
    noteMarks(f.endnoteRefs ?? [], (n) => formatNumber(n, 2));
  } else if (range.name === 'footnotes' || range.name === 'endnotes') {
    const format = range.name === 'footnotes' ? String : (n: number) => formatNumber(n, 2);
    for (let i = chars.indexOf('\x02'), n = 1; i >= 0; i = chars.indexOf('\x02', i + 1)) inserts.push([i, format(n++)]);
  }
  inserts.sort((a, b) => a[0] - b[0]);
  return toPlainText(chars, rowEnds, cellEnds, inserts);
}

function guessRowEnds(chars: string): Set<number> {
  const ends = new Set<number>();
  for (let i = chars.indexOf('\x07'); i >= 0; i = chars.indexOf('\x07', i + 1)) {
    if (i > 0 && chars.charCodeAt(i - 1) === 0x07 && !ends.has(i - 1)) ends.add(i);
  }
  return ends;
}

function toPlainText(chars: string, rowEnds: Set<number>, cellEnds: Set<number>, inserts: Array<[number, string]>): string {
  const SPECIAL = /[\x00-\x1f\xa0\ufeff]/g;
  const FIELD_MARK = /[\x13\x14\x15]/g;
  const out: string[] = [];
  const fields = new FieldState();
  const n = chars.length;
  let k = 0;
  let i = 0;
  while (i < n) {
    if (!fields.visible) {
      FIELD_MARK.lastIndex = i;
      const m = FIELD_MARK.exec(chars);
      const j = m ? m.index : n;
      while (k < inserts.length && inserts[k]![0] <= j) k++;
      if (!m) break;
      fields.mark(chars.charCodeAt(j));
      i = j + 1;
      continue;
    }
    SPECIAL.lastIndex = i;
    const m = SPECIAL.exec(chars);
    const j = m ? m.index : n;
    while (k < inserts.length && inserts[k]![0] < i) k++;
    const at = k < inserts.length ? inserts[k]![0] : Infinity;
    if (at <= j) {
      if (at > i) out.push(chars.slice(i, at));
      while (k < inserts.length && inserts[k]![0] === at) out.push(inserts[k++]![1]);
      i = at;
      continue;
    }
    if (j > i) out.push(chars.slice(i, j));
    if (!m) break;
    i = j + 1;
    const c = chars.charCodeAt(j);
    if (fields.mark(c)) continue;
    switch (c) {
      case 0x0d:
        if (rowEnds.has(j)) {
          if (out[out.length - 1] === '\t') out.pop();
          out.push('\n');
        } else out.push(cellEnds.has(j) ? '\t' : '\n');
        break;
      case 0x0b:
      case 0x0c:
        out.push('\n');
        break;
      case 0x07:
        if (rowEnds.has(j)) {
          if (out[out.length - 1] === '\t') out.pop();
          out.push('\n');
        } else out.push('\t');
        break;
      case 0x09:
        out.push('\t');
        break;
      case 0x1e:
        out.push('-');
        break;
      case 0xa0:
        out.push(' ');
        break;
      default:
        break;
    }
  }
  return out.join('');
}
