/**
 * Test fixtures for composite twins: a second real ensemble component beside the T1D one, its readings, and the
 * shuffling of a log within blocks. The weight component is an SBML test model, not a body-weight model: body
 * weight relaxing to a set weight, dW/dt = k (W_set − W), with W_set and k estimated. It stands in for the
 * whole-person components (here beside the real ones): add a component to `COMPOSITE_CASES` and the replay spec
 * runs over it too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importSbml } from '@shuji/sbml';
import { seededRandom } from '@shuji/stats';
import { ObservationCodes } from '../composition/observation-codes';
import { SbmlEnsembleComponent } from '../composition/sbml.component';
import type { ComponentDescriptor } from '../composition/component-registry';
import { anticoagulationDescriptor, bloodPressureDescriptor, bodyWeightDescriptor } from '../composition/whole-person.descriptors';
import type { EnsembleComponent } from '../composition/twin-component';
import { MS_PER_MIN, type TwinEvent } from '../state/twin-event';

/** The weight test model's SBML (libs/twin/fixtures). */
export const WEIGHT_RELAXATION_SBML = readFileSync(join(__dirname, '..', '..', 'fixtures', 'weight-relaxation.xml'), 'utf8');

/** The weight test component (minutes; W in kg, observed as LOINC 29463-7 with a 0.3 kg scale SD). */
export function weightRelaxationComponent(): EnsembleComponent {
  return new SbmlEnsembleComponent(importSbml(WEIGHT_RELAXATION_SBML), {
    id: 'test-weight-relaxation@1',
    observations: [{ loinc: ObservationCodes.bodyWeight.loinc, symbol: 'W', sd: 0.3 }],
    estimated: [
      { parameter: 'W_set', logSd: 0.05 },
      { parameter: 'k', logSd: 0.3 },
    ],
  });
}

/** Weight readings every `everyMin` from `startMs` over `count` readings (a person settling from 80 to 76 kg). */
export function weightReadings(patientId: string, startMs: number, count: number, everyMin: number): TwinEvent[] {
  const noise = seededRandom('weight-readings', patientId);
  return Array.from({ length: count }, (_, k) => {
    const tMin = (k + 1) * everyMin;
    const value = 76 + 4 * Math.exp(-0.003 * tMin) + 0.3 * noise.normal();
    return { kind: 'observation', id: `${patientId}:weight:${k}`, patientId, timeMs: startMs + tMin * MS_PER_MIN, loinc: ObservationCodes.bodyWeight.loinc, value, unit: 'kg' };
  });
}

/** Chosen by a body-weight stream, started by a weight reading. */
export const weightRelaxationDescriptor: ComponentDescriptor = {
  id: 'test-weight-relaxation',
  chooses: (profile) => (profile.streams.includes(ObservationCodes.bodyWeight.loinc) ? 'body-weight data' : undefined),
  startsTwin: (event) => event.kind === 'observation' && event.loinc === ObservationCodes.bodyWeight.loinc,
  create: () => weightRelaxationComponent(),
};

/** Blood-pressure readings every 2 h and a 5-mg amlodipine dose at the start (a person starting treatment). */
export function bloodPressureEvents(patientId: string, startMs: number, hours: number): TwinEvent[] {
  const noise = seededRandom('bp-readings', patientId);
  const dose: TwinEvent = { kind: 'medication-dose', id: `${patientId}:amlodipine:0`, patientId, timeMs: startMs + 1000, atc: 'C08CA01', mg: 5 };
  const readings = Array.from({ length: Math.ceil(hours / 2) }, (_, k): TwinEvent[] => {
    const timeMs = startMs + (k + 1) * 2 * 3_600_000;
    const systolic = 150 - k + 6 * noise.normal();
    return [
      { kind: 'observation', id: `${patientId}:sbp:${k}`, patientId, timeMs, loinc: ObservationCodes.systolicBp.loinc, value: systolic, unit: 'mm[Hg]' },
      { kind: 'observation', id: `${patientId}:dbp:${k}`, patientId, timeMs, loinc: ObservationCodes.diastolicBp.loinc, value: systolic * 0.6, unit: 'mm[Hg]' },
    ];
  });
  return [dose, ...readings.flat()];
}

/**
 * A person starting warfarin: a CYP2C9 finding, a 5-mg dose at the start, and INR readings every 2 h (laboratory and
 * point-of-care in turn) rising from 1.0.
 */
export function anticoagulationEvents(patientId: string, startMs: number, hours: number): TwinEvent[] {
  const noise = seededRandom('inr-readings', patientId);
  const genotype: TwinEvent = { kind: 'genotype', id: `${patientId}:cyp2c9`, patientId, timeMs: startMs + 500, gene: 'CYP2C9', result: '*1/*3' };
  const dose: TwinEvent = { kind: 'medication-dose', id: `${patientId}:warfarin:0`, patientId, timeMs: startMs + 1000, atc: 'B01AA03', mg: 5 };
  const readings = Array.from({ length: Math.ceil(hours / 2) }, (_, k): TwinEvent => {
    const code = k % 2 === 0 ? ObservationCodes.inr : ObservationCodes.inrPointOfCare;
    return { kind: 'observation', id: `${patientId}:inr:${k}`, patientId, timeMs: startMs + (k + 1) * 2 * 3_600_000, loinc: code.loinc, value: 1 + 0.02 * k + 0.05 * noise.normal(), unit: code.unit };
  });
  return [genotype, dose, ...readings];
}

/**
 * Components beside the T1D one in a composite twin, and their data over `hours` from `startMs`: the replay spec runs
 * each case (the T1D component, then these in registration order).
 */
export interface CompositeCase {
  readonly name: string;
  readonly descriptors: readonly ComponentDescriptor[];
  readonly events: (patientId: string, startMs: number, hours: number) => TwinEvent[];
}

const hourlyWeighings = (patientId: string, startMs: number, hours: number): TwinEvent[] => weightReadings(patientId, startMs, hours, 60);

export const COMPOSITE_CASES: readonly CompositeCase[] = [
  { name: 'an SBML weight model', descriptors: [weightRelaxationDescriptor], events: hourlyWeighings },
  { name: 'Hall body weight', descriptors: [bodyWeightDescriptor()], events: hourlyWeighings },
  { name: 'blood pressure', descriptors: [bloodPressureDescriptor()], events: bloodPressureEvents },
  {
    name: 'body weight and blood pressure (the whole person)',
    descriptors: [bodyWeightDescriptor(), bloodPressureDescriptor()],
    events: (patientId, startMs, hours) => [...hourlyWeighings(patientId, startMs, hours), ...bloodPressureEvents(patientId, startMs, hours)],
  },
  { name: 'anticoagulation', descriptors: [anticoagulationDescriptor()], events: anticoagulationEvents },
  {
    name: 'body weight, blood pressure and anticoagulation (four components)',
    descriptors: [bodyWeightDescriptor(), bloodPressureDescriptor(), anticoagulationDescriptor()],
    events: (patientId, startMs, hours) => [
      ...hourlyWeighings(patientId, startMs, hours),
      ...bloodPressureEvents(patientId, startMs, hours),
      ...anticoagulationEvents(patientId, startMs, hours),
    ],
  },
];

/** Shuffles within blocks of `window` consecutive events (deterministic in `key`). */
export function shuffleWithin(list: readonly TwinEvent[], window: number, key: string): TwinEvent[] {
  const rng = seededRandom(key);
  const out: TwinEvent[] = [];
  for (let i = 0; i < list.length; i += window) {
    const block = list.slice(i, i + window);
    for (let k = block.length - 1; k > 0; k--) {
      const j = Math.floor(rng.uniform() * (k + 1));
      [block[k], block[j]] = [block[j], block[k]];
    }
    out.push(...block);
  }
  return out;
}

/** Largest |a − b| over two ensembles of one layout (0: bit-identical up to the sign of zero). */
export function maxAbsoluteDifference(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  a.forEach((m, j) => {
    if (m.length !== b[j].length) worst = Number.POSITIVE_INFINITY;
    else m.forEach((x, i) => (worst = Math.max(worst, Object.is(x, b[j][i]) ? 0 : Math.abs(x - b[j][i]) || Number.POSITIVE_INFINITY)));
  });
  return worst;
}
