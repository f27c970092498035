import { Injectable, Logger, ServiceUnavailableException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, type Observable } from 'rxjs';
import { isTransientInfrastructureError } from './transient-error';

/** Seconds a client is asked to wait before retrying a request refused for an outage. */
export const RETRY_AFTER_S = 5;

/**
 * A 503 that the client should retry after `retryAfterSec` (RFC 9110 §10.2.3): the edge's mapping of a domain error
 * that is the server's temporary state (the bus refused a dispatch, the simulations too busy to re-run in time).
 * TransientHttpInterceptor sets the header, so every such answer carries it from one place.
 */
export class RetryLaterException extends ServiceUnavailableException {
  constructor(
    message: string,
    readonly retryAfterSec: number = RETRY_AFTER_S,
  ) {
    super(message);
  }
}

function outage(logger: Logger, error: unknown): RetryLaterException {
  logger.warn(`request refused with 503: infrastructure unavailable (${error instanceof Error ? error.name : 'error'})`);
  return new RetryLaterException('the database or the message bus is unavailable; nothing was stored, retry later');
}

/**
 * At the HTTP edge, a failure of the infrastructure (database or bus down) is the server's temporary state, not the
 * request's fault: answer 503 with Retry-After, so a client retries a write instead of taking a bare 500 (or a 202
 * for something not made durable). The error's own text stays in the server log only. A RetryLaterException thrown
 * by a route's error mapping gets its Retry-After here too.
 */
@Injectable()
export class TransientHttpInterceptor implements NestInterceptor {
  private readonly logger = new Logger(TransientHttpInterceptor.name);

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (context.getType() !== 'http') throw error;
        const refusal = error instanceof RetryLaterException ? error : isTransientInfrastructureError(error) ? outage(this.logger, error) : undefined;
        if (refusal === undefined) throw error;
        context.switchToHttp().getResponse<Response>().set('Retry-After', String(refusal.retryAfterSec));
        throw refusal;
      }),
    );
  }
}
