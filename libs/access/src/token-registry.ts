import { createHash, timingSafeEqual } from 'node:crypto';
import { Role, type Principal } from './principal';

/** SHA-256 of a bearer token, hex: what the token file stores, so the file itself grants nothing if read. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** One token file entry: who the token's holder is, and until when the token is good (no date: until revoked). */
export interface TokenGrant {
  readonly principal: Principal;
  readonly expiresAt?: number;
}

interface Entry {
  readonly hash: Buffer;
  readonly grant: TokenGrant;
}

/**
 * Bearer token → principal. Only hashes are held; a presented token is hashed and compared with every entry
 * by `timingSafeEqual` without an early exit, so the answer time does not depend on which entry (if any) matched.
 * An expired token resolves to nobody. `replace` swaps the whole table at once (the token file was edited).
 */
export class TokenRegistry {
  private entries: readonly Entry[];

  constructor(
    byHash: ReadonlyMap<string, Principal | TokenGrant>,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = toEntries(byHash);
  }

  get size(): number {
    return this.entries.length;
  }

  replace(other: TokenRegistry): void {
    this.entries = other.entries;
  }

  resolve(token: string | undefined): Principal | undefined {
    if (token === undefined || token === '') return undefined;
    const presented = createHash('sha256').update(token, 'utf8').digest();
    let found: TokenGrant | undefined;
    for (const e of this.entries) if (timingSafeEqual(e.hash, presented) && found === undefined) found = e.grant;
    if (found?.expiresAt !== undefined && found.expiresAt <= this.now()) return undefined;
    return found?.principal;
  }
}

function toEntries(byHash: ReadonlyMap<string, Principal | TokenGrant>): Entry[] {
  return [...byHash].map(([hash, value]) => ({ hash: Buffer.from(hash, 'hex'), grant: 'principal' in value ? value : { principal: value } }));
}

const ROLES = new Set<string>(Object.values(Role));

/**
 * Parses the token file's JSON ({ "<sha256 hex>": { "id", "role", "patients": [...] | "*", "expires"?: instant } });
 * throws naming the entry by position and field (never echoing a hash or a patient id).
 */
export function parseTokenFile(json: string, now: () => number = Date.now): TokenRegistry {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('access token file: not JSON');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('access token file: must be an object of sha256 hex → principal');
  const out = new Map<string, TokenGrant>();
  const ids = new Set<string>();
  Object.entries(raw as Record<string, unknown>).forEach(([hash, value], i) => {
    const at = `access token file entry ${i}`;
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`${at}: key must be the lowercase sha256 hex of the token`);
    if (value === null || typeof value !== 'object') throw new Error(`${at}: must be an object`);
    const { id, role, patients, expires } = value as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') throw new Error(`${at}.id: must be a non-empty string`);
    if (ids.has(id)) throw new Error(`${at}.id: duplicate principal id`);
    if (typeof role !== 'string' || !ROLES.has(role)) throw new Error(`${at}.role: must be one of ${[...ROLES].join(', ')}`);
    let scope: Principal['patients'];
    if (patients === '*') scope = '*';
    else if (Array.isArray(patients) && patients.every((p): p is string => typeof p === 'string' && p !== '')) scope = Object.freeze([...patients]);
    else throw new Error(`${at}.patients: must be "*" or a list of patient ids`);
    if (role === Role.Patient && (scope === '*' || scope.length !== 1)) throw new Error(`${at}.patients: a patient principal holds exactly its own id`);
    if (role === Role.Device && scope === '*') throw new Error(`${at}.patients: a device writes for listed patients only`);
    let expiresAt: number | undefined;
    if (expires !== undefined) {
      expiresAt = typeof expires === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(expires) ? Date.parse(expires) : NaN;
      if (!Number.isFinite(expiresAt)) throw new Error(`${at}.expires: must be an ISO 8601 instant with a zone, e.g. 2027-01-31T00:00:00Z`);
    }
    ids.add(id);
    out.set(hash, { principal: Object.freeze({ id, role: role as Role, patients: scope }), ...(expiresAt !== undefined ? { expiresAt } : {}) });
  });
  return new TokenRegistry(out, now);
}
