import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ObservationRepository } from '@shuji/persistence';
import { IngestRequestService } from '../../gateway/src/ingest-request.service';

/** Where the demo bundles are, from the source tree (tsx/vitest) or the build output (dist/…). */
function demoDir(): string | undefined {
  const candidates = [resolve(__dirname, '../demo'), resolve(process.cwd(), 'apps/platform/demo')];
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

  async loadIfEmpty(): Promise<number> {
    if ((await this.observations.count()) > 0) return 0;
    const dir = demoDir();
    if (!dir) {
      this.logger.warn('demo cohort not found (apps/platform/demo); starting empty');
      return 0;
    }
    let bundles = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const result = await this.ingest.acceptBundle(JSON.parse(readFileSync(join(dir, file), 'utf8')), 'demo');
      if (result.kind === 'rejected') this.logger.warn(`demo bundle ${file} rejected: ${JSON.stringify(result.outcome.issue[0])}`);
      else bundles += 1;
    }
    this.logger.log(`demo cohort: ${bundles} bundles queued for ingest`);
    return bundles;
  }
}
