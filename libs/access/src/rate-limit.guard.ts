import { HttpException, HttpStatus, Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { PRINCIPAL_KEY, type AuthenticatedRequest } from './bearer-auth.guard';
import { RateLimiter } from './rate-limiter';

/**
 * Per-principal rate limit, after BearerAuthGuard (`@UseGuards(BearerAuthGuard, RateLimitGuard)`): 429 with
 * Retry-After (RFC 6585 §4, RFC 9110 §10.2.3) once a principal's bucket is empty. Without a bound RateLimiter, no limit.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(@Optional() @Inject(RateLimiter) private readonly limiter?: RateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>()[PRINCIPAL_KEY];
    if (this.limiter === undefined || principal === undefined) return true;
    const decision = this.limiter.take(principal.id);
    if (decision.ok) return true;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(decision.retryAfterSec));
    throw new HttpException(`rate limit of ${this.limiter.options.perSecond} requests per second (burst ${this.limiter.options.burst}) exceeded: retry after ${decision.retryAfterSec} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
