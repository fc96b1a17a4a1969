/**
 * TEST-ONLY builders of [MS-DOC] structures the synthetic writer (doc-writer.ts) can add to a
 * file: a paragraph-property page (2.9.175 PapxFkp with 2.9.176 PapxInFkp) and list tables
 * (2.9.150 LSTF, 2.9.151 LVL / 2.9.152 LVLF, PlfLst; 2.9.131 LFO, 2.9.132 LFOLVL, PlfLfo).
 * They write what the spec says and trust their input.
 */

/** sprmPIlfo (0x460B) and sprmPIlvl (0x260A): the grpprl of a list paragraph. */
export function listParagraph(ilfo: number, ilvl: number): number[] {
  return [0x0b, 0x46, ilfo & 0xff, ilfo >> 8, 0x0a, 0x26, ilvl];
}

/** One 512-byte PapxFkp: rgfc, 13-byte BxPap entries, PapxInFkp (cb, istd 0, grpprl) from the page end down. */
export function papxFkp(runs: ReadonlyArray<{ fcStart: number; fcEnd: number; grpprl: readonly number[] }>): Uint8Array {
  const page = new Uint8Array(512);
  const v = new DataView(page.buffer);
  const crun = runs.length;
  runs.forEach((run, j) => v.setUint32(4 * j, run.fcStart, true));
  if (crun > 0) v.setUint32(4 * crun, runs[crun - 1]!.fcEnd, true);
  let free = 511; // crun is the last byte
  runs.forEach((run, j) => {
    const body = [0, 0, ...run.grpprl]; // GrpPrlAndIstd: istd 0, then the grpprl
    const size = body.length % 2 === 0 ? body.length : body.length + 1;
    // cb = 0, cb' = size / 2 (2.9.176), word-aligned.
    let at = free - (2 + size);
    at -= at % 2;
    if (at < 4 * (crun + 1) + 13 * crun) throw new Error('doc-parts: paragraphs do not fit one FKP page');
    page[at] = 0;
    page[at + 1] = size / 2;
    page.set(body, at + 2);
    page[4 * (crun + 1) + 13 * j] = at / 2;
    free = at;
  });
  page[511] = crun;
  return page;
}

export interface ListLevelSpec {
  start: number;
  nfc: number;
  /** The number template, placeholders as \x00..\x08. */
  template: string;
  /** 0 tab, 1 space, 2 nothing. */
  follow?: number;
  noRestart?: boolean;
  restartLim?: number;
}

function lvl(level: ListLevelSpec): number[] {
  const out = new Uint8Array(28 + 2 + 2 * level.template.length);
  const v = new DataView(out.buffer);
  v.setInt32(0, level.start, true);
  out[4] = level.nfc;
  out[5] = level.noRestart ? 0x08 : 0;
  out[15] = level.follow ?? 0;
  out[26] = level.restartLim ?? 0;
  v.setUint16(28, level.template.length, true);
  for (let i = 0; i < level.template.length; i++) v.setUint16(30 + 2 * i, level.template.charCodeAt(i), true);
  return [...out];
}

/** PlfLst: cLst, the LSTFs (lsid, 9 style ids, flags: fSimpleList when one level), then every list's LVLs. */
export function plfLst(lists: ReadonlyArray<{ lsid: number; levels: readonly ListLevelSpec[] }>): Uint8Array {
  const head: number[] = [lists.length & 0xff, lists.length >> 8];
  const lvls: number[] = [];
  for (const list of lists) {
    const lstf = new Uint8Array(28);
    const v = new DataView(lstf.buffer);
    v.setInt32(0, list.lsid, true);
    v.setInt32(4, 0, true); // tplc
    for (let i = 0; i < 9; i++) v.setUint16(8 + 2 * i, 0x0fff, true); // rgistdPara: no style
    lstf[26] = list.levels.length === 1 ? 1 : 0;
    head.push(...lstf);
    const levels = list.levels.length === 1 ? list.levels : Array.from({ length: 9 }, (_, i) => list.levels[i] ?? { start: 1, nfc: 0, template: '' });
    for (const level of levels) lvls.push(...lvl(level));
  }
  return Uint8Array.from([...head, ...lvls]);
}

/** One LFOLVL: the level, a start-at override and/or a whole LVL (fFormatting). */
export interface LfoLevelSpec {
  ilvl: number;
  startAt?: number;
  formatting?: ListLevelSpec;
}

/** PlfLfo: lfoMac, the 16-byte LFOs (lsid, clfolvl at 12), then each LFO's LFOData (cp, LFOLVLs). */
export function plfLfo(lfos: ReadonlyArray<{ lsid: number; levels?: readonly LfoLevelSpec[] }>): Uint8Array {
  const out: number[] = [];
  const u32 = (n: number) => out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  u32(lfos.length);
  for (const lfo of lfos) {
    u32(lfo.lsid);
    u32(0);
    u32(0);
    out.push(lfo.levels?.length ?? 0, 0, 0, 0);
  }
  for (const lfo of lfos) {
    u32(0xffffffff); // LFOData.cp
    for (const level of lfo.levels ?? []) {
      u32(level.startAt ?? 0);
      u32(level.ilvl | (level.startAt !== undefined ? 0x10 : 0) | (level.formatting ? 0x20 : 0));
      if (level.formatting) out.push(...lvl(level.formatting));
    }
  }
  return Uint8Array.from(out);
}
