import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { loadTokenRegistry, type LoadedAccess } from './load-token-registry.util';
import { parseTokenFile, type TokenRegistry } from './token-registry';

/** How often the token file's modification time is checked (revoking a token takes effect within this). */
const TOKEN_FILE_POLL_MS = 2_000;

/**
 * The registry of a process from its configuration; in development mode it says once where the admin token
 * is (the path, never the token: tokens stay out of logs).
 */
export function tokenRegistryFromConfig(config: AccessConfig, logger = new Logger('access')): TokenRegistry {
  return loadAccessFromConfig(config, logger).registry;
}

type AccessConfig = Pick<ShujiConfig, 'SHUJI_ACCESS_TOKENS_FILE' | 'SHUJI_DATA_DIR' | 'NODE_ENV'>;

/** As tokenRegistryFromConfig, also saying where the development token is (for a start banner). */
export function loadAccessFromConfig(config: AccessConfig, logger = new Logger('access')): LoadedAccess {
  const loaded = loadTokenRegistry({ tokensFile: config.SHUJI_ACCESS_TOKENS_FILE, dataDir: config.SHUJI_DATA_DIR, production: config.NODE_ENV === 'production' });
  if (config.SHUJI_ACCESS_TOKENS_FILE !== undefined) watchTokenFile(config.SHUJI_ACCESS_TOKENS_FILE, loaded.registry, logger);
  if (loaded.devTokenFile !== undefined) {
    logger.warn(`no SHUJI_ACCESS_TOKENS_FILE: development admin token (local use only; refused with NODE_ENV=production) in ${loaded.devTokenFile}`);
    logger.warn(`  curl -H "Authorization: Bearer $(cat ${loaded.devTokenFile})" ...`);
  }
  return loaded;
}

/**
 * Reloads the token file whenever it changes, so a token is revoked or granted without a restart. A file that no
 * longer parses (a half-written edit) is refused and the tokens in force stay; the error names the entry, never a
 * token. The watcher does not keep the process alive.
 */
export function watchTokenFile(file: string, registry: TokenRegistry, logger = new Logger('access'), everyMs = TOKEN_FILE_POLL_MS): () => void {
  const listener = (curr: { mtimeMs: number }, prev: { mtimeMs: number }): void => {
    if (curr.mtimeMs === prev.mtimeMs) return;
    try {
      const next = parseTokenFile(readFileSync(file, 'utf8'));
      if (next.size === 0) throw new Error('the file grants no token');
      registry.replace(next);
      logger.log(`access token file reloaded: ${next.size} tokens`);
    } catch (error) {
      logger.error(`access token file changed but was not loaded, the previous tokens stay in force: ${error instanceof Error ? error.message : 'unreadable'}`);
    }
  };
  watchFile(file, { persistent: false, interval: everyMs }, listener);
  return () => unwatchFile(file, listener);
}
