// What the e2e tests start or reuse; nothing else of the platform is imported from outside it.
export { startPlatform, type RunningPlatform } from './platform.bootstrap';
// the device-format writer of the demo's virtual persons, which the pipeline tests send their persons through too
export { deviceItem } from './demo/device-item';
