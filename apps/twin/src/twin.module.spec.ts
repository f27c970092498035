import { AccessDeniedError, Role, type Principal } from '@shuji/access';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, NotFoundException, BadRequestException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { decodeMessage, encodeMessage, MedicationAdministeredSchema, ObservationRecordedSchema, SCHEMA_VERSION, toTimestamp, Topics, TwinUpdatedSchema } from '@shuji/contracts';
import { EventPublisher, type BusClient, type OutgoingMessage } from '@shuji/messaging';
import { uvaPadovaSubjects } from '@shuji/models';
import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TwinInputsConsumer } from './twin-inputs.consumer';
import { TwinController } from './twin.controller';
import { TwinModule } from './twin.module';

const admin: Principal = { id: 'test-admin', role: Role.Admin, patients: '*' };

const sent: { topic: string; message: OutgoingMessage }[] = [];
const fakeClient: BusClient = {
  emit: (topic: string, message: OutgoingMessage) => {
    sent.push({ topic, message });
    return of(undefined);
  },
  connect: () => Promise.resolve(),
  close: () => Promise.resolve(),
} as unknown as BusClient;

@Global()
@Module({ providers: [{ provide: EventPublisher, useValue: new EventPublisher(fakeClient) }], exports: [EventPublisher] })
class FakeBusModule {}

const start = Date.UTC(2026, 0, 5, 6);
const header = (id: string, minutes: number) => ({
  eventId: id,
  schemaVersion: SCHEMA_VERSION,
  patientId: 'p-1',
  effectiveTime: toTimestamp(new Date(start + minutes * 60_000)),
});

describe(TwinModule.name, () => {
  it('should consume observations and doses, publish TwinUpdated and serve the twin and its forecast', async () => {
    const prior = uvaPadovaSubjects()[10].parameters;
    const app = await Test.createTestingModule({
      imports: [FakeBusModule, TwinModule.forRoot({ priorOf: () => Promise.resolve(prior), settings: { ensembleSize: 8 } })],
    }).compile();
    const consumer = app.get(TwinInputsConsumer);
    const sut = app.get(TwinController);
    await expect(sut.get(admin, 'p-1')).rejects.toBeInstanceOf(NotFoundException);
    await consumer.onMedication(
      encodeMessage(MedicationAdministeredSchema, { header: header('bolus-1', 10), medication: { system: 'atc', code: 'A10AB05' }, doseValue: 2, doseUnit: '[IU]' }),
    );
    for (let k = 0; k < 12; k++) {
      const value = encodeMessage(ObservationRecordedSchema, {
        header: header(`cgm-${k}`, 5 * k),
        code: { system: 'http://loinc.org', code: '99504-3' },
        value: { case: 'numericValue', value: 140 - k },
        unit: 'mg/dL',
      });
      await consumer.onObservation(value);
      if (k === 3) await consumer.onObservation(value); // a redelivery
    }
    const updates = sent.filter((s) => s.topic === Topics.twinUpdated).map((s) => decodeMessage(TwinUpdatedSchema, s.message.value));
    expect(updates).toHaveLength(14);
    expect(updates.map((u) => Number(u.revision))).toEqual([1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(updates.at(-1)?.state.find((v) => v.name === 'Vmx')?.sd).toBeGreaterThan(0);

    const twin = await sut.get(admin, 'p-1');
    await expect(sut.get({ id: 'patient:p-2', role: Role.Patient, patients: ['p-2'] }, 'p-1')).rejects.toBeInstanceOf(AccessDeniedError);
    expect(twin.revision).toBe(13);
    expect(twin.dataCoverage).toEqual([{ loinc: '99504-3', count: 12, first: new Date(start).toISOString(), last: new Date(start + 55 * 60_000).toISOString() }]);
    const forecast = await sut.forecast(admin, 'p-1', '99504-3', undefined, '30', undefined, undefined);
    expect(forecast.points.map((p) => p.horizonMin)).toEqual([5, 10, 15, 20, 25, 30]);
    // the default is the hybrid where the FM forecasts (30 min); below, with under 2 h of readings for its ridge, the twin
    expect(forecast).toMatchObject({ patientId: 'p-1', code: '99504-3', revision: 13, requestedMethod: 'hybrid', method: 'hybrid', foundationModel: 'shuji-fm-v2' });
    expect(forecast.fallbackReason).toBeUndefined();
    expect(forecast.points.map((p) => p.method)).toEqual(['twin', 'twin', 'twin', 'twin', 'twin', 'hybrid']);
    expect(forecast.points[5].mean).toBe(forecast.points[5].q50);
    for (const p of forecast.points) {
      expect(p.q10).toBeLessThanOrEqual(p.q50);
      expect(p.q50).toBeLessThanOrEqual(p.q90);
      expect(p.mean).toBeGreaterThan(60);
      expect(p.mean).toBeLessThan(250);
    }
    const twinOnly = await sut.forecast(admin, 'p-1', '99504-3', undefined, '30', undefined, 'twin');
    expect(twinOnly).toMatchObject({ requestedMethod: 'twin', method: 'twin', foundationModel: null });
    expect(twinOnly.points.every((p) => p.method === 'twin')).toBe(true);
    expect(twinOnly.points.slice(0, 5)).toEqual(forecast.points.slice(0, 5)); // same twin draws (keyed by revision)
    const short = await sut.forecast(admin, 'p-1', '99504-3', undefined, '20', undefined, undefined);
    expect(short).toMatchObject({ method: 'twin', fallbackReason: expect.stringMatching(/no 99504-3 forecast at these horizons and the ridge ARX none yet/) });
    await expect(sut.forecast(admin, 'p-1', '', undefined, '30', undefined, undefined)).rejects.toBeInstanceOf(BadRequestException);
    await expect(sut.forecast(admin, 'p-1', '99504-3', undefined, '-5', undefined, undefined)).rejects.toBeInstanceOf(BadRequestException);
    await expect(sut.forecast(admin, 'p-1', '99504-3', undefined, '30', undefined, 'fm')).rejects.toBeInstanceOf(BadRequestException);
    await expect(sut.forecast(admin, 'p-1', '99504-3', undefined, '30', '2', undefined)).rejects.toThrow(/give one of them/);
    await expect(sut.forecast(admin, 'p-1', '99504-3', undefined, undefined, '400', undefined)).rejects.toThrow(/horizon_days/);
    const daily = await sut.forecast(admin, 'p-1', '99504-3', undefined, undefined, '2', 'twin');
    expect(daily.points.map((p) => p.horizonMin)).toEqual([1440, 2880]);
    const iso = await sut.forecast(admin, 'p-1', '99504-3', 'P2D', undefined, undefined, 'twin');
    expect(iso.points).toEqual(daily.points);
    expect((await sut.forecast(admin, 'p-1', '99504-3', 'PT30M', undefined, undefined, 'twin')).points).toEqual(twinOnly.points);
    await expect(sut.forecast(admin, 'p-1', '99504-3', 'P1Y', undefined, undefined, undefined)).rejects.toThrow(/horizon: must be an ISO 8601 duration/);
    await expect(sut.forecast(admin, 'p-1', '99504-3', 'PT36H', undefined, undefined, undefined)).rejects.toThrow(/at most PT24H/);
    await expect(sut.forecast(admin, 'p-1', '99504-3', 'P400D', undefined, undefined, undefined)).rejects.toThrow(/at most P365D/);
    await expect(sut.forecast(admin, 'p-1', '99504-3', 'P2D', '30', undefined, undefined)).rejects.toThrow(/give one of them/);
    await app.close();
  });

  it('should answer a person without insulin with the personal forecast, which needs no foundation model, when none can be loaded', async () => {
    const prior = uvaPadovaSubjects()[3].parameters;
    const app = await Test.createTestingModule({
      imports: [
        FakeBusModule,
        TwinModule.forRoot({ priorOf: () => Promise.resolve(prior), settings: { ensembleSize: 8 }, foundationModelDir: join(tmpdir(), 'no-such-model') }),
      ],
    }).compile();
    const consumer = app.get(TwinInputsConsumer);
    const sut = app.get(TwinController);
    for (let k = 0; k < 4; k++) {
      await consumer.onObservation(
        encodeMessage(ObservationRecordedSchema, {
          header: header(`cgm-b-${k}`, 5 * k),
          code: { system: 'http://loinc.org', code: '99504-3' },
          value: { case: 'numericValue', value: 120 },
          unit: 'mg/dL',
        }),
      );
    }
    const forecast = await sut.forecast(admin, 'p-1', '99504-3', undefined, '60', undefined, 'hybrid');
    // CGM alone: the damped-trend twin, whose default forecast is the Kalman filter with the personal correction
    expect(forecast).toMatchObject({ requestedMethod: 'hybrid', method: 'hybrid', foundationModel: null, personalModel: expect.stringContaining('personal-cgm-forecast@3') as unknown });
    expect(forecast.fallbackReason).toBeUndefined();
    expect(forecast.points).toHaveLength(12);
    expect(forecast.points.every((p) => p.method === 'hybrid' && p.q10 <= p.mean && p.mean <= p.q90)).toBe(true);
    const twin = await sut.forecast(admin, 'p-1', '99504-3', undefined, '60', undefined, 'twin');
    expect(twin).toMatchObject({ method: 'twin', foundationModel: null });
    await app.close();
  });
});
