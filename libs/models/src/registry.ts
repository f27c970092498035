/**
 * The model registry: every model the CLI, the cohort runner and the services can run by id.
 * To add a model: export a `ModelRegistration` from its folder and add it to REGISTRATIONS below (library models
 * through `LIBRARY_REGISTRATIONS` in `library/index.ts`).
 */
import { compileModel, type CompiledSpecModel } from './spec/compile';
import { LIBRARY_REGISTRATIONS } from './library';
import type { ModelRegistration } from './simulate/model-registration';
import { uvaPadovaS2008Registration } from './uva-padova/uva-padova-registration';

const REGISTRATIONS: readonly ModelRegistration[] = [uvaPadovaS2008Registration, ...LIBRARY_REGISTRATIONS];

export class UnknownModelError extends Error {
  constructor(id: string) {
    super(`unknown model "${id}" (known: ${listModelIds().join(', ')})`);
    this.name = 'UnknownModelError';
  }
}

export function listModelIds(): string[] {
  return REGISTRATIONS.map((r) => r.spec.id);
}

export function getModelRegistration(id: string): ModelRegistration {
  const registration = REGISTRATIONS.find((r) => r.spec.id === id);
  if (registration === undefined) throw new UnknownModelError(id);
  return registration;
}

const compiled = new Map<string, CompiledSpecModel>();

/** The compiled model of a registered id, compiled once per process. */
export function getCompiledModel(id: string): CompiledSpecModel {
  let model = compiled.get(id);
  if (model === undefined) {
    model = compileModel(getModelRegistration(id).spec);
    compiled.set(id, model);
  }
  return model;
}
