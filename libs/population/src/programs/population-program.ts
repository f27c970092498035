/**
 * A program simulates one person in one arm and reports its metrics per period. `prepare` draws everything
 * random about a person once (who they are and what happens to them) so that every arm sees the same draws:
 * the arms differ only by their policies (common random numbers).
 */
import type { MetricDefinition } from '../metrics/metric-definition';

export interface PopulationProgram<Person = unknown> {
  readonly metrics: readonly MetricDefinition[];
  /** Reporting periods (horizon / report_every_days). */
  readonly periods: number;
  readonly arms: number;
  prepare(person: number): Person;
  /**
   * Simulates `person` in arm `arm`; writes metric m of period b to out[m * periods + b]. Returns false when a
   * solve did not succeed (the person then counts as failed in every arm).
   */
  run(person: Person, arm: number, out: Float64Array): boolean;
}
