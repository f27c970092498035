import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startPlatform, type RunningPlatform } from '../../apps/platform/src/index';

export interface EmbeddedPlatformHandle {
  readonly platform: RunningPlatform;
  /** The platform's base URL on 127.0.0.1. */
  readonly url: string;
}

/**
 * Starts the embedded platform once for a spec file (beforeAll) on `dataDir`, and closes it and removes the
 * directory after (afterAll). `env` is read when the platform starts, so it may hold values made in other hooks.
 */
export function useEmbeddedPlatform(dataDir: string, env: () => Record<string, string> | Promise<Record<string, string>>): EmbeddedPlatformHandle {
  let platform: RunningPlatform | undefined;
  beforeAll(async () => {
    platform = await startPlatform({ ...(await env()), SHUJI_DATA_DIR: dataDir });
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
  return {
    get platform(): RunningPlatform {
      if (!platform) throw new Error('the embedded platform is not started (use it inside a test)');
      return platform;
    },
    get url(): string {
      return this.platform.url.replace('localhost', '127.0.0.1');
    },
  };
}
