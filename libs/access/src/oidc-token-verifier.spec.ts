import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { ExecutionContext } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccessDeniedError, AccessErrorCode } from './access-denied.error';
import { BearerAuthGuard, PRINCIPAL_KEY, type AuthenticatedRequest } from './bearer-auth.guard';
import { Permission } from './permission';
import { Role } from './principal';
import { requireAccess } from './require-access.util';
import { looksLikeJwt, OidcTokenVerifier } from './oidc-token-verifier';
import { hashToken, TokenRegistry } from './token-registry';

const ISSUER = 'https://idp.example.org/realms/shuji';
const AUDIENCE = 'shuji-api';
const now = () => Math.floor(Date.now() / 1000);

interface Keys {
  rsa: CryptoKey;
  ec: CryptoKey;
  other: CryptoKey;
  jwks: { keys: JWK[] };
}
let keys: Keys;

beforeAll(async () => {
  const rsa = await generateKeyPair('RS256');
  const ec = await generateKeyPair('ES256');
  const other = await generateKeyPair('ES256');
  keys = {
    rsa: rsa.privateKey,
    ec: ec.privateKey,
    other: other.privateKey,
    jwks: { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256' }, { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256' }] },
  };
});

interface Make {
  alg?: 'RS256' | 'ES256';
  kid?: string;
  key?: CryptoKey;
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
  claims?: Record<string, unknown>;
}

function sign(make: Make = {}): Promise<string> {
  const alg = make.alg ?? 'ES256';
  return new SignJWT({ scope: 'patient/Observation.rs', patient: 'p-1', ...make.claims })
    .setProtectedHeader({ alg, kid: make.kid ?? (alg === 'RS256' ? 'rsa-1' : 'ec-1') })
    .setIssuer(make.iss ?? ISSUER)
    .setAudience(make.aud ?? AUDIENCE)
    .setSubject('app-1')
    .setIssuedAt(now() - 10)
    .setNotBefore(make.nbf ?? now() - 10)
    .setExpirationTime(make.exp ?? now() + 300)
    .sign(make.key ?? (alg === 'RS256' ? keys.rsa : keys.ec));
}

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const sut = (): OidcTokenVerifier => new OidcTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: createLocalJWKSet(keys.jwks) });

describe(OidcTokenVerifier.name, () => {
  it.each(['RS256', 'ES256'] as const)('should make the SMART principal of a valid %s token', async (alg) => {
    const principal = await sut().verify(await sign({ alg }));
    expect(principal).toMatchObject({ id: 'oidc:app-1', role: Role.Patient, patients: ['p-1'] });
    expect(() => requireAccess(principal, Permission.ObservationRead, 'p-1')).not.toThrow();
  });

  it('should accept a token expired within the clock tolerance', async () => {
    expect(await sut().verify(await sign({ exp: now() - 5 }))).toBeDefined();
  });

  it.each([
    ['expired', async () => sign({ exp: now() - 120 })],
    ['not yet valid', async () => sign({ nbf: now() + 120 })],
    ['from another issuer', async () => sign({ iss: 'https://evil.example.org' })],
    ['for another audience', async () => sign({ aud: 'other-api' })],
    ['signed by another key under a known kid', async () => sign({ key: keys.other, kid: 'ec-1' })],
    ['signed by an unknown key', async () => sign({ key: keys.other, kid: 'ec-9' })],
    ['unsigned (alg none)', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'app-1', exp: now() + 300, scope: 'system/*.rs' })}.`],
    [
      'HMAC-signed with the public key as secret',
      async () => new SignJWT({ scope: 'system/*.rs' }).setProtectedHeader({ alg: 'HS256', kid: 'ec-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('x').setExpirationTime(now() + 300).sign(new TextEncoder().encode(JSON.stringify(keys.jwks.keys[1]))),
    ],
    ['with a tampered payload', async () => {
      const [h, , s] = (await sign()).split('.');
      return `${h}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'app-1', exp: now() + 300, scope: 'system/*.cruds' })}.${s}`;
    }],
    ['without an expiry', async () => new SignJWT({ scope: 'system/*.rs' }).setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('x').sign(keys.ec)],
    ['for a patient role without a launch patient', async () => sign({ claims: { role: 'patient', patient: undefined, scope: 'user/Observation.rs' } })],
  ])('should resolve no principal for a token %s', async (_, make) => {
    expect(await sut().verify(await make())).toBeUndefined();
  });

  it('should let requireAccess answer 403 when the scope does not grant the permission', async () => {
    const principal = await sut().verify(await sign({ claims: { scope: 'patient/Observation.c' } }));
    expect(principal).toBeDefined();
    expect(() => requireAccess(principal, Permission.ObservationWrite, 'p-1')).not.toThrow();
    expect(() => requireAccess(principal, Permission.ObservationRead, 'p-1')).toThrow(expect.objectContaining({ code: AccessErrorCode.PermissionNotGranted }) as Error);
  });

  it('should never widen a role: a device token asking for system/*.rs still cannot read', async () => {
    const principal = await sut().verify(await sign({ claims: { role: 'device', scope: 'system/*.rs patient/Observation.c' } }));
    expect(() => requireAccess(principal, Permission.ObservationRead, 'p-1')).toThrow(expect.objectContaining({ code: AccessErrorCode.PermissionNotGranted }) as Error);
  });
});

function contextOf(req: Partial<AuthenticatedRequest>): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}) }) } as unknown as ExecutionContext;
}

describe('BearerAuthGuard with OpenID Connect', () => {
  const registry = new TokenRegistry(new Map([[hashToken('file-token'), { id: 'device:1', role: Role.Device, patients: ['p-1'] }]]));

  it('should send a JWT to the verifier and any other token to the token file', async () => {
    const guard = new BearerAuthGuard(registry, undefined, sut());
    const jwtReq = { headers: { authorization: `Bearer ${await sign()}` } } as Partial<AuthenticatedRequest>;
    expect(await guard.canActivate(contextOf(jwtReq))).toBe(true);
    expect(jwtReq[PRINCIPAL_KEY]?.id).toBe('oidc:app-1');
    const fileReq = { headers: { authorization: 'Bearer file-token' } } as Partial<AuthenticatedRequest>;
    expect(await guard.canActivate(contextOf(fileReq))).toBe(true);
    expect(fileReq[PRINCIPAL_KEY]?.id).toBe('device:1');
  });

  it('should still find a dotted token of the token file', async () => {
    const dotted = new TokenRegistry(new Map([[hashToken('abc.def.ghi'), { id: 'service:feed', role: Role.Service, patients: '*' }]]));
    const req = { headers: { authorization: 'Bearer abc.def.ghi' } } as Partial<AuthenticatedRequest>;
    expect(await new BearerAuthGuard(dotted, undefined, sut()).canActivate(contextOf(req))).toBe(true);
    expect(req[PRINCIPAL_KEY]?.id).toBe('service:feed');
  });

  it('should answer 401 for a bad JWT, and for any JWT when no verifier is bound', async () => {
    const bad = { headers: { authorization: `Bearer ${await sign({ aud: 'other' })}` } } as Partial<AuthenticatedRequest>;
    await expect(new BearerAuthGuard(registry, undefined, sut()).canActivate(contextOf(bad))).rejects.toThrow(AccessDeniedError);
    const good = { headers: { authorization: `Bearer ${await sign()}` } } as Partial<AuthenticatedRequest>;
    await expect(new BearerAuthGuard(registry).canActivate(contextOf(good))).rejects.toMatchObject({ code: AccessErrorCode.Unauthenticated });
  });
});

describe(looksLikeJwt.name, () => {
  it('should tell a compact JWS from an opaque token', () => {
    expect(looksLikeJwt('eyJh.eyJz.c2ln')).toBe(true);
    expect(looksLikeJwt('eyJh.eyJz.')).toBe(true);
    expect(looksLikeJwt('bm90IGEgand0')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
  });
});
