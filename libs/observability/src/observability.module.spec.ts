import 'reflect-metadata';
import { Controller, Get, Global, Module, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessModule, hashToken, Role, TokenRegistry } from '@shuji/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markReady, ObservabilityModule } from './observability.module';
import { buildOpenApiDocument } from './openapi.util';

const PROBE = Symbol('PROBE');
let lagListener: ((lag: { group: string; topic: string; partition: number; messages: number }) => void) | undefined;

@Controller('things')
class ThingsController {
  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Global()
@Module({ providers: [{ provide: PROBE, useValue: { check: async () => undefined } }], exports: [PROBE] })
class ProbeModule {}

const registry = new TokenRegistry(
  new Map([
    [hashToken('scraper'), { id: 'service:prometheus', role: Role.Service, patients: '*' as const }],
    [hashToken('device'), { id: 'device:1', role: Role.Device, patients: ['p-1'] }],
  ]),
);

let app: INestApplication;
let url: string;

beforeAll(async () => {
  @Module({
    imports: [
      ProbeModule,
      AccessModule.forRoot(registry),
      ObservabilityModule.forRoot({ checks: { database: PROBE }, consumerLag: (listener) => ((lagListener = listener), () => (lagListener = undefined)) }),
    ],
    controllers: [ThingsController],
  })
  class AppModule {}
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  markReady(app);
  url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => app?.close());

const get = (path: string, token?: string): Promise<Response> => fetch(`${url}${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

describe(ObservabilityModule.name, () => {
  it('should serve liveness and readiness from the bound checks once marked ready', async () => {
    expect(await (await get('/health/live')).json()).toEqual({ status: 'ok' });
    expect(await (await get('/health/ready')).json()).toEqual({ status: 'ready', checks: { database: 'up' } });
  });

  it('should count requests by route template, and serve the metrics to a principal with metrics.read only', async () => {
    await get('/things/p-123');
    await get('/things/p-456');
    await get('/nowhere/p-789');
    lagListener?.({ group: 'shuji-twin', topic: 'shuji.observation.recorded.v1', partition: 2, messages: 17 });
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', 'device')).status).toBe(403);
    const res = await get('/metrics', 'scraper');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('shuji_http_request_duration_seconds_count{method="GET",route="/things/:id",status="200"} 2');
    expect(text).toContain('shuji_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain('shuji_consumer_lag_messages{group="shuji-twin",topic="shuji.observation.recorded.v1",partition="2"} 17');
    for (const id of ['p-123', 'p-456', 'p-789']) expect(text).not.toContain(id);
  });

  it('should describe its routes in an OpenAPI 3.1 document with the bearer scheme', () => {
    const doc = buildOpenApiDocument(app, 'test');
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/health/live', '/health/ready', '/metrics', '/things/{id}']);
    expect(doc.components?.securitySchemes?.['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/metrics']?.get?.security).toEqual([{ bearer: [] }]);
  });
});
