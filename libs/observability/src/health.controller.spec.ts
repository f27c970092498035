import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { HealthController, type HealthCheck } from './health.controller';
import { ReadinessState } from './readiness.state';

function response(): { res: Response; sent: { status?: number; body?: unknown; headers: Record<string, string> } } {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const res = {
    set: (k: string, v: string) => ((sent.headers[k] = v), res),
    status: (s: number) => ((sent.status = s), res),
    json: (b: unknown) => ((sent.body = b), res),
  };
  return { res: res as unknown as Response, sent };
}

const up: HealthCheck = { name: 'database', check: async () => undefined };
const down: HealthCheck = { name: 'bus', check: async () => Promise.reject(new Error('broker gone')) };

describe(HealthController.name, () => {
  it('should answer 503 starting, naming every dependency down, before the process is marked ready', async () => {
    const sut = new HealthController(new ReadinessState(), [up]);
    const { res, sent } = response();
    await sut.ready(res);
    expect([sent.status, sent.body, sent.headers['Retry-After']]).toEqual([503, { status: 'starting', checks: { database: 'down' } }, '5']);
  });

  it('should answer 503 naming the dependency that is down, and 200 when all are up', async () => {
    const ready = new ReadinessState();
    ready.markReady();
    const failing = response();
    await new HealthController(ready, [up, down]).ready(failing.res);
    expect([failing.sent.status, failing.sent.body]).toEqual([503, { status: 'unavailable', checks: { database: 'up', bus: 'down' } }]);
    const ok = response();
    await new HealthController(ready, [up]).ready(ok.res);
    expect([ok.sent.status, ok.sent.body]).toEqual([200, { status: 'ready', checks: { database: 'up' } }]);
  });

  it('should be live whatever the dependencies', () => {
    expect(new HealthController(new ReadinessState(), [down]).live()).toEqual({ status: 'ok' });
  });
});
