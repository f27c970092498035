/**
 * What the twin knows of a person, as its event log shows it: the LOINC codes of the readings seen, the ATC codes of
 * the drugs taken, the genotype findings, the kinds of known inputs logged. Facts only accumulate (a set grows, a
 * finding is replaced by the later one in log order only through the genotype map), so the profile of a log does not
 * depend on the order its events arrived in.
 */
import type { TwinEvent } from '../state/twin-event';

/** What is known of a person: the facts their twin's components are chosen on (component-registry.ts). */
export interface TwinProfile {
  /** SNOMED CT condition codes, e.g. 46635009 type 1 diabetes mellitus. */
  readonly conditions: readonly string[];
  /** ATC codes of the drugs taken, e.g. B01AA03 warfarin, C08CA01 amlodipine. */
  readonly medications: readonly string[];
  /** LOINC codes of observation streams seen so far. */
  readonly streams: readonly string[];
  /** Genotype findings by gene, e.g. { CYP2C9: '*1/*3' } (several results of one gene: sorted, comma-separated). */
  readonly genotype?: Readonly<Record<string, string>>;
  /** Kinds of known inputs logged: meals, insulin, activity levels. */
  readonly inputs?: readonly LoggedInput[];
  /** Prior personal parameters for the T1D component (e.g. from a phenotype or a previous fit). */
  readonly t1dPrior?: Readonly<Record<string, number>>;
}

export const EMPTY_PROFILE: TwinProfile = { conditions: [], medications: [], streams: [] };

/** The input kinds a profile records: what a component may need to be chosen on (meals and insulin: T1D). */
export type LoggedInput = 'meal' | 'insulin' | 'activity';

function withItem(list: readonly string[], item: string): readonly string[] {
  return list.includes(item) ? list : [...list, item].sort();
}

/** The profile with one more event: the same object when the event adds nothing new (the common case). */
export function profileWithEvent(profile: TwinProfile, event: TwinEvent): TwinProfile {
  const inputs = profile.inputs ?? [];
  const addInput = (kind: LoggedInput): TwinProfile => (inputs.includes(kind) ? profile : { ...profile, inputs: withItem(inputs, kind) as LoggedInput[] });
  switch (event.kind) {
    case 'observation':
      return profile.streams.includes(event.loinc) ? profile : { ...profile, streams: withItem(profile.streams, event.loinc) };
    case 'medication-dose':
    case 'medication-schedule':
      return profile.medications.includes(event.atc) ? profile : { ...profile, medications: withItem(profile.medications, event.atc) };
    case 'genotype': {
      // several findings of one gene (a retest): the set of results, so the profile is order-free
      const key = event.gene;
      const known = profile.genotype?.[key];
      const results = known === undefined ? [] : known.split(',');
      if (results.includes(event.result)) return profile;
      return { ...profile, genotype: { ...profile.genotype, [key]: [...results, event.result].sort().join(',') } };
    }
    case 'meal':
      return addInput('meal');
    case 'insulin-bolus':
    case 'basal-rate':
      return addInput('insulin');
    case 'activity-level':
      return addInput('activity');
    case 'parameter-prior':
    case 'consent': // what the twin may use, not what the person has
      return profile;
  }
}

/** The profile of a log over what is known of the person otherwise (e.g. conditions from the record). */
export function profileFromEvents(events: readonly TwinEvent[], known: TwinProfile = EMPTY_PROFILE): TwinProfile {
  return events.reduce(profileWithEvent, known);
}
