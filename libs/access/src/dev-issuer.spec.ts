import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { DevIssuer, DevTokenRequestError, devIssuerEnabled, DEV_TOKEN_TTL_SEC, parseDevTokenRequest } from './dev-issuer';
import { Role } from './principal';

const dir = mkdtempSync(join(tmpdir(), 'shuji-dev-issuer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ISSUER = 'http://127.0.0.1:3000';

describe(DevIssuer.name, () => {
  it('should keep one key pair per install, the private key 0600, and serve only the public key', async () => {
    const first = await DevIssuer.load(dir, ISSUER);
    const again = await DevIssuer.load(dir, ISSUER);
    expect(statSync(join(dir, 'access', 'dev-issuer-key.jwk')).mode & 0o777).toBe(0o600);
    expect(again.jwks().keys[0]!.kid).toBe(first.jwks().keys[0]!.kid);
    const [key] = first.jwks().keys;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key).not.toHaveProperty('d');
    expect(first.discovery(ISSUER)).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/.well-known/jwks.json` });
  });

  it('should issue a short-lived ES256 token its verifier turns into the asked principal', async () => {
    const sut = await DevIssuer.load(dir, ISSUER);
    const res = await sut.issue({ sub: 'app-1', role: 'patient', patient: 'p-1', scopes: ['patient/Observation.rs'] });
    expect(res).toMatchObject({ token_type: 'Bearer', expires_in: DEV_TOKEN_TTL_SEC, patient: 'p-1', scope: 'patient/Observation.rs' });
    expect(decodeProtectedHeader(res.access_token)).toMatchObject({ alg: 'ES256', kid: sut.jwks().keys[0]!.kid });
    expect(await sut.verifier().verify(res.access_token)).toMatchObject({ id: 'oidc:app-1', role: Role.Patient, patients: ['p-1'] });
  });

  it('should refuse a token that would make no principal', async () => {
    const sut = await DevIssuer.load(dir, ISSUER);
    await expect(sut.issue({ sub: 'app-1', role: 'patient', scopes: ['patient/Observation.rs'] })).rejects.toThrow(DevTokenRequestError);
    await expect(sut.issue({ sub: 'app-1', role: 'superuser', scopes: ['system/*.rs'] })).rejects.toThrow(/role/);
  });
});

describe(parseDevTokenRequest.name, () => {
  it('should take a well-formed request', () => {
    expect(parseDevTokenRequest({ sub: 'dr-1', role: 'clinician', scopes: ['user/Observation.rs'] })).toEqual({ sub: 'dr-1', role: 'clinician', scopes: ['user/Observation.rs'] });
  });

  it.each([
    [null, 'body'],
    [{ role: 'patient', scopes: ['patient/*.rs'] }, 'sub'],
    [{ sub: 'a b', role: 'patient', scopes: ['patient/*.rs'] }, 'sub'],
    [{ sub: 'a', scopes: ['patient/*.rs'] }, 'role'],
    [{ sub: 'a', role: 'patient', patient: 7, scopes: ['patient/*.rs'] }, 'patient'],
    [{ sub: 'a', role: 'patient', scopes: [] }, 'scopes'],
    [{ sub: 'a', role: 'patient', scopes: 'patient/*.rs' }, 'scopes'],
  ])('should refuse %j naming %s', (body, field) => {
    expect(() => parseDevTokenRequest(body)).toThrow(expect.objectContaining({ field }) as Error);
  });
});

describe(devIssuerEnabled.name, () => {
  const base = { production: false, bus: 'inprocess' as const, externalIssuer: false };
  it.each([
    [{ ...base, mode: 'auto' as const }, true],
    [{ ...base, mode: 'true' as const }, true],
    [{ ...base, mode: 'false' as const }, false],
    [{ ...base, mode: 'auto' as const, production: true }, false],
    [{ ...base, mode: 'auto' as const, bus: 'kafka' as const }, false],
    [{ ...base, mode: 'auto' as const, externalIssuer: true }, false],
  ])('should decide %j → %s', (settings, on) => expect(devIssuerEnabled(settings)).toBe(on));

  it.each([
    [{ ...base, mode: 'true' as const, production: true }, 'NODE_ENV=production'],
    [{ ...base, mode: 'true' as const, bus: 'kafka' as const }, 'SHUJI_BUS=kafka'],
    [{ ...base, mode: 'true' as const, externalIssuer: true }, 'SHUJI_OIDC_ISSUER'],
  ])('should refuse to start when asked for it where it may not run (%j)', (settings, why) => {
    expect(() => devIssuerEnabled(settings)).toThrow(why);
  });
});
