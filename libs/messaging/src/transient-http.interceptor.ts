import { Injectable, Logger, ServiceUnavailableException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, type Observable } from 'rxjs';
import { isTransientInfrastructureError } from './transient-error';

/** Seconds a client is asked to wait before retrying a request refused for an outage. */
export const RETRY_AFTER_S = 5;

/**
 * At the HTTP edge, a failure of the infrastructure (database or bus down) is the server's temporary state, not the
 * request's fault: answer 503 with Retry-After, so a client retries a write instead of taking a bare 500 (or a 202
 * for something not made durable). The error's own text stays in the server log only.
 */
@Injectable()
export class TransientHttpInterceptor implements NestInterceptor {
  private readonly logger = new Logger(TransientHttpInterceptor.name);

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (context.getType() !== 'http' || !isTransientInfrastructureError(error)) throw error;
        this.logger.warn(`request refused with 503: infrastructure unavailable (${error instanceof Error ? error.name : 'error'})`);
        context.switchToHttp().getResponse<Response>().set('Retry-After', String(RETRY_AFTER_S));
        throw new ServiceUnavailableException('the database or the message bus is unavailable; nothing was stored, retry later');
      }),
    );
  }
}
