/** Warnings are counted and capped: the first 100 kept as text, then one line with the count of the rest. */
import { describe, expect, it } from 'vitest';
import { Warnings } from '../src/warnings.js';

describe('Warnings', () => {
  it('keeps every warning up to the cap', () => {
    const w = new Warnings();
    w.add('one');
    w.add('two');
    expect(w.list()).toEqual(['one', 'two']);
    expect(w.count).toBe(2);
  });

  it('keeps the first 100, counts the rest (with or without their text), and says how many more', () => {
    const w = new Warnings();
    for (let i = 0; i < 250_000; i++) {
      if (w.keeping) w.add(`defect ${i}`);
      else w.skip();
    }
    w.add('a last one, past the cap');
    const list = w.list();
    expect(list).toHaveLength(Warnings.KEPT + 1);
    expect(list[0]).toBe('defect 0');
    expect(list[99]).toBe('defect 99');
    expect(list[100]).toBe('… and 249901 more warnings');
    expect(w.count).toBe(250_001);
  });
});
