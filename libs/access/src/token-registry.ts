import { createHash, timingSafeEqual } from 'node:crypto';
import { Role, type Principal } from './principal';

/** SHA-256 of a bearer token, hex: what the token file stores, so the file itself grants nothing if read. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Bearer token → principal. Only hashes are held; a presented token is hashed and compared with every entry
 * by `timingSafeEqual` without an early exit, so the answer time does not depend on which entry (if any) matched.
 */
export class TokenRegistry {
  private readonly entries: readonly { readonly hash: Buffer; readonly principal: Principal }[];

  constructor(byHash: ReadonlyMap<string, Principal>) {
    this.entries = [...byHash].map(([hash, principal]) => ({ hash: Buffer.from(hash, 'hex'), principal }));
  }

  get size(): number {
    return this.entries.length;
  }

  resolve(token: string | undefined): Principal | undefined {
    if (token === undefined || token === '') return undefined;
    const presented = createHash('sha256').update(token, 'utf8').digest();
    let found: Principal | undefined;
    for (const e of this.entries) if (timingSafeEqual(e.hash, presented) && found === undefined) found = e.principal;
    return found;
  }
}

const ROLES = new Set<string>(Object.values(Role));

/**
 * Parses the token file's JSON ({ "<sha256 hex>": { "id", "role", "patients": [...] | "*" } }); throws naming
 * the entry by position and field (never echoing a hash or a patient id).
 */
export function parseTokenFile(json: string): TokenRegistry {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('access token file: not JSON');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('access token file: must be an object of sha256 hex → principal');
  const out = new Map<string, Principal>();
  const ids = new Set<string>();
  Object.entries(raw as Record<string, unknown>).forEach(([hash, value], i) => {
    const at = `access token file entry ${i}`;
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`${at}: key must be the lowercase sha256 hex of the token`);
    if (value === null || typeof value !== 'object') throw new Error(`${at}: must be an object`);
    const { id, role, patients } = value as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') throw new Error(`${at}.id: must be a non-empty string`);
    if (ids.has(id)) throw new Error(`${at}.id: duplicate principal id`);
    if (typeof role !== 'string' || !ROLES.has(role)) throw new Error(`${at}.role: must be one of ${[...ROLES].join(', ')}`);
    let scope: Principal['patients'];
    if (patients === '*') scope = '*';
    else if (Array.isArray(patients) && patients.every((p): p is string => typeof p === 'string' && p !== '')) scope = Object.freeze([...patients]);
    else throw new Error(`${at}.patients: must be "*" or a list of patient ids`);
    if (role === Role.Patient && (scope === '*' || scope.length !== 1)) throw new Error(`${at}.patients: a patient principal holds exactly its own id`);
    if (role === Role.Device && scope === '*') throw new Error(`${at}.patients: a device writes for listed patients only`);
    ids.add(id);
    out.set(hash, Object.freeze({ id, role: role as Role, patients: scope }));
  });
  return new TokenRegistry(out);
}
