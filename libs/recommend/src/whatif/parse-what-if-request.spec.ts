import { describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from './default-what-if-registry';
import { parseIsoDurationMin, parseWhatIfRequest } from './parse-what-if-request';

const registry = defaultWhatIfRegistry();
const valid = {
  horizon: 'P14D',
  seed: 4,
  utc_offset: '+01:00',
  current: [{ kind: 'carb-ratio', grams_per_unit: 10 }],
  arms: [
    { name: 'current' },
    {
      name: 'stronger',
      changes: [
        { kind: 'carb-ratio', grams_per_unit: 8, start: '2026-12-05T00:00:00Z', end: '2026-12-12T00:00:00Z' },
        { kind: 'basal-profile', rates: [{ from: '00:00', units_per_hour: 0.8 }, { from: '06:00', units_per_hour: 1.1 }] },
        { kind: 'correction-factor', mg_dl_per_unit: 40, target_mg_dl: 110 },
        { kind: 'meal-plan', meals: [{ time: '07:30', carbs_g: 40 }, { time: '19:00', carbs_g: 70 }] },
      ],
    },
  ],
};
const fieldOf = (body: unknown): string | undefined => {
  try {
    parseWhatIfRequest(body, registry);
    return undefined;
  } catch (err) {
    return (err as { field?: string }).field;
  }
};
const withArm = (changes: unknown[]): unknown => ({ horizon: 'P1D', arms: [{ name: 'current' }, { name: 'b', changes }] });

describe(parseWhatIfRequest.name, () => {
  it('should read a valid request with every T1D change kind', () => {
    const sut = parseWhatIfRequest(valid, registry);
    expect(sut).toMatchObject({ horizon: 'P14D', horizonMin: 14 * 1440, seed: 4, utcOffsetMin: 60 });
    expect(sut.current).toEqual([{ kind: 'carb-ratio', field: 'current[0]', startMs: undefined, endMs: undefined, value: { kind: 'carb-ratio', gramsPerUnit: 10 } }]);
    expect(sut.arms[1].changes[0]).toMatchObject({ startMs: Date.parse('2026-12-05T00:00:00Z'), endMs: Date.parse('2026-12-12T00:00:00Z') });
    expect(sut.arms[1].changes[1].value).toEqual({ kind: 'basal-profile', segments: [{ fromMin: 0, unitsPerHour: 0.8 }, { fromMin: 360, unitsPerHour: 1.1 }] });
    expect(sut.arms[1].changes[3].value).toEqual({ kind: 'meal-plan', meals: [{ clockMin: 450, carbsG: 40 }, { clockMin: 1140, carbsG: 70 }] });
  });

  it('should default the seed to 1 and the clock to UTC', () => {
    expect(parseWhatIfRequest({ horizon: 'PT36H', arms: [{ name: 'only' }] }, registry)).toMatchObject({ seed: 1, utcOffsetMin: 0, horizonMin: 2160, current: [] });
  });

  const refusals: [string, unknown][] = [
    ['body', []],
    ['horizon', { horizon: 'P100Y', arms: [{ name: 'a' }] }],
    ['horizon', { horizon: 'P91D', arms: [{ name: 'a' }] }],
    ['horizon', { horizon: 'PT7M', arms: [{ name: 'a' }] }],
    ['horizon', { horizon: 14, arms: [{ name: 'a' }] }],
    ['seed', { horizon: 'P1D', seed: 1.5, arms: [{ name: 'a' }] }],
    ['utc_offset', { horizon: 'P1D', utc_offset: '+25:00', arms: [{ name: 'a' }] }],
    ['arms', { horizon: 'P1D', arms: [] }],
    ['arms[1].name', { horizon: 'P1D', arms: [{ name: 'a' }, { name: 'a' }] }],
    ['arms[0].colour', { horizon: 'P1D', arms: [{ name: 'a', colour: 'red' }] }],
    ['extra', { horizon: 'P1D', arms: [{ name: 'a' }], extra: 1 }],
    ['arms[1].changes[0].kind', withArm([{ kind: 'teleport' }])],
    ['arms[1].changes[0].grams_per_unit', withArm([{ kind: 'carb-ratio', grams_per_unit: -3 }])],
    ['arms[1].changes[0].grams_per_unit', withArm([{ kind: 'carb-ratio', grams_per_unit: 0 }])],
    ['arms[1].changes[0].grams_per_unit', withArm([{ kind: 'carb-ratio', grams_per_unit: 500 }])],
    ['arms[1].changes[0].rates[1].units_per_hour', withArm([{ kind: 'basal-profile', rates: [{ from: '00:00', units_per_hour: 1 }, { from: '06:00', units_per_hour: 40 }] }])],
    ['arms[1].changes[0].rates[0].from', withArm([{ kind: 'basal-profile', rates: [{ from: '01:00', units_per_hour: 1 }] }])],
    ['arms[1].changes[0].rates[2].from', withArm([{ kind: 'basal-profile', rates: [{ from: '00:00', units_per_hour: 1 }, { from: '08:00', units_per_hour: 1 }, { from: '06:00', units_per_hour: 1 }] }])],
    ['arms[1].changes[0].rates', withArm([{ kind: 'basal-profile', rates: [{ from: '00:00', units_per_hour: 0 }] }])],
    ['arms[1].changes[0].mg_dl_per_unit', withArm([{ kind: 'correction-factor', mg_dl_per_unit: 2 }])],
    ['arms[1].changes[0].target_mg_dl', withArm([{ kind: 'correction-factor', mg_dl_per_unit: 40, target_mg_dl: 40 }])],
    ['arms[1].changes[0].meals[0].time', withArm([{ kind: 'meal-plan', meals: [{ time: '25:00', carbs_g: 40 }] }])],
    ['arms[1].changes[0].meals[0].carbs_g', withArm([{ kind: 'meal-plan', meals: [{ time: '07:00', carbs_g: 900 }] }])],
    ['arms[1].changes[0].end', withArm([{ kind: 'carb-ratio', grams_per_unit: 9, start: '2026-12-10T00:00:00Z', end: '2026-12-09T00:00:00Z' }])],
    ['arms[1].changes[0].start', withArm([{ kind: 'carb-ratio', grams_per_unit: 9, start: '2026-12-10' }])],
  ];
  for (const [field, body] of refusals) {
    it(`should refuse naming ${field} when it is wrong (${JSON.stringify(body).slice(0, 90)})`, () => {
      expect(fieldOf(body)).toBe(field);
    });
  }
});

describe(parseIsoDurationMin.name, () => {
  it('should read weeks, days, hours and minutes, and refuse other forms', () => {
    expect(parseIsoDurationMin('P1W2DT3H5M', 'h')).toBe(((7 + 2) * 24 + 3) * 60 + 5);
    for (const bad of ['P', 'PT', 'P1Y', 'P1.5D', '14D', 'P-1D']) expect(() => parseIsoDurationMin(bad, 'h'), bad).toThrow(/^h: /);
  });
});
