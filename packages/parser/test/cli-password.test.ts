/**
 * doc2text and passwords: --password, the DOC2TEXT_PASSWORD environment variable, and the
 * answers for a missing or wrong password. The password never appears in any output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoc2text } from '../src/cli/doc2text.js';
import { repoRoot } from './support/corpus.js';

const ENCRYPTED = new Uint8Array(readFileSync(join(repoRoot, 'fixtures', 'encrypted.doc')));
const SIMPLE_TEXT = readFileSync(join(repoRoot, 'fixtures', 'simple.body.txt'), 'utf8');

function run(argv: string[], env: Record<string, string> = {}) {
  const out: Buffer[] = [];
  let err = '';
  const status = runDoc2text(argv, {
    readFile: (p) => {
      if (p === 'encrypted.doc') return ENCRYPTED;
      throw new Error('No such file or directory');
    },
    readStdin: () => ENCRYPTED,
    stdinIsTTY: false,
    stdout: (b) => out.push(Buffer.from(b)),
    stderr: (t) => (err += t),
    env: (name) => env[name],
  });
  return { status, stdout: Buffer.concat(out).toString('utf8'), stderr: err };
}

describe('doc2text --password / DOC2TEXT_PASSWORD', () => {
  it('--password opens the file', () => {
    expect(run(['--password', 'secret', 'encrypted.doc'])).toEqual({ status: 0, stdout: SIMPLE_TEXT, stderr: '' });
    expect(run(['--password', 'secret', '-']).stdout).toBe(SIMPLE_TEXT);
  });

  it('DOC2TEXT_PASSWORD opens it without the command line; --password wins over it', () => {
    expect(run(['encrypted.doc'], { DOC2TEXT_PASSWORD: 'secret' }).stdout).toBe(SIMPLE_TEXT);
    expect(run(['--password', 'secret', 'encrypted.doc'], { DOC2TEXT_PASSWORD: 'wrong' }).stdout).toBe(SIMPLE_TEXT);
  });

  it('no password: exit 1, ENCRYPTED, and how to give one', () => {
    const r = run(['encrypted.doc']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^doc2text: encrypted\.doc: ENCRYPTED: .*--password or DOC2TEXT_PASSWORD/);
  });

  it('a wrong password: exit 1, WRONG_PASSWORD, and the password is not echoed', () => {
    for (const r of [run(['--password', 'hunter2', 'encrypted.doc']), run(['encrypted.doc'], { DOC2TEXT_PASSWORD: 'hunter2' })]) {
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^doc2text: encrypted\.doc: WRONG_PASSWORD: /);
      expect(r.stderr + r.stdout).not.toContain('hunter2');
    }
  });

  it('--info says how the file was protected, not with what', () => {
    const r = run(['--info', '--password', 'secret', 'encrypted.doc']);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: 'encrypted.doc', format: 'word97', encryption: 'rc4' });
    expect(r.stdout).not.toContain('secret');
  });

  it('--password without a value is a usage error', () => {
    const r = run(['encrypted.doc', '--password']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--password takes the password');
  });

  it('the help names the option, the variable and WRONG_PASSWORD', () => {
    const help = run(['--help']).stdout;
    expect(help).toContain('--password PW');
    expect(help).toContain('DOC2TEXT_PASSWORD');
    expect(help).toContain('WRONG_PASSWORD');
  });
});
