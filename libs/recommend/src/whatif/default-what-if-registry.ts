import { BloodPressureWhatIfPlugin } from './blood-pressure/blood-pressure-what-if.plugin';
import { BodyWeightWhatIfPlugin } from './body-weight/body-weight-what-if.plugin';
import { T1dWhatIfPlugin, type T1dWhatIfOptions } from './t1d/t1d-what-if.plugin';
import { WarfarinWhatIfPlugin } from './warfarin/warfarin-what-if.plugin';
import { WhatIfRegistry } from './what-if-registry';

/** Every what-if plug-in built so far; a new component's plug-in is registered here (the engine does not change). */
export function defaultWhatIfRegistry(t1d: T1dWhatIfOptions = {}): WhatIfRegistry {
  return new WhatIfRegistry().register(new T1dWhatIfPlugin(t1d)).register(new BloodPressureWhatIfPlugin()).register(new BodyWeightWhatIfPlugin()).register(new WarfarinWhatIfPlugin());
}
