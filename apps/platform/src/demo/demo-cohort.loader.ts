import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SYSTEM_PRINCIPAL } from '@shuji/access';
import { processBundle } from '@shuji/fhir';
import { ObservationRepository } from '@shuji/persistence';
import { IngestRequestService } from '../../../gateway/src/index';

/** Where the demo bundles are, from the source tree (tsx/vitest) or the build output (dist/…). */
function demoDir(): string | undefined {
  const candidates = [resolve(__dirname, '../../demo'), resolve(process.cwd(), 'apps/platform/demo')];
  for (let up = resolve(__dirname); up !== resolve(up, '..'); up = resolve(up, '..')) candidates.push(join(up, 'apps/platform/demo'));
  return candidates.find((d) => existsSync(d));
}

/**
 * Loads the demo cohort (3 Synthea bundles kept in apps/platform/demo) on first start, i.e. when the store
 * holds no observation yet, through the same path as a client's POST /fhir.
 */
@Injectable()
export class DemoCohortLoader {
  private readonly logger = new Logger(DemoCohortLoader.name);

  constructor(
    @Inject(IngestRequestService) private readonly ingest: IngestRequestService,
    @Inject(ObservationRepository) private readonly observations: ObservationRepository,
  ) {}

  /** Returns the demo patients' ids (also on later starts, for the printed example URL). */
  async loadIfEmpty(): Promise<string[]> {
    const empty = (await this.observations.count()) === 0;
    const dir = demoDir();
    if (!dir) {
      this.logger.warn('demo cohort not found (apps/platform/demo); starting empty');
      return [];
    }
    const patients: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const bundle: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      // validation alone (no publish) when the store already holds data: only to name the patients
      const result = empty ? await this.ingest.acceptBundle(SYSTEM_PRINCIPAL, bundle, 'demo') : processBundle(bundle, { receivedAt: new Date(), source: 'demo' });
      if (result.kind === 'rejected') this.logger.warn(`demo bundle ${file} rejected: ${JSON.stringify(result.outcome.issue[0])}`);
      else patients.push(...result.patients.map((p) => p.id));
    }
    if (empty) this.logger.log(`demo cohort: ${patients.length} patients queued for ingest`);
    return patients;
  }
}
