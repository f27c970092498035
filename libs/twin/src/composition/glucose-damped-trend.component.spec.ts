import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TWIN_SETTINGS, TwinEngine } from '../state/twin-engine';
import type { TwinEvent } from '../state/twin-event';
import { GlucoseDampedTrendComponent } from './glucose-damped-trend.component';
import { DEFAULT_DAMPED_TREND, dampedTrendFilter, dampedTrendMean } from './glucose-damped-trend.model';
import { forecastReading } from '../forecast/ensemble-forecast';
import type { KnownInputs } from './known-inputs';

const EMPTY_KNOWN_INPUTS: KnownInputs = { meals: [], boluses: [], basal: [] };

const reading = (k: number, value: number): TwinEvent => ({ kind: 'observation', id: `c${k}`, patientId: 'p', timeMs: k * 5 * 60_000, loinc: '99504-3', value, unit: 'mg/dL' });

describe(dampedTrendMean.name, () => {
  it('should hold a person at their basal level with no trend, and pull a departure back towards it', () => {
    expect(dampedTrendMean(DEFAULT_DAMPED_TREND, [110, 0, 110], 12)).toEqual([110, 0, 110]);
    const [g] = dampedTrendMean(DEFAULT_DAMPED_TREND, [150, 0, 110], 12);
    expect(g).toBeLessThan(150);
    expect(g).toBeGreaterThan(110);
    // a rising trend is damped: the rise over an hour is bounded by d / (1 − φ)
    const [rise] = dampedTrendMean({ ...DEFAULT_DAMPED_TREND, k: 0 }, [110, 2, 110], 12);
    expect(rise - 110).toBeLessThanOrEqual(2 / (1 - DEFAULT_DAMPED_TREND.phi) + 1e-9);
  });
});

describe(dampedTrendFilter.name, () => {
  it('should settle on a constant series and learn its level as the basal level', () => {
    let last: number[] = [];
    dampedTrendFilter(DEFAULT_DAMPED_TREND, new Float64Array(200).fill(97), (_, x) => (last = x));
    expect(last[0]).toBeCloseTo(97, 6);
    expect(last[1]).toBeCloseTo(0, 6);
    expect(last[2]).toBeCloseTo(97, 3);
  });
});

describe(GlucoseDampedTrendComponent.name, () => {
  it('should advance the ensemble mean exactly as the noise-free model (antithetic noise)', () => {
    const sut = new GlucoseDampedTrendComponent();
    const members = sut.initialEnsemble(seededRandom('p', 'init'), 64);
    const noiseFree = members.map((m) => Float64Array.from(m));
    sut.propagate(members, 0, 60, EMPTY_KNOWN_INPUTS, seededRandom('p', 'noise'));
    sut.propagate(noiseFree, 0, 60, EMPTY_KNOWN_INPUTS, null);
    const mean = (ms: Float64Array[], i: number): number => ms.reduce((s, m) => s + m[i], 0) / ms.length;
    for (const i of [0, 1, 2]) expect(mean(members, i)).toBeCloseTo(mean(noiseFree, i), 9);
    expect(members.some((m, j) => m[0] !== noiseFree[j][0])).toBe(true);
  });

  it('should follow a person in the twin engine and forecast towards their level with a 10–90 % interval', () => {
    const engine = new TwinEngine('p', new GlucoseDampedTrendComponent(), DEFAULT_TWIN_SETTINGS);
    for (let k = 0; k < 120; k++) engine.apply(reading(k, 100 + (k >= 110 ? 4 * (k - 109) : 0)));
    const glucose = engine.ensemble.reduce((s, m) => s + m[0], 0) / engine.ensemble.length;
    expect(glucose).toBeGreaterThan(135);
    expect(glucose).toBeLessThan(145);
    const [at30, at60] = forecastReading(engine, '99504-3', [30, 60]);
    // the damped rise fades within minutes and the pull back to the learnt basal level (below the last reading) wins
    const basal = engine.ensemble.reduce((s, m) => s + m[2], 0) / engine.ensemble.length;
    expect(basal).toBeLessThan(glucose);
    expect(at60.mean).toBeGreaterThan(basal);
    expect(at60.mean).toBeLessThan(glucose);
    expect(at60.mean).toBeLessThan(glucose + 4 / (1 - DEFAULT_DAMPED_TREND.phi) + 1);
    expect(at60.q90 - at60.q10).toBeGreaterThan(at30.q90 - at30.q10);
    expect(at60.q10).toBeLessThan(at60.q50);
    expect(at60.q50).toBeLessThan(at60.q90);
    expect(sutRejects()).toBe(true);
  });
});

function sutRejects(): boolean {
  const sut = new GlucoseDampedTrendComponent();
  return !sut.isPlausibleReading('99504-3', 5) && sut.isPlausibleReading('99504-3', 120) && sut.observe(new Float64Array(3), '8480-6') === null;
}
