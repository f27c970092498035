import type { LambdaDefinition, MathNode } from '../math/math-ast';

/**
 * An SBML Level 3 core model as read, with user functions inlined and local parameters bound. Field names
 * follow the SBML L3V2 core specification (Hucka et al., J Integr Bioinform 2019;16(2):20190021), §4.
 */
export interface SbmlCompartment {
  readonly id: string;
  readonly size?: number;
  readonly spatialDimensions?: number;
  readonly constant: boolean;
}

export interface SbmlSpecies {
  readonly id: string;
  readonly compartment: string;
  readonly initialAmount?: number;
  readonly initialConcentration?: number;
  readonly hasOnlySubstanceUnits: boolean;
  readonly boundaryCondition: boolean;
  readonly constant: boolean;
  /** Id of a parameter scaling this species' reaction changes (§4.6.7); the model's default applies when absent. */
  readonly conversionFactor?: string;
  /**
   * Ids removed by comp flattening that still name a value: alias → `to` / Π `divisors` (a replaced element
   * read through its replacement and the conversion factors between them).
   */
  readonly aliases?: ReadonlyMap<string, { readonly to: string; readonly divisors: readonly string[] }>;
}

export interface SbmlParameter {
  readonly id: string;
  readonly value?: number;
  readonly constant: boolean;
}

export interface SbmlSpeciesReference {
  /** When set, the stoichiometry is a symbol other math may read or assign (§4.11.3). */
  readonly id?: string;
  readonly species: string;
  readonly stoichiometry?: number;
  readonly constant: boolean;
}

export interface SbmlReaction {
  readonly id: string;
  readonly reactants: readonly SbmlSpeciesReference[];
  readonly products: readonly SbmlSpeciesReference[];
  readonly modifiers: readonly string[];
  /** Kinetic law with local parameters substituted by their values; absent means no change (§4.11.5). */
  readonly rate?: MathNode;
  /** L3V1 `fast="true"`: in rapid equilibrium relative to the other reactions (L3V1 §4.11.3; gone in L3V2). */
  readonly fast?: boolean;
}

export type SbmlRule =
  | { readonly kind: 'assignment'; readonly variable: string; readonly math: MathNode }
  | { readonly kind: 'rate'; readonly variable: string; readonly math: MathNode }
  | { readonly kind: 'algebraic'; readonly math: MathNode };

export interface SbmlEventAssignment {
  readonly variable: string;
  readonly math: MathNode;
}

export interface SbmlEvent {
  readonly id?: string;
  readonly trigger: MathNode;
  readonly initialValue: boolean;
  readonly persistent: boolean;
  readonly delay?: MathNode;
  readonly priority?: MathNode;
  readonly useValuesFromTriggerTime: boolean;
  readonly assignments: readonly SbmlEventAssignment[];
}

export interface SbmlModel {
  readonly id?: string;
  readonly name?: string;
  readonly level: number;
  readonly version: number;
  readonly functionDefinitions: ReadonlyMap<string, LambdaDefinition>;
  readonly compartments: readonly SbmlCompartment[];
  readonly species: readonly SbmlSpecies[];
  readonly parameters: readonly SbmlParameter[];
  readonly reactions: readonly SbmlReaction[];
  readonly initialAssignments: readonly { readonly symbol: string; readonly math: MathNode }[];
  readonly rules: readonly SbmlRule[];
  readonly events: readonly SbmlEvent[];
  readonly conversionFactor?: string;
  /**
   * Ids removed by comp flattening that still name a value: alias → `to` / Π `divisors` (a replaced element
   * read through its replacement and the conversion factors between them).
   */
  readonly aliases?: ReadonlyMap<string, { readonly to: string; readonly divisors: readonly string[] }>;
}
