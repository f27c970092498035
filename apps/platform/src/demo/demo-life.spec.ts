import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH_MS, DEMO_T1D_PERSONS, LIFE_DAYS, demoLife, eventsBetween, lifeAt } from './demo-life';
import { deviceItem } from './device-item';

const DAY = 86_400_000;
const person = DEMO_T1D_PERSONS[0];

describe('demo lives', () => {
  it('should place a time in the life that holds it', () => {
    expect(lifeAt(DEMO_EPOCH_MS)).toBe(0);
    expect(lifeAt(DEMO_EPOCH_MS + LIFE_DAYS * DAY - 1)).toBe(0);
    expect(lifeAt(DEMO_EPOCH_MS + LIFE_DAYS * DAY)).toBe(1);
  });

  it('should give the same events for a life on every call, with ids unique across lives', () => {
    const a = demoLife(person, 2);
    const b = demoLife(person, 2);
    const next = demoLife(person, 3);
    expect(b).toEqual(a);
    expect(a.every((e) => e.patientId === person.patientId)).toBe(true);
    const ids = new Set([...a, ...next].map((e) => e.id));
    expect(ids.size).toBe(a.length + next.length);
    expect(a[0].timeMs).toBe(DEMO_EPOCH_MS + 2 * LIFE_DAYS * DAY);
    // the last reading of a life is at the next life's midnight, which starts with its basal rate, not a reading
    expect(next.at(-1)!.timeMs).toBeLessThanOrEqual(DEMO_EPOCH_MS + 4 * LIFE_DAYS * DAY + 1000);
  });

  it('should send a window across two lives with the basal rate in force at its start', () => {
    const lives = [demoLife(person, 0), demoLife(person, 1)];
    const from = DEMO_EPOCH_MS + (LIFE_DAYS - 1) * DAY;
    const sent = eventsBetween(lives, from, from + 2 * DAY);
    expect(sent[0].kind).toBe('basal-rate');
    expect(sent[0].timeMs).toBe(DEMO_EPOCH_MS);
    const cgm = sent.filter((e) => e.kind === 'observation' && e.loinc === '99504-3');
    // 5-min readings for two days, less the first reading of the second life (its t = 0 is the steady state)
    expect(cgm.length).toBeGreaterThan(2 * 287 - 2);
    expect(sent.slice(1).every((e) => e.timeMs > from && e.timeMs <= from + 2 * DAY)).toBe(true);
    expect(sent.filter((e) => e.kind === 'basal-rate').map((e) => e.timeMs)).toEqual([DEMO_EPOCH_MS, DEMO_EPOCH_MS + LIFE_DAYS * DAY]);
  });

  it('should write each device event as an item of the compact device format', () => {
    const [basal, ...rest] = demoLife(person, 0);
    const cgm = rest.find((e) => e.kind === 'observation')!;
    expect(deviceItem(basal, 'demo-cgm')).toMatchObject({ patient_id: 'demo-t1d-1', code: 'http://www.whocc.no/atc|A10AB04', unit: 'U/h', source: 'demo-cgm' });
    expect(deviceItem(cgm, 'demo-cgm')).toMatchObject({ code: '99504-3', unit: 'mg/dL', event_id: cgm.id, time: new Date(cgm.timeMs).toISOString() });
    expect(() => deviceItem({ kind: 'genotype', id: 'g', patientId: 'p', timeMs: 0, gene: 'VKORC1', result: 'GA' }, 'demo-cgm')).toThrow(/genotype/);
  });
});
