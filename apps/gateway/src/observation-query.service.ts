import { Inject, Injectable } from '@nestjs/common';
import { Permission, requireAccess, type Principal } from '@shuji/access';
import type { CanonicalObservation } from '@shuji/fhir';
import { OBSERVATION_READER, type ObservationReader, type ObservationSearch } from './gateway.tokens';

/** Reads of a person's observations: access checked first, the read audited with the principal as actor. */
@Injectable()
export class ObservationQueryService {
  constructor(@Inject(OBSERVATION_READER) private readonly observations: ObservationReader<CanonicalObservation>) {}

  async search(principal: Principal | undefined, query: ObservationSearch): Promise<readonly CanonicalObservation[]> {
    requireAccess(principal, Permission.ObservationRead, query.patientId);
    return this.observations.search(query, principal.id);
  }
}
