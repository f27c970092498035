import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('should apply the documented defaults when nothing is set', () => {
    const sut = loadConfig({});
    expect(sut.PORT).toBe(3000);
    expect(sut.SHUJI_DATA_DIR).toBe('./data');
    expect(sut.SHUJI_BUS).toBe('inprocess');
    expect(sut.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(sut.DATABASE_URL).toBeUndefined();
    expect(sut.SHUJI_BODY_LIMIT).toBe(10 * 1024 * 1024);
  });

  it('should parse set values', () => {
    const sut = loadConfig({ PORT: '8080', SHUJI_BUS: 'kafka', KAFKA_BROKERS: 'a:1, b:2', SHUJI_BODY_LIMIT: '512kb' });
    expect(sut.PORT).toBe(8080);
    expect(sut.SHUJI_BUS).toBe('kafka');
    expect(sut.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(sut.SHUJI_BODY_LIMIT).toBe(512 * 1024);
  });

  it('should fail fast naming every bad variable when several are invalid', () => {
    const sut = () => loadConfig({ PORT: 'eighty', SHUJI_BUS: 'rabbit', KAFKA_BROKERS: 'nohostport' });
    expect(sut).toThrow(ConfigError);
    expect(sut).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([expect.stringMatching(/^PORT: .*"eighty"/), expect.stringMatching(/^SHUJI_BUS: .*"rabbit"/), expect.stringMatching(/^KAFKA_BROKERS: /)]),
      }),
    );
  });

  it('should not echo a secret value when it is invalid', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@x/db' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@x/db' })).not.toThrow(/hunter2/);
  });

  it('should leave the access token file unset and mark it secret when it is not configured', () => {
    const sut = loadConfig({});
    expect(sut.SHUJI_ACCESS_TOKENS_FILE).toBeUndefined();
    expect(sut.NODE_ENV).toBe('development');
    expect(describeConfig().find((r) => r.name === 'SHUJI_ACCESS_TOKENS_FILE')).toMatchObject({ secret: true, default: '' });
    expect(loadConfig({ SHUJI_ACCESS_TOKENS_FILE: '/etc/shuji/tokens.json', NODE_ENV: 'production' })).toMatchObject({ SHUJI_ACCESS_TOKENS_FILE: '/etc/shuji/tokens.json', NODE_ENV: 'production' });
  });

  it('should take the OpenID Connect issuer, audience and key set only together, and keys over TLS', () => {
    const oidc = { SHUJI_OIDC_ISSUER: 'https://idp.example.org', SHUJI_OIDC_AUDIENCE: 'shuji', SHUJI_OIDC_JWKS_URL: 'https://idp.example.org/jwks' };
    expect(loadConfig(oidc).SHUJI_OIDC_AUDIENCE).toBe('shuji');
    expect(() => loadConfig({ SHUJI_OIDC_ISSUER: oidc.SHUJI_OIDC_ISSUER })).toThrow(/SHUJI_OIDC_AUDIENCE, SHUJI_OIDC_JWKS_URL: must be set together with SHUJI_OIDC_ISSUER/);
    expect(() => loadConfig({ ...oidc, SHUJI_OIDC_JWKS_URL: 'http://idp.example.org/jwks' })).toThrow(/SHUJI_OIDC_JWKS_URL: must be an https URL/);
    expect(loadConfig({ ...oidc, SHUJI_OIDC_JWKS_URL: 'http://localhost:8080/jwks' }).SHUJI_OIDC_JWKS_URL).toBe('http://localhost:8080/jwks');
    expect(loadConfig({}).SHUJI_DEV_ISSUER).toBe('auto');
    expect(() => loadConfig({ SHUJI_DEV_ISSUER: 'yes' })).toThrow(/SHUJI_DEV_ISSUER: must be auto, true or false/);
  });

  it('should describe every variable with default, description and secret flag', () => {
    const rows = describeConfig();
    expect(rows.find((r) => r.name === 'DATABASE_URL')).toMatchObject({ secret: true, default: '' });
    for (const r of rows) expect(r.description.length).toBeGreaterThan(10);
  });
});
