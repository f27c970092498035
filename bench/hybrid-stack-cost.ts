/**
 * `npx tsx bench/hybrid-stack-cost.ts [--calls 200]`
 *
 * CPU cost per forecast of the data-driven members the hybrid (the twin's default forecast) stacks, as
 * forecastTwinReading computes them from the twin's event log at the end of day 3 of a person: the personalised ridge
 * ARX (ridgeArxFromEvents with the calibration's λ, ≤ 7 days of history) and the GBT ARX (gbtArxFromEvents), each at
 * the 24 five-minute horizons of a 2-h forecast; and the GBT's trees alone (GbtArx.predict on a ready grid). Median
 * and p99 of `--calls` timed calls after 20 warm-up calls (JIT), one thread.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { arxSeriesFromEvents, calibrationGbt, calibrationRidge, defaultHybridCalibration, forecastHorizons, gbtArxFromEvents, ridgeArxFromEvents } from '@shuji/forecasting';
import { honestCohort, ObservationCodes } from '@shuji/twin';

const CGM = ObservationCodes.cgmGlucose.loinc;

function timed(calls: number, f: () => unknown): { median: number; p99: number } {
  for (let i = 0; i < 20; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(calls / 2)], p99: ms[Math.min(calls - 1, Math.ceil(0.99 * calls) - 1)] };
}

function main(): void {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '200' } } });
  const calls = Number(values.calls);
  const calibration = defaultHybridCalibration();
  const ridge = calibrationRidge(calibration);
  const gbt = calibrationGbt(calibration);
  if (ridge === undefined || gbt === undefined) throw new Error('the committed calibration stacks no ridge or no GBT');
  const { vp } = honestCohort({ truth: 's2008-misspecified', role: 'tuning', perSubject: 1, days: 3 }).next().value as { vp: { events: Parameters<typeof gbtArxFromEvents>[1] } };
  const events = vp.events;
  const nowMs = Math.max(...events.filter((e) => e.kind === 'observation').map((e) => e.timeMs));
  const horizons = forecastHorizons({ horizonMin: 120 });
  const grid = arxSeriesFromEvents(events, CGM, nowMs, gbt.lags, gbt.lags, false);
  if (grid === undefined) throw new Error('no grid');
  const rows: [string, { median: number; p99: number }][] = [
    [`personal ridge ARX (λ ${calibration.ridgePersonalLambda}), from ${events.length} events`, timed(calls, () => ridgeArxFromEvents(ridge, events, CGM, nowMs, horizons, { personalLambda: calibration.ridgePersonalLambda }))],
    [`GBT ARX (${gbt.treeCount} trees), from the same events`, timed(calls, () => gbtArxFromEvents(gbt, events, CGM, nowMs, horizons))],
    ['GBT ARX trees alone (ready grid)', timed(calls * 10, () => gbt.predict(grid.series, gbt.lags))],
  ];
  console.log(`${new Date().toISOString()}, Node ${process.version}, ${calls} calls`);
  for (const [label, t] of rows) console.log(`${label}: median ${t.median.toFixed(3)} ms, p99 ${t.p99.toFixed(3)} ms`);
}

main();
