/** What bench/crafted/child.ts measures and prints (shared with run.ts). */
import { readFileSync } from 'node:fs';

export const MODES = ['plain-all', 'plain-footnotes', 'catdoc'] as const;
export type Mode = (typeof MODES)[number];

export type Outcome =
  | { kind: 'ok'; chars: number }
  | { kind: 'DocParseError'; code: string; message: string }
  | { kind: 'error'; name: string; message: string };

export interface ChildResult {
  mode: Mode;
  bytes: number;
  outcome: Outcome;
  /** The story whose formatting failed (plain-all). */
  failedAt?: string;
  ms: number;
  /** plain-all: parseDoc alone. */
  parseMs?: number;
  warnings?: number;
  baselineHeapUsed: number;
  heapUsedAfter: number;
  externalAfter: number;
  baselineRss: number;
  /** VmHWM of this process image (bytes). */
  peakRss: number;
}

export function peakRss(pid: number | 'self' = 'self'): number {
  try {
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux, or the process is gone
  }
  return pid === 'self' ? process.resourceUsage().maxRSS * 1024 : 0;
}

