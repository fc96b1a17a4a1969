/**
 * RC4 (the "ARCFOUR" stream cipher), as Office binary encryption uses it ([MS-OFFCRYPTO] 2.3.5,
 * 2.3.6): a fresh key per 512-byte block, so one instance is re-keyed often and runs briefly.
 * Encryption and decryption are the same operation.
 */

export class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: Uint8Array) {
    this.rekey(key);
  }

  /** Key scheduling (KSA) with a key of 1..256 bytes; the stream restarts. */
  rekey(key: Uint8Array): void {
    const n = key.length;
    if (n === 0 || n > 256) throw new RangeError(`RC4 key length ${n} is not 1..256`);
    const s = this.s;
    for (let i = 0; i < 256; i++) s[i] = i;
    let j = 0;
    for (let i = 0, k = 0; i < 256; i++, k = k + 1 === n ? 0 : k + 1) {
      const t = s[i]!;
      j = (j + t + key[k]!) & 0xff;
      s[i] = s[j]!;
      s[j] = t;
    }
    this.i = 0;
    this.j = 0;
  }

  /** XORs the key stream into `data[start, end)` in place and advances the stream. */
  apply(data: Uint8Array, start = 0, end = data.length): void {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    for (let k = start; k < end; k++) {
      i = (i + 1) & 0xff;
      const si = s[i]!;
      j = (j + si) & 0xff;
      const sj = s[j]!;
      s[i] = sj;
      s[j] = si;
      data[k] = data[k]! ^ s[(si + sj) & 0xff]!;
    }
    this.i = i;
    this.j = j;
  }
}
