/** One metric a program reports per person and period; the aggregate gives its mean over people with a 95 % interval. */
export interface MetricDefinition {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}
