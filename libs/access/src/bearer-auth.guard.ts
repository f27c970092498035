import { HttpException, HttpStatus, Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessDeniedError, AccessErrorCode } from './access-denied.error';
import type { Principal } from './principal';
import { RateLimiter } from './rate-limiter';
import { TokenRegistry } from './token-registry';

/** Where the guard leaves the resolved principal on the request. */
export const PRINCIPAL_KEY = Symbol('shuji.principal');
export type AuthenticatedRequest = Request & { [PRINCIPAL_KEY]?: Principal };

/**
 * Authentication only (RFC 6750 bearer token → principal); authorisation is requireAccess in the services.
 * Without a bound registry every request is refused (fail closed).
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Optional() @Inject(TokenRegistry) private readonly registry?: TokenRegistry,
    @Optional() @Inject(RateLimiter) private readonly limiter?: RateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = this.registry?.resolve(bearerToken(req.headers.authorization));
    if (principal === undefined) {
      // requests without a valid token share one bucket per client address, taken before the refusal is audited,
      // so an anonymous flood gets 429s instead of filling the audit log
      const decision = this.limiter?.take(`anonymous:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`);
      if (decision !== undefined && !decision.ok) {
        context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSec));
        throw new HttpException('too many requests without a valid token: retry later', HttpStatus.TOO_MANY_REQUESTS);
      }
      throw new AccessDeniedError(AccessErrorCode.Unauthenticated);
    }
    req[PRINCIPAL_KEY] = principal;
    return true;
  }
}

/** RFC 6750 §2.1: `Authorization: Bearer <token>`, scheme case-insensitive. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
