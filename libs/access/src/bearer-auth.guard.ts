import { HttpException, HttpStatus, Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessDeniedError, AccessErrorCode } from './access-denied.error';
import { looksLikeJwt, OidcTokenVerifier } from './oidc-token-verifier';
import type { Principal } from './principal';
import { RateLimiter } from './rate-limiter';
import { TokenRegistry } from './token-registry';

/** Where the guard leaves the resolved principal on the request. */
export const PRINCIPAL_KEY = Symbol('shuji.principal');
export type AuthenticatedRequest = Request & { [PRINCIPAL_KEY]?: Principal };

/**
 * Authentication only (RFC 6750 bearer token → principal); authorisation is requireAccess in the services.
 * A JWT goes to the bound OidcTokenVerifier (OpenID Connect, SMART scopes), any other token (and a JWT it refuses)
 * to the token file's registry. Without a bound registry or verifier every such token is refused (fail closed).
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Optional() @Inject(TokenRegistry) private readonly registry?: TokenRegistry,
    @Optional() @Inject(RateLimiter) private readonly limiter?: RateLimiter,
    @Optional() @Inject(OidcTokenVerifier) private readonly oidc?: OidcTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers.authorization);
    // a token file may hold a dotted token too: what no issuer vouches for is still looked up there
    const principal = (token !== undefined && looksLikeJwt(token) ? await this.oidc?.verify(token) : undefined) ?? this.registry?.resolve(token);
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
