import type { DetectedFormat } from './types.js';
// placeholder — being written
export function detect(_bytes: Uint8Array): DetectedFormat {
  return 'unknown';
}
