import { Logger } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { loadTokenRegistry, type LoadedAccess } from './load-token-registry.util';
import type { TokenRegistry } from './token-registry';

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
  if (loaded.devTokenFile !== undefined) {
    logger.warn(`no SHUJI_ACCESS_TOKENS_FILE: development admin token (local use only; refused with NODE_ENV=production) in ${loaded.devTokenFile}`);
    logger.warn(`  curl -H "Authorization: Bearer $(cat ${loaded.devTokenFile})" ...`);
  }
  return loaded;
}
