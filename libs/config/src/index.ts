export * from './config-variables';
export * from './load-config';
export * from './free-port.util';
export * from './with-timeout.util';
