// What the e2e tests start; nothing else of the platform is imported from outside it.
export { startPlatform, type RunningPlatform } from './platform.bootstrap';
