// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering, from each lib's README ("must never import"): the @shuji libs a lib may import, and whether it may use
 * Nest. Every other @shuji lib, and Nest where `nest` is false, is refused by no-restricted-imports below.
 */
const LIBS = {
  access: { shuji: ['config'], nest: true, banned: ['typeorm', 'pg', 'kafkajs'] },
  config: { shuji: [], nest: false, banned: [] },
  contracts: { shuji: [], nest: false, banned: ['kafkajs'] },
  fhir: { shuji: ['contracts'], nest: false, banned: ['typeorm', 'pg', 'kafkajs'] },
  forecasting: { shuji: ['foundation-model', 'models', 'twin', 'stats', 'ode'], nest: false, banned: ['typeorm', 'pg', 'kafkajs'] },
  'foundation-model': { shuji: ['models', 'contracts', 'stats'], nest: false, banned: ['typeorm', 'pg', 'kafkajs'] },
  knowledge: { shuji: [], nest: false, banned: ['typeorm', 'pg', 'kafkajs', 'express'] },
  messaging: { shuji: ['contracts', 'config', 'stats'], nest: true, banned: ['typeorm', 'pg'] },
  observability: { shuji: ['access', 'config'], nest: true, banned: ['typeorm', 'pg', 'kafkajs'] },
  models: { shuji: ['ode', 'stats', 'contracts'], nest: false, banned: ['typeorm', 'pg', 'kafkajs', 'express'] },
  ode: { shuji: [], nest: false, banned: ['typeorm', 'pg', 'kafkajs', 'mathjs'] },
  persistence: { shuji: ['config', 'contracts'], nest: true, banned: ['kafkajs'] },
  population: { shuji: ['models', 'stats'], nest: false, banned: ['typeorm', 'pg', 'kafkajs'] },
  recommend: { shuji: ['models', 'stats', 'twin', 'population', 'contracts', 'knowledge', 'fhir'], nest: false, banned: ['typeorm', 'pg', 'kafkajs'] },
  sbml: { shuji: ['ode', 'models', 'stats'], nest: false, banned: ['typeorm', 'pg', 'kafkajs'] },
  stats: { shuji: [], nest: false, banned: ['typeorm', 'pg', 'kafkajs', 'mathjs'] },
  testing: { shuji: ['config'], nest: false, banned: [] },
  twin: { shuji: ['models', 'ode', 'contracts', 'stats', 'sbml', 'knowledge'], nest: false, banned: ['typeorm', 'pg', 'kafkajs'] },
};
/** Specs and test helpers may also import @shuji/testing. */
const SPEC_FILES = ['**/*.spec.ts', '**/testing/**', '**/__tests__/**', '**/tools/**'];

const deepShuji = { group: ['@shuji/*/**'], message: 'Import the package entry (@shuji/<lib>), never a file inside it.' };
const intoLibByPath = { regex: '^(\\.\\./)+libs/', message: 'Import another lib through its entry point, @shuji/<lib>.' };
const intoOtherPackageSrc = {
  regex: '^(\\.\\./){2,}[a-z-]+/src(/|$)',
  message: "Another package's src/ is private: import @shuji/<lib> (or an app's src/index, where composing apps is allowed).",
};
const intoAppInternals = { regex: '^(\\.\\./)+apps/[a-z-]+/src/(?!index$)', message: "Compose an app through its src/index.ts, never its internal files." };
const intoApp = { regex: '(^|/)apps/', message: 'A lib never imports an app.' };
const testingOutsideTests = { group: ['@shuji/testing'], message: '@shuji/testing is for specs, test/ and benches; the product never imports it.' };

/** @param {string} name @param {{ shuji: string[], nest: boolean, banned: string[] }} lib @param {boolean} spec */
function libPatterns(name, lib, spec) {
  const allowed = [...lib.shuji, name, ...(spec ? ['testing'] : [])];
  return [
    deepShuji,
    intoApp,
    intoLibByPath,
    intoOtherPackageSrc,
    { regex: `^@shuji/(?!(${allowed.join('|')})$)`, message: `${name} may import ${lib.shuji.length ? 'only ' + lib.shuji.map((l) => '@shuji/' + l).join(', ') : 'no other @shuji lib'} (libs/${name}/README.md).` },
    ...(lib.nest ? [] : [{ group: ['@nestjs/*'], message: `${name} is Nest-free (libs/${name}/README.md).` }]),
    ...(lib.banned.length ? [{ group: lib.banned, message: `${name} must not use ${lib.banned.join(', ')} (libs/${name}/README.md).` }] : []),
    ...(spec ? [] : [testingOutsideTests]),
  ];
}

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'coverage/', 'libs/contracts/src/gen/', 'apps/*/bin/', 'infra/kafka/lib/', 'training/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // everywhere outside libs and apps (test/, bench/, config files): packages through their entry points
  { files: ['**/*.ts', '**/*.mts'], rules: restrict([deepShuji, intoLibByPath, intoAppInternals]) },
  // apps: any lib through its entry; never another app (the platform composes others through their src/index)
  { files: ['apps/**/*.ts'], ignores: SPEC_FILES, rules: restrict([deepShuji, intoLibByPath, intoOtherPackageSrc, testingOutsideTests]) },
  { files: SPEC_FILES.map((g) => `apps/${g}`), rules: restrict([deepShuji, intoLibByPath, intoOtherPackageSrc]) },
  // the dashboard runs in the browser: no @shuji lib (they are Node code), nothing but its own files and its packages
  {
    files: ['apps/dashboard/**/*.ts'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', location: 'readonly', sessionStorage: 'readonly', fetch: 'readonly' } },
    rules: restrict([{ group: ['@shuji/*'], message: 'The dashboard runs in the browser: it talks to the platform over HTTP, never through a lib.' }, intoLibByPath]),
  },
  { files: ['apps/platform/**/*.ts'], ignores: SPEC_FILES, rules: restrict([deepShuji, intoLibByPath, { ...intoOtherPackageSrc, regex: '^(\\.\\./){2,}[a-z-]+/src/(?!index$)' }, testingOutsideTests]) },
  // each lib: its README's allowed @shuji libs, Nest or not, no app, no other package's files
  ...Object.entries(LIBS).flatMap(([name, lib]) => [
    { files: [`libs/${name}/**/*.ts`], ignores: SPEC_FILES, rules: restrict(libPatterns(name, lib, false)) },
    { files: SPEC_FILES.map((g) => `libs/${name}/${g}`), rules: restrict(libPatterns(name, lib, true)) },
  ]),
);
