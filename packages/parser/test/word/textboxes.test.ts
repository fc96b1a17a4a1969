/**
 * word/fspa.ts, word/textboxes.ts, word/office-art.ts on hand-built structures: shape anchors
 * ([MS-DOC] 2.8.27 PlcfSpa), the textbox PLC (2.9.106 FTXBXS) and the OfficeArt drawing
 * ([MS-ODRAW] records; 2.9.170 OfficeArtClientTextbox), and which text box shows at which anchor.
 */
import { describe, expect, it } from 'vitest';
import { readShapeAnchors } from '../../src/word/fspa.js';
import { readShapeTexts } from '../../src/word/office-art.js';
import { placeTextboxes, readTextboxes } from '../../src/word/textboxes.js';
import { Bytes } from '../support/bytes.js';

/** An OfficeArt record: header (recVer | recInstance << 4, recType, recLen), then the payload. */
function rec(type: number, payload: Uint8Array | number[], instance = 0): number[] {
  const body = [...payload];
  const ver = type >= 0xf000 && type <= 0xf004 ? 0x0f : 0;
  return [...new Bytes().u16(ver | (instance << 4), type).u32(body.length).bytes(), ...body];
}
const container = (type: number, ...children: number[][]) => rec(type, children.flat());
const fsp = (spid: number, flags = 0) => rec(0xf00a, new Bytes().u32(spid, flags).bytes());
const clientTextbox = (txid: number) => rec(0xf00d, new Bytes().u32(txid).bytes());
/** An OfficeArtFOPT with lTxid (0x0080) among other properties. */
const optTxid = (txid: number) => rec(0xf00b, new Bytes().u16(0x0004).u32(0).u16(0x0080).u32(txid).bytes(), 2);
const shape = (...records: number[][]) => container(0xf004, ...records);

/** OfficeArtContent: the Dgg container, then the main drawing (dgglbl 0) and the header drawing (1). */
function officeArt(): Uint8Array {
  const main = container(
    0xf002,
    rec(0xf008, new Bytes().u32(3, 1027).bytes()),
    container(
      0xf003,
      shape(fsp(1024, 0x5)), // the patriarch
      shape(fsp(1025), clientTextbox(0x10000)),
      container(0xf003, shape(fsp(1026, 0x1)), shape(fsp(1027), optTxid(0x20000)), container(0xf003, shape(fsp(1029, 0x1)), shape(fsp(1030), clientTextbox(0x30000)))),
      shape(fsp(1028), clientTextbox(0x40001)), // the second shape of chain 4
    ),
  );
  const header = container(0xf002, container(0xf003, shape(fsp(2048, 0x5)), shape(fsp(2049), clientTextbox(0x10000))));
  return Uint8Array.from([...container(0xf000, rec(0xf006, new Bytes().zeros(16).bytes())), 0, ...main, 1, ...header]);
}

describe('readShapeTexts (OfficeArt)', () => {
  const art = officeArt();
  it('maps each top-level shape to its txids, grouped shapes to their top group, for the asked drawing', () => {
    expect([...readShapeTexts(art, 0, art.length, 'main')]).toEqual([
      [1025, [0x10000]],
      [1026, [0x20000, 0x30000]],
      [1028, [0x40001]],
    ]);
    expect([...readShapeTexts(art, 0, art.length, 'header')]).toEqual([[2049, [0x10000]]]);
  });

  it('is empty when absent, and stops at a record that overruns its container', () => {
    expect(readShapeTexts(art, 0, 0, 'main').size).toBe(0);
    expect(readShapeTexts(art, art.length - 4, 100, 'main').size).toBe(0);
    const cut = art.slice(0, art.length - 30);
    expect(() => readShapeTexts(cut, 0, cut.length, 'main')).not.toThrow();
    const bad = Uint8Array.from(art);
    bad[4] = 0xff; // the Dgg container claims more bytes than there are
    expect(readShapeTexts(bad, 0, bad.length, 'main').size).toBe(0);
  });
});

/** PlcfSpa: CPs, then 26-byte SPAs (spid first). */
function plcfSpa(cps: number[], spids: number[]): Uint8Array {
  const b = new Bytes().u32(...cps);
  for (const spid of spids) b.u32(spid).zeros(22);
  return b.bytes();
}

/** PlcftxbxTxt: CPs, then 22-byte FTXBXS (fReusable at 8, lid at 14). */
function plcfTxbx(cps: number[], boxes: Array<{ reusable?: boolean; lid: number }>): Uint8Array {
  const b = new Bytes().u32(...cps);
  for (const box of boxes) b.u32(1, 0).u16(box.reusable ? 1 : 0).u32(0, box.lid, 0);
  return b.bytes();
}

describe('readShapeAnchors, readTextboxes, placeTextboxes', () => {
  it('reads anchors and FTXBXS entries (the last one always a spare)', () => {
    const spa = plcfSpa([5, 40, 41], [1025, 1026]);
    expect(readShapeAnchors(spa, 0, spa.length)).toEqual([{ cp: 5, spid: 1025 }, { cp: 40, spid: 1026 }]);
    const tx = plcfTxbx([0, 10, 20, 21], [{ lid: 1025 }, { lid: 1026 }, { lid: 0 }]);
    expect(readTextboxes(tx, 0, tx.length)).toEqual([
      { cpStart: 0, cpEnd: 10, reusable: false, lid: 1025 },
      { cpStart: 10, cpEnd: 20, reusable: false, lid: 1026 },
      { cpStart: 20, cpEnd: 21, reusable: true, lid: 0 },
    ]);
    expect(readShapeAnchors(spa, 0, spa.length - 1)).toEqual([]);
  });

  it('places a text box by the txid of its shape, a group by its members, a chain at its first shape', () => {
    const art = officeArt();
    const boxes = readTextboxes(...withPlc(plcfTxbx([0, 10, 20, 30, 45, 46], [{ lid: 9 }, { lid: 9 }, { lid: 9 }, { lid: 9 }, { lid: 0 }])));
    const layout = placeTextboxes(
      [{ cp: 3, spid: 1025 }, { cp: 7, spid: 1026 }, { cp: 8, spid: 1028 }],
      boxes,
      readShapeTexts(art, 0, art.length, 'main'),
    );
    expect(layout.placed).toEqual([
      { anchorCp: 3, cpStart: 0, cpEnd: 10 },
      { anchorCp: 7, cpStart: 10, cpEnd: 20 },
      { anchorCp: 7, cpStart: 20, cpEnd: 30 },
    ]);
    // Box 4's chain starts at a shape no anchor names (1028 is its second shape): not lost.
    expect(layout.unplaced).toEqual([{ cpStart: 30, cpEnd: 45 }]);
  });

  it('falls back to FTXBXS.lid when the drawing gives no txid, skips spares and places each box once', () => {
    const boxes = readTextboxes(...withPlc(plcfTxbx([0, 1, 11, 12], [{ reusable: true, lid: 0 }, { lid: 1100 }, { lid: 0 }])));
    const layout = placeTextboxes([{ cp: 0, spid: 1100 }, { cp: 9, spid: 1100 }, { cp: 12, spid: 77 }], boxes, new Map());
    expect(layout).toEqual({ placed: [{ anchorCp: 0, cpStart: 1, cpEnd: 11 }], unplaced: [] });
    // A txid naming a spare slot means the next real box (as LibreOffice reads it).
    expect(placeTextboxes([{ cp: 4, spid: 5 }], boxes, new Map([[5, [0x10000]]])).placed).toEqual([{ anchorCp: 4, cpStart: 1, cpEnd: 11 }]);
  });
});

function withPlc(bytes: Uint8Array): [Uint8Array, number, number] {
  return [bytes, 0, bytes.length];
}

describe('damaged drawings stay linear', () => {
  it('many anchors naming one shape, and one group holding many text ids, place each box once', () => {
    const n = 60_000;
    const boxes = Array.from({ length: n + 1 }, (_, i) => ({ cpStart: 2 * i, cpEnd: 2 * i + 2, reusable: i === n, lid: 0 }));
    const txids = Array.from({ length: n }, (_, i) => (i + 1) * 0x10000);
    const anchors = Array.from({ length: n }, (_, i) => ({ cp: i, spid: 1025 }));
    const layout = placeTextboxes(anchors, boxes, new Map([[1025, txids]]));
    expect(layout.placed.length).toBe(n);
    expect(layout.placed.every((p) => p.anchorCp === 0)).toBe(true);
    expect(layout.unplaced).toEqual([]);
  });

  it('many top-level shapes with one spid collect their text ids without copying', () => {
    const shapes = Array.from({ length: 20_000 }, (_, i) => shape(fsp(1025), clientTextbox((i + 1) * 0x10000)));
    const art = Uint8Array.from([...container(0xf000), 0, ...container(0xf002, container(0xf003, ...shapes))]);
    expect(readShapeTexts(art, 0, art.length, 'main').get(1025)?.length).toBe(20_000);
  });
});
