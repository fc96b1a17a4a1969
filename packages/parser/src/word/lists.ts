/**
 * Automatic list numbering ([MS-DOC] 2.9.150 LSTF, 2.9.151 LVL, 2.9.152 LVLF, 2.9.131 LFO,
 * PlfLst / PlfLfo): a numbered paragraph holds (ilfo, ilvl); the LFO names a list (lsid) whose
 * level ilvl has a number format and a template such as "\x00.\x01." where characters 0..8 stand
 * for the current number of that level. Word does not store the numbers in the text.
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
  /** fNoRestart: do not restart after a higher level. */
  noRestart: boolean;
}

interface List {
  lsid: number;
  levels: Level[];
}

export interface ListTables {
  lists: List[];
  /** LFOs (1-based ilfo → index ilfo-1): lsid and per-level start overrides. */
  overrides: Array<{ lsid: number; startAt: Map<number, number> }>;
}

export function parseLists(table: Uint8Array, lst: { fc: number; lcb: number }, lfo: { fc: number; lcb: number }): ListTables | null {
  const r = new ByteReader(table, 'list table');
  if (lst.lcb < 2 || lfo.lcb < 4 || !r.has(lst.fc, lst.lcb) || !r.has(lfo.fc, lfo.lcb)) return null;
  const lists: List[] = [];
  const cLst = r.i16(lst.fc);
  if (cLst <= 0 || 2 + 28 * cLst > lst.lcb) return null;
  // LVLs follow the PlfLst's LSTF array (2.8.x: "the LVLs ... immediately after the PlfLst").
  let o = lst.fc + 2 + 28 * cLst;
  for (let i = 0; i < cLst; i++) {
    const lstf = lst.fc + 2 + 28 * i;
    const simple = (r.u8(lstf + 26) & 1) !== 0;
    const levels: Level[] = [];
    for (let l = 0; l < (simple ? 1 : 9); l++) {
      const parsed = readLvl(r, o);
      if (!parsed) return { lists, overrides: readLfos(r, lfo.fc, lfo.lcb) };
      levels.push(parsed.level);
      o = parsed.next;
    }
    lists.push({ lsid: r.i32(lstf), levels });
  }
  return { lists, overrides: readLfos(r, lfo.fc, lfo.lcb) };
}

function readLvl(r: ByteReader, o: number): { level: Level; next: number } | null {
  if (!r.has(o, 28)) return null;
  const flags = r.u8(o + 5);
  const cbChpx = r.u8(o + 24);
  const cbPapx = r.u8(o + 25);
  const xst = o + 28 + cbPapx + cbChpx;
  if (!r.has(xst, 2)) return null;
  const cch = r.u16(xst);
  if (!r.has(xst + 2, 2 * cch)) return null;
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
    },
    next: xst + 2 + 2 * cch,
  };
}

/** PlfLfo (2.9.183): lfoMac, lfoMac LFOs of 16 bytes, then one LFOData per LFO. */
function readLfos(r: ByteReader, fc: number, lcb: number): ListTables['overrides'] {
  const end = fc + lcb;
  const n = r.i32(fc);
  if (n <= 0 || 4 + 16 * n > lcb) return [];
  const lfos: ListTables['overrides'] = [];
  let data = fc + 4 + 16 * n;
  for (let i = 0; i < n; i++) {
    const at = fc + 4 + 16 * i;
    const clfolvl = r.u8(at + 12);
    const startAt = new Map<number, number>();
    // LFOData: cp (4 bytes), then clfolvl LFOLVLs: iStartAt (4), flags (4: ilvl 4 bits, fStartAt, fFormatting), [LVL].
    let o = data + 4;
    for (let k = 0; k < clfolvl && o + 8 <= end; k++) {
      const iStartAt = r.i32(o);
      const flags = r.u32(o + 4);
      o += 8;
      if (flags & 0x10) startAt.set(flags & 0x0f, iStartAt);
      if (flags & 0x20) {
        const lvl = readLvl(r, o);
        if (!lvl) break;
        startAt.set(flags & 0x0f, lvl.level.start);
        o = lvl.next;
      }
    }
    data = o;
    lfos.push({ lsid: r.i32(at), startAt });
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
  private readonly counters = new Map<string, number[]>();
  private readonly byLsid = new Map<number, List>();

  constructor(private readonly tables: ListTables) {
    for (const list of tables.lists) this.byLsid.set(list.lsid, list);
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
    const levels = list.levels;
    ilvl = Math.min(Math.max(0, ilvl), levels.length - 1);
    const level = levels[ilvl]!;
    // Paragraphs of one list share counters, except that an LFO overriding start numbers is a
    // list instance of its own (its numbering restarts there; the others continue).
    const key = lfo.startAt.size > 0 ? `lfo ${ilfo}` : `lsid ${lfo.lsid}`;
    let counts = this.counters.get(key);
    if (!counts) {
      counts = new Array<number>(9).fill(NaN);
      this.counters.set(key, counts);
    }
    const startOf = (l: number) => lfo.startAt.get(l) ?? levels[l]?.start ?? 1;
    counts[ilvl] = Number.isNaN(counts[ilvl]!) ? startOf(ilvl) : counts[ilvl]! + 1;
    for (let l = ilvl + 1; l < 9; l++) if (!levels[l]?.noRestart) counts[l] = NaN;
    let text = '';
    for (const ch of level.template) {
      if (text.length >= MAX_NUMBER_TEXT) break;
      const code = ch.charCodeAt(0);
      if (code < 9) {
        const n = Number.isNaN(counts[code]!) ? startOf(code) : counts[code]!;
        text += formatNumber(n, level.legal && code !== ilvl ? 0 : (levels[code]?.nfc ?? 0));
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
