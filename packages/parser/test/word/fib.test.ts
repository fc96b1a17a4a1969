/** word/fib.ts on hand-built FIBs ([MS-DOC] 2.5.1 Word 97 layout, Word 6/95 fixed layout). */
import { describe, expect, it } from 'vitest';
import { FcLcb, WIDENT, bareWordKind, describeVersion, parseFib, peekNFib } from '../../src/word/fib.js';
import { Bytes } from '../support/bytes.js';

/** A Word 97 FIB: FibBase, csw 14, cslw 22 (ccps from index 3), cbRgFcLcb 93, cswNew 0. */
function word97Fib(o: { nFib?: number; flags?: number; ccp?: number[]; clx?: [number, number]; envr?: number } = {}): Uint8Array {
  const b = new Bytes().u16(WIDENT.word97, o.nFib ?? 0xc1, 0, 0x0409, 0, o.flags ?? 0, 0).u32(0).u8(o.envr ?? 0, 0).u16(0, 0).u32(0x800, 0x900);
  b.at(32).u16(14).zeros(28);
  b.u16(22).u32(0, 0, 0);
  const ccp = o.ccp ?? [100, 5, 0, 0, 7, 0, 0, 0];
  for (let i = 0; i < 19; i++) b.u32(i < 8 ? ccp[i]! : 0);
  b.u16(93);
  for (let i = 0; i < 93; i++) b.u32(...(i === FcLcb.Clx && o.clx ? o.clx : [i * 16, i]));
  return b.u16(0).bytes();
}

describe('parseFib', () => {
  it('reads a Word 97 FIB by its counts: flags, story lengths, FcLcb pairs', () => {
    const fib = parseFib(word97Fib({ flags: 0x0200 | 0x0004 | 0x0001, clx: [0x1234, 56], envr: 1 }));
    expect(fib).toMatchObject({ version: 'word97', nFib: 0xc1, lid: 0x0409, fDot: true, fComplex: true, fWhichTblStm: 1, fEncrypted: false, envr: 1, chse: 0, fcMin: 0x800, fcMac: 0x900 });
    expect(fib.ccp).toEqual({ body: 100, footnotes: 5, headers: 0, macros: 0, comments: 7, endnotes: 0, textboxes: 0, headerTextboxes: 0 });
    expect(fib.fcLcb(FcLcb.Clx)).toEqual({ fc: 0x1234, lcb: 56 });
    expect(fib.fcLcb(FcLcb.Stshf)).toEqual({ fc: 16, lcb: 1 });
    expect(fib.fcLcb(200)).toEqual({ fc: 0, lcb: 0 }); // beyond cbRgFcLcb
  });

  it('flags encryption and obfuscation, and reads negative story lengths as 0', () => {
    expect(parseFib(word97Fib({ flags: 0x0100 })).fEncrypted).toBe(true);
    expect(parseFib(word97Fib({ flags: 0x8000 })).fObfuscated).toBe(true);
    expect(parseFib(word97Fib({ ccp: [-5, 1, 0, 0, 0, 0, 0, 0] })).ccp.body).toBe(0);
  });

  it('reads a Word 6/95 FIB at fixed offsets, with chse', () => {
    const b = new Bytes().u16(WIDENT.word6, 104, 0, 0x0419, 0, 0x1000, 0).u32(0).u8(0, 0).u16(256, 0).u32(0x300, 0x340).at(0x34);
    b.u32(64, 0, 0, 0, 0, 0, 0, 0).at(0x58);
    for (let i = 0; i < 40; i++) b.u32(0x1000 + i, i);
    const fib = parseFib(b.bytes());
    expect(fib).toMatchObject({ version: 'word6', nFib: 104, lid: 0x0419, fExtChar: true, chse: 256, fcMin: 0x300, fcMac: 0x340 });
    expect(fib.ccp.body).toBe(64);
    expect(fib.fcLcb(FcLcb.SttbfFfn)).toEqual({ fc: 0x1000 + 15, lcb: 15 });
    expect(describeVersion(fib.nFib)).toBe('Word 95');
  });

  it('rejects what is no FIB, or an older one, with typed errors', () => {
    expect(() => parseFib(new Uint8Array(10))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => parseFib(new Bytes().u16(0x1234, 0x300).zeros(60).bytes())).toThrow(expect.objectContaining({ code: 'NOT_WORD' }));
    expect(() => parseFib(new Bytes().u16(WIDENT.word6, 100).zeros(60).bytes())).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_VERSION' }));
    // A Word 97 FIB cut inside its FcLcb array.
    expect(() => parseFib(word97Fib().subarray(0, 40))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});

describe('wIdent and nFib probes', () => {
  it('tells bare Word 1/2 and Write files apart, and peeks nFib', () => {
    expect(bareWordKind(Uint8Array.of(0xdb, 0xa5))).toBe('word2');
    expect(bareWordKind(Uint8Array.of(0x9b, 0xa5))).toBe('word2');
    expect(bareWordKind(Uint8Array.of(0x31, 0xbe))).toBe('write');
    expect(bareWordKind(Uint8Array.of(0xec, 0xa5))).toBeNull();
    expect(bareWordKind(Uint8Array.of(0xdb))).toBeNull();
    expect(peekNFib(Uint8Array.of(0xec, 0xa5, 0xc1, 0x00))).toBe(0xc1);
    expect(peekNFib(Uint8Array.of(0xec, 0xa5, 0xc1))).toBe(-1);
  });
});
