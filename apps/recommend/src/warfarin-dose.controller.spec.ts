import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AccessModule, hashToken, Role, TokenRegistry } from '@shuji/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../../../test/support/http.testing';
import { RecommendModule } from './recommend.module';
import { WarfarinDoseController } from './warfarin-dose.controller';

const valid = {
  age_years: 65,
  height_cm: 170,
  weight_kg: 75,
  cyp2c9: '*1/*3',
  vkorc1_1639: 'A/G',
  race: 'white',
  amiodarone: false,
  enzyme_inducer: false,
  target_inr: 2.5,
};

describe(WarfarinDoseController.name, () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    // a patient of someone else entirely: the calculator reads no personal data, so any principal may use it
    const registry = new TokenRegistry(new Map([[hashToken('patient-token'), { id: 'patient:z9', role: Role.Patient, patients: ['z9'] }]]));
    const moduleRef = await Test.createTestingModule({ imports: [AccessModule.forRoot(registry), RecommendModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/v1/calculators/warfarin-dose`;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should answer 200 with the dose, its interval and what it rests on when the request is valid', async () => {
    const sut = await postJson(url, valid, 'application/json', 'patient-token');
    expect(sut.status).toBe(200);
    const body = sut.body as { weekly_dose_mg: number; interval: [number, number]; rests_on: { model: { id: string }; genotypes: unknown[] } };
    expect(body.weekly_dose_mg).toBeGreaterThan(5);
    expect(body.weekly_dose_mg).toBeLessThan(100);
    expect(body.interval[0]).toBeLessThan(body.weekly_dose_mg);
    expect(body.interval[1]).toBeGreaterThan(body.weekly_dose_mg);
    expect(body.rests_on.model.id).toBe('hamberg-warfarin');
    expect(body.rests_on.genotypes).toEqual([{ cyp2c9: '*1/*3', vkorc1_1639: 'G/A', probability: 1, weekly_dose_mg: expect.any(Number) }]);
  });

  it('should answer 401 without a bearer token', async () => {
    expect((await postJson(url, valid)).status).toBe(401);
    expect((await postJson(url, valid, 'application/json', 'not-a-token')).status).toBe(401);
  });

  const refusals: [string, Record<string, unknown>][] = [
    ['weight_kg', { weight_kg: 2000 }],
    ['cyp2c9', { cyp2c9: '*4/*1' }],
    ['vkorc1_1639', { vkorc1_1639: 'T/T/T' }],
    ['target_inr', { target_inr: 5 }],
    ['race', { race: 'unknown-race' }],
  ];
  for (const [field, change] of refusals) {
    it(`should answer 400 naming ${field} when it is ${JSON.stringify(change[field])}`, async () => {
      const sut = await postJson(url, { ...valid, ...change }, 'application/json', 'patient-token');
      expect(sut.status).toBe(400);
      expect(sut.body).toMatchObject({ statusCode: 400, field, message: expect.stringMatching(new RegExp(`^${field}: `)) });
    });
  }
});
