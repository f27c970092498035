import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, AccessErrorCode } from './access-denied.error';
import { BearerAuthGuard, bearerToken, PRINCIPAL_KEY, type AuthenticatedRequest } from './bearer-auth.guard';
import { Role } from './principal';
import { hashToken, TokenRegistry } from './token-registry';

function contextOf(req: Partial<AuthenticatedRequest>): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
}

const registry = new TokenRegistry(new Map([[hashToken('tok'), { id: 'clinician:ward-3', role: Role.Clinician, patients: ['p-1'] }]]));

describe(BearerAuthGuard.name, () => {
  it('should attach the principal when the bearer token is known', () => {
    const sut = new BearerAuthGuard(registry);
    const req = { headers: { authorization: 'Bearer tok' } } as Partial<AuthenticatedRequest>;
    expect(sut.canActivate(contextOf(req))).toBe(true);
    expect(req[PRINCIPAL_KEY]?.id).toBe('clinician:ward-3');
  });

  it.each([['missing', undefined], ['unknown', 'Bearer nope'], ['another scheme', 'Basic dG9rOg==']])('should throw unauthenticated when the token is %s', (_, authorization) => {
    const sut = new BearerAuthGuard(registry);
    const req = { headers: authorization === undefined ? {} : { authorization } } as Partial<AuthenticatedRequest>;
    expect(() => sut.canActivate(contextOf(req))).toThrow(AccessDeniedError);
    expect(req[PRINCIPAL_KEY]).toBeUndefined();
  });

  it('should fail closed when no registry is bound', () => {
    const sut = new BearerAuthGuard(undefined);
    expect(() => sut.canActivate(contextOf({ headers: { authorization: 'Bearer tok' } } as Partial<AuthenticatedRequest>))).toThrow(expect.objectContaining({ code: AccessErrorCode.Unauthenticated }) as Error);
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
