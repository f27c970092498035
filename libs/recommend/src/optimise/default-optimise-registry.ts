import { OptimiseRegistry } from './optimise-registry';
import { T1dSettingsOptimiserPlugin } from './t1d/t1d-settings-optimiser.plugin';

/** Every optimiser plug-in built so far; a new component's is registered here (the engine does not change). */
export function defaultOptimiseRegistry(): OptimiseRegistry {
  return new OptimiseRegistry().register(new T1dSettingsOptimiserPlugin());
}
