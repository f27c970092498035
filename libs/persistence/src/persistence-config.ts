import { resolve } from 'node:path';

/** One variable of the persistence configuration: its default, what it is for, and whether it is secret. */
interface VariableSpec {
  readonly name: string;
  readonly description: string;
  readonly default?: string;
  readonly secret: boolean;
}

export const PERSISTENCE_VARIABLES: readonly VariableSpec[] = [
  { name: 'DATABASE_URL', description: 'PostgreSQL connection URL (postgres://user:pass@host:port/db); unset → embedded PostgreSQL', secret: true },
  { name: 'DATABASE_OWNER_URL', description: 'With DATABASE_URL: the schema owner\'s URL, used only for migrations and grants; DATABASE_URL\'s role then gets least privilege', secret: true },
  { name: 'SHUJI_DATA_DIR', description: 'Data directory; the embedded PostgreSQL cluster lives in <dir>/postgres', default: './data', secret: false },
  { name: 'SHUJI_PG_PORT', description: 'TCP port of the embedded PostgreSQL on 127.0.0.1; unset: a free port chosen once per data directory (kept in <dir>/postgres.port)', secret: false },
  { name: 'SHUJI_DB_POOL_SIZE', description: 'Connections in the pool', default: '10', secret: false },
];

export interface PersistenceConfig {
  /** When set, use this PostgreSQL; else start the embedded one. */
  readonly databaseUrl?: string;
  /** The schema owner's URL for migrations and grants (with databaseUrl only). */
  readonly databaseOwnerUrl?: string;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  /** Unset: a free port chosen once per data directory (embeddedPortFor). */
  readonly embeddedPort?: number;
  readonly poolSize: number;
}

export class PersistenceConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid persistence configuration: ${problems.join('; ')}`);
    this.name = 'PersistenceConfigError';
  }
}

/** Reads and validates the variables once; every bad variable is named in one error. */
export function loadPersistenceConfig(env: Readonly<Record<string, string | undefined>> = process.env): PersistenceConfig {
  const problems: string[] = [];
  const url = env['DATABASE_URL']?.trim() || undefined;
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  const ownerUrl = env['DATABASE_OWNER_URL']?.trim() || undefined;
  if (ownerUrl !== undefined && !/^postgres(ql)?:\/\//.test(ownerUrl)) problems.push('DATABASE_OWNER_URL must start with postgres:// or postgresql://');
  if (ownerUrl !== undefined && url === undefined) problems.push('DATABASE_OWNER_URL needs DATABASE_URL (the embedded PostgreSQL manages its own roles)');
  const port = env['SHUJI_PG_PORT']?.trim() ? integer(env, 'SHUJI_PG_PORT', 0, 1, 65535, problems) : undefined;
  const poolSize = integer(env, 'SHUJI_DB_POOL_SIZE', 10, 1, 1000, problems);
  const dataDir = resolve(env['SHUJI_DATA_DIR']?.trim() || './data');
  if (problems.length > 0) throw new PersistenceConfigError(problems);
  return { ...(url !== undefined ? { databaseUrl: url } : {}), ...(ownerUrl !== undefined ? { databaseOwnerUrl: ownerUrl } : {}), dataDir, ...(port !== undefined ? { embeddedPort: port } : {}), poolSize };
}

function integer(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
    return fallback;
  }
  return n;
}
