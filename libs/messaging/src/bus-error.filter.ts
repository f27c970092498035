import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter replaces any non-RpcException with "Internal server error". The bus
 * servers need the original error (its class decides retry vs. dead-letter, its message becomes
 * the DLQ reason), so consumers register this filter and errors pass through unchanged.
 */
@Catch()
export class BusErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
