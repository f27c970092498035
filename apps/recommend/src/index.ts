// What apps/platform composes; nothing else of the recommend app is imported from outside it.
export { RecommendModule } from './recommend.module';
// the e2e tests read how many jobs it holds (a refused request adds none)
export { SimulationJobsService } from './simulation-jobs.service';
