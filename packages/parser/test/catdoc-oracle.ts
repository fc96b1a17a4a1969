/**
 * Test helper: runs the real catdoc 0.95 on a character string, the way catdoc sees a document's
 * text. `catdoc -b -u` skips the OLE check and reads the input as Word 97 text (256-byte blocks,
 * each taken as UTF-16 when it holds an ASCII space/CR/punctuation unit), so UTF-16LE input goes
 * straight through catdoc's paragraph rules and writer. 512 zero bytes after the text keep catdoc
 * from seeing end-of-file early; zeros are control characters, so they print nothing.
 */
import { spawnSync } from 'node:child_process';

let available: boolean | undefined;
export function hostCatdocAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync('catdoc', ['-V'], { encoding: 'utf8' });
    available = r.status === 0 && /0\.95/.test(r.stdout);
  }
  return available;
}

/** Makes every 128-unit block readable as UTF-16 by catdoc's heuristic (puts a '.' in blocks that need one). */
export function oracleSafe(chars: string): string {
  const u = [...Array(chars.length).keys()].map((i) => chars.charCodeAt(i));
  const ok = (c: number) => c === 0x20 || c === 0x0d || (c > 0x20 && c < 0x7f && !/[0-9A-Za-z]/.test(String.fromCharCode(c)));
  for (let b = 0; b < u.length; b += 128) {
    if (!u.slice(b, b + 128).some(ok)) u[b] = 0x2e;
  }
  return String.fromCharCode(...u);
}

export function runCatdocOnChars(chars: string, flags: string[] = []): Buffer {
  const text = Buffer.alloc(chars.length * 2);
  for (let i = 0; i < chars.length; i++) text.writeUInt16LE(chars.charCodeAt(i), i * 2);
  const input = Buffer.concat([text, Buffer.alloc(512)]);
  const r = spawnSync('catdoc', ['-b', '-u', '-d', 'utf-8', ...flags], {
    input,
    env: { ...process.env, LANG: 'C.UTF-8' },
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`catdoc failed: ${r.stderr?.toString()}`);
  return r.stdout;
}
