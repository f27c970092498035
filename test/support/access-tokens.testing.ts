import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, Role, type Principal } from '@shuji/access';

export interface TestTokens<N extends string> {
  /** Give it to the app as SHUJI_ACCESS_TOKENS_FILE. */
  readonly file: string;
  /** The bearer token of each named principal. */
  readonly tokens: Readonly<Record<N | 'admin', string>>;
}

/**
 * A token file for end-to-end tests: an admin (id `test-admin`) plus the given principals, each with a fresh
 * random token, stored as the production format (sha256 → principal) in a temp directory.
 */
export function writeTestTokens<N extends string>(principals: Readonly<Record<N, Principal>> = {} as Record<N, Principal>): TestTokens<N> {
  const all: Record<string, Principal> = { admin: { id: 'test-admin', role: Role.Admin, patients: '*' }, ...principals };
  const tokens: Record<string, string> = {};
  const file: Record<string, Principal> = {};
  for (const [name, principal] of Object.entries(all)) {
    const token = randomBytes(24).toString('base64url');
    tokens[name] = token;
    file[hashToken(token)] = principal;
  }
  const path = join(mkdtempSync(join(tmpdir(), 'shuji-tokens-')), 'tokens.json');
  writeFileSync(path, JSON.stringify(file), { mode: 0o600 });
  return { file: path, tokens: tokens as Record<N | 'admin', string> };
}
