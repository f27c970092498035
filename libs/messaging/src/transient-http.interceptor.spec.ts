import { ServiceUnavailableException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { lastValueFrom, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RETRY_AFTER_S, RetryLaterException, TransientHttpInterceptor } from './transient-http.interceptor';

function httpContext(): { ctx: ExecutionContext; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const res = { set: (k: string, v: string) => void (headers[k] = v) };
  const ctx = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res }) } as unknown as ExecutionContext;
  return { ctx, headers };
}

const failing = (error: unknown): CallHandler => ({ handle: () => throwError(() => error) });

describe(TransientHttpInterceptor.name, () => {
  it('should answer 503 with Retry-After when the database is unreachable', async () => {
    const sut = new TransientHttpInterceptor();
    const { ctx, headers } = httpContext();
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const outcome = lastValueFrom(sut.intercept(ctx, failing(down)));
    await expect(outcome).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(outcome).rejects.not.toThrow(/ECONNREFUSED|5432/);
    expect(headers).toEqual({ 'Retry-After': String(RETRY_AFTER_S) });
  });

  it("should give a route's own 503 (RetryLaterException) its Retry-After, and a plain 503 none", async () => {
    const sut = new TransientHttpInterceptor();
    const busy = new RetryLaterException('the simulations are busy', 30);
    const first = httpContext();
    await expect(lastValueFrom(sut.intercept(first.ctx, failing(busy)))).rejects.toBe(busy);
    expect(first.headers).toEqual({ 'Retry-After': '30' });
    const second = httpContext();
    const unconfigured = new ServiceUnavailableException('no database is configured');
    await expect(lastValueFrom(sut.intercept(second.ctx, failing(unconfigured)))).rejects.toBe(unconfigured);
    expect(second.headers).toEqual({});
  });

  it('should leave other errors to their own filters when they are not the infrastructure\'s', async () => {
    const sut = new TransientHttpInterceptor();
    const { ctx, headers } = httpContext();
    const bad = new RangeError('value out of range');
    await expect(lastValueFrom(sut.intercept(ctx, failing(bad)))).rejects.toBe(bad);
    expect(headers).toEqual({});
  });
});
