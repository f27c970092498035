import { BloodPressureWhatIfPlugin } from './blood-pressure/blood-pressure-what-if.plugin';
import { BodyWeightWhatIfPlugin } from './body-weight/body-weight-what-if.plugin';
import { T1dWhatIfPlugin } from './t1d/t1d-what-if.plugin';
import { WarfarinWhatIfPlugin } from './warfarin/warfarin-what-if.plugin';
import { WhatIfRegistry } from './what-if-registry';

/** Every what-if plug-in built so far; a new component's plug-in is registered here (the engine does not change). */
export function defaultWhatIfRegistry(): WhatIfRegistry {
  return new WhatIfRegistry().register(new T1dWhatIfPlugin()).register(new BloodPressureWhatIfPlugin()).register(new BodyWeightWhatIfPlugin()).register(new WarfarinWhatIfPlugin());
}
