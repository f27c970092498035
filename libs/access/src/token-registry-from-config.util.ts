import { Logger } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import { loadTokenRegistry } from './load-token-registry.util';
import type { TokenRegistry } from './token-registry';

/**
 * The registry of a process from its configuration; in development mode it says once where the admin token
 * is (the path, never the token: tokens stay out of logs).
 */
export function tokenRegistryFromConfig(config: Pick<ShujiConfig, 'SHUJI_ACCESS_TOKENS_FILE' | 'SHUJI_DATA_DIR' | 'NODE_ENV'>, logger = new Logger('access')): TokenRegistry {
  const loaded = loadTokenRegistry({ tokensFile: config.SHUJI_ACCESS_TOKENS_FILE, dataDir: config.SHUJI_DATA_DIR, production: config.NODE_ENV === 'production' });
  if (loaded.devTokenFile !== undefined) {
    logger.warn(`no SHUJI_ACCESS_TOKENS_FILE: development admin token (local use only; refused with NODE_ENV=production) in ${loaded.devTokenFile}`);
    logger.warn(`  curl -H "Authorization: Bearer $(cat ${loaded.devTokenFile})" ...`);
  }
  return loaded.registry;
}
