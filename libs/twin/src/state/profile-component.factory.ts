/**
 * The product's component factory: the person's profile as their twin's log shows it (twin-profile.ts), over what
 * is known of them otherwise (`known`: e.g. conditions from the record; nothing today), chooses components through
 * the registry; one chosen component is the twin's component, several are stacked in a CompositeComponent.
 */
import type { ComponentRegistry } from '../composition/component-registry';
import { CompositeComponent } from '../composition/composite.component';
import type { EnsembleComponent } from '../composition/twin-component';
import { EMPTY_PROFILE, profileFromEvents, profileWithEvent, type TwinProfile } from '../composition/twin-profile';
import type { TwinEvent } from './twin-event';
import type { TwinComponentFactory, TwinLayout } from './twin.service';

export class NoComponentChosenError extends Error {
  readonly code = 'NO_COMPONENT_CHOSEN';
  constructor() {
    super('no registered component is chosen by what is known of the person');
    this.name = 'NoComponentChosenError';
  }
}

export class ProfileComponentFactory implements TwinComponentFactory {
  constructor(
    private readonly registry: ComponentRegistry,
    private readonly known: (patientId: string) => Promise<TwinProfile> = () => Promise.resolve(EMPTY_PROFILE),
  ) {}

  async layout(patientId: string, events: readonly TwinEvent[]): Promise<TwinLayout> {
    return this.layoutOf(profileFromEvents(events, await this.known(patientId)));
  }

  extend(layout: TwinLayout, event: TwinEvent): TwinLayout {
    const profile = profileWithEvent(layout.profile, event);
    return profile === layout.profile ? layout : this.layoutOf(profile);
  }

  async create(patientId: string, layout: TwinLayout): Promise<EnsembleComponent> {
    const chosen = this.registry.choose(layout.profile);
    if (chosen.length === 0) throw new NoComponentChosenError();
    const children: EnsembleComponent[] = [];
    for (const c of chosen) children.push(await c.descriptor.create(patientId, layout.profile));
    return children.length === 1 ? children[0] : new CompositeComponent(children);
  }

  startsTwin(event: TwinEvent): boolean {
    return this.registry.startsTwin(event);
  }

  private layoutOf(profile: TwinProfile): TwinLayout {
    const chosen = this.registry.choose(profile);
    return { key: chosen.map((c) => c.descriptor.id).join('+'), profile, chosen: chosen.map((c) => ({ id: c.descriptor.id, reason: c.reason })) };
  }
}
