// What apps/platform composes; nothing else of ingest is imported from outside it.
export { IngestModule } from './ingest.module';
