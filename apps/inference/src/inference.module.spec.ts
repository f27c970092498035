import { AccessDeniedError, Role } from '@shuji/access';
import { Global, Module, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventPublisher, type BusClient } from '@shuji/messaging';
import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ForecastController } from './forecast.controller';
import { loadConfig } from '@shuji/config';
import { inferenceConfigFrom } from './inference-config';
import { InferenceModule } from './inference.module';

const fakeClient = { emit: () => of(undefined) } as unknown as BusClient;

@Global()
@Module({ providers: [{ provide: EventPublisher, useValue: new EventPublisher(fakeClient) }], exports: [EventPublisher] })
class FakeBusModule {}

describe(InferenceModule.name, () => {
  it('should wire the model, the service and the controller, answering 404 for an unknown person', async () => {
    const app = await Test.createTestingModule({ imports: [FakeBusModule, InferenceModule.forRoot(inferenceConfigFrom(loadConfig({})))] }).compile();
    const sut = app.get(ForecastController);
    expect(() => sut.latest({ id: 'test-admin', role: Role.Admin, patients: '*' }, 'nobody')).toThrow(NotFoundException);
    expect(() => sut.latest({ id: 'patient:p-2', role: Role.Patient, patients: ['p-2'] }, 'nobody')).toThrow(AccessDeniedError);
    await app.close();
  });
});

describe(inferenceConfigFrom.name, () => {
  it('should default to cpu, one session of one intra-op thread, batches of up to 256 within 2 ms', () => {
    const sut = inferenceConfigFrom(loadConfig({}));
    expect(sut).toMatchObject({ provider: 'cpu', threads: 1, sessions: 1, maxBatch: 256, maxWaitMs: 2, port: 3002 });
  });

  it('should take the number of side-by-side sessions from SHUJI_FM_SESSIONS and refuse 0', () => {
    expect(inferenceConfigFrom(loadConfig({ SHUJI_FM_SESSIONS: '2' })).sessions).toBe(2);
    expect(() => loadConfig({ SHUJI_FM_SESSIONS: '0' })).toThrow(/SHUJI_FM_SESSIONS/);
  });

  it('should fail fast naming every bad variable', () => {
    expect(() => loadConfig({ SHUJI_FM_PROVIDER: 'tpu', SHUJI_FM_THREADS: '0' })).toThrow(/SHUJI_FM_PROVIDER[\s\S]*SHUJI_FM_THREADS/);
  });
});
