/**
 * The parts of a twin a what-if plug-in simulates. A whole-person twin is one CompositeComponent whose children's
 * member vectors are stacked end to end (child k owns entries [offset_k, offset_k + size_k)); a plug-in is written for
 * one child (T1D glucose, body weight, blood pressure, warfarin) and must not know of composites. So the engine offers
 * each plug-in every leaf component with its offset, and gives the one it takes a twin of that leaf alone: the same
 * log, time and patient, each member cut to the leaf's slice (copies: a plug-in never writes into the twin).
 */
import { CompositeComponent, type EnsembleComponent } from '@shuji/twin';
import type { WhatIfPlugin, WhatIfTwin } from '../what-if-plugin';

/** A leaf component of a twin and where its entries start in every member. */
export interface TwinPart {
  readonly component: EnsembleComponent;
  readonly offset: number;
}

/** The leaves of `component` in member order (a composite's children, nested composites flattened); itself when not a composite. */
export function twinParts(component: EnsembleComponent, offset = 0): TwinPart[] {
  if (!(component instanceof CompositeComponent)) return [{ component, offset }];
  const parts: TwinPart[] = [];
  let at = offset;
  for (const child of component.children) {
    parts.push(...twinParts(child, at));
    at += child.size;
  }
  return parts;
}

/** The twin as one part sees it: the part's component and each member's slice [offset, offset + size). */
export function partTwin(twin: WhatIfTwin, part: TwinPart): WhatIfTwin {
  if (part.component === twin.component) return twin;
  const { offset } = part;
  const end = offset + part.component.size;
  return {
    patientId: twin.patientId,
    component: part.component,
    ensemble: twin.ensemble.map((m) => m.slice(offset, end)),
    events: twin.events,
    currentTimeMs: twin.currentTimeMs,
  };
}

/** Each plug-in of `plugins` that applies to a part of the twin, with that part's twin (the first part it applies to). */
export function pluginParts(twin: WhatIfTwin, plugins: readonly WhatIfPlugin[]): { readonly plugin: WhatIfPlugin; readonly part: TwinPart; readonly twin: WhatIfTwin }[] {
  const parts = twinParts(twin.component);
  return plugins.flatMap((plugin) => {
    const part = parts.find((p) => plugin.appliesTo(p.component));
    return part === undefined ? [] : [{ plugin, part, twin: partTwin(twin, part) }];
  });
}
