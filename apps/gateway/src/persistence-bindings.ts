import type { Provider } from '@nestjs/common';
import type { ShujiConfig } from '@shuji/config';
import type { CanonicalObservation, PatientIdentifier } from '@shuji/fhir';
import { ACCESS_AUDIT } from '@shuji/access';
import { AuditRepository, ObservationRepository, PatientRepository } from '@shuji/persistence';
import { ACCESS_LOG, GATEWAY_OPTIONS, OBSERVATION_READER, PATIENT_DIRECTORY, type AccessLog, type ObservationReader, type ObservationSearch, type PatientDirectory } from './gateway.tokens';

/** Binds the gateway's read ports and the audit trail of refusals to @shuji/persistence (records there are CanonicalObservation-shaped). */
export const persistenceBindings: Provider[] = [
  { provide: ACCESS_AUDIT, useExisting: AuditRepository },
  {
    provide: OBSERVATION_READER,
    inject: [ObservationRepository],
    useFactory: (repo: ObservationRepository): ObservationReader<CanonicalObservation> => ({
      search: async (q: ObservationSearch, actor: string) => repo.findRange(q, { actor, action: 'search-observations' }),
      panel: async (patients: readonly string[] | '*', since: Date, actor: string) => repo.panel(patients, since, { actor, action: 'read-panel' }),
      findConflicts: async (records: readonly CanonicalObservation[]) => (await repo.findConflicts(records)) as CanonicalObservation[],
    }),
  },
  {
    provide: ACCESS_LOG,
    inject: [AuditRepository],
    useFactory: (audit: AuditRepository): AccessLog => ({
      forPatient: async (patientId: string, limit: number, actor: string) => {
        const rows = await audit.findByPatient(patientId, limit);
        await audit.record({ actor, action: 'read-own-access-log', patientId, resource: `AccessLog/${patientId}` });
        return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, resource: r.resource, ...(typeof r.details?.['outcome'] === 'string' ? { outcome: r.details['outcome'] } : {}) }));
      },
      record: (actor: string, patientId: string, action: string, resource: string) => audit.record({ actor, action, patientId, resource }),
    }),
  },
  {
    provide: PATIENT_DIRECTORY,
    inject: [PatientRepository],
    useFactory: (repo: PatientRepository): PatientDirectory => ({
      findByIdentifiers: (ids: readonly PatientIdentifier[], actor: string) => repo.findIdsByIdentifiers(ids, { actor, action: 'resolve-conditional-reference' }),
    }),
  },
];

/** Everything GatewayModule needs bound, from the configuration: the store's read ports and the public URL. */
export function gatewayBindings(config: Pick<ShujiConfig, 'SHUJI_PUBLIC_URL'>): Provider[] {
  const options = config.SHUJI_PUBLIC_URL === undefined ? {} : { publicUrl: config.SHUJI_PUBLIC_URL };
  return [...persistenceBindings, { provide: GATEWAY_OPTIONS, useValue: options }];
}
