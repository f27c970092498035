import { BodyWeightComponent, ObservationCodes, TwinEngine, DEFAULT_TWIN_SETTINGS, type TwinEvent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { planWeight } from '../../weight/weight-planner';
import { defaultWhatIfRegistry } from '../default-what-if-registry';
import { parseWhatIfRequest } from '../parse-what-if-request';
import { executeWhatIf, planWhatIf } from '../run-what-if';

/**
 * The body-weight plug-in against the model alone (docs/validation.md, what-if plug-ins): the NIH planner's man (36 y,
 * 1.73 m, 76 kg, PAL 1.5, known to the twin) weighed at a steady 76 kg for 8 weeks; the what-if's paired difference of
 * 300 kcal a day less over 90 days (the what-if’s longest horizon), as an ensemble mean, against the Hall planner's deterministic answer for the same
 * person: the constant intake that reaches (76 kg + that difference) in 90 days should be maintenance − 300 kcal/day.
 */
const T0 = Date.UTC(2026, 0, 5, 7);
const person = { sex: 'male', ageYears: 36, heightCm: 173, weightKg: 76, pal: 1.5 } as const;

describe('body-weight what-if vs the Hall planner', () => {
  it('should lose, as an ensemble mean over 90 days of −300 kcal/day, what the planner gives for 300 kcal/day below maintenance (±3 %)', async () => {
    const events: TwinEvent[] = Array.from({ length: 9 }, (_, w) => ({ id: `w${w}`, patientId: 'nih', timeMs: T0 + w * 7 * 86_400_000, kind: 'observation', loinc: ObservationCodes.bodyWeight.loinc, value: 76, unit: 'kg' }));
    const twin = new TwinEngine('nih', new BodyWeightComponent({ person }), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 32 });
    for (const e of events) twin.apply(e);
    const registry = defaultWhatIfRegistry();
    const body = { horizon: 'P90D', seed: 1, arms: [{ name: 'current' }, { name: '-300', changes: [{ kind: 'energy-intake', kcal_per_day_change: -300 }] }] };
    const result = await executeWhatIf(planWhatIf(twin, parseWhatIfRequest(body, registry), registry));
    const difference = result.components[0].arms[1].difference!.weight_change.mean;
    const plan = planWeight({ ...person, physicalActivityLevel: person.pal, goalWeightKg: person.weightKg + difference, startDate: '2026-03-09', goalDate: '2026-06-07' });
    const implied = plan.maintenanceKcalPerDay - plan.goalByDateKcalPerDay;
    expect(difference).toBeLessThan(0);
    expect(Math.abs(implied - 300) / 300).toBeLessThan(0.03);
  });
});
