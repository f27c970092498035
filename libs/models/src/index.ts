export * from './spec/model-spec';
