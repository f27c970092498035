import { Inject, Injectable } from '@nestjs/common';
import { Permission, requireAccess, type Principal } from '@shuji/access';
import type { CanonicalObservation } from '@shuji/fhir';
import { riskFlags, type RiskFlag } from '@shuji/recommend';
import { OBSERVATION_READER, type ObservationReader, type ObservationSearch, type PanelEntry } from './gateway.tokens';

/** A panel patient as the dashboard shows them. */
export interface PanelPatient extends Omit<PanelEntry, 'lastObservation'> {
  readonly lastObservation: string;
  readonly flags: readonly RiskFlag[];
}

/** Reads of a person's observations: access checked first, the read audited with the principal as actor. */
@Injectable()
export class ObservationQueryService {
  constructor(@Inject(OBSERVATION_READER) private readonly observations: ObservationReader<CanonicalObservation>) {}

  async search(principal: Principal | undefined, query: ObservationSearch): Promise<readonly CanonicalObservation[]> {
    requireAccess(principal, Permission.ObservationRead, query.patientId);
    return this.observations.search(query, principal.id);
  }

  /** The principal's panel: every patient in scope with data, their freshness and risk flags over the last `windowHours`. */
  async panel(principal: Principal | undefined, windowHours: number, now = new Date()): Promise<PanelPatient[]> {
    requireAccess(principal, Permission.ObservationRead);
    const rows = await this.observations.panel(principal.patients, new Date(now.getTime() - windowHours * 3_600_000), principal.id);
    return rows.map((r) => ({ ...r, lastObservation: r.lastObservation.toISOString(), flags: riskFlags(r) }));
  }
}
