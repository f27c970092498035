// What apps/platform, the e2e tests and the benches compose; nothing else of the population apps is imported from outside them.
export { PopulationJobsModule } from './population-jobs.module';
export { BusShardDispatcher } from './bus-shard.dispatcher';
export { PopulationApiAppModule } from './population-api-app.module';
export { PopulationJobsService, type PopulationJobView } from './population-jobs.service';
