import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const libs = fileURLToPath(new URL('./libs/', import.meta.url));

/**
 * Four tiers, as vitest projects (`npm test` runs them all; `npm run test:<tier>` one):
 * - unit: `*.spec.ts` beside the code; no PostgreSQL, no Kafka, no Java, no long runs over ../shared;
 * - medium: `*.medium.spec.ts`, against the one real PostgreSQL and Kafka the global setup starts per run;
 * - e2e: `test/**\/*.e2e.spec.ts`, through the apps' public API and processes;
 * - validation: `*.validation.spec.ts`, the long numerical validations.
 */
const MEDIUM = '**/*.medium.spec.ts';
const E2E = 'test/**/*.e2e.spec.ts';
const VALIDATION = '**/*.validation.spec.ts';

export default defineConfig({
  resolve: {
    alias: [{ find: /^@shuji\/([a-z-]+)$/, replacement: `${libs}$1/src/index.ts` }],
  },
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'],
          exclude: ['**/node_modules/**', MEDIUM, '**/*.e2e.spec.ts', VALIDATION],
          testTimeout: 30_000,
          // one module graph per worker instead of per file: importing Nest, mathjs and onnxruntime once, not 96 times
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'medium',
          include: [MEDIUM],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/support/medium.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: [E2E], testTimeout: 300_000, hookTimeout: 600_000 },
      },
      {
        extends: true,
        test: { name: 'validation', include: [VALIDATION], exclude: ['**/node_modules/**'], testTimeout: 900_000 },
      },
    ],
  },
});
