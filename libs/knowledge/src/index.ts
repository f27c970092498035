export * from './knowledge-base.types';
export * from './code-format.util';
export * from './load-knowledge-base';
export * from './knowledge-queries';
export * from './model-choice';
export * from './default-knowledge-base';
export * from './knowledge-view';
