/**
 * The registry of twin components: each descriptor says which profile calls for its component and why, how to
 * create it, and which events may start a twin for it. A new component registers a descriptor; the engine, the
 * service and the composite never name a component.
 *
 * Rules a descriptor keeps (the registry's spec checks them for the registered ones):
 * - its choice is monotone in the profile: more known of a person never unchooses it (a twin's layout only grows,
 *   so a rebuild is needed only when a component joins);
 * - an event that starts a twin chooses it: `chooses(profileWithEvent(EMPTY_PROFILE, e))` when `startsTwin(e)`.
 * One exception to a growing layout, by declaration: a descriptor that `yieldsTo` another is dropped when that one is
 * chosen (the CGM glucose model of a person without insulin yields to the T1D model once insulin or the diagnosis is
 * known); the layout's key changes and the service rebuilds the twin from its log, as when a component joins.
 */
import type { TwinEvent } from '../state/twin-event';
import type { TwinProfile } from './twin-profile';
import type { EnsembleComponent } from './twin-component';

export interface ComponentDescriptor {
  /** Stable id of the choice (not the component's model version), e.g. "uva-padova-s2008". */
  readonly id: string;
  /** Why the profile calls for the component, or undefined when it does not. */
  chooses(profile: TwinProfile): string | undefined;
  /** Whether this event may start a person's twin (the first data the component follows). */
  startsTwin(event: TwinEvent): boolean;
  create(patientId: string, profile: TwinProfile): Promise<EnsembleComponent> | EnsembleComponent;
  /** Ids of descriptors that replace this one when they are chosen (they explain the same readings better). */
  readonly yieldsTo?: readonly string[];
}

export interface ChosenComponent {
  readonly descriptor: ComponentDescriptor;
  readonly reason: string;
}

export class ComponentRegistry {
  private readonly list: ComponentDescriptor[] = [];

  /** Registers a descriptor; children of a composite come in registration order (the layout is a set, not a history). */
  register(descriptor: ComponentDescriptor): this {
    if (this.list.some((d) => d.id === descriptor.id)) throw new RangeError(`descriptor ${descriptor.id} is registered already`);
    this.list.push(descriptor);
    return this;
  }

  get descriptors(): readonly ComponentDescriptor[] {
    return this.list;
  }

  choose(profile: TwinProfile): ChosenComponent[] {
    const chosen = this.list.flatMap((descriptor) => {
      const reason = descriptor.chooses(profile);
      return reason === undefined ? [] : [{ descriptor, reason }];
    });
    return chosen.filter((c) => !(c.descriptor.yieldsTo ?? []).some((id) => chosen.some((other) => other.descriptor.id === id)));
  }

  startsTwin(event: TwinEvent): boolean {
    return this.list.some((d) => d.startsTwin(event));
  }
}
