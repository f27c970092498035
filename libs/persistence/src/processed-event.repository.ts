import type { DataSource, QueryRunner } from 'typeorm';
import { runSql } from './sql-runner.util';

/**
 * The inbox of an idempotent consumer: `claim` records event ids for a consumer and returns the ones not seen
 * before. Run it in the same transaction as the consumer's writes (pass `runner`) so a crash between the two
 * cannot mark an event processed without its effect, or apply the effect twice.
 */
export class ProcessedEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claim(consumer: string, eventIds: readonly string[], runner?: QueryRunner): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const { rows } = await runSql<{ event_id: string }>(
      this.dataSource,
      `INSERT INTO processed_events (consumer, event_id)
       SELECT $1, e FROM unnest($2::text[]) AS e ORDER BY 2
       ON CONFLICT (consumer, event_id) DO NOTHING
       RETURNING event_id`,
      [consumer, [...new Set(eventIds)]],
      runner,
    );
    return new Set(rows.map((r) => r.event_id));
  }
}
