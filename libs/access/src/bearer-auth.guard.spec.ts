import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, AccessErrorCode } from './access-denied.error';
import { BearerAuthGuard, bearerToken, PRINCIPAL_KEY, type AuthenticatedRequest } from './bearer-auth.guard';
import { Role } from './principal';
import { RateLimiter } from './rate-limiter';
import { hashToken, TokenRegistry } from './token-registry';

function contextOf(req: Partial<AuthenticatedRequest>, headers: Record<string, string> = {}): ExecutionContext {
  const res = { setHeader: (k: string, v: string) => void (headers[k] = v) };
  return { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ExecutionContext;
}

const registry = new TokenRegistry(new Map([[hashToken('tok'), { id: 'clinician:ward-3', role: Role.Clinician, patients: ['p-1'] }]]));

describe(BearerAuthGuard.name, () => {
  it('should attach the principal when the bearer token is known', async () => {
    const sut = new BearerAuthGuard(registry);
    const req = { headers: { authorization: 'Bearer tok' } } as Partial<AuthenticatedRequest>;
    expect(await sut.canActivate(contextOf(req))).toBe(true);
    expect(req[PRINCIPAL_KEY]?.id).toBe('clinician:ward-3');
  });

  it.each([['missing', undefined], ['unknown', 'Bearer nope'], ['another scheme', 'Basic dG9rOg==']])('should throw unauthenticated when the token is %s', async (_, authorization) => {
    const sut = new BearerAuthGuard(registry);
    const req = { headers: authorization === undefined ? {} : { authorization } } as Partial<AuthenticatedRequest>;
    await expect(sut.canActivate(contextOf(req))).rejects.toThrow(AccessDeniedError);
    expect(req[PRINCIPAL_KEY]).toBeUndefined();
  });

  it('should answer 429 instead of an audited 401 when one address floods without a valid token', async () => {
    const sut = new BearerAuthGuard(registry, new RateLimiter({ perSecond: 1, burst: 2 }));
    const from = (ip: string) => ({ headers: {}, ip }) as unknown as Partial<AuthenticatedRequest>;
    const headers: Record<string, string> = {};
    await expect(sut.canActivate(contextOf(from('10.0.0.1')))).rejects.toThrow(AccessDeniedError);
    await expect(sut.canActivate(contextOf(from('10.0.0.1')))).rejects.toThrow(AccessDeniedError);
    await expect(sut.canActivate(contextOf(from('10.0.0.1'), headers))).rejects.toMatchObject({ status: 429 });
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    await expect(sut.canActivate(contextOf(from('10.0.0.2')))).rejects.toThrow(AccessDeniedError);
    expect(await sut.canActivate(contextOf({ headers: { authorization: 'Bearer tok' }, ip: '10.0.0.1' } as unknown as Partial<AuthenticatedRequest>))).toBe(true);
  });

  it('should fail closed when no registry is bound', async () => {
    const sut = new BearerAuthGuard(undefined);
    await expect(sut.canActivate(contextOf({ headers: { authorization: 'Bearer tok' } } as Partial<AuthenticatedRequest>))).rejects.toMatchObject({ code: AccessErrorCode.Unauthenticated });
  });
});

describe(bearerToken.name, () => {
  it('should read the token of an RFC 6750 header with any scheme case', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
