/**
 * The file a cohort worker thread runs. From compiled JavaScript it is `cohort.worker.js` beside this file.
 * From TypeScript sources (tsx, vitest) the worker entry is bundled once per process with esbuild into one
 * plain CommonJS file in the OS temp directory (named by its content hash), so each worker starts on plain
 * JavaScript instead of loading a TypeScript compiler and resolving path aliases itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** Modules that find their data next to themselves (`join(__dirname, …)`) keep their own directory. */
const ownDirname: Plugin = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
        .replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path)))
        .replace(/\b__filename\b/g, JSON.stringify(args.path));
      return { contents: source, loader: 'ts' };
    });
  },
};

/**
 * The model compiler uses only mathjs's parser: an instance with just `parse` and its dependencies loads in
 * about a tenth of the time of the full default instance (which builds hundreds of typed functions).
 */
const parseOnlyMathjs: Plugin = {
  name: 'mathjs-parse-only',
  setup(build) {
    build.onResolve({ filter: /^mathjs$/ }, (args) =>
      args.namespace === 'mathjs-parse-only' ? undefined : { path: 'mathjs', namespace: 'mathjs-parse-only' },
    );
    build.onLoad({ filter: /.*/, namespace: 'mathjs-parse-only' }, () => ({
      contents: "import { create, parseDependencies } from 'mathjs';\nexport const parse = create({ parseDependencies }).parse;\n",
      resolveDir: REPO_ROOT,
      loader: 'js',
    }));
  },
};

const pending = new Map<string, Promise<string>>();

export function cohortWorkerFile(): Promise<string> {
  return workerThreadFile(__dirname, 'cohort.worker', __filename.endsWith('.js'));
}

/**
 * The file a worker thread runs for entry `<dir>/<name>.ts` (or `.js` when running compiled JavaScript):
 * the compiled file itself, or the entry bundled as above. Other libs' worker entries use it too.
 */
export function workerThreadFile(dir: string, name: string, compiled: boolean): Promise<string> {
  const js = join(dir, `${name}.js`);
  if (compiled && existsSync(js)) return Promise.resolve(js);
  const entry = join(dir, `${name}.ts`);
  let file = pending.get(entry);
  if (file === undefined) {
    file = bundleWorker(entry, name).catch((error: unknown) => {
      pending.delete(entry);
      throw error;
    });
    pending.set(entry, file);
  }
  return file;
}

async function bundleWorker(entry: string, name: string): Promise<string> {
  // esbuild is a dev dependency: needed only when running from TypeScript sources.
  const esbuild = await import('esbuild');
  const build = (plugins: Plugin[]) =>
    esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      tsconfig: join(REPO_ROOT, 'tsconfig.json'),
      write: false,
      logLevel: 'silent',
      plugins,
    });
  // A bundled module that needs more of mathjs than `parse` fails the reduced build: then take the full mathjs.
  const result = await build([ownDirname, parseOnlyMathjs]).catch(() => build([ownDirname]));
  const code = result.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `shuji-${name.replace(/\W/g, '-')}-${hash}.cjs`);
  if (!existsSync(file)) {
    // write, then rename: another process may be starting workers on the same file
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  return file;
}
