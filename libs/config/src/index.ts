export * from './config-variables';
export * from './load-config';
