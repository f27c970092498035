export { freePort } from '@shuji/config';
export { freePortPair } from './free-port';
export { SHARED_DIR, sharedPath } from './shared-data';
export { startTestKafka, type TestKafka } from './test-kafka';
export { freshDatabase, mediumKafkaBrokers, type TestDatabase } from './medium-infra';
export { fhirR4SchemaErrors } from './fhir-r4-schema';
export { jsonSchemaErrors } from './json-schema-errors';
