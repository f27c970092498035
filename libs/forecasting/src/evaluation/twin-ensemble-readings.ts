/**
 * The twin's forecast of a reading with its members kept, for scores that need the whole ensemble (CRPS, PIT).
 * It is forecastReading of @shuji/twin step for step (same members, same keyed draws, same type-7 quantiles), which
 * returns only the mean and three quantiles; its spec checks the two agree to the bit, so a change to the twin's
 * forecast shows up there. (It belongs beside forecastReading in libs/twin; kept here while that lib is being
 * worked on by others.)
 */
import { quantileOfSorted, seededRandom } from '@shuji/stats';
import { ForecastUnavailableError, MS_PER_MIN, type ForecastPoint, type TwinEngine } from '@shuji/twin';

export interface EnsembleForecastPoint extends ForecastPoint {
  /** The members' predicted readings, ascending. */
  readonly members: Float64Array;
}

export function twinEnsembleReadings(engine: TwinEngine, loinc: string, horizonsMin: readonly number[]): EnsembleForecastPoint[] {
  const part = engine.component.partFor?.(loinc);
  const component = part?.component ?? engine.component;
  const members = engine.ensemble.map((m) => (part === undefined ? Float64Array.from(m) : m.slice(part.offset, part.offset + part.component.size)));
  if (members.length === 0) throw new ForecastUnavailableError(`twin ${engine.patientId} has no state yet`);
  if (component.observe(members[0], loinc) === null) throw new ForecastUnavailableError(`no component of the twin explains ${loinc}`);
  const rng = seededRandom(engine.patientId, engine.revision, 'forecast', loinc);
  const inputs = engine.knownInputs();
  const t0 = engine.currentTimeMs / MS_PER_MIN;
  let t = t0;
  return horizonsMin.map((h) => {
    component.propagate(members, t, t0 + h, inputs, rng);
    t = t0 + h;
    const readings = members.map((m) => {
      const mean = component.observe(m, loinc) ?? Number.NaN;
      return mean + Math.sqrt(component.observationVariance(loinc, mean)) * rng.normal();
    });
    const sorted = Float64Array.from(readings).sort();
    return {
      horizonMin: h,
      timeMs: engine.currentTimeMs + h * MS_PER_MIN,
      mean: readings.reduce((s, x) => s + x, 0) / readings.length,
      q10: quantileOfSorted(sorted, 0.1),
      q50: quantileOfSorted(sorted, 0.5),
      q90: quantileOfSorted(sorted, 0.9),
      members: sorted,
    };
  });
}
