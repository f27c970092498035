import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { processBundle, type CanonicalObservation } from '@shuji/fhir';

/** The 20 Synthea R4 bundles of the shared fixtures (tests may read ../shared; the product never does). */
export const SYNTHEA_DIR = resolve(__dirname, '../../../shared/fixtures/synthea-r4');

export interface SyntheaBundle {
  readonly name: string;
  readonly json: string;
  readonly observationIds: readonly string[];
}

export function loadSyntheaBundles(): SyntheaBundle[] {
  if (!existsSync(SYNTHEA_DIR)) throw new Error(`Synthea fixtures not found at ${SYNTHEA_DIR}`);
  return readdirSync(SYNTHEA_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const json = readFileSync(join(SYNTHEA_DIR, name), 'utf8');
      const bundle = JSON.parse(json) as { entry: { resource: { resourceType: string; id?: string } }[] };
      const observationIds = bundle.entry.filter((e) => e.resource.resourceType === 'Observation').map((e) => e.resource.id ?? '');
      return { name, json, observationIds };
    });
}

/**
 * What the store must hold after ingesting these bundles, computed here from @shuji/fhir directly
 * (panels split into components), independently of the apps and the bus.
 */
export function expectedObservations(bundles: readonly SyntheaBundle[]): Map<string, CanonicalObservation> {
  const out = new Map<string, CanonicalObservation>();
  for (const b of bundles) {
    const r = processBundle(JSON.parse(b.json), { receivedAt: new Date(), source: 'fhir' });
    if (r.kind !== 'processed') throw new Error(`fixture ${b.name} rejected: ${JSON.stringify(r.outcome.issue[0])}`);
    for (const o of r.observations) out.set(o.eventId, o);
  }
  return out;
}
