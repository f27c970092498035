// What apps/platform composes; nothing else of the recommend app is imported from outside it.
export { RecommendModule } from './recommend.module';
