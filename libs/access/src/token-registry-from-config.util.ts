import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { loadTokenRegistry, type LoadedAccess } from './load-token-registry.util';
import { parseTokenFile, TokenRegistry } from './token-registry';

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
 * Reloads the token file whenever it changes, so a token is revoked or granted without a restart. Fails closed: a
 * file deleted, emptied or granting no token revokes every token. A file that does not parse (a half-written edit)
 * is refused and the tokens in force stay until the next change; the error names the entry, never a token. The
 * watcher does not keep the process alive.
 */
export function watchTokenFile(file: string, registry: TokenRegistry, logger = new Logger('access'), everyMs = TOKEN_FILE_POLL_MS): () => void {
  const listener = (curr: { mtimeMs: number; nlink: number }, prev: { mtimeMs: number; nlink: number }): void => {
    if (curr.mtimeMs === prev.mtimeMs && curr.nlink === prev.nlink) return;
    let json: string;
    try {
      json = readFileSync(file, 'utf8');
    } catch {
      registry.replace(new TokenRegistry(new Map()));
      logger.error('access token file removed or unreadable: every token is revoked until it is back');
      return;
    }
    if (json.trim() === '' || json.trim() === '{}') {
      registry.replace(new TokenRegistry(new Map()));
      logger.error('access token file grants no token: every token is revoked');
      return;
    }
    try {
      const next = parseTokenFile(json);
      registry.replace(next);
      logger.log(`access token file reloaded: ${next.size} tokens`);
    } catch (error) {
      logger.error(`access token file changed but does not parse, the previous tokens stay in force until the next change: ${error instanceof Error ? error.message : 'unreadable'}`);
    }
  };
  watchFile(file, { persistent: false, interval: everyMs }, listener);
  return () => unwatchFile(file, listener);
}
