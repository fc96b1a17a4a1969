/**
 * Automatic list numbering ([MS-DOC] 2.9.150 LSTF, 2.9.151 LVL, 2.9.152 LVLF, 2.9.131 LFO,
 * 2.9.132 LFOLVL, PlfLst / PlfLfo): a numbered paragraph holds (ilfo, ilvl); the LFO names a list
 * (lsid) whose level ilvl has a number format and a template such as "\x00.\x01." where
 * characters 0..8 stand for the current number of that level. Word does not store the numbers in
 * the text: ListNumberer counts them in document order, as Word does:
 * - the counters belong to the list (lsid), shared by every LFO naming it ("the most recent
 *   paragraph in the same list", 2.9.151), so a list continues after paragraphs of other lists,
 *   other levels, other LFOs of the same list, or no list;
 * - a paragraph restarts the levels below its own, except a level with fNoRestart, which restarts
 *   only below its ilvlRestartLim (2.9.152);
 * - an LFOLVL with fStartAt restarts its level at iStartAt (the LVL's own start when fFormatting
 *   supplies one) at the first paragraph of that LFO, which is what Word's "Restart numbering"
 *   writes; later paragraphs of any LFO of the list continue from there (counters are the
 *   list's, 2.9.149: poi/Bug52311.doc's "Header 2.100" after a restart at 99 on another LFO, as
 *   POI's test asserts; LibreOffice gives an LFO with overrides a list of its own and counts 2.4);
 * - an LFOLVL with fFormatting replaces the level's template and number format for its LFO.
 */
import { ByteReader } from '../io/bytes.js';
import { formatNumber } from './number-format.js';

interface Level {
  start: number;
  /** Number format code (nfc, 2.9.xx MSONFC). */
  nfc: number;
  /** The number template (xst), placeholders 0..8 included. */
  template: string;
  /** 0 tab, 1 space, 2 nothing (ixchFollow). */
  follow: number;
  /** fLegal: every level shown as arabic. */
  legal: boolean;
  /** fNoRestart: restart only after levels above `restartLim`. */
  noRestart: boolean;
  /** ilvlRestartLim: with fNoRestart, the level restarts after a paragraph of a level < this. */
  restartLim: number;
}

interface List {
  lsid: number;
  levels: Level[];
}

/** One LFO (1-based ilfo → index ilfo-1): its list and its per-level overrides (LFOLVL). */
export interface ListOverride {
  lsid: number;
  /** Level → the start-at value it restarts at (fStartAt). */
  startAt: ReadonlyMap<number, number>;
  /** Level → the LVL that replaces the list's (fFormatting). */
  formatting: ReadonlyMap<number, Level>;
}

export interface ListTables {
  lists: List[];
  overrides: ListOverride[];
}

export function parseLists(table: Uint8Array, lst: { fc: number; lcb: number }, lfo: { fc: number; lcb: number }): ListTables | null {
  const r = new ByteReader(table, 'list table');
  if (lst.lcb < 2 || lfo.lcb < 4 || !r.has(lst.fc, lst.lcb) || !r.has(lfo.fc, lfo.lcb)) return null;
  const cLst = r.i16(lst.fc);
  if (cLst <= 0 || 2 + 28 * cLst > lst.lcb) return null;
  // The LSTFs, LVLs and LFOs are read when first asked for: a document may define lists (its
  // template's) that no paragraph uses, and then no numberer asks.
  return new LazyListTables(() => readListTables(r, lst, lfo, cLst));
}

/** ListTables read on first use (a class: an object literal with getters is slow to make). */
class LazyListTables implements ListTables {
  private read: ListTables | undefined;

  constructor(private readonly readTables: () => ListTables) {}

  get lists(): List[] {
    return (this.read ??= this.readTables()).lists;
  }

  get overrides(): ListOverride[] {
    return (this.read ??= this.readTables()).overrides;
  }
}

/**
 * PlfLst's cLst LSTFs with their LVLs, and PlfLfo (parseLists checked that both are in the
 * stream). A list whose LVLs run past the stream ends the lists (it and those after it are left
 * out); the LVLs of the others are parsed when a numberer first asks for that list's levels (a
 * template defines dozens of lists of nine levels; a document numbers with a few).
 */
function readListTables(r: ByteReader, lst: { fc: number; lcb: number }, lfo: { fc: number; lcb: number }, cLst: number): ListTables {
  const lists: List[] = [];
  // LVLs follow the PlfLst's LSTF array (2.8.x: "the LVLs ... immediately after the PlfLst").
  let o = lst.fc + 2 + 28 * cLst;
  for (let i = 0; i < cLst; i++) {
    const lstf = lst.fc + 2 + 28 * i;
    const count = (r.u8(lstf + 26) & 1) !== 0 ? 1 : 9; // fSimpleList: one level
    const first = o;
    for (let l = 0; l < count && o >= 0; l++) o = lvlEnd(r, o);
    if (o < 0) break;
    lists.push(new StoredList(r.i32(lstf), r, first, count));
  }
  return { lists, overrides: readLfos(r, lfo.fc, lfo.lcb) };
}

/** A list of PlfLst: its `count` LVLs, from `first`, parsed on first use (readListTables checked they are in the stream). */
class StoredList implements List {
  private parsed: Level[] | undefined;

  constructor(
    readonly lsid: number,
    private readonly r: ByteReader,
    private readonly first: number,
    private readonly count: number,
  ) {}

  get levels(): Level[] {
    if (!this.parsed) {
      this.parsed = [];
      for (let l = 0, o = this.first; l < this.count; l++) {
        const { level, next } = readLvl(this.r, o)!;
        this.parsed.push(level);
        o = next;
      }
    }
    return this.parsed;
  }
}

/** Where the LVL at `o` ends (LVLF, grpprlPapx, grpprlChpx, xst), or -1 when it runs past the stream. */
function lvlEnd(r: ByteReader, o: number): number {
  if (!r.has(o, 28)) return -1;
  const xst = o + 28 + r.u8(o + 25) + r.u8(o + 24); // cbGrpprlPapx, cbGrpprlChpx
  if (!r.has(xst, 2)) return -1;
  const cch = r.u16(xst);
  return r.has(xst + 2, 2 * cch) ? xst + 2 + 2 * cch : -1;
}

function readLvl(r: ByteReader, o: number): { level: Level; next: number } | null {
  const next = lvlEnd(r, o);
  if (next < 0) return null;
  const flags = r.u8(o + 5);
  const xst = o + 28 + r.u8(o + 25) + r.u8(o + 24);
  const cch = r.u16(xst);
  let template = '';
  for (let k = 0; k < cch; k++) template += String.fromCharCode(r.u16(xst + 2 + 2 * k));
  return {
    level: {
      start: r.i32(o),
      nfc: r.u8(o + 4),
      template,
      follow: r.u8(o + 15),
      legal: (flags & 0x04) !== 0,
      noRestart: (flags & 0x08) !== 0,
      restartLim: r.u8(o + 26),
    },
    next,
  };
}

/** The levels of an LFO that overrides none. */
const NO_LEVELS: ReadonlyMap<number, never> = new Map<number, never>();

/**
 * PlfLfo (2.9.183): lfoMac, lfoMac LFOs of 16 bytes (lsid at 0, clfolvl at 12), then one LFOData
 * per LFO: cp (4 bytes), then clfolvl LFOLVLs (2.9.132): iStartAt (4), flags (4: ilvl 4 bits,
 * fStartAt 0x10, fFormatting 0x20), then an LVL when fFormatting.
 */
function readLfos(r: ByteReader, fc: number, lcb: number): ListOverride[] {
  const end = fc + lcb;
  const n = r.i32(fc);
  if (n <= 0 || 4 + 16 * n > lcb) return [];
  const lfos: ListOverride[] = [];
  let data = fc + 4 + 16 * n;
  for (let i = 0; i < n; i++) {
    const at = fc + 4 + 16 * i;
    const clfolvl = r.u8(at + 12);
    // Most LFOs override no level: they share one empty map.
    let startAt: Map<number, number> | null = null;
    let formatting: Map<number, Level> | null = null;
    let o = data + 4;
    for (let k = 0; k < clfolvl && o + 8 <= end; k++) {
      const iStartAt = r.i32(o);
      const flags = r.u32(o + 4);
      const ilvl = flags & 0x0f;
      o += 8;
      let lvl: Level | null = null;
      if (flags & 0x20) {
        const parsed = readLvl(r, o);
        if (!parsed) break;
        lvl = parsed.level;
        (formatting ??= new Map()).set(ilvl, lvl);
        o = parsed.next;
      }
      // With fFormatting too, iStartAt is ignored: the LVL's own start applies.
      if (flags & 0x10) (startAt ??= new Map()).set(ilvl, lvl ? lvl.start : iStartAt);
    }
    data = o;
    lfos.push({ lsid: r.i32(at), startAt: startAt ?? NO_LEVELS, formatting: formatting ?? NO_LEVELS });
  }
  return lfos;
}

/**
 * The longest number text kept. Word's are a few characters ("1.2.3.", "Article IV –"); a damaged
 * LVL (a 32K-character template, a start value of 2^31) must not multiply the output.
 */
const MAX_NUMBER_TEXT = 64;

/** Counts list paragraphs in document order and renders their numbers. */
export class ListNumberer {
  /** Per list (lsid): the current number of each level, NaN before its first paragraph or after a restart. */
  private readonly counters = new Map<number, number[]>();
  private readonly byLsid = new Map<number, List>();
  /** LFOs (ilfo) that have numbered a paragraph: their start-at overrides are spent. */
  private readonly used = new Set<number>();

  constructor(private readonly tables: ListTables) {
    for (const list of tables.lists) if (!this.byLsid.has(list.lsid)) this.byLsid.set(list.lsid, list);
  }

  /** The number text of the next paragraph of list `ilfo` at level `ilvl` (with its follow character), or ''. */
  next(ilfo: number, ilvl: number): string {
    const item = this.nextItem(ilfo, ilvl);
    return item ? item.label + item.follow : '';
  }

  /**
   * The next paragraph of list `ilfo` at level `ilvl`: its label as Word shows it, the character
   * that follows the label, and whether the level is a bullet (nfc 23); null when it has none.
   */
  nextItem(ilfo: number, ilvl: number): { label: string; follow: string; bullet: boolean } | null {
    const lfo = this.tables.overrides[ilfo - 1];
    const list = lfo && this.byLsid.get(lfo.lsid);
    if (!lfo || !list) return null;
    ilvl = Math.min(Math.max(0, ilvl), list.levels.length - 1);
    const levelOf = (l: number) => lfo.formatting.get(l) ?? list.levels[l];
    const level = levelOf(ilvl)!;
    let counts = this.counters.get(lfo.lsid);
    if (!counts) {
      counts = new Array<number>(9).fill(NaN);
      this.counters.set(lfo.lsid, counts);
    }
    const restartAt = this.used.has(ilfo) ? undefined : lfo.startAt.get(ilvl);
    this.used.add(ilfo);
    if (restartAt !== undefined) counts[ilvl] = restartAt;
    else counts[ilvl] = Number.isNaN(counts[ilvl]!) ? level.start : counts[ilvl]! + 1;
    for (let l = ilvl + 1; l < 9; l++) {
      const deeper = levelOf(l);
      if (!deeper?.noRestart || ilvl < deeper.restartLim) counts[l] = NaN;
    }
    let text = '';
    for (const ch of level.template) {
      if (text.length >= MAX_NUMBER_TEXT) break;
      const code = ch.charCodeAt(0);
      if (code < 9) {
        const n = Number.isNaN(counts[code]!) ? (levelOf(code)?.start ?? 1) : counts[code]!;
        text += formatNumber(n, level.legal && code !== ilvl ? 0 : (levelOf(code)?.nfc ?? 0));
      } else {
        text += ch;
      }
    }
    if (level.nfc === 23) {
      if (text === '') return null; // a bullet with no symbol
      text = text.replace(/\uf0b7/g, '\u2022'); // the Symbol font's bullet, as Unicode
    }
    return { label: text.slice(0, MAX_NUMBER_TEXT), follow: level.follow === 0 ? '\t' : level.follow === 1 ? ' ' : '', bullet: level.nfc === 23 };
  }
}
