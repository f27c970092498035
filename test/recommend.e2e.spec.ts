import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '@shuji/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type RunningPlatform } from '../apps/platform/src/index';
import { writeTestTokens } from './support/access-tokens.testing';
import { postJson } from './support/http.testing';

/** The warfarin calculator through the embedded platform (issue 15): body parsing, bearer guard, 200 and 400. */
const access = writeTestTokens({ device: { id: 'device:d1', role: Role.Device, patients: ['r1'] } });
const dataDir = mkdtempSync(join(tmpdir(), 'shuji-rec-'));
let platform: RunningPlatform;
let url: string;

beforeAll(async () => {
  platform = await startPlatform({ SHUJI_ACCESS_TOKENS_FILE: access.file, SHUJI_DATA_DIR: dataDir, PORT: '0', SHUJI_DEMO: 'false' });
  url = `${platform.url.replace('localhost', '127.0.0.1')}/v1/calculators/warfarin-dose`;
}, 180_000);

afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const request = {
  age_years: 58,
  height_cm: 180,
  weight_kg: 90,
  cyp2c9: null,
  vkorc1_1639: 'A/A',
  race: 'asian',
  amiodarone: true,
  enzyme_inducer: false,
  target_inr: 2.5,
};

describe('POST /v1/calculators/warfarin-dose (embedded platform)', () => {
  it('should answer the same dose twice to any authenticated principal, with the mixture it rests on', async () => {
    const first = await postJson(url, request, 'application/json', access.tokens.device);
    const second = await postJson(url, request, 'application/json', access.tokens.admin);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const body = first.body as { weekly_dose_mg: number; rests_on: { genotypes: { cyp2c9: string }[]; clearance_factors: { drug: string }[] } };
    // East Asian ancestry carries no CYP2C9*2 in the frequency table: three CYP2C9 genotypes remain
    expect(body.rests_on.genotypes.map((g) => g.cyp2c9).sort()).toEqual(['*1/*1', '*1/*3', '*3/*3']);
    expect(body.rests_on.clearance_factors.map((f) => f.drug)).toEqual(['amiodarone']);
    expect(body.weekly_dose_mg).toBeGreaterThan(1);
  });

  it('should answer 401 without a token and 400 naming the field for an impossible weight', async () => {
    expect((await postJson(url, request)).status).toBe(401);
    const bad = await postJson(url, { ...request, weight_kg: 0 }, 'application/json', access.tokens.admin);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'weight_kg' });
  });
});
