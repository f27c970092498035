import type { TwinEvent } from '../state/twin-event';
import type { ComponentDescriptor } from './component-registry';
import { GlucoseDampedTrendComponent } from './glucose-damped-trend.component';
import { chosenBy } from './knowledge-choice';
import { ObservationCodes } from './observation-codes';
import { T1dGlucoseComponent } from './t1d-glucose.component';

/**
 * The CGM glucose component of a person who does not inject insulin (glucose-damped-trend.component.ts): chosen as the
 * knowledge base says (a CGM stream alone), started by a CGM reading, and replaced by the T1D component (it yields to
 * it) once the person's type 1 diabetes or insulin doses are known.
 */
export function glucoseDampedTrendDescriptor(): ComponentDescriptor {
  return {
    id: GlucoseDampedTrendComponent.modelId,
    chooses: chosenBy(GlucoseDampedTrendComponent.modelId),
    startsTwin: (event: TwinEvent) => event.kind === 'observation' && event.loinc === ObservationCodes.cgmGlucose.loinc,
    create: () => new GlucoseDampedTrendComponent(),
    yieldsTo: [T1dGlucoseComponent.modelId],
  };
}
