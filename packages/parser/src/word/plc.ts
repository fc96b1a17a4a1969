/**
 * PLC ([MS-DOC] 2.2.2): n+1 CPs (or FCs) of 4 bytes, then n data elements of a fixed size.
 * n is derived from the byte count: n = (lcb - 4) / (4 + cbData).
 */
import { ByteReader, u32le } from '../io/bytes.js';

export interface Plc {
  /** n+1 positions (CPs or FCs). */
  positions: number[];
  /** Offset of data element i in `bytes`. */
  dataOffset(i: number): number;
  bytes: ByteReader;
  get length(): number;
}

/** Reads a PLC at [fc, fc+lcb) of `stream`; returns null when absent or malformed. */
export function readPlc(stream: Uint8Array, fc: number, lcb: number, cbData: number, what: string): Plc | null {
  const r = new ByteReader(stream, what);
  if (lcb < 4 || !r.has(fc, lcb) || (lcb - 4) % (4 + cbData) !== 0) return null;
  const n = (lcb - 4) / (4 + cbData);
  const positions = new Array<number>(n + 1);
  // Within [fc, fc + lcb), checked above.
  for (let i = 0; i <= n; i++) positions[i] = u32le(stream, fc + 4 * i);
  return new PlcView(positions, r, fc + 4 * (n + 1), cbData);
}

/** A class, not an object literal with a getter: V8 makes such a literal slowly, and a document reads a dozen PLCs. */
class PlcView implements Plc {
  constructor(
    readonly positions: number[],
    readonly bytes: ByteReader,
    private readonly dataBase: number,
    private readonly cbData: number,
  ) {}

  dataOffset(i: number): number {
    return this.dataBase + this.cbData * i;
  }

  get length(): number {
    return this.positions.length - 1;
  }
}
