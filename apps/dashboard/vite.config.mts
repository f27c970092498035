import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The clinician dashboard: a static single-page app the platform serves at `/` (built into dist/dashboard). */
export default defineConfig({
  root: __dirname,
  base: '/',
  build: { outDir: resolve(__dirname, '../../dist/dashboard'), emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/v1': 'http://localhost:3000', '/fhir': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
});
