import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from './principal';
import { readOrCreateSecretFile } from './secret-file.util';
import { hashToken, parseTokenFile, TokenRegistry } from './token-registry';

export interface AccessSettings {
  /** SHUJI_ACCESS_TOKENS_FILE. */
  readonly tokensFile: string | undefined;
  /** SHUJI_DATA_DIR: where the development token is kept. */
  readonly dataDir: string;
  /** NODE_ENV=production: a token file is required. */
  readonly production: boolean;
}

export interface LoadedAccess {
  readonly registry: TokenRegistry;
  /** Set in development mode: the file holding the development admin token (never the token itself). */
  readonly devTokenFile?: string;
}

export const DEV_ADMIN_ID = 'dev-admin';

/**
 * The configured token file, or in development (no file, not production) one admin token kept in
 * `<data dir>/access/dev-admin-token` (created once, mode 0600) so `npm start` needs no setup; see
 * docs/decisions.md "Access control". Production refuses to start without a file.
 */
export function loadTokenRegistry(settings: AccessSettings): LoadedAccess {
  if (settings.tokensFile !== undefined) {
    let json: string;
    try {
      json = readFileSync(settings.tokensFile, 'utf8');
    } catch (err) {
      throw new Error(`SHUJI_ACCESS_TOKENS_FILE: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
    }
    const registry = parseTokenFile(json);
    if (registry.size === 0) throw new Error('SHUJI_ACCESS_TOKENS_FILE: the file grants no token');
    return { registry };
  }
  if (settings.production) throw new Error('SHUJI_ACCESS_TOKENS_FILE must be set when NODE_ENV=production (no development token in production)');
  const devTokenFile = join(settings.dataDir, 'access', 'dev-admin-token');
  const token = readOrCreateSecretFile(devTokenFile, () => `${randomBytes(32).toString('base64url')}\n`).trim();
  const registry = new TokenRegistry(new Map([[hashToken(token), { id: DEV_ADMIN_ID, role: Role.Admin, patients: '*' as const }]]));
  return { registry, devTokenFile };
}
