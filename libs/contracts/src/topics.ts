/**
 * Every Kafka topic, consumer group and the partition-key rule, in one place.
 * Topic names carry the major schema version so a breaking change gets a new topic.
 */
export const Topics = {
  /** Raw FHIR / device JSON accepted by the gateway, waiting to be normalised by ingest. */
  ingestRequested: 'shuji.ingest.requested.v1',
  observationRecorded: 'shuji.observation.recorded.v1',
  medicationAdministered: 'shuji.medication.administered.v1',
  medicationScheduled: 'shuji.medication.scheduled.v1',
  mealLogged: 'shuji.meal.logged.v1',
  activityLogged: 'shuji.activity.logged.v1',
  /** A person's consent per data category, from the patient app (the twin stops using a withdrawn category). */
  consentChanged: 'shuji.consent.changed.v1',
  twinUpdated: 'shuji.twin.updated.v1',
  /** A forecast of a person after a twin update (apps/inference), idempotent by (patient, twin revision). */
  forecastPublished: 'shuji.forecast.published.v1',
  /** A shard of a population job (libs/population), keyed by "<job>/<shard>", for the population workers. */
  populationShardRequested: 'shuji.population.shard.requested.v1',
  /** A simulated shard's sums, keyed like its request, for the aggregator (stored once per job and shard). */
  populationShardCompleted: 'shuji.population.shard.completed.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

/** Dead-letter topic of a topic: where messages go that failed every retry. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * Consumer group ids. Nest's Kafka transport appends a postfix ('-server' by default); the
 * messaging lib sets the postfix to '' so the group id seen by the broker is exactly this.
 */
export const ConsumerGroups = {
  ingest: 'shuji-ingest',
  /** Copies dead letters into the database's dead_letters table for inspection. */
  deadLetterArchiver: 'shuji-dlq-archiver',
  twin: 'shuji-twin',
  inference: 'shuji-inference',
  /** Stateless population workers (apps/population-worker): simulate shards, publish their sums. */
  populationWorker: 'shuji-population-worker',
  /** Folds shard sums into PostgreSQL, once per (job, shard); runs in the population-worker processes. */
  populationAggregator: 'shuji-population-aggregator',
} as const;

export type ConsumerGroup = (typeof ConsumerGroups)[keyof typeof ConsumerGroups];

/** Partitions per topic when the platform creates topics up front. Enough for 8 consumers per group. */
export const DEFAULT_PARTITIONS = 8;
