export * from './shared/recommend-input.error';
export * from './weight/weight-planner';
