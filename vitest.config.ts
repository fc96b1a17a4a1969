import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    // Hang detectors, not speed goals: a busy 2-core machine must not fail a test by being slow.
    testTimeout: 120_000,
    expect: { poll: { timeout: 60_000 } },
  },
});
