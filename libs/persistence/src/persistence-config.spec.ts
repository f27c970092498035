import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPersistenceConfig, PersistenceConfigError } from './persistence-config';

describe(loadPersistenceConfig.name, () => {
  it('should default to the embedded server under ./data on a port chosen per data directory', () => {
    expect(loadPersistenceConfig({})).toEqual({ dataDir: resolve('./data'), poolSize: 10 });
  });

  it('should take DATABASE_OWNER_URL for migrations only beside DATABASE_URL', () => {
    const sut = loadPersistenceConfig({ DATABASE_URL: 'postgres://app:p@db/shuji', DATABASE_OWNER_URL: 'postgres://owner:q@db/shuji' });
    expect(sut).toMatchObject({ databaseUrl: 'postgres://app:p@db/shuji', databaseOwnerUrl: 'postgres://owner:q@db/shuji' });
    expect(() => loadPersistenceConfig({ DATABASE_OWNER_URL: 'postgres://owner:q@db/shuji' })).toThrow(/DATABASE_OWNER_URL needs DATABASE_URL/);
  });

  it('should read DATABASE_URL, SHUJI_DATA_DIR, SHUJI_PG_PORT and SHUJI_DB_POOL_SIZE', () => {
    const sut = loadPersistenceConfig({ DATABASE_URL: 'postgres://u:p@db:5432/shuji', SHUJI_DATA_DIR: '/var/lib/shuji', SHUJI_PG_PORT: '6000', SHUJI_DB_POOL_SIZE: '4' });
    expect(sut).toEqual({ databaseUrl: 'postgres://u:p@db:5432/shuji', dataDir: '/var/lib/shuji', embeddedPort: 6000, poolSize: 4 });
  });

  it('should treat an empty DATABASE_URL as unset', () => {
    expect(loadPersistenceConfig({ DATABASE_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it('should name every bad variable in one error', () => {
    const sut = () => loadPersistenceConfig({ DATABASE_URL: 'mysql://x', SHUJI_PG_PORT: '70000', SHUJI_DB_POOL_SIZE: 'many' });
    expect(sut).toThrow(PersistenceConfigError);
    expect(sut).toThrow(
      expect.objectContaining({
        problems: [
          'DATABASE_URL must start with postgres:// or postgresql://',
          'SHUJI_PG_PORT must be an integer in [1, 65535], got "70000"',
          'SHUJI_DB_POOL_SIZE must be an integer in [1, 1000], got "many"',
        ],
      }),
    );
  });
});
