import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const libs = fileURLToPath(new URL('./libs/', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [{ find: /^@shuji\/([a-z-]+)$/, replacement: `${libs}$1/src/index.ts` }],
  },
  test: {
    include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'test/**/*.spec.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
